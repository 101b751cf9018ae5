"""Text normalisation, so that obfuscation does not hide a breach, with offsets into the original.

A :class:`Text` holds three views of one string:

- ``original``: as written; every detection's offsets point here.
- ``folded``: compatibility forms unfolded (NFKC: fullwidth, ligatures, maths letters), accents
  and zero-width characters dropped, look-alike Cyrillic and Greek letters turned into Latin
  ones. Case is kept. Digit detectors (phones, postcodes, dates) read this view.
- ``lower``: ``folded`` in lower case with leetspeak folded (``k1ll`` -> ``kill``, ``b@stard``
  -> ``bastard``), where a digit or symbol touches a letter. Word detectors read this view.

``folded`` and ``lower`` have the same length, so one offset table maps both back.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Text", "normalise"]

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad"
                        "\u034f\u180e")

# Letters that look like Latin ones (Unicode's confusables, the common subset used to dodge
# filters): Cyrillic and Greek, upper and lower case.
_HOMOGLYPHS = {
    **dict(zip("аеорсухіјѕԁɡһԛԝвкмнт", "aeopcyxijsdghqwbkmht", strict=True)),
    **dict(zip("АЕОРСУХІЈЅВКМНТ", "AEOPCYXIJSBKMHT", strict=True)),
    **dict(zip("αεικνορτυχ", "aeikvoptux", strict=True)),
    **dict(zip("ΑΒΕΗΙΚΜΝΟΡΤΥΧΖ", "ABEHIKMNOPTYXZ", strict=True)),
    "ı": "i", "ł": "l", "ø": "o", "Ø": "O", "đ": "d", "ħ": "h", "ß": "s",
}

_LEET = str.maketrans("013457@$", "oieastas")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_DIGIT = ord("1")
_LEET_BYTES = frozenset(b"12")
_SKELETON = bytes(ord("a") if 97 <= b <= 122 else ord("1") if chr(b) in "013457" else
                  ord("2") if chr(b) in "@$" else 32 for b in range(256))


@dataclass(slots=True, eq=False)  # not frozen: a frozen dataclass costs 3x as much to build
class Text:
    """One text in its original, folded and lower-case views (see the module docstring)."""

    original: str
    folded: str
    lower: str
    #: ``offsets[i]`` is the index in ``original`` of ``folded[i]``; ``None`` when they align.
    offsets: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``original`` that the span ``[start, end)`` of ``folded`` came from."""
        if self.offsets is None or start >= end:
            return start, end
        offsets = self.offsets
        first = offsets[start] if start < len(offsets) else len(self.original)
        last = offsets[end - 1] + 1 if end - 1 < len(offsets) else len(self.original)
        # A folded character may stand for several original ones (a letter and its accents).
        while last < len(self.original) and _dropped(self.original[last]):
            last += 1
        return first, last


def _dropped(ch: str) -> bool:
    return ch in _ZERO_WIDTH or unicodedata.combining(ch) != 0


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _ZERO_WIDTH:
        return ""
    if ch in _HOMOGLYPHS:
        return _HOMOGLYPHS[ch]
    out = []
    for c in unicodedata.normalize("NFKD", ch):
        if unicodedata.combining(c):
            continue
        out.append(_HOMOGLYPHS.get(c, c))
    return "".join(out)


def _lower(folded: str) -> str:
    low = folded.lower()
    if len(low) != len(folded):  # a few letters lower-case to two characters; keep those as they are
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)
    return _fold_leet(low)


def _fold_leet(low: str) -> str:
    """Fold a run of leet characters that follows a letter ("k1ll", "b@stard", "a$$"), or a run of
    digits that a letter follows ("1d10t"); "Year 6", "3-1" and an "@handle" stay as they are."""
    # A byte skeleton of the text, one byte per character (letters "a", leet digits "1", "@" and
    # "$" "2", anything else a space), is searched with bytes.find instead of a regex over the
    # text: most texts have no run at all, and those that do have one or two.
    skeleton = low.encode("ascii", "replace").translate(_SKELETON)
    runs: dict[int, int] = {}
    for touch, after in ((b"a1", True), (b"a2", True), (b"1a", False)):
        i = skeleton.find(touch)
        while i >= 0:
            if after:  # the run starts after the letter and goes on over leet characters
                start = end = i + 1
                while end < len(skeleton) and skeleton[end] in _LEET_BYTES:
                    end += 1
            else:  # the run of digits ends before the letter
                start, end = i, i + 1
                while start > 0 and skeleton[start - 1] == _DIGIT:
                    start -= 1
            runs[start] = max(end, runs.get(start, end))
            i = skeleton.find(touch, end)
    if not runs:
        return low
    pieces: list[str] = []
    pos = 0
    for start in sorted(runs):
        if start < pos:
            continue
        pieces.append(low[pos:start])
        pieces.append(low[start:runs[start]].translate(_LEET))
        pos = runs[start]
    pieces.append(low[pos:])
    return "".join(pieces)


def normalise(text: str) -> Text:
    """Fold ``text`` into the views detectors read (see the module docstring)."""
    if text.isascii():
        return Text(text, text, _lower(text))
    folds = {ch: _fold_char(ch) for ch in set(_NON_ASCII.findall(text))}
    changed = {ord(ch): f for ch, f in folds.items() if f != ch}
    if not changed:  # "£", curly quotes, emoji: nothing to fold
        return Text(text, text, _lower(text))
    if all(len(f) == 1 for f in changed.values()):
        # Each character folds to one ("é" -> "e", Cyrillic "а" -> "a"): the views stay aligned
        # with the original, so a C-speed translation does and no offset table is needed.
        folded = text.translate(changed)
        return Text(text, folded, _lower(folded))
    pieces: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            pieces.append(ch)
            offsets.append(i)
            continue
        folded = folds[ch]
        if folded:
            pieces.append(folded)
            offsets.extend([i] * len(folded))
    result = "".join(pieces)
    return Text(text, result, _lower(result), tuple(offsets))
