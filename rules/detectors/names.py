"""Pupils' names from the roster: full names in any case, possessives, hashtags and handles, misspelt too.

Every name token of the roster is an exact key of one Aho-Corasick automaton, run over
:func:`word_view` (the ``lower`` view with every non-letter made a space), so a key only ever
matches a whole word: "Jo Li" never matches "Jolie". A full name is a first-name hit followed
by one of that pupil's last-name hits, across spaces or a handle separator (``_ . -``); a
pupil's name written as one word ("#OliviaBennett", "@oliviabennett") is a key of its own.
A number glued to a handle or hashtag ("@harry_thompson09", "#oliviabennett15") is not read as
leetspeak (in a text with "@", "#" or "_": without one, a name glued to digits is rare).
Misspellings ("Olivia Benett", "Olivai Bennett") are looked for only next to an exact hit and
only for names of five letters or more: one edit (two from nine letters) when both words are
capitalised, and in lower case only a doubled letter or a swapped pair ("olivia benett"), so
that "olivia turned 7" does not name Olivia Turner. "Mrs Green" is never a misspelt pupil. Both
words may be misspelt ("Oliva Benett") when both are capitalised, neither is an everyday word,
and the first is the first name with a letter dropped, doubled or swapped: those slips are keys
of the automaton too, so they cost no second scan.

A first name in its short or full form (``name_forms.txt``: "Benjamin Carter" names roster Ben
Carter) and a surname's "-ski" written "-sky" count as the name. "Will" opening a question ("Will
King Charles come?") is a verb, not the pupil Will King.

A first name alone is reported only when the profile asks for it (``flag_first_names``).
Names that are everyday words ("Will", "Grace", "Smith", see ``name_words.txt``) need capitals:
alone, a capital and no sentence start; as a full name of two such words, both capitalised, or
disguised with leetspeak ("m4x w00ds"), which is writing them as a name as surely. A surname takes
a possessive "s" without its apostrophe ("Mia Khans mum").
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick
from rapidfuzz.distance import OSA

from auditor import Detection, Pupil, ScanProfile, mask_words
from rules.detectors import TextDetector
from rules.detectors.spacing import mask_spelt, merge_spaced, spaced_view, spaced_views
from rules.detectors.text import Text, normalise

__all__ = ["PupilNameDetector", "load_words", "word_view"]

_LETTERS_ONLY = bytes(c if 97 <= c <= 122 else 32 for c in range(256))
# A handle or hashtag after its "@", "#" or "_".
_HANDLE = re.compile(r"[A-Za-z0-9_.]+")
# A number glued after a letter whose first digit leetspeak folds to a letter ("o", "i", "e", "a", "s", "t").
_GLUED_NUMBER = re.compile(r"[A-Za-z][013457]")

# Between a first and a last name: a run of spaces, or one handle separator ("olivia_bennett").
_GAP = re.compile(r"[^\S\n]+|[_.\-]")
# "Bennett, Olivia": the register's order.
_COMMA = re.compile(r",[^\S\n]*")
# Words before a surname that make it a grown-up's: "Mrs Green", "Mr Young".
_TITLES = frozenset({"mr", "mrs", "miss", "ms", "mx", "dr", "sir", "dame", "lady", "lord", "prof", "rev",
                     "father", "sister", "brother", "coach", "madam", "master", "captain", "cllr"})
_POSSESSIVE = ("'s", "\u2019s")
_DOUBLE = re.compile(r"(.)\1+")

_FULL = "a pupil's full name"
_FIRST = "a pupil's first name"


@lru_cache(maxsize=2048)  # more than a batch (1,000 texts), so the second reader of a batch finds it
def word_view(lower: str) -> str:
    """``lower`` with every character but ``a``-``z`` made a space, padded with one space each side.

    The view has the same offsets as ``lower`` plus one, so a key ``" word "`` matches whole
    words only. It is cached because several detectors read the same text.
    """
    # encode(..., "replace") turns each non-ASCII character into one "?", so lengths stay equal.
    return " " + lower.encode("ascii", "replace").translate(_LETTERS_ONLY).decode("ascii") + " "


def load_words(name: str) -> list[str]:
    """The lines of a word list next to this module, without comments and blank lines."""
    text = Path(__file__).with_name(name).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def _key(name: str) -> str:
    """A name as the automaton sees it: folded, lower case, words separated by one space."""
    return " ".join(word_view(normalise(name).lower).split())


def _max_edits(length: int) -> int:
    """Edits a misspelling may have: none for short names, which would fuzz into common words."""
    if length <= 4:
        return 0
    return 1 if length <= 8 else 2


@dataclass(eq=False, slots=True)
class _Token:
    """One name token of the roster and every role it plays."""

    key: str
    common: bool
    #: As a first name: the last-name token of each such pupil -> those pupils' indices.
    first_of: dict[_Token, list[int]] = field(default_factory=dict)
    #: As a last name: the first-name token of each such pupil -> those pupils' indices.
    last_of: dict[_Token, list[int]] = field(default_factory=dict)
    #: As a whole name written as one word ("oliviabennett"): those pupils' indices.
    joined: list[int] = field(default_factory=list)
    #: The partners a misspelling is checked against: single words of five letters or more, by
    #: their first letter (a misspelling keeps it), so a word next to a name is checked only
    #: against the few partners it could be.
    near_last: dict[str, list[tuple[str, list[int]]]] = field(default_factory=dict)
    near_first: dict[str, list[tuple[str, list[int]]]] = field(default_factory=dict)
    #: As a slip of a first name ("oliva"): the surname of each such pupil -> those pupils' indices.
    slip_of: dict[str, list[int]] = field(default_factory=dict)


#: A name token found in ``lower``: start, end, token.
_Hit = tuple[int, int, _Token]
#: A name found: start, end, the pupils it may be, reason.
_Found = tuple[int, int, list[int], str]


class PupilNameDetector(TextDetector):
    """Pupils' full names from the roster (and first names alone when the profile asks)."""

    kinds = frozenset({"pupil_name"})

    def __init__(self, profile: ScanProfile) -> None:
        super().__init__(profile)
        self._pupils = profile.pupils
        self._flag_first = profile.flag_first_names
        common = frozenset(word for line in load_words("name_words.txt") for word in line.split())
        tokens: dict[str, _Token] = {}

        def token(key: str) -> _Token:
            if key not in tokens:
                tokens[key] = _Token(key, key in common)
            return tokens[key]

        names: list[tuple[int, str, str]] = []
        for index, pupil in enumerate(profile.pupils):
            first, last = _key(pupil.first_name), _key(pupil.last_name)
            if not first or not last:
                continue  # a name with no Latin letters cannot be matched in this view
            names.append((index, first, last))
            first_token, last_token = token(first), token(last)
            first_token.first_of.setdefault(last_token, []).append(index)
            last_token.last_of.setdefault(first_token, []).append(index)
        # A name written as one word, unless that word is itself a name or an everyday word
        # ("Ann Abel" written "annabel" is more likely Annabel).
        for index, first, last in names:
            joined = (first + last).replace(" ", "")
            if joined in common:
                continue
            tok = token(joined)
            if not tok.first_of and not tok.last_of:
                tok.joined.append(index)
        for tok in tokens.values():
            for t, p in tok.first_of.items():
                if _max_edits(len(t.key)):
                    tok.near_last.setdefault(t.key[0], []).append((t.key, p))
            for t, p in tok.last_of.items():
                if _max_edits(len(t.key)):
                    tok.near_first.setdefault(t.key[0], []).append((t.key, p))
        automaton = ahocorasick.Automaton()
        for key, tok in tokens.items():
            automaton.add_word(f" {key} ", (len(key), tok))
        # Multi-word names also match written as one word: "O'Brien" as "OBrien", "Mary Jane" as "Maryjane";
        # a first name in its short or full form ("Benjamin" for Ben); "-ski" as "-sky" ("Zielinsky").
        forms = {form: line.split() for line in load_words("name_forms.txt") for form in line.split()}
        for key, tok in list(tokens.items()):
            aliases = {key.replace(" ", "")}
            if tok.first_of:
                aliases.update(f for f in forms.get(key, ()) if f not in common)
            if tok.last_of and key.endswith(("ski", "sky")):
                aliases.add(key[:-1] + ("y" if key.endswith("ski") else "i"))
            # A possessive without its apostrophe ("Mia Khans mum"), however short the surname.
            if tok.last_of and not key.endswith("s") and " " not in key:
                aliases.add(key + "s")
            for alias in aliases - {key} - tokens.keys():
                automaton.add_word(f" {alias} ", (len(alias), tok))
        # Both words misspelt ("Oliva Benett"): the slips of a first name (see :func:`_slips`) are
        # keys too, so the one scan finds them; the next word is then checked against the
        # surnames of that first name's pupils. Not for everyday words, nor short names.
        slipped: dict[str, _Token] = {}
        for index, first, last in names:
            if not (_max_edits(len(first)) and _max_edits(len(last))) or " " in first + last \
                    or first in common or last in common:
                continue
            for slip in _slips(first):
                if slip in common or automaton.exists(f" {slip} "):
                    continue  # a roster name, its alias or an everyday word: no slip
                tok = slipped.setdefault(slip, _Token(slip, False))
                tok.slip_of.setdefault(last, []).append(index)
        for slip, tok in slipped.items():
            automaton.add_word(f" {slip} ", (len(slip), tok))
        self._automaton = automaton if tokens else None
        if tokens:
            automaton.make_automaton()

    def find(self, text: Text) -> list[Detection]:
        """Every pupil's name in ``text`` (see the module docstring for which forms)."""
        return [detection for detection, _ in self.find_pupils(text)]

    def find_many(self, texts: Sequence[Text]) -> list[list[Detection]]:
        """:meth:`find` for each text; spelt-out words are looked for in the whole batch at once."""
        results: list[list[Detection]] = []
        for text, view in zip(texts, spaced_views(texts), strict=True):
            if view is not None:  # a few texts spell a word out: :meth:`find_pupils` merges both readings
                results.append(self.find(text))
            else:  # the rest skip the per-text lookup of a view already known to be missing
                found = self._find_pupils(text)
                results.append([detection for detection, _ in found] if found else [])
        return results

    def find_pupils(self, text: Text) -> list[tuple[Detection, Pupil]]:
        """Every pupil's name in ``text``, each with the pupil it names (for photo consent); a name
        spelt out letter by letter ("T h e o  A d e y e m i") is read closed up too."""
        if self._automaton is None:
            return []
        found = self._find_pupils(text)
        view = spaced_view(text)
        if view is not None:
            extra = self._find_pupils(view)
            kept = merge_spaced([d for d, _ in found], [d for d, _ in extra])
            # A name's mask keeps each word's first letter: spelt out, each letter is a word.
            found += [(dataclasses.replace(d, redacted=mask_spelt(text.original[d.start:d.end])), pupil)
                      for d, pupil in extra if d in kept]
            found.sort(key=lambda pair: (pair[0].start, pair[0].end))
        return found

    def _find_pupils(self, text: Text) -> list[tuple[Detection, Pupil]]:
        if self._automaton is None:
            return []
        view = word_view(text.lower)
        raw = list(self._automaton.iter(view))
        low = text.lower
        if ("@" in low or "#" in low or "_" in low) and _numbered_handle(text):  # "in": cheaper than find
            # A handle's number was read as leetspeak ("@harry_thompson09" -> "thompsono9"); it is
            # not part of the name, so read the text again with its digits as digits.
            plain = text.folded.lower()
            if len(plain) == len(text.lower):
                seen = set(raw)
                raw += [hit for hit in self._automaton.iter(word_view(plain)) if hit not in seen]
        if not raw:
            return []
        # (start, end, token) in ``lower``; the key " name " ends on the space after the name.
        hits: list[_Hit] = [(end - size - 1, end - 1, tok) for end, (size, tok) in raw]
        by_start: dict[int, list[_Hit]] = {}
        if len(hits) > 1:
            for hit in hits:
                by_start.setdefault(hit[0], []).append(hit)
        found: list[_Found] = []
        for hit in hits:
            tok = hit[2]
            if tok.common and not by_start and not _capital(text, hit[0]):
                continue  # "we will": alone and in lower case, an everyday word names nobody
            if tok.joined:
                found.append((hit[0], hit[1], tok.joined, _FULL))
            if tok.first_of:
                named = self._after_first(text, view, hit, by_start)
                found.extend(named)
                if not named and self._flag_first and self._alone_ok(text, hit):
                    pupils = [i for group in tok.first_of.values() for i in group]
                    found.append((hit[0], hit[1], pupils, _FIRST))
            if tok.last_of:
                self._around_last(text, view, hit, by_start, found)
            if tok.slip_of:
                self._both_slipped(text, view, hit, found)
        return self._detections(text, found) if found else []

    @staticmethod
    def _both_slipped(text: Text, view: str, hit: _Hit, found: list[_Found]) -> None:
        """A full name with a slip in both words, written as a name ("Oliva Benett" for Olivia
        Bennett): ``hit`` is a slip of a first name, the next word one of a surname of its pupils
        (see :func:`_near`), both capitalised, and no title before ("Mrs Amelie Clark")."""
        start, end, tok = hit
        gap = _GAP.match(text.lower, end)
        if gap is None or view[gap.end() + 1] == " " \
                or not (_capital(text, start) and _capital(text, gap.end())):
            return
        word_end = view.find(" ", gap.end() + 1) - 1
        word = text.lower[gap.end():word_end]
        before = _word_before(text.lower, view, start)
        if before is not None and text.lower[before:view.find(" ", before + 1) - 1] in _TITLES:
            return
        found.extend((start, word_end, pupils, _FULL) for last, pupils in tok.slip_of.items()
                     if word != last and _near(word, last))

    def _after_first(self, text: Text, view: str, hit: _Hit, by_start: dict[int, list[_Hit]]) -> list[_Found]:
        """Full names that start with the first name ``hit``: exact, or with a misspelt last name."""
        start, end, tok = hit
        gap = _GAP.match(text.lower, end)
        if gap is None:
            return []
        if by_start:
            exact = [(start, other[1], pupils, _FULL) for other in by_start.get(gap.end(), ())
                     if (pupils := tok.first_of.get(other[2])) and self._both_ok(text, hit, other)]
            if exact:
                return exact
        if not tok.near_last or view[gap.end() + 1] == " " or (tok.common and not _capital(text, start)):
            return []  # "will smile": an everyday word is only a name when written as one
        after = gap.end()
        word_end = view.find(" ", after + 1) - 1
        word = text.lower[after:word_end]
        partners = tok.near_last.get(word[0])
        if not partners:
            return []
        near = self._near_test(text, tok, start, after)
        if near is None:
            return []
        return [(start, word_end, pupils, _FULL) for name, pupils in partners if near(word, name)]

    def _around_last(self, text: Text, view: str, hit: _Hit, by_start: dict[int, list[_Hit]],
                     found: list[_Found]) -> None:
        """Full names around the last name ``hit``: "Bennett, Olivia", or a misspelt first name before it."""
        start, end, tok = hit
        low = text.lower
        if by_start and (comma := _COMMA.match(low, end)) and not self._after_title(low, view, start):
            for other in by_start.get(comma.end(), ()):
                pupils = tok.last_of.get(other[2])
                if pupils and _capital(text, start) and _capital(text, other[0]):
                    found.append((start, other[1], pupils, _FULL))
        if not tok.near_first or (tok.common and not _capital(text, start)):
            return
        word_start = _word_before(low, view, start)
        if word_start is None:
            return
        word = low[word_start:view.find(" ", word_start + 1) - 1]
        partners = tok.near_first.get(word[0])
        if not partners or word in _TITLES:
            return  # "Mrs Green" is a member of staff, not a misspelt pupil
        near = self._near_test(text, tok, start, word_start)
        if near is not None:
            found.extend((word_start, end, pupils, _FULL) for name, pupils in partners if near(word, name))

    @staticmethod
    def _after_title(low: str, view: str, start: int) -> bool:
        """True when the word before ``low[start]`` is a title: "Thank you Mr Green, Tyler ..."."""
        word_start = _word_before(low, view, start)
        return word_start is not None and low[word_start:view.find(" ", word_start + 1) - 1] in _TITLES

    @staticmethod
    def _near_test(text: Text, tok: _Token, start: int, word_start: int) -> Callable[[str, str], bool] | None:
        """How near a word next to a name must be to a partner name: written as names, any few
        edits; in lower case, only a doubled letter or a swapped pair ("benett", "olivai"), and
        never next to an everyday word ("hope turned" is not Hope Turner)."""
        if _capital(text, start) and _capital(text, word_start):
            return _near
        return None if tok.common else _typo

    @staticmethod
    def _both_ok(text: Text, first: _Hit, last: _Hit) -> bool:
        """Two everyday words ("Hope Young") name a pupil only when both are capitalised, and not
        when the first opens a question as its verb ("Will King Charles come to visit?")."""
        if not (first[2].common and last[2].common):
            return True
        if _disguised(text, first[0], last[1]):
            return True  # "m4x w00ds": leetspeak writes the words as a name, as capitals would
        low = text.lower
        if first[0] and low[first[0] - 1] in "@#" and low[first[1]:last[0]] in ("_", "."):
            return True  # "@hope_young.x": a handle is written in lower case, and names its owner
        return _capital(text, first[0]) and _capital(text, last[0]) and not _asks(text, first)

    @staticmethod
    def _alone_ok(text: Text, hit: _Hit) -> bool:
        """A first name alone counts, unless it is an everyday word not written as a name."""
        if not hit[2].common:
            return True
        if not _capital(text, hit[0]):
            return False
        before = text.lower[:hit[0]].rstrip(" \t\"'\u201c\u2018(")
        return bool(before) and before[-1] not in ".!?\n"

    def _detections(self, text: Text, found: list[_Found]) -> list[tuple[Detection, Pupil]]:
        """Widen each span to its hashtag and possessive, keep the longest of overlapping ones."""
        low = text.lower
        spans = []
        for start, end, pupils, reason in found:
            wide_start = start - 1 if start > 0 and low[start - 1] in "#@" else start
            possessive = low[end:end + 2] in _POSSESSIVE and not low[end + 2:end + 3].isalpha()
            spans.append((wide_start, end + 2 if possessive else end, pupils, reason))
        spans.sort(key=lambda s: (s[0], s[0] - s[1]))
        results: list[tuple[Detection, Pupil]] = []
        reach = -1
        for start, end, pupils, reason in spans:
            if start < reach:
                continue  # inside a longer name already reported
            reach = end
            # Two pupils may share a name: answer for the one without photo consent, to be safe.
            pupil = min((self._pupils[i] for i in pupils), key=lambda p: p.photo_consent)
            why = reason + " (no photo consent)" if reason == _FULL and not pupil.photo_consent else reason
            o_start, o_end = text.span(start, end)
            detection = Detection("pupil_name", o_start, o_end,
                                  mask_words(text.original[o_start:o_end]), why)
            results.append((detection, pupil))
        return results


def _numbered_handle(text: Text) -> bool:
    """True when a handle or hashtag in ``text`` holds a number glued to a name that leetspeak folding
    read as letters ("@harry_thompson09": "0" after a letter; "#olivia2015" was never folded), at
    its end or between two words ("#amyjones4captain")."""
    low = text.lower
    for mark in "@#_":
        at = low.find(mark)
        while at != -1:
            handle = _HANDLE.match(text.folded, at + 1)
            token = handle.group() if handle else ""
            # at its end ("thompson09") or inside it ("#kacperzielinski4captain": "4" read as "a")
            if _GLUED_NUMBER.search(token):
                return True
            at = low.find(mark, at + 1 + len(token))
    return False


# First names that open a question as its verb: "Will King Charles come?", "May Rose come too?".
_QUESTION_VERBS = frozenset({"will", "may", "can"})
_SENTENCE_END = re.compile(r"[.!?\n]")


def _asks(text: Text, first: _Hit) -> bool:
    """True when ``first``, a name that is also a verb, starts a sentence that ends with "?"."""
    start, end, tok = first
    if tok.key not in _QUESTION_VERBS:
        return False
    before = text.lower[:start].rstrip(" \t\"'\u201c\u2018(")
    if before and before[-1] not in ".!?\n":
        return False
    stop = _SENTENCE_END.search(text.lower, end)
    return stop is not None and stop.group() == "?"


def _word_before(low: str, view: str, start: int) -> int | None:
    """Where the word just before ``low[start]`` begins, across spaces or one handle separator."""
    k = start - 1
    if k < 1:
        return None
    if low[k] in "_.-":
        k -= 1
    else:
        while k >= 0 and low[k] != "\n" and low[k].isspace():
            k -= 1
        if k == start - 1:
            return None
    if k < 0 or view[k + 1] == " ":
        return None
    return view.rfind(" ", 0, k + 1)


def _disguised(text: Text, start: int, end: int) -> bool:
    """True when a digit stands for a letter inside ``lower[start:end]`` ("m4x w00ds")."""
    return any(c.isdigit() for c in text.folded[start:end])


def _capital(text: Text, index: int) -> bool:
    """True when the character of ``text.original`` behind ``lower[index]`` is a capital."""
    if text.offsets is not None:
        index = text.offsets[index]
    return text.original[index].isupper()


def _typo(word: str, name: str) -> bool:
    """True when ``word`` is ``name`` with a letter doubled or undoubled, or two neighbours swapped."""
    if len(name) < 5 or word[0] != name[0] or word == name or " " in name:
        return False
    if len(word) == len(name):
        diff = [i for i, (a, b) in enumerate(zip(word, name, strict=True)) if a != b]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == name[diff[1]] \
            and word[diff[1]] == name[diff[0]]
    return _DOUBLE.sub(r"\1", word) == _DOUBLE.sub(r"\1", name)


def _slips(name: str) -> set[str]:
    """The slips of a name a writer makes without meaning another word: a letter dropped, doubled
    or swapped with its neighbour ("oliva", "olliva", "olivai"), the first letter kept. Not a
    letter changed for another: "harry" would become "hurry"."""
    out = set()
    for i in range(1, len(name)):
        out.add(name[:i] + name[i + 1:])
        out.add(name[:i + 1] + name[i:])
        if i + 1 < len(name):
            out.add(name[:i] + name[i + 1] + name[i] + name[i + 2:])
    out.discard(name)
    return out


def _near(word: str, name: str) -> bool:
    """True when ``word`` is a misspelling of ``name``: same first letter, few edits, names of 5+ letters."""
    edits = _max_edits(len(name))
    if not edits or word[0] != name[0] or " " in name:
        return False
    if _DOUBLE.sub(r"\1", word) == _DOUBLE.sub(r"\1", name):
        return True  # "Benet" for Bennett: every doubled letter written once counts as one slip
    if abs(len(word) - len(name)) > edits:
        return False
    return OSA.distance(word, name, score_cutoff=edits) <= edits
