"""Train the semantic abuse classifier's head and measure it honestly, set by set.

The labelled corpus (``tests/rules/corpus/``) and its nine held-out sets give ten sets. The head
learns sentence by sentence, and only from the sentences the scanner would show it: those that
aim at someone (``rules.detectors.semantic.Target``), embedded as ``VIEWS`` says.
A sentence is positive when it overlaps an ``abuse`` label; every other one is negative,
including the non-abuse sentences of an abusive post. Sentences of hard negatives (items with no
label: text a careless detector would flag) weigh ``HARD_WEIGHT`` times as much as the others
(``--hard-weight``). The training-only sets (``benchmarks/abuse_training/``, labelled for abuse
alone) join every fit at ``EXTRA_WEIGHT`` (``--extra-weight``, ``--no-extra``) and are never
left out or scored. The head is a logistic regression over the concatenated embeddings, its
classes balanced.

Leave one set out: for each labelled set, the head is trained on the other nine, and its
regularisation and threshold are chosen on those nine alone, each of them scored by a head
trained on the other eight (see :func:`choose`). The left-out set is then scanned with the patterns
alone and with the patterns plus the semantic layer, exactly as ``rules.scanner.ContentScanner``
does, and scored by ``benchmarks/detector_quality.py``. The shipped head is then trained on all
ten sets, with C and the threshold chosen the same way over all ten, and written with its
record (no date, so a rerun on the same data writes the same file) to
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

from auditor import Detection, Pupil
from rules.detectors.semantic import (
    HEAD_PATH,
    MODEL_PACKAGE,
    AbuseHead,
    SemanticAbuseClassifier,
    embed_views,
    load_encoder,
    sentence_spans,
    views,
)
from rules.scanner import ContentScanner

SETS: tuple[str, ...] = ("corpus", "holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6",
                         "holdout7", "holdout8", "holdout9")
#: Training-only sets (``benchmarks/abuse_training/``): items labelled for abuse alone, written to
#: teach the head, never scored as a left-out set. Every fold trains on them.
TRAINING_ONLY = Path(__file__).resolve().parent / "abuse_training"
THRESHOLDS = tuple(round(0.30 + 0.01 * i, 2) for i in range(70))
C_GRID = (4.0, 16.0, 64.0)
#: How much a sentence of a hard negative weighs against any other sentence. Measured leaving
#: each set out at 1, 2 and 3: extra weight raised the thresholds chosen and cost recall on
#: holdout5 (the classifier alone found 34 of its 60 labels at 1, 28 at 2 and 3) and saved no
#: false positive, so hard negatives count as much as any other sentence; they still teach the
#: head by being a third of the negatives.
HARD_WEIGHT = 1.0
#: What the head reads of each sentence (``rules.detectors.semantic.views``), side by side.
#: Measured leaving each set out (the layer alone, pooled over the seven sets, and on the two
#: newest): the sentence alone found 0.64 of the abuse at precision 0.91 (holdout5 0.53, holdout6
#: 0.72); with the mean of its neighbours' embeddings beside it 0.69 at 0.89 (0.62, 0.74); with
#: the neighbours embedded as one text 0.70 at 0.89 (0.63, 0.71), at three times the model's time.
#: The scanner's lower-case view (leetspeak and homoglyphs folded) instead of the sentence, or
#: beside it, changed nothing. The neighbours are left out all the same: they let a sentence's
#: score bleed into the next one ("No one would care if Amelia Clarke disappeared. See you all on
#: Monday." scored 0.83 and 0.96), so the finding lands on the wrong sentence.
VIEWS: tuple[str, ...] = ("sentence",)
MODEL = f"{MODEL_PACKAGE} (sentence-transformers/all-MiniLM-L6-v2, 384 dimensions, unit length)"


@dataclass
class LabelledSet:
    """One set of items, the patterns' detections of them, and its gated sentences, labelled."""

    name: str
    items: list[dq.Item]
    pupils: tuple[Pupil, ...]
    patterns: list[list[Detection]]
    sentences: list[str]
    #: What the head reads of each sentence: the embedded text of each view, in order.
    views: list[list[tuple[str, ...]]]
    positive: list[bool]
    hard: list[bool]


def _directory(name: str) -> Path:
    return dq.CORPUS if name == "corpus" else dq.CORPUS / name


def load_set(name: str, items_path: Path | None = None) -> LabelledSet:
    """A set scanned by the patterns alone, with every sentence the gate lets through labelled
    (those the patterns flagged too: they teach the head what abuse reads like). ``items_path``
    reads a training-only file instead, under the main corpus's roster and profile."""
    directory = _directory(name) if items_path is None else dq.CORPUS
    items = dq.load_items(directory / "items.jsonl" if items_path is None else items_path)
    profile = dataclasses.replace(dq.load_profile(directory), semantic_classifier=False)
    patterns = [list(found) for found in
                ContentScanner(profile).scan_texts([(item.text, item.author) for item in items])]
    gate = SemanticAbuseClassifier(pupils=profile.pupils)
    sentences: list[str] = []
    viewed: list[list[tuple[str, ...]]] = []
    positive: list[bool] = []
    hard: list[bool] = []
    for item in items:
        abuse = [label for label in item.labels if label.kind == "abuse"]
        spans = sentence_spans(item.text)
        for lo, hi in gate.sentences(item.text):
            sentences.append(item.text[lo:hi])
            viewed.append(views(item.text, (lo, hi), VIEWS, spans))
            positive.append(any(dq.overlaps(lo, hi, label.start, label.end) for label in abuse))
            hard.append(not item.labels)
    return LabelledSet(name, items, profile.pupils, patterns, sentences, viewed, positive, hard)


class CachedEncoder:
    """Every sentence's embedding, computed once: the folds only refit the head."""

    def __init__(self, texts: Sequence[str]) -> None:
        unique = sorted(set(texts))
        began = time.perf_counter()
        vectors = load_encoder(threads=2)(unique)
        print(f"embedded {len(unique)} sentences in {time.perf_counter() - began:.1f} s", file=sys.stderr)
        self.rows = {text: np.asarray(v, dtype=np.float64) for text, v in zip(unique, vectors, strict=True)}

    def __call__(self, texts: list[str]) -> Any:
        return np.stack([self.rows[text] for text in texts])


#: The training-only sets of this run (``--no-extra`` leaves them out), added to every fit, each
#: sentence of theirs weighing ``EXTRA_WEIGHT``. Measured leaving each of the eight labelled sets
#: out, the layer alone, pooled, recall where pooled precision first reaches 0.85 / 0.90: without
#: them 0.75 / 0.68 (C 16); weighing 1, as much as a labelled sentence, 0.75 / 0.57, because they
#: were written to a brief of their own and draw the line a little elsewhere than the labelled
#: sets; weighing 0.03-0.15, 0.78-0.81 / 0.67-0.69 at C 4 and 16, 0.1 the best of those. A head of
#: three small networks (256 hidden units, averaged) instead of the logistic regression did worse:
#: 0.71 / 0.54 without them, 0.69 / 0.60 with them at weight 1.
EXTRA: list[LabelledSet] = []
EXTRA_WEIGHT = 0.1


def fit(encoder: CachedEncoder, sets: Sequence[LabelledSet], c: float) -> AbuseHead:
    """A head trained on the gated sentences of ``sets`` and of the training-only sets (its
    threshold is set later)."""
    extra = {id(s) for s in EXTRA}
    sets = [*sets, *EXTRA]
    x = embed_views(encoder, [row for s in sets for row in s.views])
    y = np.array([p for s in sets for p in s.positive])
    weight = np.array([(HARD_WEIGHT if h else 1.0) * (EXTRA_WEIGHT if id(s) in extra else 1.0)
                       for s in sets for h in s.hard])
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
    model.fit(x, y, sample_weight=weight)
    return AbuseHead(weights=tuple(float(w) for w in model.coef_[0]), bias=float(model.intercept_[0]),
                     threshold=0.5, model=MODEL, meta={}, views=VIEWS)


@dataclass(frozen=True)
class Scored:
    """What the layer would read in one set with one head: (item, start, end, score) of each
    sentence, after the patterns and with no patterns before it, so thresholds cost nothing."""

    labelled: LabelledSet
    after_patterns: list[tuple[int, int, int, float]]
    alone: list[tuple[int, int, int, float]]

    def found(self, threshold: float, *, alone: bool = False) -> list[list[Detection]]:
        """The abuse detections at ``threshold``: the patterns' (unless ``alone``) and the layer's."""
        found: list[list[Detection]] = [[] if alone else [d for d in p if d.kind == "abuse"]
                                        for p in self.labelled.patterns]
        for i, lo, hi, score in self.alone if alone else self.after_patterns:
            if score >= threshold:
                found[i].append(Detection("abuse", lo, hi, "", "semantic classifier", blocks=False))
        return found

    def abuse(self, threshold: float, *, alone: bool = False) -> dq.KindScore:
        """Abuse precision and recall at ``threshold``."""
        return dq.score(self.labelled.items, self.found(threshold, alone=alone)).scores["abuse"]


def score_set(encoder: CachedEncoder, head: AbuseHead, labelled: LabelledSet) -> Scored:
    """Every sentence the layer would read in ``labelled``, scored by ``head``."""
    classifier = SemanticAbuseClassifier(head=head, encoder=encoder, pupils=labelled.pupils)
    texts = [item.text for item in labelled.items]
    runs = []
    nothing: list[list[Detection]] = [[] for _ in texts]
    for patterns in (labelled.patterns, nothing):
        units = [(i, lo, hi) for i, text in enumerate(texts)
                 for lo, hi in classifier.sentences(text, patterns[i])]
        scores = classifier.score_spans([(texts[i], (lo, hi)) for i, lo, hi in units])
        runs.append([(i, lo, hi, s) for (i, lo, hi), s in zip(units, scores, strict=True)])
    return Scored(labelled, runs[0], runs[1])


def _pool(scores: Sequence[dq.KindScore]) -> dq.KindScore:
    return dq.KindScore.pooled("abuse", scores)


@dataclass(frozen=True)
class Choice:
    """The regularisation and threshold chosen on some sets, and what they gave there."""

    c: float
    threshold: float
    #: The semantic layer alone on the training sets (out of fold): labels found, of how many.
    found: int
    labels: int
    precision: float
    #: The patterns with the layer on the training sets (out of fold), pooled.
    combined_precision: float


def choose(encoder: CachedEncoder, sets: Sequence[LabelledSet], precision: float) -> Choice:
    """C and the threshold from ``sets`` alone, each set scored by a head trained on the others.

    The threshold is the lowest at which, pooled over the sets, the patterns with the layer keep
    abuse precision at ``precision`` and the layer by itself (no patterns before it) reaches it
    too. Both: the patterns were tuned on these sets and find nearly all their abuse, so the
    first alone would only count false positives, while the second measures how the layer reads
    abuse, which is what carries to the sentences the patterns miss elsewhere. Pooled, not set by
    set: a set whose patterns sit at the bar already would veto any addition at all. The C that
    finds the most abuse alone at its threshold wins.
    """
    best: Choice | None = None
    for c in C_GRID:
        scored = [score_set(encoder, fit(encoder, [o for o in sets if o is not s], c), s) for s in sets]
        for threshold in THRESHOLDS:
            combined = _pool([s.abuse(threshold) for s in scored])
            alone = _pool([s.abuse(threshold, alone=True) for s in scored])
            if combined.precision >= precision and alone.detections and alone.precision >= precision:
                if best is None or alone.found > best.found:
                    best = Choice(c, threshold, alone.found, alone.labels, round(alone.precision, 3),
                                  round(combined.precision, 3))
                break
    return best or Choice(C_GRID[0], 1.0, 0, 0, 1.0, 1.0)  # never reached the precision: silent


def _pr(score: dq.KindScore) -> dict[str, Any]:
    return {"precision": round(score.precision, 3), "recall": round(score.recall, 3),
            "labels": score.labels, "found": score.found, "detections": score.detections,
            "correct": score.correct}


def cross_validate(encoder: CachedEncoder, sets: Sequence[LabelledSet], precision: float) -> dict[str, Any]:
    """Leave one set out: choose and train on the others, score the one left out as the scanner would."""
    table: dict[str, Any] = {}
    for held in sets:
        training = [s for s in sets if s is not held]
        choice = choose(encoder, training, precision)
        head = dataclasses.replace(fit(encoder, training, choice.c), threshold=choice.threshold)
        classifier = SemanticAbuseClassifier(head=head, encoder=encoder, pupils=held.pupils)
        texts = [item.text for item in held.items]
        extra = classifier.find_many(texts, held.patterns)
        alone = classifier.find_many(texts)
        patterns = dq.score(held.items, held.patterns).scores["abuse"]
        combined = [p + e for p, e in zip(held.patterns, extra, strict=True)]
        both = dq.score(held.items, combined).scores["abuse"]
        table[held.name] = {"c": choice.c, "threshold": choice.threshold,
                            "patterns": _pr(patterns), "patterns_semantic": _pr(both),
                            "semantic_alone": _pr(dq.score(held.items, alone).scores["abuse"]),
                            "added": both.detections - patterns.detections,
                            "added_correct": both.correct - patterns.correct,
                            "sentences_read": sum(len(classifier.sentences(t, p))
                                                  for t, p in zip(texts, held.patterns, strict=True))}
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
    pooled = {key: _pool([dq.KindScore("abuse", labels=r[key]["labels"], detections=r[key]["detections"],
                                       found=r[key]["found"], correct=r[key]["correct"])
                          for r in table.values()])
              for key in ("patterns", "patterns_semantic", "semantic_alone")}
    p, s, a = pooled["patterns"], pooled["patterns_semantic"], pooled["semantic_alone"]
    added, correct = (sum(r[key] for r in table.values()) for key in ("added", "added_correct"))
    rows.append(f"{'pooled':<21}{p.precision:>8.3f}{p.recall:>8.3f}{s.precision:>8.3f}{s.recall:>8.3f}"
                f"{added:>7}{correct:>5}{a.precision:>8.3f}{a.recall:>8.3f}")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Cross-validate, then train the shipped head on all the sets (unless --check-only)."""
    global HARD_WEIGHT, VIEWS, EXTRA, EXTRA_WEIGHT  # noqa: PLW0603 - one run, one design
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--precision", type=float, default=0.90,
                        help="the abuse precision to keep on the training sets")
    parser.add_argument("--check-only", action="store_true", help="cross-validate; write nothing")
    parser.add_argument("--hard-weight", type=float, default=HARD_WEIGHT,
                        help="the weight of a hard negative's sentences")
    parser.add_argument("--views", default=",".join(VIEWS),
                        help="what to embed for a sentence, comma-separated: sentence, neighbours, context")
    parser.add_argument("--extra-weight", type=float, default=EXTRA_WEIGHT,
                        help="the weight of a training-only set's sentence")
    parser.add_argument("--no-extra", action="store_true",
                        help=f"train on the labelled sets alone, without {TRAINING_ONLY.name}/")
    parser.add_argument("--out", type=Path, default=HEAD_PATH)
    args = parser.parse_args(argv)
    HARD_WEIGHT = args.hard_weight
    EXTRA_WEIGHT = args.extra_weight
    VIEWS = tuple(args.views.split(","))

    sets = [load_set(name) for name in SETS]
    EXTRA = [] if args.no_extra else [load_set(f"{TRAINING_ONLY.name}/{path.stem}", path)
                                      for path in sorted(TRAINING_ONLY.glob("*.jsonl"))]
    encoder = CachedEncoder([t for s in [*sets, *EXTRA] for row in s.views for view in row for t in view])
    table = cross_validate(encoder, sets, args.precision)
    print(format_table(table))
    if args.check_only:
        return 0
    choice = choose(encoder, sets, args.precision)
    head = fit(encoder, sets, choice.c)
    record = {
        "model": MODEL,
        "head": ("logistic regression (scikit-learn, class_weight=balanced) on the concatenated "
                 f"embeddings of its views ({', '.join(VIEWS)}) of the sentences that aim at someone; "
                 f"hard-negative sentences weigh {HARD_WEIGHT:g}, those of the training-only sets "
                 f"{EXTRA_WEIGHT:g}"),
        "views": list(VIEWS),
        "c": choice.c,
        "threshold": choice.threshold,
        "threshold_rule": (f"lowest threshold at which, pooled over the training sets, the patterns with "
                           f"the classifier keep abuse precision {args.precision:.2f} and the classifier "
                           "alone reaches it too; each set scored by a head trained on the others"),
        "training_sets": {s.name: {"items": len(s.items),
                                   "abuse_items": sum(any(lab.kind == "abuse" for lab in i.labels)
                                                      for i in s.items),
                                   "sentences": len(s.sentences), "positive_sentences": sum(s.positive),
                                   "hard_negative_sentences": sum(s.hard)}
                          for s in [*sets, *EXTRA]},
        "training_choice": dataclasses.asdict(choice),
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
