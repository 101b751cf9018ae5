"""How well the content detectors do on the labelled corpus: precision and recall for each kind.

Reads ``tests/rules/corpus/`` (``items.jsonl``, ``roster.csv``, ``profile.yaml``), runs
``rules.scanner.ContentScanner`` over every item as written by its author, and scores each kind:
a label is found when a detection of the same kind overlaps it (recall); a detection is correct
when it overlaps a label of the same kind (precision); every other detection is a false positive.

Run: ``python benchmarks/detector_quality.py [--misses] [--kind KIND] [--check]``. ``--check``
exits 1 when a quality target is missed. The scoring lives in functions the tests import.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, cast

import yaml

from auditor import AUTHOR_KINDS, AuthorKind, Detection, Pupil, ScanProfile

__all__ = [
    "CORPUS",
    "KINDS",
    "PERSONAL_DATA",
    "TARGETS",
    "CorpusError",
    "Item",
    "KindScore",
    "Label",
    "Miss",
    "QualityReport",
    "Target",
    "TextScanner",
    "build_scanner",
    "failed_targets",
    "format_misses",
    "format_table",
    "load_items",
    "load_profile",
    "load_roster",
    "main",
    "overlaps",
    "run",
    "score",
]

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "rules" / "corpus"

#: Every kind the corpus labels, in the order the table shows them.
KINDS: tuple[str, ...] = (
    "phone", "email", "postcode", "address", "date_of_birth", "pupil_name", "school_name", "uniform",
    "credential", "abuse", "profanity", "contact_risk", "link",
)
#: The kinds scored together as "personal data".
PERSONAL_DATA: tuple[str, ...] = ("phone", "email", "postcode", "address")

_PROFILE_KEYS = frozenset({"school_names", "allow_domains", "flag_first_names"})
_YES = frozenset({"yes", "true", "1", "y"})


class CorpusError(ValueError):
    """The corpus, roster or profile is malformed; the message names the file and the item."""


@dataclass(frozen=True)
class Label:
    """One labelled span of an item: what kind it is and where it is in the item's text."""

    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Item:
    """One post, comment or reply of the corpus with its author and labels."""

    id: str
    text: str
    author: AuthorKind
    labels: tuple[Label, ...]
    note: str = ""


@dataclass
class KindScore:
    """Counts for one kind (or several pooled); ``found`` labels and ``correct`` detections."""

    kind: str
    labels: int = 0
    detections: int = 0
    found: int = 0
    correct: int = 0

    @classmethod
    def pooled(cls, name: str, scores: Iterable[KindScore]) -> KindScore:
        """The counts of ``scores`` added together, under ``name``."""
        total = cls(name)
        for one in scores:
            total.labels += one.labels
            total.detections += one.detections
            total.found += one.found
            total.correct += one.correct
        return total

    @property
    def false_positives(self) -> int:
        """Detections that overlap no label of their kind."""
        return self.detections - self.correct

    @property
    def missed(self) -> int:
        """Labels no detection of their kind overlaps."""
        return self.labels - self.found

    @property
    def precision(self) -> float:
        """Correct detections over all detections (1.0 when there are none)."""
        return self.correct / self.detections if self.detections else 1.0

    @property
    def recall(self) -> float:
        """Found labels over all labels (1.0 when there are none)."""
        return self.found / self.labels if self.labels else 1.0


@dataclass(frozen=True)
class Miss:
    """A label no detection found, or a detection no label explains."""

    item_id: str
    kind: str
    start: int
    end: int
    what: Literal["missed", "false positive"]


@dataclass
class QualityReport:
    """Scores for each kind and every miss, from one run over the corpus."""

    scores: dict[str, KindScore]
    misses: list[Miss] = field(default_factory=list)
    seconds: float = 0.0

    def pooled(self, kinds: Iterable[str], name: str = "") -> KindScore:
        """The scores of ``kinds`` added together."""
        kinds = tuple(kinds)
        return KindScore.pooled(name or "+".join(kinds),
                                (self.scores.get(kind, KindScore(kind)) for kind in kinds))


@dataclass(frozen=True)
class Target:
    """A quality bar: ``metric`` of the pooled ``kinds`` must reach ``minimum``."""

    name: str
    kinds: tuple[str, ...]
    metric: Literal["precision", "recall"]
    minimum: float

    def value(self, report: QualityReport) -> float:
        """This target's metric on ``report``."""
        pooled = report.pooled(self.kinds, self.name)
        return pooled.precision if self.metric == "precision" else pooled.recall


TARGETS: tuple[Target, ...] = (
    Target("personal data", PERSONAL_DATA, "recall", 0.98),
    Target("personal data", PERSONAL_DATA, "precision", 0.95),
    Target("pupil_name", ("pupil_name",), "recall", 0.95),
    Target("credential", ("credential",), "recall", 0.90),
    Target("abuse", ("abuse",), "recall", 0.85),
    Target("abuse", ("abuse",), "precision", 0.90),
)


class TextScanner(Protocol):
    """The part of :class:`auditor.Scanner` the benchmark drives."""

    def scan_texts(self, texts: Iterable[tuple[str, AuthorKind]]) -> Sequence[list[Detection]]:
        """Detections for each (text, author)."""
        ...


def _locate(text: str, wanted: str, occurrence: int) -> int:
    """Where the ``occurrence``-th copy of ``wanted`` starts in ``text`` (-1 when there is none)."""
    at = -1
    for _ in range(occurrence):
        at = text.find(wanted, at + 1)
        if at < 0:
            return -1
    return at


def _item(raw: Any, where: str) -> Item:
    if not isinstance(raw, dict):
        raise CorpusError(f"{where}: an item must be a JSON object")
    unknown = set(raw) - {"id", "text", "author", "labels", "note"}
    if unknown:
        raise CorpusError(f"{where}: unknown keys {sorted(unknown)}")
    item_id, text, author = raw.get("id"), raw.get("text"), raw.get("author")
    if not isinstance(item_id, str) or not isinstance(text, str) or not text:
        raise CorpusError(f"{where}: 'id' and 'text' must be non-empty strings")
    if author not in AUTHOR_KINDS:
        raise CorpusError(f"{where} ({item_id}): author {author!r} is not one of {AUTHOR_KINDS}")
    labels = []
    for lab in raw.get("labels", []):
        kind, wanted, occurrence = lab.get("kind"), lab.get("text"), lab.get("occurrence", 1)
        if kind not in KINDS:
            raise CorpusError(f"{where} ({item_id}): unknown kind {kind!r}")
        if not isinstance(wanted, str) or not wanted or not isinstance(occurrence, int) or occurrence < 1:
            raise CorpusError(f"{where} ({item_id}): a label needs a non-empty 'text' and 'occurrence' >= 1")
        start = _locate(text, wanted, occurrence)
        if start < 0:
            raise CorpusError(f"{where} ({item_id}): label {wanted!r} (occurrence {occurrence}) "
                              "is not in the text")
        labels.append(Label(kind, start, start + len(wanted), wanted))
    return Item(item_id, text, cast(AuthorKind, author), tuple(labels), raw.get("note", ""))


def load_items(path: Path = CORPUS / "items.jsonl") -> list[Item]:
    """Every item of the corpus, with its labels located in its text."""
    items: list[Item] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{where}: {exc}") from exc
            item = _item(raw, where)
            if item.id in seen:
                raise CorpusError(f"{where}: duplicate id {item.id!r}")
            seen.add(item.id)
            items.append(item)
    return items


def load_roster(path: Path = CORPUS / "roster.csv") -> tuple[Pupil, ...]:
    """The fictional pupils named in the corpus."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != ["first_name", "last_name", "photo_consent"]:
            raise CorpusError(f"{path.name}: header must be first_name,last_name,photo_consent")
        return tuple(Pupil(row["first_name"].strip(), row["last_name"].strip(),
                           row["photo_consent"].strip().lower() in _YES) for row in reader)


def load_profile(directory: Path = CORPUS) -> ScanProfile:
    """The fictional school's scan profile: ``profile.yaml`` and the pupils of ``roster.csv``."""
    path = directory / "profile.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise CorpusError(f"{path.name}: must be a mapping")
    unknown = set(data) - _PROFILE_KEYS
    if unknown:
        raise CorpusError(f"{path.name}: unknown keys {sorted(unknown)}")
    return ScanProfile(
        pupils=load_roster(directory / "roster.csv"),
        school_names=tuple(data.get("school_names", ())),
        allow_domains=tuple(data.get("allow_domains", ())),
        flag_first_names=bool(data.get("flag_first_names", False)),
    )


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Whether two half-open spans share at least one character (touching is not overlapping)."""
    return a_start < b_end and b_start < a_end


def score(items: Sequence[Item], detections: Sequence[Sequence[Detection]]) -> QualityReport:
    """Score ``detections`` (one list for each item, in order) against the items' labels."""
    if len(items) != len(detections):
        raise ValueError(f"{len(detections)} detection lists for {len(items)} items")
    scores = {kind: KindScore(kind) for kind in KINDS}
    misses: list[Miss] = []
    for item, found in zip(items, detections, strict=True):
        for label in item.labels:
            one = scores[label.kind]
            one.labels += 1
            if any(d.kind == label.kind and overlaps(d.start, d.end, label.start, label.end) for d in found):
                one.found += 1
            else:
                misses.append(Miss(item.id, label.kind, label.start, label.end, "missed"))
        for d in found:
            one = scores.setdefault(d.kind, KindScore(d.kind))
            one.detections += 1
            same = [lab for lab in item.labels if lab.kind == d.kind]
            if any(overlaps(d.start, d.end, lab.start, lab.end) for lab in same):
                one.correct += 1
            else:
                misses.append(Miss(item.id, d.kind, d.start, d.end, "false positive"))
    return QualityReport(scores, misses)


def run(scanner: TextScanner, items: Sequence[Item]) -> QualityReport:
    """Scan every item as its author wrote it, in one batch, and score the result."""
    began = time.perf_counter()
    detections = scanner.scan_texts([(item.text, item.author) for item in items])
    seconds = time.perf_counter() - began
    report = score(items, detections)
    report.seconds = seconds
    return report


def build_scanner(profile: ScanProfile) -> TextScanner:
    """The built-in content scanner for ``profile`` (imported here so scoring works without it)."""
    from rules.scanner import ContentScanner

    return ContentScanner(profile)


def failed_targets(report: QualityReport,
                   targets: Iterable[Target] = TARGETS) -> list[tuple[Target, float]]:
    """Each target ``report`` misses, with the value it reached."""
    return [(t, v) for t in targets if (v := t.value(report)) < t.minimum]


def format_table(report: QualityReport, items: int = 0) -> str:
    """The per-kind table, the pooled personal data line and the targets."""
    head = f"{'kind':<16}{'labels':>7}{'detect':>7}{'TP':>6}{'FP':>6}{'FN':>6}{'prec':>8}{'recall':>8}"
    rows = [head, "-" * len(head)]

    def row(one: KindScore) -> str:
        return (f"{one.kind:<16}{one.labels:>7}{one.detections:>7}{one.found:>6}{one.false_positives:>6}"
                f"{one.missed:>6}{one.precision:>8.3f}{one.recall:>8.3f}")

    extra = sorted(k for k in report.scores if k not in KINDS)
    rows += [row(report.scores[k]) for k in (*KINDS, *extra)]
    rows += ["-" * len(head), row(report.pooled(PERSONAL_DATA, "personal data"))]
    rows.append("")
    for target in TARGETS:
        value = target.value(report)
        verdict = "ok" if value >= target.minimum else "MISSED"
        rows.append(f"target {target.name} {target.metric} >= {target.minimum:.2f}: {value:.3f} {verdict}")
    if items and report.seconds:
        rows.append(f"\n{items} items scanned in {report.seconds * 1000:.1f} ms "
                    f"({report.seconds / items * 1e6:.1f} µs per item, including the first batch's warm-up)")
    return "\n".join(rows)


def _visible(text: str) -> str:
    # Zero-width and other format characters are the point of some items: show them.
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) == "Cf" else c for c in text)


def format_misses(report: QualityReport, items: Sequence[Item], kind: str | None = None,
                  context: int = 30) -> str:
    """One line for each miss and false positive: item id, kind, and the span in its context."""
    by_id = {item.id: item for item in items}
    lines = []
    for miss in sorted(report.misses, key=lambda m: (m.kind, m.what, m.item_id, m.start)):
        if kind and miss.kind != kind:
            continue
        text = by_id[miss.item_id].text
        before = text[max(0, miss.start - context):miss.start]
        after = text[miss.end:miss.end + context]
        excerpt = _visible(f"{before}[[{text[miss.start:miss.end]}]]{after}").replace("\n", " ")
        lines.append(f"{miss.item_id}  {miss.kind:<14} {miss.what:<15} "
                     f"({by_id[miss.item_id].author}) ...{excerpt}...")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Score the built-in scanner on the corpus and print the table (and the misses)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus directory")
    parser.add_argument("--misses", action="store_true", help="list every miss and false positive")
    parser.add_argument("--kind", choices=KINDS, help="list misses of this kind only")
    parser.add_argument("--check", action="store_true", help="exit 1 when a quality target is missed")
    args = parser.parse_args(argv)

    items = load_items(args.corpus / "items.jsonl")
    scanner = build_scanner(load_profile(args.corpus))
    report = run(scanner, items)
    print(format_table(report, len(items)))
    if args.misses or args.kind:
        print()
        print(format_misses(report, items, args.kind) or "no misses")
    if args.check and (failed := failed_targets(report)):
        for target, value in failed:
            print(f"missed: {target.name} {target.metric} {value:.3f} < {target.minimum:.2f}",
                  file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
