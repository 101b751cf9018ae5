"""The school's name and its uniform: in a pupil's writing either tells a stranger where to find them.

Which forms of a school's name match (:class:`SchoolNameDetector`):

- each name the profile lists, in any case, with any spacing or none ("millbrookprimary",
  "#MillbrookPrimary", "millbrook_primary") and with the apostrophe optional ("St Marys");
- the same name with its type words swapped: a listed "Millbrook CE Primary School" also
  matches "Millbrook CE Primary", "Millbrook CE School", "Millbrook CE Academy", and without its
  denomination ("Millbrook Primary", "Millbrook School");
- never the distinctive word alone ("Millbrook"), which is as often a town, a street or a
  team, unless the profile lists it;
- a lightly misspelt type word after the distinctive words ("Millbrook Primry", "Millbrook
  Acadamy"): one letter dropped, added or swapped with its neighbour, or one vowel for another,
  in type words of five letters or more; "Millbrook Primark" (a consonant changed) and "Millbrook
  Schools" (a plural) are other words;
- an abbreviation (a listed single word in capitals, or of four letters or fewer) only as a whole
  word: in any case when it has four letters or more and cannot be read as an English word
  ("MCEP", "mcep", "#Mcep"); otherwise ("KES", "KEGS", "Oaks") only in the case listed, since
  "kes" and "kegs" are words, so "MCEPS" or "kegs" do not match.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import ahocorasick
from rapidfuzz.distance import OSA

from auditor import Detection, ScanProfile
from rules.detectors import TextDetector
from rules.detectors.names import load_words, mask_name, word_view
from rules.detectors.text import Text, normalise

__all__ = ["SchoolNameDetector", "UniformDetector", "reads_as_word", "school_name_variants"]

# Words that end a school's name and say what kind of school it is; "school" and "academy" are
# interchangeable, the others ("primary", "high") describe the school and are kept.
_ENDINGS = frozenset({"school", "academy", "primary", "secondary", "high", "junior", "juniors", "infant",
                      "infants", "nursery", "college", "grammar"})
_KIND_FREE = ("school", "academy")
# Denominations and governance that people drop when they name the school in passing.
_DENOMINATIONS = ("church of england", "c of e", "cofe", "ce", "c e", "rc", "r c", "roman catholic",
                  "catholic", "methodist", "community", "voluntary aided", "va", "vc", "free")
_ABBREVIATION_MAX = 4
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
_UNIFORM = "school uniform or badge, which shows where a pupil goes to school"


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
            "(?:" + "|".join(_SEP.join(re.escape(w) for w in v.split()) for v in alternatives)
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
            "(?:" + "|".join("(" + _SEP.join(re.escape(w) for w in stem.split()) + ")"
                             for stem in stems) + r")(?![a-z0-9])") if stems else None
        self._exact_words = tuple(exact_case)
        self._exact = self._abbreviation_pattern(exact_case)
        self._any_case_words = tuple(any_case)
        #: The words a mention of the school can end with, in lower case ("primary", "mcep", and
        #: "millbrookprimary" for a hashtag): a cheap test of what precedes a word.
        self.last_words = frozenset({v.split()[-1] for v in variants} | {v.replace(" ", "") for v in variants}
                                    | {w.lower() for w in exact_case} | any_case)
        self._any_case = self._abbreviation_pattern(any_case)

    @staticmethod
    def _abbreviation_pattern(words: set[str]) -> re.Pattern[str] | None:
        """A whole-word pattern for abbreviations, a leading ``#`` or ``@`` included."""
        if not words:
            return None
        return re.compile(r"(?<![\w#@])[#@]?(?:" + "|".join(re.escape(a) for a in sorted(words)) + r")(?!\w)")

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

    def spans(self, text: Text) -> list[tuple[int, int]]:
        """Where the school is named in ``text``, as sorted, separate spans of ``text.lower``."""
        spans: list[tuple[int, int]] = []
        low = text.lower
        if self._names is not None:
            for anchor in self._anchors:  # a loop, not any(): most texts have none, and this is faster
                if anchor in low:
                    spans = self._name_spans(self._names, low)
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

    def find(self, text: Text) -> list[Detection]:
        """Every mention of the school's name in ``text``, with offsets into the original."""
        found = []
        for start, end in self.spans(text):
            o_start, o_end = text.span(start, end)
            found.append(Detection("school_name", o_start, o_end,
                                   mask_name(text.original[o_start:o_end]), _SCHOOL))
        return found


# Garments and bags that carry a school's badge (their plurals too), and the words for a badge.
_GARMENTS = ("blazer", "jumper", "sweatshirt", "sweater", "cardigan", "cardi", "hoodie", "hoody", "polo",
             "shirt", "top", "fleece", "jacket", "coat", "tie", "cap", "hat", "scarf", "scarves", "bag",
             "bookbag", "rucksack", "backpack", "kit", "tracksuit", "uniform", "pinafore", "dress", "skirt",
             "trousers", "shorts")
_BADGES = ("logo", "badge", "crest", "emblem")
_S = r"[^\S\n]+"
_GARMENT = (r"(?:polo" + _S + r"shirt|t-?[^\S\n]?shirt|book" + _S + "bag|hoodies|" + "|".join(_GARMENTS)
            + r")(?:s|es)?(?![a-z]|-[a-z])")  # not "hat-trick"
# Words before a garment that make it the school's own kind: "PE tops", "house ties".
_KIND = r"(?:pe|p\.e\.|sports?|house|leavers['\u2019]?|new|old|summer|winter|official)"
# What a badge may be on, worn or carried by the writer or a friend: "the crest on our jumpers".
_BADGE_ON = re.compile(r"(?<![a-z])(?:badge|crest|emblem)s?" + _S + r"on" + _S
                       + r"(?:my|our|his|her|their|your)" + _S + r"(?:(?:school|new|old|pe|house)" + _S
                       + r")?" + _GARMENT)
# A tie is school uniform when it is the writer's own ("my tie", "our house ties") or put on
# ("wearing a tie"); not a tie-dye shirt, a bow tie, or a cup tie against another team.
_TIE = re.compile(
    r"(?<![a-z])(?:my|our|(?:wear(?:s|ing)?|wore|worn|put(?:ting)?" + _S + r"on|do(?:ing)?" + _S + r"up)"
    + _S + r"(?:a|the|my|our))" + _S + r"(?:(?:school|house|new|clip[\s-]?on)" + _S + r")?ties?(?![a-z])"
    r"(?![\s-]*(?:dye|dyed|die|break|breaker|against|with|vs|versus|v|match|game|replay)(?![a-z]))")
# After the school's name: one of its garments ("MCEP PE tops") or its badge ("the MCEP logo").
# Without a word such as "PE" before it, "tops", "ties", "bags", "caps" and "dress up" are sports
# talk and dressing-up days ("Millbrook Primary tops the table", "MCEP bags a win"), not clothes.
_AFTER_NAME = re.compile(
    r"(?:['\u2019]s?)?" + _S + r"(?:" + _KIND + _S + _GARMENT + r"|(logo|badge|crest|emblem)s?(?![a-z])"
    r"|(?!(?:tops?|ties?|bags|caps)(?![a-z])|dress" + _S + r"(?:up|down))" + _GARMENT + ")")
# Before "the school logo" or "the MCEP badge": the garment it is on ("hoodies with the ... logo").
_GARMENT_WITH = re.compile(r"(?<![a-z])(?:" + _KIND + _S + r")?" + _GARMENT + _S
                           + r"(?:with|showing|that has|that have)" + _S + r"(?:the|a|our|my|an)" + _S + r"$")
_SCHOOL_BADGE = re.compile(r"(?<![a-z])school" + _S + r"(?:logo|badge|crest|emblem)")
_LOOK_BACK = 40
# How far before a garment to look for the last word of the school's name, a possessive and a kind.
_NAME_REACH = 40
_KIND_WORDS = frozenset({"pe", "p", "e", "sport", "sports", "house", "leavers", "new", "old", "summer",
                         "winter", "official"})


class _Phrase(NamedTuple):
    size: int
    role: int  # a sum of the roles below


# What a lexicon phrase or a word does: report itself, cancel what it overlaps, or send the text
# to the patterns that need it (a garment to the school's name, a badge or a tie to their own).
_REPORT, _CANCEL, _GARMENT_WORD, _BADGE_WORD, _TIE_WORD = 1, 2, 4, 8, 16
_TRIGGERS = ((_GARMENT_WORD, _GARMENTS), (_BADGE_WORD, _BADGES), (_TIE_WORD, ("tie",)))


def _plural(phrase: str) -> str | None:
    """The plural of a phrase's last word, or ``None`` when it already ends in s."""
    if phrase.endswith("s"):
        return None
    if phrase.endswith(("x", "ch", "sh")):
        return phrase + "es"
    if phrase.endswith("y") and phrase[-2:-1] not in "aeiou":
        return phrase[:-1] + "ies"
    return phrase + "s"


class UniformDetector(TextDetector):
    """School uniform and badges: from ``uniform.txt``, the writer's ("my tie"), the school's ("MCEP tops").

    A garment is the writer's when owned or put on ("our ties", "wearing a tie", "the crest on my
    jumper") and the school's when its name or badge is next to it ("hoodies with the MCEP logo").
    """

    kinds = frozenset({"uniform"})

    def __init__(self, profile: ScanProfile) -> None:
        super().__init__(profile)
        self._school = SchoolNameDetector(profile)
        roles: dict[str, int] = {}
        for trigger, words in _TRIGGERS:
            for word in words:
                for form in (word, _plural(word)):
                    if form:
                        roles[form] = trigger
        for line in load_words("uniform.txt"):
            role = _CANCEL if line.startswith("!") else _REPORT
            written = word_view(line.lstrip("!").lower()).strip()
            # "leavers' hoodie" is "leavers  hoodie" in the word view; "leavers hoodie" too.
            for phrase in {written, " ".join(written.split())}:
                for form in (phrase, _plural(phrase)):
                    if form:  # a phrase that is also a trigger word ("blazer") keeps both roles
                        roles[form] = roles.get(form, 0) | role
        automaton = ahocorasick.Automaton()
        for form, role in roles.items():
            automaton.add_word(f" {form} ", _Phrase(len(form), role))
        automaton.make_automaton()
        self._automaton = automaton

    def _after_name(self, view: str, start: int) -> bool:
        """True when the word that ends at ``view[start]`` (skipping a possessive "s" and a word such
        as "PE") may end the school's name: "MCEP PE tops", "Millbrook Primary's logo"."""
        end = start
        for _ in range(3):
            begin = view.rfind(" ", 0, end)
            word = view[begin + 1:end]
            if word and word != "s" and word not in _KIND_WORDS:
                return word in self._school.last_words
            end = begin
        return False

    def _context(self, text: Text, triggers: int, named: bool) -> list[tuple[int, int]]:
        """Spans of ``text.lower`` where a garment or badge is the writer's, or the school's."""
        low = text.lower
        spans = [m.span() for m in _TIE.finditer(low)] if triggers & _TIE_WORD else []
        badges = []
        if triggers & _BADGE_WORD:
            spans += [m.span() for m in _BADGE_ON.finditer(low)]
            badges = [m.span() for m in _SCHOOL_BADGE.finditer(low)]
        for start, end in self._school.spans(text) if named else ():
            after = _AFTER_NAME.match(low, end)
            if after is not None:
                (badges if after.group(1) else spans).append((start, after.end()))
        for start, end in badges:  # on a garment just before? "hoodies with the MCEP logo"
            before = _GARMENT_WITH.search(low, max(0, start - _LOOK_BACK), start)
            spans.append((start if before is None else before.start(), end))
        return spans

    def find(self, text: Text) -> list[Detection]:
        """Every uniform mention in ``text`` that no cancelling phrase overlaps."""
        view = word_view(text.lower)
        spans = []
        cancelled = []
        triggers = 0
        named = False
        for end, (size, role) in self._automaton.iter(view):  # most texts have no hit
            start = end - size - 1  # in ``lower``; ``end`` is the space after the phrase in the view
            triggers |= role
            if role & _REPORT:
                spans.append((start, end - 1))
            if role & _CANCEL:
                cancelled.append((start, end - 1))
            # A garment or badge may be the school's only when its name is just before.
            if role & (_GARMENT_WORD | _BADGE_WORD) and not named:
                named = self._after_name(view, start)
        if named or triggers & (_BADGE_WORD | _TIE_WORD):
            spans += self._context(text, triggers, named)
        if not spans:
            return []
        if cancelled:
            spans = [(start, end) for start, end in spans
                     if not any(s < end and start < e for s, e in cancelled)]
        # Overlapping mentions make one ("the MCEP badge" and "badge on my jumper").
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        found = []
        for start, end in merged:
            o_start, o_end = text.span(start, end)
            found.append(Detection("uniform", o_start, o_end, text.original[o_start:o_end], _UNIFORM))
        return found
