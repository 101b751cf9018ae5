"""The school's name: in a pupil's writing it tells a stranger where to find them (uniform: uniform.py).

Which forms of a school's name match (:class:`SchoolNameDetector`):

- each name the profile lists, in any case, with any spacing or none ("millbrookprimary",
  "#MillbrookPrimary", "millbrook_primary") and with the apostrophe optional ("St Marys"); a
  stray space inside a distinctive word of six letters or more is closed up when a type word is
  in the text ("Mill brook Primary");
- the same name with its type words swapped: a listed "Millbrook CE Primary School" also
  matches "Millbrook CE Primary", "Millbrook CE School", "Millbrook CE Academy", and without its
  denomination ("Millbrook Primary", "Millbrook School");
- never the distinctive word alone ("Millbrook"), which is as often a town, a street or a
  team, unless the profile lists it;
- a lightly misspelt type word after the distinctive words ("Millbrook Primry", "Millbrook
  Acadamy"): one letter dropped, added or swapped with its neighbour, or one vowel for another,
  in type words of five letters or more; "Millbrook Primark" (a consonant changed) and "Millbrook
  Schools" (a plural) are other words; or one such slip in the longest distinctive word before
  type words spelt right ("Milbrook Primary"), never both;
- a denomination's initials with full stops ("Millbrook C.E. Primary");
- an abbreviation (a listed single word in capitals, or of four letters or fewer) only as a whole
  word: in any case when it has four letters or more and cannot be read as an English word
  ("MCEP", "mcep", "#Mcep"); otherwise ("KES", "KEGS", "Oaks") only in the case listed, since
  "kes" and "kegs" are words, so "MCEPS" or "kegs" do not match. Inside a handle an underscore
  or a number parts words ("@mcep_official", "#mcep2026").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz.distance import OSA

from auditor import Detection, ScanProfile, mask_words
from rules.detectors import TextDetector
from rules.detectors.names import word_view
from rules.detectors.spacing import merge_spaced, ones_as_l, ones_as_l_views, spaced_view, spaced_views
from rules.detectors.text import Text, normalise

__all__ = ["SchoolNameDetector", "reads_as_word", "school_name_variants"]

# Words that end a school's name and say what kind of school it is; "school" and "academy" are
# interchangeable, the others ("primary", "high") describe the school and are kept.
_ENDINGS = frozenset({"school", "academy", "primary", "secondary", "high", "junior", "juniors", "infant",
                      "infants", "nursery", "college", "grammar"})
_KIND_FREE = ("school", "academy")
# Denominations and governance that people drop when they name the school in passing.
_DENOMINATIONS = ("church of england", "c of e", "cofe", "ce", "c e", "rc", "r c", "roman catholic",
                  "catholic", "methodist", "community", "voluntary aided", "va", "vc", "free")
# Denominations written as initials, which may be dotted: "Millbrook C.E. Primary", "St Mary's R.C.".
_INITIALS = frozenset({"ce", "rc", "va", "vc"})
_ABBREVIATION_MAX = 4
# A misspelt name ("Milbrook Primary") is looked for this far before a type word; it ends in a separator.
_SLIP_REACH = 48
_SEPARATORS = frozenset(" \t_&'\u2019-")
_BEFORE_END = r"(?=(?:[^\S\n]|[_&'\u2019\-])+\Z)"
# Between the words of a school's name: any spacing or punctuation, or nothing ("#MillbrookPrimary").
_SEP = r"(?:[^\S\n]|[_.&'\u2019\-])*"
# The next whole word after a school's distinctive words, across spacing or a separator; not a
# full stop, which ends a sentence ("Millbrook. See you") or starts a domain ("millbrook.sch.uk").
_NEXT_WORD = re.compile(r"(?:[^\S\n]|[_&'\u2019\-])+([a-z]+)(?![a-z0-9])")

_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_VOWELS = frozenset("aeiouy")

# English spelling's syllable shapes, to tell an abbreviation that reads as a word ("KEGS",
# "ACES") from one that cannot ("MCEP", "NLCS"): an optional onset, vowel groups joined by at
# most three consonants, and an optional coda with a plural "s".
_C = "[bcdfghjklmnpqrstvwxz]"
_ONSETS = ("sch", "scr", "shr", "spl", "spr", "squ", "str", "thr", "bl", "br", "ch", "cl", "cr", "dr", "dw",
           "fl", "fr", "gl", "gn", "gr", "kl", "kn", "ph", "pl", "pr", "qu", "sc", "sh", "sk", "sl", "sm",
           "sn", "sp", "st", "sw", "th", "tr", "tw", "wh", "wr")
_CODAS = ("nch", "rch", "tch", "ch", "ck", "ct", "ft", "ld", "lf", "lk", "ll", "lm", "lp", "lt", "mb", "mp",
          "nd", "ng", "nk", "nt", "ph", "pt", "rb", "rd", "rf", "rg", "rk", "rl", "rm", "rn", "rp", "rt",
          "sh", "sk", "sp", "ss", "st", "th")
_WORDLIKE = re.compile(
    "(?:" + "|".join(_ONSETS) + "|[bcdfghjklmnprstvwxyz])?"  # a lone "q" starts no English word
    "[aeiouy]+(?:" + _C + "{1,3}[aeiouy]+)*"
    "(?:(?:" + "|".join(_CODAS) + "|" + _C + ")s?)?")

_SCHOOL = "the school's name"


def reads_as_word(word: str) -> bool:
    """True when the lower-case ``word`` is spelt like an English word, so could be one ("kegs")."""
    return _WORDLIKE.fullmatch(word) is not None


def _strip_denominations(words: list[str]) -> list[str]:
    """``words`` without denominations at their end ("millbrook ce" -> "millbrook"), never empty."""
    changed = True
    while changed:
        changed = False
        for phrase in _DENOMINATIONS:
            tail = phrase.split()
            if len(words) > len(tail) and words[-len(tail):] == tail:
                words = words[:-len(tail)]
                changed = True
    return words


def school_name_variants(name: str) -> set[str]:
    """The lower-case word forms of one listed school name that count as naming the school."""
    words = word_view(normalise(name).lower).split()
    if not words:
        return set()
    variants = {" ".join(words)}
    cut = len(words)
    while cut > 0 and words[cut - 1] in _ENDINGS:
        cut -= 1
    if cut == 0 or cut == len(words):
        return variants  # no distinctive words, or no type words to swap
    kind = " ".join(w for w in words[cut:] if w not in _KIND_FREE)
    suffixes = {*_KIND_FREE, kind, f"{kind} school", f"{kind} academy"} if kind else \
        {*_KIND_FREE, "primary", "primary school"}
    for stem in (words[:cut], _strip_denominations(words[:cut])):
        variants.update(f"{' '.join(stem)} {suffix}" for suffix in suffixes)
    return variants


def _split_type_words(variant: str) -> tuple[str, tuple[str, ...]]:
    """A name form's distinctive words and the type words after them ("millbrook", ("primary",))."""
    words = variant.split()
    cut = next((i for i, w in enumerate(words) if i and w in _ENDINGS), len(words))
    return " ".join(words[:cut]), tuple(words[cut:])


def _word_pattern(word: str) -> str:
    """A name word as a pattern; a denomination's initials may have full stops ("C.E.", "R. C.")."""
    if word in _INITIALS:
        return r"\.?[^\S\n]?".join(re.escape(c) for c in word)
    return re.escape(word)


def _typo(word: str, right: str) -> bool:
    """True when ``word`` is ``right`` (five letters or more) with one slip of the keyboard or ear.

    A letter dropped, added or swapped with its neighbour ("primry", "primarry", "pirmary"), or a
    vowel written for another ("primery"); not a consonant changed ("primark": another word) nor
    a plural ("schools"), and never the first letter.
    """
    if word == right or len(right) < 5 or word[0] != right[0] or abs(len(word) - len(right)) > 1:
        return False
    if word in (right + "s", right + "es") or right in (word + "s", word + "es"):
        return False
    if OSA.distance(word, right, score_cutoff=1) > 1:
        return False
    if len(word) != len(right):
        return True
    diff = [i for i, (a, b) in enumerate(zip(word, right, strict=True)) if a != b]
    return len(diff) == 2 or (word[diff[0]] in _VOWELS and right[diff[0]] in _VOWELS)


class SchoolNameDetector(TextDetector):
    """The school's names from the profile (see the module docstring for which forms)."""

    kinds = frozenset({"school_name"})

    def __init__(self, profile: ScanProfile) -> None:
        super().__init__(profile)
        variants: set[str] = set()
        exact_case: set[str] = set()
        any_case: set[str] = set()
        for listed in profile.school_names:
            name = listed.strip()
            if not (name.isalpha() and name.isascii() and (len(name) <= _ABBREVIATION_MAX or name.isupper())):
                variants |= school_name_variants(name)
            elif len(name) >= _ABBREVIATION_MAX and name.isupper() and not reads_as_word(name.lower()):
                any_case.add(name.lower())
            else:
                exact_case.add(name)
        # The longest distinctive word of each form: a form, misspelt or not, cannot be in a text
        # without it, and plain substring tests are far cheaper than the pattern. The pattern is
        # then tried only where a form's first word starts a word.
        self._anchors = tuple({max(_split_type_words(v)[0].split(), key=len) for v in variants})
        self._first_words = tuple({v.split()[0] for v in variants})
        alternatives = sorted(variants, key=len, reverse=True)
        self._names = re.compile(
            "(?:" + "|".join(_SEP.join(_word_pattern(w) for w in v.split()) for v in alternatives)
            + r")(?![a-z0-9])") if variants else None
        # Misspelt type words: each form's distinctive words, and the type words that may follow.
        tails: dict[str, set[tuple[str, ...]]] = {}
        for variant in variants:
            stem, tail = _split_type_words(variant)
            if tail:
                tails.setdefault(stem, set()).add(tail)
        # One group per distinctive phrase, longest first: the group that matched says which.
        stems = sorted(tails, key=len, reverse=True)
        self._tails: list[dict[str, list[tuple[str, ...]]]] = []
        for stem in stems:
            by_letter: dict[str, list[tuple[str, ...]]] = {}
            for tail in sorted(tails[stem], key=len, reverse=True):
                by_letter.setdefault(tail[0][0], []).append(tail)
            self._tails.append(by_letter)
        self._stems = re.compile(
            "(?:" + "|".join("(" + _SEP.join(_word_pattern(w) for w in stem.split()) + ")"
                             for stem in stems) + r")(?![a-z0-9])") if stems else None
        # A misspelt distinctive word before a type word spelt right ("Milbrook Primary"): each
        # stem's longest word of six letters or more, its first letter kept, the rest any letters.
        self._slips: list[tuple[re.Pattern[str], str, int]] = []
        for index, stem in enumerate(stems):
            words = stem.split()
            longest = max(words, key=len)
            if len(longest) < 6:
                continue
            at = words.index(longest)
            parts = [_word_pattern(w) for w in words]
            parts[at] = f"({re.escape(longest[0])}[a-z]{{{len(longest) - 2},{len(longest)}}})"
            # Searched for only in the few characters before a type word, so it ends just before one.
            pattern = re.compile(r"(?<![a-z0-9])" + _SEP.join(parts) + _BEFORE_END)
            self._slips.append((pattern, longest, index))
        self._slip_words = tuple({tail[0] for by_letter in self._tails for tails in by_letter.values()
                                  for tail in tails})
        # A quick test over the whole text first: a word with a stem's first letter and about its
        # length, then perhaps a short word ("CE"), then a type word. It starts with a literal
        # letter, which the regex engine scans for quickly.
        shapes = {(right[0], len(right)) for _, right, _ in self._slips}
        self._slip_gate = re.compile(
            "(?:" + "|".join(f"{re.escape(c)}(?<![a-z0-9]{re.escape(c)})[a-z]{{{n - 2},{n}}}"
                             for c, n in shapes)
            + r")(?:[^\S\n]|[_.&'\u2019\-])+(?:[a-z.]{1,4}(?:[^\S\n]|[_.&'\u2019\-])+)?(?:"
            + "|".join(self._slip_words) + r")(?![a-z])") if self._slips else None
        self._exact_words = tuple(exact_case)
        self._exact = self._abbreviation_pattern(exact_case)
        self._any_case_words = tuple(any_case)
        #: The words a mention of the school can end with, in lower case ("primary", "mcep", and
        #: "millbrookprimary" for a hashtag): a cheap test of what precedes a word.
        self.last_words = frozenset({v.split()[-1] for v in variants} | {v.replace(" ", "") for v in variants}
                                    | {w.lower() for w in exact_case} | any_case)
        self._any_case = self._abbreviation_pattern(any_case)
        # Each form's longest distinctive word of six letters or more, and a pattern for it split
        # once by a space, two letters or more on each side ("mill brook").
        # Split anywhere, it leaves its first half or its second whole: a quick test ("mill", "brook").
        self._split_anchors = tuple(
            (anchor, anchor[:len(anchor) // 2], anchor[len(anchor) // 2:],
             re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(anchor[:k]) + " " + re.escape(anchor[k:])
                                                   for k in range(2, len(anchor) - 1)) + r")(?![a-z])"))
            for anchor in self._anchors if len(anchor) >= 6)

    @staticmethod
    def _abbreviation_pattern(words: set[str]) -> re.Pattern[str] | None:
        """A whole-word pattern for abbreviations, a leading ``#`` or ``@`` included. Inside a
        handle an underscore or a number parts words as a space would ("@mcep_official",
        "#mcep2025"), so only a letter, a digit before it, ``#`` or ``@`` joins it to a longer word."""
        if not words:
            return None
        return re.compile(r"(?<![^\W_])(?<![#@])[#@]?(?:" + "|".join(re.escape(a) for a in sorted(words))
                          + r")(?![^\W\d_])")

    def _name_spans(self, pattern: re.Pattern[str], low: str) -> list[tuple[int, int]]:
        """Spans of the school's name forms in ``low``, misspelt ones too, each widened to a
        leading ``#`` or ``@``."""
        spans = []
        for word in self._first_words:
            at = low.find(word)
            while at != -1:
                if at and low[at - 1] in _WORD_CHARS:
                    at = low.find(word, at + 1)
                    continue
                match = pattern.match(low, at)
                end = match.end() if match is not None else self._misspelt(low, at)
                if end is None:
                    at = low.find(word, at + 1)
                    continue
                start = at - 1 if at and low[at - 1] in "#@" else at
                spans.append((start, end))
                at = low.find(word, end)
        return spans

    def _misspelt(self, low: str, at: int) -> int | None:
        """Where a name form with misspelt type words that starts at ``low[at]`` ends, if there is one."""
        match = self._stems.match(low, at) if self._stems is not None else None
        if match is None:
            return None
        word = _NEXT_WORD.match(low, match.end())
        if word is None:
            return None
        # Most words after the distinctive ones are the next sentence ("Millbrook. See you"):
        # only type words of that first letter can be misspelt as it.
        tails = self._tails[(match.lastindex or 1) - 1].get(word.group(1)[0])
        if tails is None:
            return None
        words = [word.group(1)]
        ends = [word.end()]
        while len(words) < len(tails[0]) and (word := _NEXT_WORD.match(low, ends[-1])) is not None:
            words.append(word.group(1))
            ends.append(word.end())
        for tail in tails:  # longest first
            if len(tail) <= len(words) and all(w == t or _typo(w, t)
                                               for w, t in zip(words, tail, strict=False)):
                return ends[len(tail) - 1]
        return None

    def _slipped(self, low: str) -> list[tuple[int, int]]:
        """Spans of name forms whose distinctive word is misspelt and whose type words are right."""
        matches = []
        for type_word in self._slip_words:  # str.find, then a pattern over the words just before
            at = low.find(type_word)
            while at != -1:
                if at and low[at - 1] in _SEPARATORS:
                    for pattern, right, index in self._slips:
                        match = pattern.search(low, max(0, at - _SLIP_REACH), at)
                        if match is not None and _typo(match.group(1), right):
                            matches.append((match, index))
                at = low.find(type_word, at + 1)
        spans = []
        for match, index in matches:
            word = _NEXT_WORD.match(low, match.end())
            if word is None:
                continue
            tails = self._tails[index].get(word.group(1)[0], [])
            words = [word.group(1)]
            ends = [word.end()]
            while len(words) < max((len(t) for t in tails), default=0) \
                    and (word := _NEXT_WORD.match(low, ends[-1])) is not None:
                words.append(word.group(1))
                ends.append(word.end())
            end = next((ends[len(t) - 1] for t in tails if tuple(words[:len(t)]) == t), None)
            if end is not None:
                spans.append((match.start(), end))
        return sorted(set(spans))

    def spans(self, text: Text) -> list[tuple[int, int]]:
        """Where the school is named in ``text``, as sorted, separate spans of ``text.lower``."""
        spans: list[tuple[int, int]] = []
        low = text.lower
        if self._names is not None:
            for anchor in self._anchors:  # a loop, not any(): most texts have none, and this is faster
                if anchor in low:
                    spans = self._name_spans(self._names, low)
                    break
            if not spans and self._slip_gate is not None:
                for word in self._slip_words:  # a type word, so perhaps a misspelt name before it
                    if word in low:
                        if self._slip_gate.search(low):
                            spans = self._slipped(low)
                        if not spans:  # or one a stray space splits
                            spans = self._split(low)
                        break
        if self._exact is not None:
            folded = text.folded
            for word in self._exact_words:
                if word in folded:
                    spans.extend(m.span() for m in self._exact.finditer(folded))
                    break
        if self._any_case is not None:
            for word in self._any_case_words:
                if word in low:
                    spans.extend(m.span() for m in self._any_case.finditer(low))
                    break
        if len(spans) < 2:
            return spans
        kept = []
        reach = -1
        for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
            if start < reach:
                continue  # inside a longer form already found
            reach = end
            kept.append((start, end))
        return kept

    def find_many(self, texts: Sequence[Text]) -> list[list[Detection]]:
        """:meth:`find` for each text; spelt-out and 1-for-l forms are looked for batch-wide at once."""
        spaced_views(texts)
        ones_as_l_views(texts)
        return [self.find(text) for text in texts]

    def find(self, text: Text) -> list[Detection]:
        """Every mention of the school's name in ``text``, with offsets into the original; spelt out
        with full stops or spaces ("M.C.E.P.") or with a 1 for an l ("Mi11brook Primary") too."""
        found = self._find(text)
        spaced = spaced_view(text)
        if spaced is not None:
            found = merge_spaced(found, self._find(spaced), text)
        ones = ones_as_l(text)
        if ones is not None:
            found = merge_spaced(found, self._find(ones))
        return found

    def _split(self, low: str) -> list[tuple[int, int]]:
        """Spans of name forms whose distinctive word a stray space splits ("Mill brook CE Primary"
        reads "Millbrook CE Primary"): the space is closed up and the forms read again.

        Only a word of six letters or more, whole on both sides, and only one space: a word
        spelt out letter by letter is :func:`spaced_view`'s, and a short one splits into words."""
        joined = None
        gaps: list[int] = []
        for anchor, head, tail, pattern in self._split_anchors:
            if anchor in low or (head not in low and tail not in low):
                continue  # written whole (the ordinary patterns read it), or not at all
            if joined is None:
                joined = low.replace(" ", "")  # one C-speed pass; most texts hold no anchor even so
            if anchor in joined:
                gaps.extend(m.start() + m.group().index(" ") for m in pattern.finditer(low))
        if not gaps or self._names is None:
            return []
        drop = set(gaps)
        keep = [i for i in range(len(low)) if i not in drop]
        return [(keep[start], keep[end - 1] + 1)
                for start, end in self._name_spans(self._names, "".join([low[i] for i in keep]))]

    def _find(self, text: Text) -> list[Detection]:
        found = []
        low = text.lower
        for start, end in self.spans(text):
            head = low[max(low.rfind(" ", 0, start), low.rfind("\n", 0, start)) + 1:start]
            if "/" in head and "." in head:
                continue  # in a link's path ("example.com/file/mcep-world"): the link detector's
            o_start, o_end = text.span(start, end)
            found.append(Detection("school_name", o_start, o_end,
                                   mask_words(text.original[o_start:o_end]), _SCHOOL))
        return found
