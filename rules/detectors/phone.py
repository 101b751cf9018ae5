"""Phone numbers: UK and international, written plainly or obfuscated (spacing, brackets, spelled out).

A numeric candidate is a run of digits split into groups by spaces, dots, dashes or brackets
("+44 (0)7700 900 123", "0161-496-0000", "O77OO 9OO123": a letter O between digits is a zero, and
a lone l or I among them a one: "07700 9OO 2l9").
Every contiguous stretch of groups that starts like a phone number (``+``, ``00``, ``0`` or ``44``) is
checked, longest first, so "07700 900123 2 times" still finds the number and "order 4471-2093"
finds nothing. A number is kept when phonenumbers finds it valid, when it is in one of Ofcom's
ranges reserved for drama (07700 900xxx: still a number a child must not post), or when it has
the shape of a UK mobile or geographic number that the metadata does not know yet.

Without a country code a number is read in another country's plan only after a phone word ("ring
her on") or a place in that country ("my aunt in Sydney, 0491 570 156"), never after an order's
or a booking's reference word.

Spelled-out numbers ("oh seven seven double oh nine ...") are read as a run of digit words and
digit groups, then checked the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import ClassVar

import phonenumbers

from auditor import MASK, Detection, mask_digits
from rules.detectors import TextDetector
from rules.detectors.text import Text

__all__ = ["PhoneDetector"]

_KEEP = 6  # digits left readable in the redacted form, as mask_digits does

# A digit run of at least eight digit characters in groups; separators are at most four spaces,
# dots, dashes or brackets, never a newline. A letter O counts as a zero after the first digit,
# and an l or I that no other letter touches as a one ("9OO 2l9", not the l of "all").
# It never starts inside a price or a decimal ("£1,250.00") or right after another digit.
_BLOB = re.compile(
    r"(?<![\d£$€@.,])[+(]{0,2}(?:\d|(?<![A-Za-z])[oO])"
    r"(?:[ \t().\-]{0,4}(?:\d|[oO](?![A-NP-Za-np-z])|(?<![A-NP-Za-np-z])[lI](?![A-Za-z]))){7,}"
)
# Digits (and the letters O, l and I) as "0", separators deleted: eight zeros in a row mark a candidate.
_SKELETON = bytes(48 if chr(c) in "0123456789oOlI" else c for c in range(256))
_SEPARATORS = b" \t.-()"
_EIGHT_DIGITS = b"0" * 8
_GROUP = re.compile(r"\+?[\doOlI]+")
_AS_DIGITS = str.maketrans("oOlI", "0011")

_WORD_DIGITS = {
    "oh": "0", "o": "0", "zero": "0", "nought": "0", "nil": "0", "one": "1", "two": "2", "three": "3",
    "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}
_WORD = "|".join(sorted(_WORD_DIGITS, key=len, reverse=True))
_TOKEN = rf"(?:(?:double|triple|treble)[ \t-]+(?:{_WORD})\b|(?:{_WORD})\b|\d+)"
# Four tokens or more; each token is a digit word, a doubled or tripled one, or a digit group.
_SPELLED = re.compile(rf"\b{_TOKEN}(?:[ \t,.\-]{{1,3}}{_TOKEN}){{3,}}", re.IGNORECASE)
_SPELLED_TOKEN = re.compile(_TOKEN, re.IGNORECASE)
_WORD_AFTER = re.compile(rf"[ \t,.\-]{{1,3}}(?:double|triple|treble|{_WORD})\b", re.IGNORECASE)
# A cheap test before the spelled-out pattern: a digit word that is rare outside numbers.
_SPACES = re.compile(r"[ \t-]+")
_TIMES = {"double": 2, "triple": 3, "treble": 3}

# Ofcom's numbers reserved for TV and radio drama, as national numbers (no leading 0).
_DRAMA = re.compile(
    r"(?:11[3-8]4960|1[2-6]14960|1914980|2079460|2896496|2920180|1632960|3069990|7700900|8081570|9098790)"
    r"\d{3}"
)
# The US numbers reserved for fiction: any area code, exchange 555, lines 0100-0199. Still a
# number as posted ("his cell is (555) 555-0143"): read, like the others, only after a phone word.
_US_FICTIONAL = re.compile(r"[2-9]\d{2}55501\d{2}")
# The shape of a UK mobile (07xxx xxxxxx, with the 070 personal and 076 pager ranges: a child
# reached on either is reached all the same) or a geographic number (01, 02).
_UK_MOBILE = re.compile(r"7\d{9}")
_UK_GEOGRAPHIC = re.compile(r"[12]\d{9}")
_UK_REGIONS = ("GB", "GG", "JE", "IM")  # the +44 regions: the Crown dependencies share the plan

# Without a country code a number is only read in another country's plan when a word just before
# it says it is one ("ring her on", "their number is", "text me at"): a bare "(617) 555-0147" or
# "0491 570 156" may be an order or a reference. Not "order number", "ref number" and the like.
_CUE = re.compile(
    r"(?<![a-z])(?:(?<!order )(?<!reference )(?<!ref )(?<!account )(?<!tracking )(?<!booking )(?<!invoice )"
    r"(?<!case )(?<!ticket )(?<!serial )(?<!policy )(?<!membership )(?<!member )(?<!customer )(?<!student )"
    r"(?<!candidate )(?<!house )(?<!room )(?<!page )(?<!table )(?<!shirt )number|ring|call|phone|mobile|"
    r"cell|texts?|txts?|whatsapp|tel|telephone|contact)"
    # ... and who is rung, by title and name: "call Mrs Watts on"
    r"(?:[^\S\n]+(?:me|us|her|him|them|mum|dad|my|our|his|their|your|ur|mobile|cell|home|number|no|on|at|from|"
    r"is|was|its|it's|(?:mr|mrs|miss|ms|dr)\.?[^\S\n]+[a-z'-]+|"
    # ... and for when, then "is": "my mobile while I'm here is", "my number until Friday is"
    r"(?:while|whilst|when|during|until|till)(?:[^\S\n]+[a-z'\u2019]+){0,3}?[^\S\n]+(?:is|will[^\S\n]+be)"
    r"))*[^\S\n]*[:\-]?[^\S\n]*\(?\Z")
_CUE_REACH = 40
# A reference's label just before a number makes it the reference, however phone-like its digits:
# "Order number 07700931245 has been dispatched", "tracking ref: 07912 345678".
_REFERENCE_WORDS = ("order|reference|ref|account|tracking|booking|invoice|ticket|serial|policy|parcel|"
                    "membership|isbn")
_REFERENCE_LABEL = re.compile(
    rf"(?<![a-z])(?:{_REFERENCE_WORDS})(?:[^\S\n]+(?:number|no\.?|num|code|id))?[^\S\n]*[:#.]?[^\S\n]*\Z")
_REFERENCE_REACH = 24
# The plans a number with no country code is tried in, once a word says it is a phone number.
_NATIONAL_REGIONS = ("US", "AU", "IE", "NZ")
# ... or once the words just before name the country it is in ("my aunt in Sydney, 0491 570 156"):
# those countries and their largest cities, each read in its own plan only.
_PLACES = {
    "AU": ("australia", "aussie", "sydney", "melbourne", "brisbane", "perth", "adelaide", "canberra",
           "hobart", "darwin", "queensland", "tasmania", "nsw"),
    "US": ("america", "usa", "u.s.", "u.s.a.", "the us", "the states", "new york", "nyc", "boston", "chicago",
           "los angeles", "san francisco", "seattle", "texas", "florida", "california", "miami"),
    "IE": ("ireland", "dublin", "cork", "galway", "limerick"),
    "NZ": ("new zealand", "nz", "auckland", "wellington", "christchurch"),
}
_PLACE = re.compile(
    r"(?<![a-z.])(?:" + "|".join(
        f"(?P<{region}>" + "|".join(re.escape(p) for p in sorted(places, key=len, reverse=True)) + ")"
        for region, places in _PLACES.items()) + r")(?![a-z])")
_PLACE_REACH = 60
# A reference word among those words makes the number a booking's or an order's: "Sydney trip,
# booking ref 0491 570 156", "order from Boston: 212 555 0123".
_REFERENCE = re.compile(rf"(?<![a-z])(?:{_REFERENCE_WORDS}|case|flight|code|id)(?![a-z])")
_MOBILE = "a UK mobile number"
_LANDLINE = "a UK phone number"
_FICTIONAL = "a number in a reserved fictional range"
_INTERNATIONAL = "an international phone number"


class PhoneDetector(TextDetector):
    """UK and international phone numbers, plain or obfuscated; reads the ``folded`` view."""

    kinds: ClassVar[frozenset[str]] = frozenset({"phone"})

    def find(self, text: Text) -> list[Detection]:
        """Every phone number in ``text``."""
        folded = text.folded
        found: list[Detection] = []
        partial = False  # a number-like run that was not a number: it may go on in words
        # Most posts have no eight digits in a row once separators are gone: a C-speed test.
        if _EIGHT_DIGITS in folded.encode("utf-8", "replace").translate(_SKELETON, _SEPARATORS):
            for match in _BLOB.finditer(folded):
                detections = self._numeric(text, match)
                found.extend(detections)
                # "07700 900 one two three": digits that go on in words.
                partial = partial or (not detections and _WORD_AFTER.match(folded, match.end()) is not None)
        low = text.lower
        # A spelled-out UK number starts with a zero, which is written as one of these.
        if partial or "zero" in low or "oh " in low or "nought" in low or "double" in low:
            taken = [(d.start, d.end) for d in found]
            for match in _SPELLED.finditer(folded):
                detection = self._spelled(text, match)
                if detection and not any(s < detection.end and detection.start < e for s, e in taken):
                    found.append(detection)
        return found

    def _numeric(self, text: Text, match: re.Match[str]) -> list[Detection]:
        groups = [(g.start(), g.end(), g.group(0)) for g in _GROUP.finditer(match.group(0))]
        base = match.start()
        found: list[Detection] = []
        i = 0
        while i < len(groups):
            hit = None
            if _starts_like_phone(groups[i][2]):
                # Without a "+", a 44 must stand alone ("44 7911 123456") or be the whole number
                # ("447911123456"): "4471 9023 8812" is an order number.
                bare_44 = groups[i][2].startswith("44") and groups[i][2] != "44"
                for j in range(i + 1 if bare_44 else len(groups), i, -1):
                    digits = "".join(g[2] for g in groups[i:j])
                    reason = _classify(digits.translate(_AS_DIGITS))
                    if reason:
                        hit = (j, reason)
                        break
            if hit is not None and _REFERENCE_LABEL.search(
                    text.lower, max(0, base + groups[i][0] - _REFERENCE_REACH), base + groups[i][0]):
                hit = None
                i = len(groups)  # the rest of the run is the reference too
                continue
            if hit is None and i == 0:
                if _CUE.search(text.lower, max(0, base - _CUE_REACH), base):
                    hit = _national(groups)
                elif _national_shape(groups) and (place := _place_before(text.lower, base)) is not None:
                    hit = _national(groups, (place,))
            if hit is None:
                i += 1
                continue
            j, reason = hit
            start = groups[i][0]
            # An opening bracket just before the first group belongs to the number: "(0161) 496 0000".
            head = match.group(0)[:start]
            if head.endswith("("):
                start -= 1
            lo, hi = text.span(base + start, base + groups[j - 1][1])
            masked = mask_digits(text.original[lo:hi], _KEEP, _DIGITISH)
            found.append(Detection("phone", lo, hi, masked, reason))
            i = j
        return found

    def _spelled(self, text: Text, match: re.Match[str]) -> Detection | None:
        pieces: list[tuple[int, int, str]] = []  # (start, end, digits) of each token in the match
        last_word = -1  # the index of the last token written as a word
        for token in _SPELLED_TOKEN.finditer(match.group(0)):
            word = token.group(0).lower()
            if word[0].isdigit():
                value = word
            else:
                last_word = len(pieces)
                parts = _SPACES.split(word)
                value = _WORD_DIGITS[parts[-1]] * _TIMES.get(parts[0], 1)
            pieces.append((token.start(), token.end(), value))
        # The run may start before the number ("bag £3. 07700 900 seven eight one"): it is tried
        # whole, then from each later token that starts with a zero, while a word is left in it
        # (digits only are the numeric pattern's job).
        for first in range(last_word + 1):
            if first and not pieces[first][2].startswith("0"):
                continue
            number = "".join(p[2] for p in pieces[first:])
            reason = _classify(number)
            if reason is None and len(number) > 11 and number.startswith("0"):
                # Words run on past the number ("... one two three and four"): try the first 11 digits.
                reason = _classify(number[:11])
            if reason is not None:
                pieces = pieces[first:]
                lo, hi = text.span(match.start() + pieces[0][0], match.end())
                return Detection("phone", lo, hi, _mask_spelled(text, match, pieces),
                                 f"{reason} (spelled out)")
        return None


def _national_shape(groups: list[tuple[int, int, str]]) -> bool:
    """Whether the groups may be a national number: two groups or more, nine to eleven digits."""
    return len(groups) >= 2 and 9 <= sum(len(g[2]) for g in groups) <= 11 \
        and all(g[2].isdigit() for g in groups)


def _place_before(lower: str, at: int) -> str | None:
    """The region of the last country or city named in the words just before ``lower[at]``, when
    no reference word is among them."""
    places = list(_PLACE.finditer(lower, max(0, at - _PLACE_REACH), at))
    if not places or _REFERENCE.search(lower, max(0, at - _PLACE_REACH), at):
        return None
    return places[-1].lastgroup


def _national(groups: list[tuple[int, int, str]],
              regions: tuple[str, ...] = _NATIONAL_REGIONS) -> tuple[int, str] | None:
    """The whole run of groups read as a national number of another country, "0491 570 156" or
    "(617) 555-0147", when it is a valid one there (in one of ``regions``), as ``(groups used, reason)``."""
    if not _national_shape(groups):
        return None
    digits = "".join(g[2] for g in groups)
    reason = _classify_national(digits, regions)
    if reason is None and "US" in regions and _US_FICTIONAL.fullmatch(digits):
        reason = _FICTIONAL  # "(555) 555-0143": an area code the plan does not know
    return None if reason is None else (len(groups), reason)


@lru_cache(maxsize=1024)
def _classify_national(digits: str, regions: tuple[str, ...]) -> str | None:
    for region in regions:
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return _INTERNATIONAL
    return None


def _starts_like_phone(group: str) -> bool:
    # "447700900321": WhatsApp and friends write UK numbers with the country code and no "+".
    return group[0] in "+0oO" or group.startswith("44")


@lru_cache(maxsize=4096)
def _classify(digits: str) -> str | None:
    """Why ``digits`` (a number as written, ``+`` kept) is a phone number, or ``None``."""
    if digits.startswith("+"):
        international = digits[1:]
    elif digits.startswith("00"):
        international = digits[2:]
    else:
        international = ""
    if international:
        if not 8 <= len(international) <= 15:
            return None
        if international.startswith("44"):
            national = international[2:]
            national = national[1:] if national.startswith("0") else national  # "+44 (0)7700..."
            return _classify_uk(national)
        return _classify_international(international)
    if digits.startswith("0") and 10 <= len(digits) <= 11:
        return _classify_uk(digits[1:])
    if digits.startswith("44") and len(digits) == 12:
        return _classify_uk(digits[2:])
    return None


def _classify_uk(national: str) -> str | None:
    if not 9 <= len(national) <= 10 or national.startswith("0"):
        return None
    if _DRAMA.fullmatch(national):
        return _FICTIONAL
    if _UK_MOBILE.fullmatch(national):
        return _MOBILE
    if _UK_GEOGRAPHIC.fullmatch(national):
        return _LANDLINE
    # 03, 08, 09, 070 and the short 01 numbers: only what the numbering plan knows.
    number = phonenumbers.PhoneNumber(country_code=44, national_number=int(national))
    if any(phonenumbers.is_valid_number_for_region(number, region) for region in _UK_REGIONS):
        return _MOBILE if national.startswith("7") else _LANDLINE
    return None


def _classify_international(digits: str) -> str | None:
    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return None
    return _INTERNATIONAL if phonenumbers.is_valid_number(number) else None


# Characters of the original text that stand for a digit: any Unicode digit, and the letter O
# (Latin, Cyrillic, Greek) that obfuscation writes for a zero.
_DIGITISH = re.compile(r"[\doOlI\u041e\u043e\u039f\u03bf]")


def _mask_spelled(text: Text, match: re.Match[str], pieces: list[tuple[int, int, str]]) -> str:
    """The original words with every token that carries a digit past the sixth masked whole."""
    lo, hi = text.span(match.start() + pieces[0][0], match.end())
    out: list[str] = []
    pos = lo
    seen = 0
    for start, end, value in pieces:
        t_lo, t_hi = text.span(match.start() + start, match.start() + end)
        out.append(text.original[pos:t_lo])
        token = text.original[t_lo:t_hi]
        if seen + len(value) <= _KEEP:
            out.append(token)
        elif token[:1].isdigit():
            out.append(mask_digits(token, _KEEP - seen, _DIGITISH))
        else:
            out.append(re.sub(r"\w", MASK, token))
        seen += len(value)
        pos = t_hi
    out.append(text.original[pos:hi])
    return "".join(out)

