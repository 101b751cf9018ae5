"""Words spelt out letter by letter ("s t u p i d  c o w", "M.C.E.P.") or with a 1 for an l, as words.

A run of four or more single letters or digits, each one space (or a full stop) apart, is one
spaced-out word (or several, where a wider gap parts them). :func:`spaced_view` gives a
:class:`Text` whose ``folded`` and ``lower`` views have those runs closed up ("stupid cow"), with
an offset table into the original, so that a detector run over it reports spans of what was
written. Word detectors run over it as well as over the text itself, when the text has such a
run at all (few posts do). :func:`ones_as_l` reads a 1 inside a word as an "l" ("Mi11brook"),
where ``lower`` reads it as "i". Both are found for a whole batch at once and remembered for it,
so the detectors that ask in turn share the work.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence

from auditor import MASK, Detection
from rules.detectors.text import Text

__all__ = ["mask_spelt", "merge_spaced", "ones_as_l", "ones_as_l_views", "spaced_view", "spaced_views"]

# Four or more single characters, each one to two spaces (or a tab) apart, with no letter or digit
# touching the run: "p a s s", "1 2 3 9"; "I got a 5 in Y6" has no such run. A gap of two or more
# spaces inside a run parts two words.
_RUN = re.compile(r"(?<![^\W_])[^\W_](?:(?: {1,3}|\t|\.)[^\W_]){3,}(?![^\W_])")
_GAP = re.compile(r"[ \t]+|\.")
# A word as :func:`mask_spelt` sees it: its first letter, then either single letters each after
# one space or full stop (spelt out; a wider gap starts the next word) or the rest of the word.
_SPELT_WORD = re.compile(r"(?<![^\W_])([^\W_])((?:[ .][^\W_](?![^\W_]))+|[^\W_]*)")
_ALNUM = re.compile(r"[^\W_]")
# One skeleton of a batch's folded views: letters as "a", "1" as "1", other digits as "0", a space
# or a full stop as a space, a NUL (which parts the texts) as "|", anything else (each byte of a
# character past ASCII too) as ".". Three single letters in a row show as " a a a " ("f a t  p i g"
# too), a 1 after a letter as "a1": both found with a bytes.find at C speed over the whole batch
# before any pattern is run (few posts have either).
_SKELETON = bytes(124 if b == 0 else 46 if b > 127 else 97 if chr(b).isalpha() else 49 if b == 49
                  else 48 if chr(b).isdigit() else 32 if b in (32, 46) else 46 for b in range(256))
# The pattern engine finds " a a a " twice as fast as bytes.find, which stalls on every "a "; "a1"
# is rare enough for bytes.find.
_SPACED_NEEDLE = re.compile(rb" a a a ")
_ONES_NEEDLE = b"a1"


def _find(skeleton: bytes, needle: re.Pattern[bytes] | bytes, start: int) -> int:
    """Where ``needle`` is next in ``skeleton`` from ``start``, or -1."""
    if isinstance(needle, bytes):
        return skeleton.find(needle, start)
    hit = needle.search(skeleton, start)
    return hit.start() if hit is not None else -1


class _Batch:
    """The spaced and 1-for-l views of the last batch asked about: which texts were looked at, and
    the views of the few that have one (detectors ask in turn about the same batch, or part of it)."""

    def __init__(self) -> None:
        self._texts: list[Text] = []  # held, so that no id is reused while it is looked up
        self._checked: set[int] = set()
        self._spaced: dict[int, Text] = {}
        self._ones: dict[int, Text] = {}

    def view(self, text: Text, ones: bool) -> Text | None:
        """One text's view (of the last batch asked about, if it is in it)."""
        key = id(text)
        if key not in self._checked:
            self._compute([text])
        return (self._ones if ones else self._spaced).get(key)

    def views(self, texts: Sequence[Text], ones: bool) -> list[Text | None]:
        """Each text's view, None where it has none."""
        if not self._checked.issuperset(map(id, texts)):
            self._compute(texts)
        views = self._ones if ones else self._spaced
        if not views:  # almost every batch
            return [None] * len(texts)
        return [views.get(id(text)) for text in texts]

    def _compute(self, texts: Sequence[Text]) -> None:
        # The texts are parted by a NUL between spaces: a hit's text is the number of "|" before it
        # (counted only for the few hits). UTF-8, not ASCII with replacements: far quicker, and
        # the byte offsets are never used.
        joined = " \0 ".join([text.folded for text in texts])
        skeleton = f" {joined} ".encode("utf-8", "surrogatepass").translate(_SKELETON)
        self._spaced = self._views(texts, skeleton, _SPACED_NEEDLE, _closed_up)
        self._ones = self._views(texts, skeleton, _ONES_NEEDLE, _ones_read_as_l)
        self._texts = list(texts)
        self._checked = set(map(id, self._texts))

    @staticmethod
    def _views(texts: Sequence[Text], skeleton: bytes, needle: re.Pattern[bytes] | bytes,
               make: Callable[[Text], Text | None]) -> dict[int, Text]:
        found: dict[int, Text] = {}
        at, counted, index = _find(skeleton, needle, 0), 0, 0
        while at >= 0:
            index += skeleton.count(b"|", counted, at)
            counted = at
            view = make(texts[index])
            if view is not None:
                found[id(texts[index])] = view
            after = skeleton.find(b"|", at)  # on to the next text
            at = _find(skeleton, needle, after) if after >= 0 else -1
        return found


def spaced_view(text: Text) -> Text | None:
    """``text`` with each spaced-out word closed up, offsets kept; None if it spells none out."""
    return _BATCH.view(text, ones=False)


def spaced_views(texts: Sequence[Text]) -> list[Text | None]:
    """:func:`spaced_view` of each text, found for the whole batch at once."""
    return _BATCH.views(texts, ones=False)


def ones_as_l(text: Text) -> Text | None:
    """``text`` with each 1 inside a word read as "l" in ``lower`` ("mi11brook" -> "millbrook", where
    ``lower`` has "miiibrook"); None if there is none. "1st", "11am" and "Year 1" are left alone."""
    return _BATCH.view(text, ones=True)


def ones_as_l_views(texts: Sequence[Text]) -> list[Text | None]:
    """:func:`ones_as_l` of each text, found for the whole batch at once."""
    return _BATCH.views(texts, ones=True)


def merge_spaced(found: list[Detection], extra: list[Detection], text: Text | None = None) -> list[Detection]:
    """``found`` with each detection of ``extra`` (from a :func:`spaced_view`) that overlaps none
    of ``found`` of its kind, in order of position; given the ``text``, each added one is masked
    again with :func:`mask_spelt` (a mask made for words shows every letter spelt out)."""
    added = [d for d in extra
             if not any(d.kind == f.kind and d.start < f.end and f.start < d.end for f in found)]
    if text is not None:
        added = [dataclasses.replace(d, redacted=mask_spelt(text.original[d.start:d.end])) for d in added]
    if not added:
        return found
    return sorted([*found, *added], key=lambda d: (d.start, d.end, d.kind))


def mask_spelt(written: str) -> str:
    """``written`` with every letter and digit masked but the first of each word ("G r a c e  K i n g"
    -> "G • • • •  K • • •"); words are parted by a wider gap, or are ordinary words."""
    return _SPELT_WORD.sub(lambda m: m.group(1) + _ALNUM.sub(MASK, m.group(2)), written)


def _closed_up(text: Text) -> Text | None:
    low = text.lower
    runs = list(_RUN.finditer(low))
    if not runs:
        return None
    folded, old = text.folded, text.offsets
    keep: list[int] = []  # indices of ``folded``/``lower`` kept in the new views
    pos = 0
    for run in runs:
        keep.extend(range(pos, run.start()))
        segment = run.start()
        for gap in _GAP.finditer(low, run.start(), run.end()):
            keep.extend(range(segment, gap.start()))
            if gap.end() - gap.start() >= 2:  # a wider gap parts two words: keep one space of it
                keep.append(gap.start())
            segment = gap.end()
        keep.extend(range(segment, run.end()))
        pos = run.end()
    keep.extend(range(pos, len(low)))
    new_folded = "".join([folded[i] for i in keep])
    new_lower = "".join([low[i] for i in keep])
    offsets = tuple(keep) if old is None else tuple(old[i] for i in keep)
    return Text(text.original, new_folded, new_lower, offsets)


def _ones_read_as_l(text: Text) -> Text | None:
    folded, low = text.folded, text.lower
    at = folded.find("1")
    if at < 0:
        return None
    chars: list[str] | None = None
    while at != -1:  # str.find: C speed, and few posts have a 1 at all
        after_letter = at > 0 and (folded[at - 1].isalpha() or (chars is not None and chars[at - 1] == "l"))
        if after_letter and low[at] == "i":
            if chars is None:
                chars = list(low)
            chars[at] = "l"
        at = folded.find("1", at + 1)
    if chars is None:
        return None
    return Text(text.original, folded, "".join(chars), text.offsets)


_BATCH = _Batch()
