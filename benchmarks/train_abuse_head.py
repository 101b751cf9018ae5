"""Train the semantic abuse classifier's head and measure it honestly, set by set.

The labelled corpus (``tests/rules/corpus/``) and its four held-out sets give five sets. Every
scoring unit of an item (each sentence, and a short text of several sentences whole: see
``rules.detectors.semantic.scoring_units``) is embedded once with the model of the ``ml`` extra;
a unit is positive when it overlaps an ``abuse`` label. The head is a logistic regression over
the embeddings.

Leave one set out: for each set, the head is trained on the other four, and its threshold and
regularisation are chosen on those four alone (each of them scored by a head trained on the other
three): the lowest threshold at which the sentences the semantic layer adds are correct at least
``--precision`` of the time. The left-out set is then scanned with the patterns alone and with
the patterns plus the semantic layer, exactly as ``rules.scanner.ContentScanner`` does, and
scored by ``benchmarks/detector_quality.py``. The shipped head is then trained on all five sets,
with the threshold chosen the same way over all five, and written with its record to
``rules/detectors/models/abuse_head.json``.

Run (with the ml extra installed): ``python benchmarks/train_abuse_head.py [--check-only]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import detector_quality as dq
import numpy as np
from sklearn.linear_model import LogisticRegression

from auditor import Detection
from rules.detectors.semantic import (
    HEAD_PATH,
    MODEL_PACKAGE,
    AbuseHead,
    SemanticAbuseClassifier,
    load_encoder,
    scoring_units,
)
from rules.scanner import ContentScanner

SETS: tuple[str, ...] = ("corpus", "holdout", "holdout2", "holdout3", "holdout4")
THRESHOLDS = tuple(round(0.50 + 0.01 * i, 2) for i in range(50))
C_GRID = (4.0, 16.0, 64.0)
MODEL = f"{MODEL_PACKAGE} (sentence-transformers/all-MiniLM-L6-v2, 384 dimensions, unit length)"


@dataclass
class LabelledSet:
    """One set of items, the patterns' detections of them, and its scoring units."""

    name: str
    items: list[dq.Item]
    patterns: list[list[Detection]]
    units: list[str]
    positive: list[bool]


def _directory(name: str) -> Path:
    return dq.CORPUS if name == "corpus" else dq.CORPUS / name


def load_set(name: str) -> LabelledSet:
    """A set scanned by the patterns alone, with its units labelled."""
    directory = _directory(name)
    items = dq.load_items(directory / "items.jsonl")
    profile = dataclasses.replace(dq.load_profile(directory), semantic_classifier=False)
    patterns = [list(found) for found in
                ContentScanner(profile).scan_texts([(item.text, item.author) for item in items])]
    units: list[str] = []
    positive: list[bool] = []
    for item in items:
        abuse = [label for label in item.labels if label.kind == "abuse"]
        for lo, hi in scoring_units(item.text):
            units.append(item.text[lo:hi])
            positive.append(any(dq.overlaps(lo, hi, label.start, label.end) for label in abuse))
    return LabelledSet(name, items, patterns, units, positive)


class CachedEncoder:
    """Every unit's embedding, computed once: the folds only refit the head."""

    def __init__(self, texts: Sequence[str]) -> None:
        unique = sorted(set(texts))
        began = time.perf_counter()
        vectors = load_encoder()(unique)
        print(f"embedded {len(unique)} units in {time.perf_counter() - began:.1f} s", file=sys.stderr)
        self.rows = {text: np.asarray(v, dtype=np.float64) for text, v in zip(unique, vectors, strict=True)}

    def __call__(self, texts: list[str]) -> Any:
        return np.stack([self.rows[text] for text in texts])

    def matrix(self, sets: Sequence[LabelledSet]) -> tuple[Any, Any]:
        """The embeddings and labels of every unit of ``sets``."""
        units = [u for s in sets for u in s.units]
        return self(units), np.array([p for s in sets for p in s.positive])


def fit(encoder: CachedEncoder, sets: Sequence[LabelledSet], c: float) -> AbuseHead:
    """A head trained on ``sets`` (its threshold is set later)."""
    x, y = encoder.matrix(sets)
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000).fit(x, y)
    return AbuseHead(weights=tuple(float(w) for w in model.coef_[0]), bias=float(model.intercept_[0]),
                     threshold=0.5, model=MODEL, meta={})


def added(encoder: CachedEncoder, head: AbuseHead, labelled: LabelledSet, threshold: float, *,
          alone: bool = False) -> list[list[Detection]]:
    """What the semantic layer adds to the patterns' detections of ``labelled`` at ``threshold``
    (or, ``alone``, what it finds with no patterns before it)."""
    classifier = SemanticAbuseClassifier(head=dataclasses.replace(head, threshold=threshold), encoder=encoder)
    return classifier.find_many([item.text for item in labelled.items], () if alone else labelled.patterns)


def added_counts(labelled: LabelledSet, extra: Sequence[Sequence[Detection]]) -> tuple[int, int]:
    """(detections added, of them correct) against the set's abuse labels."""
    total = correct = 0
    for item, found in zip(labelled.items, extra, strict=True):
        for d in found:
            total += 1
            correct += any(lab.kind == "abuse" and dq.overlaps(d.start, d.end, lab.start, lab.end)
                           for lab in item.labels)
    return total, correct


def abuse_score(labelled: LabelledSet, extra: Sequence[Sequence[Detection]] | None = None) -> dq.KindScore:
    """Abuse precision and recall of the patterns (plus ``extra``) on ``labelled``."""
    found = labelled.patterns
    if extra:
        found = [p + list(e) for p, e in zip(labelled.patterns, extra, strict=True)]
    return dq.score(labelled.items, found).scores["abuse"]


@dataclass(frozen=True)
class Choice:
    """The regularisation and threshold chosen on some sets, and what they gave there."""

    c: float
    threshold: float
    #: The semantic layer alone on the training sets (out of fold): labels found, of how many.
    found: int
    labels: int
    precision: float


def choose(encoder: CachedEncoder, sets: Sequence[LabelledSet], precision: float) -> Choice:
    """C and the threshold from ``sets`` alone, each set scored by a head trained on the others.

    The threshold is set on the classifier by itself (no patterns before it): the patterns were
    tuned on every set here and find nearly all of their abuse, so what the layer adds to them
    on these sets is almost all false positives and says nothing about the abuse without trigger
    words it is for. Its own precision is what carries to the sentences the patterns miss. The
    lowest threshold whose detections reach ``precision`` (pooled over the sets) is taken, so
    long as the patterns with the layer keep abuse precision at ``precision`` on every set too,
    with the C that finds the most abuse there.
    """
    best: Choice | None = None
    for c in C_GRID:
        heads = {s.name: fit(encoder, [o for o in sets if o is not s], c) for s in sets}
        for threshold in THRESHOLDS:
            pooled = dq.KindScore("abuse")
            combined_ok = all(
                abuse_score(s, added(encoder, heads[s.name], s, threshold)).precision >= precision
                for s in sets)
            for s in sets:
                alone = added(encoder, heads[s.name], s, threshold, alone=True)
                one = dq.score(s.items, alone).scores["abuse"]
                pooled.labels += one.labels
                pooled.detections += one.detections
                pooled.found += one.found
                pooled.correct += one.correct
            if combined_ok and pooled.detections and pooled.precision >= precision:
                if best is None or pooled.found > best.found:
                    best = Choice(c, threshold, pooled.found, pooled.labels, round(pooled.precision, 3))
                break
    return best or Choice(C_GRID[0], 1.0, 0, 0, 1.0)  # never reached the precision: the layer stays silent


def _pr(score: dq.KindScore) -> dict[str, Any]:
    return {"precision": round(score.precision, 3), "recall": round(score.recall, 3),
            "labels": score.labels, "found": score.found, "detections": score.detections,
            "correct": score.correct}


def cross_validate(encoder: CachedEncoder, sets: Sequence[LabelledSet], precision: float) -> dict[str, Any]:
    """Leave one set out: choose and train on four sets, score the fifth."""
    table: dict[str, Any] = {}
    for held in sets:
        training = [s for s in sets if s is not held]
        choice = choose(encoder, training, precision)
        head = fit(encoder, training, choice.c)
        extra = added(encoder, head, held, choice.threshold)
        n, ok = added_counts(held, extra)
        alone = dq.score(held.items, added(encoder, head, held, choice.threshold, alone=True)).scores["abuse"]
        table[held.name] = {"c": choice.c, "threshold": choice.threshold,
                            "patterns": _pr(abuse_score(held)),
                            "patterns_semantic": _pr(abuse_score(held, extra)),
                            "semantic_alone": _pr(alone),
                            "added": n, "added_correct": ok}
        print(f"{held.name}: {table[held.name]}", file=sys.stderr)
    return table


def format_table(table: dict[str, Any]) -> str:
    """The leave-one-set-out table."""
    head = (f"{'left out':<10}{'C':>5}{'thr':>6}{'pat P':>8}{'pat R':>8}{'+sem P':>8}{'+sem R':>8}"
            f"{'added':>7}{'ok':>5}{'sem P':>8}{'sem R':>8}")
    rows = [head, "-" * len(head)]
    for name, row in table.items():
        p, s, a = row["patterns"], row["patterns_semantic"], row["semantic_alone"]
        rows.append(f"{name:<10}{row['c']:>5g}{row['threshold']:>6.2f}{p['precision']:>8.3f}{p['recall']:>8.3f}"
                    f"{s['precision']:>8.3f}{s['recall']:>8.3f}{row['added']:>7}{row['added_correct']:>5}"
                    f"{a['precision']:>8.3f}{a['recall']:>8.3f}")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Cross-validate, then train the shipped head on all five sets (unless --check-only)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--precision", type=float, default=0.90,
                        help="the precision the added detections must reach on the training sets")
    parser.add_argument("--check-only", action="store_true", help="cross-validate; write nothing")
    parser.add_argument("--out", type=Path, default=HEAD_PATH)
    args = parser.parse_args(argv)

    sets = [load_set(name) for name in SETS]
    encoder = CachedEncoder([u for s in sets for u in s.units])
    table = cross_validate(encoder, sets, args.precision)
    print(format_table(table))
    if args.check_only:
        return 0
    choice = choose(encoder, sets, args.precision)
    head = fit(encoder, sets, choice.c)
    record = {
        "model": MODEL,
        "head": "logistic regression (scikit-learn, class_weight=balanced) on the unit embeddings",
        "c": choice.c,
        "threshold": choice.threshold,
        "threshold_rule": (f"lowest threshold at which the classifier alone reaches abuse precision "
                           f"{args.precision:.2f}, pooled over the training sets, and the patterns with it "
                           "keep that precision on each training set; each set scored by a head trained "
                           "on the others"),
        "training_sets": {s.name: {"items": len(s.items),
                                   "abuse_items": sum(any(lab.kind == "abuse" for lab in i.labels)
                                                      for i in s.items),
                                   "units": len(s.units), "positive_units": sum(s.positive)}
                          for s in sets},
        "training_choice": {"found": choice.found, "labels": choice.labels, "precision": choice.precision},
        "leave_one_set_out": table,
        "trained_with": "benchmarks/train_abuse_head.py",
        "bias": head.bias,
        "weights": [round(w, 6) for w in head.weights],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out.name}: C {choice.c:g}, threshold {choice.threshold:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
