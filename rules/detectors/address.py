"""Home addresses: full UK postcodes and street addresses ("45 High Street", "Flat 3, 12a Mill Lane").

A postcode is an outward code and an inward code, in any case, with or without the space, in
the formats the Royal Mail uses (A9, A99, AA9, AA99, A9A, AA9A + 9AA, with the letters each
position allows). Written in capitals the format is enough; in lower case ("sw1a 1aa") the area
must be a real one too, so "y6 3rd" is not a postcode. In capitals a letter O may stand for the
inward code's zero ("DN4 OEA") when the area is a real one and the inward code is not a word ("M1 OUT").

A street address is a house number (optionally with a letter or a flat), one to three street
name words and a street word (Road, Lane, Close...): "12 Mill Lane", "we're at 2 rowan court".
In lower case no name word may be an everyday little word ("2 miles up the hill"), and the
street word must be one of the longer ones ("2 rowan way" is missed: "way" is everywhere), unless
a word just before says a place follows ("party at mine!! 2 rowan way", "we moved to 33 larch dr").
"No. 5" and "number 5" before the house number are part of it. A street named "The <word>" with
no street word counts for the words such streets use ("3 The Paddocks", not "3 The Gruffalo"), and
a house number may be written in words before a capitalised street ("seventeen Foxglove Way").
"Year 6 Street Dance", "2 Way Street" and prices are not addresses; nor is "n0b0dy" (N0B 0DY: area N
has no district 0).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import ClassVar

import ahocorasick

from auditor import MASK, Detection, mask_words
from rules.detectors import TextDetector
from rules.detectors.names import word_view
from rules.detectors.text import Text

__all__ = ["AddressDetector"]

_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(?P<out>[A-PR-UWYZ](?:[0-9][A-HJKPSTUW]?|[0-9]{2}|[A-HK-Y][0-9][ABEHMNPRV-Y]?|[A-HK-Y][0-9]{2})|GIR)"
    r"[ \t]{0,2}(?P<in>[0-9O][ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_AREA = re.compile(r"[A-Z]+")
# The UK's postcode areas (and BFPO's BF), for postcodes written in lower case.
_AREAS = frozenset((
    "AB", "AL", "B", "BA", "BB", "BD", "BF", "BH", "BL", "BN", "BR", "BS", "BT", "CA", "CB", "CF", "CH",
    "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY", "E", "EC",
    "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG", "HP", "HR", "HS", "HU", "HX",
    "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L", "LA", "LD", "LE", "LL", "LN", "LS", "LU",
    "M", "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW", "OL", "OX", "PA", "PE", "PH", "PL",
    "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG", "SK", "SL", "SM", "SN", "SO", "SP", "SR", "SS",
    "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW", "UB", "W", "WA", "WC", "WD", "WF",
    "WN", "WR", "WS", "WV", "YO", "ZE", "GIR",
))
# Words that have an inward code's shape with an O for its zero: "M1 OUT" is no postcode.
_O_WORDS = frozenset(("OAF", "OAR", "OAT", "ODD", "ODE", "OFF", "OFT", "OHS", "ONE", "ONS", "OPT", "ORB",
                      "ORE", "OUR", "OUT", "OWE", "OWL", "OWN", "OWT", "OHH", "OOH", "OOF", "OPS", "ORS"))
# District 0 exists only in these areas (BL0 Ramsbottom, CR0 Croydon...): "N0", "S0" are not districts.
_ZERO_AREAS = frozenset(("BL", "BS", "CM", "CR", "FY", "HA", "SL", "SS"))
# A letter after the district's digit ("SW1A", "EC2M", "W1T") is only used in central London.
_LETTER_DISTRICT_AREAS = frozenset(("E", "EC", "N", "NW", "SE", "SW", "W", "WC"))
_DISTRICT = re.compile(r"(?P<area>[A-Z]+)(?P<digits>[0-9]+)(?P<letter>[A-Z]?)")

_SUFFIXES = (
    "Road", "Rd", "Street", "St", "Lane", "Ln", "Avenue", "Ave", "Close", "Drive", "Crescent", "Cres",
    "Way", "Gardens", "Gdns", "Court", "Ct", "Place", "Pl", "Terrace", "Grove", "Hill", "Mews", "View",
    "Square", "Sq", "Parade", "Rise", "Vale", "Chase", "Walk", "Boulevard", "Wharf", "Green",
    # Courtyards and old lanes in towns and villages: "3 Tanners Yard", "7 Weavers Row", "2 Ash Croft".
    "Yard", "Row", "Croft", "Wynd", "Mount", "Fold",
    # "9 Station Approach", and the short forms letters and forms use: "Cl", "Dr", "Tce".
    "Approach", "Cl", "Dr", "Tce", "Terr", "Pde", "Cresc",
)
# "Flat 3, " before the house number, matched backwards from it (the text before is searched).
_FLAT = re.compile(r"(?:Flat|Apartment|Apt|Unit)\.?[ \t]+\d{1,4}[A-Za-z]?,?[ \t]+\Z", re.IGNORECASE)
# The house number starts with a digit so that the scan is fast; the look-behind after it keeps
# prices, decimals, times and longer words out.
_NUMBER = r"\d(?<![\w£$€.,:/-]\d)\d{0,3}[A-Za-z]?(?![\d.:/£$€])"
# Capitalised street: "45 High Street", "12 St Mary's Road", "12 The Crescent", "45 HIGH ST".
_SUFFIX_CASED = "|".join([*_SUFFIXES, *(s.upper() for s in _SUFFIXES)])
_STREET = re.compile(
    rf"(?P<num>{_NUMBER}),?[ \t]+"
    rf"(?P<name>(?:(?:St\.?|[A-Z][a-z'\u2019-]+|[A-Z][A-Z'\u2019-]+)[ \t]+){{1,3}}?)"
    rf"(?P<suffix>{_SUFFIX_CASED})\b\.?"
)
# Street words that are common words too ("30 May Bank Holiday", "the 2 Park End results"): a
# street so named counts only just before a postcode ("30 Ivy Bank, HG3 2RT"), which says it is one.
_WEAK_SUFFIXES = ("Bank", "Side", "End", "Park", "Heights", "Meadows", "Fields", "Gate", "Lea", "Brow",
                  "Dale", "Nook", "Garth", "Paddock", "Wood", "Heath", "Top", "Bottom", "Head")
_WEAK_STREET = re.compile(
    rf"(?P<num>{_NUMBER}),?[ \t]+(?P<name>(?:[A-Z][a-z'\u2019-]+[ \t]+){{1,2}}?)"
    rf"(?P<suffix>{'|'.join(_WEAK_SUFFIXES)})(?=,?[ \t]*\Z)"
)
# ... or just after words that say an address follows ("my address is 9 Heather Bank", "we live at 4
# Ivy Side"): a house number there is a home, whatever its street's last word.
_WEAK_STREET_CUED = re.compile(
    rf"(?P<num>{_NUMBER}),?[ \t]+(?P<name>(?:[A-Z][a-z'\u2019-]+[ \t]+){{1,2}}?)"
    rf"(?P<suffix>{'|'.join(_WEAK_SUFFIXES)})\b"
)
_WEAK_WORD = re.compile(rf" (?:{'|'.join(_WEAK_SUFFIXES)})\b")  # what _WEAK_STREET_CUED cannot match without
_ADDRESS_CUE = re.compile(r"(?<![a-z])(?:address|addy|live|lives|living)(?:[ \t]+(?:is|at|was))?"
                          r"[^a-z0-9\n]{1,4}(?=[0-9])", re.IGNORECASE)
# Any case ("we're at 2 rowan court"), used when a street word is written in lower case.
_STREET_ANY_CASE = re.compile(
    rf"(?P<num>{_NUMBER}),?[ \t]+"
    rf"(?P<name>(?:[A-Za-z][A-Za-z'\u2019-]+\.?[ \t]+){{1,3}}?)"
    rf"(?P<suffix>{'|'.join(_SUFFIXES)})\b\.?",
    re.IGNORECASE,
)
# "st", "rd", "way" are everywhere, and "fold" and "mount" are verbs ("3 fold", "2 riders mount").
_LONG_SUFFIXES = {s.lower() for s in _SUFFIXES if len(s) > 3} - {"fold", "mount", "approach"}
# In lower case the short forms are read too ("15 oakfield rd", "31 tennyson ave"): none of them is
# an everyday word ("st" and "dr" are left out: "3 st" is a weight, "dr" a doctor).
_LONG_SUFFIXES |= {"rd", "ave", "cl", "cres", "ln", "gdns", "ct", "pl", "tce", "terr", "sq", "pde"}
# A street word in lower case after a space; grouped by first letter, as a trie, to keep it quick.
_LOWER_SUFFIXES = re.compile(" (?:" + "|".join(
    first + "(?:" + "|".join(sorted(w[1:] for w in words)) + ")"
    for first, words in itertools.groupby(sorted(_LONG_SUFFIXES), key=lambda w: w[0])
) + r")\b")
# "way" and "dr", left out above, count in lower case after a word that says a place follows:
# "party at mine!! 8 meadowsweet way", "we live at 3 rowan way", "moved to 5 heron dr".
# A "dr" ends the address, as a clause or before a little word: "3 different dr surgeries" is a doctor's.
_CUED_SUFFIXES = ("way", "dr")
_DR_ENDS = (r"(?=[^\S\n]*(?:[^\w\s]|\Z|(?:and|n|in|on|near|by|from|at|for|if|so|with|but|lol|now|then|tho|"
            r"though|x+)\b))")
_CUED_WORD = re.compile(rf" (?:{'|'.join(_CUED_SUFFIXES)})\b")  # what _WAY_LOWER cannot match without
_WAY_LOWER = re.compile(
    rf"(?P<num>{_NUMBER}),?[ \t]+(?P<name>(?:[A-Za-z][a-z'\u2019-]+[ \t]+){{1,2}}?)"
    rf"(?P<suffix>way|dr{_DR_ENDS})\b")
_PLACE_CUE = re.compile(r"(?<![a-z])(?:at|to|mine|my house|my place|our house|our place|live|lives|address|"
                        r"addy|round|move[sd]?|moving)[^a-z0-9\n]{1,4}\Z")
# Words that cannot be a street's name: "2 miles up the hill", "5 people close by".
_NOT_NAMES = frozenset((
    "a", "an", "and", "the", "of", "to", "in", "on", "at", "up", "down", "by", "for", "from", "with",
    "our", "my", "your", "his", "her", "their", "this", "that", "more", "miles", "mile", "minutes",
    "hours", "days", "weeks", "times", "people", "kids", "children", "goals", "points", "runs", "laps",
))
# Streets named "The <word>" with no street word: "3 The Paddocks", "No. 4 The Maltings". Only
# words that name such a street, so "3 The Gruffalo books" is not one.
_THE_STREETS = (
    "Paddocks", "Paddock", "Maltings", "Meadows", "Orchard", "Orchards", "Willows", "Limes", "Laurels",
    "Beeches", "Elms", "Pines", "Cedars", "Poplars", "Hollies", "Firs", "Oaks", "Larches", "Spinney",
    "Coppice", "Copse", "Brambles", "Stables", "Sidings", "Glebe", "Leys", "Cloisters", "Quadrant",
    "Causeway", "Ridgeway", "Dell", "Nook", "Granary", "Forge", "Old Forge", "Old Orchard", "Green",
    "Circus", "Broadway", "Pastures", "Sycamores", "Chestnuts", "Maples", "Birches", "Rowans",
)
_THE_STREET = re.compile(
    rf"(?P<num>{_NUMBER}),?[ \t]+(?P<name>[Tt]he[ \t]+)(?P<suffix>{'|'.join(_THE_STREETS)})\b"
)
# The same in lower case ("sleepover at 2 the orchards"), only after a word that says a place follows
# ("at", "to", "from", "round"), and only the plural names: "3 the green" may be a score.
_THE_STREET_LOWER = re.compile(
    rf"(?:(?<=\bat )|(?<=\bto )|(?<=\bfrom )|(?<=\bround ))(?P<num>{_NUMBER}),?[ \t]+(?P<name>the[ \t]+)"
    rf"(?P<suffix>{'|'.join(s.lower() for s in _THE_STREETS if s.endswith('s'))})\b"
)
# A house number in words before a capitalised street: "seventeen Foxglove Way", "number twelve
# Mill Lane" ("one" only after "number": "the one High Street shop").
_UNITS = "two|three|four|five|six|seven|eight|nine"
_NUMBER_IN_WORDS = (rf"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[ -](?:one|{_UNITS}))?|"
                    rf"{_UNITS}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
                    rf"nineteen|(?<=number )one|(?<=no\. )one)")
_SPELT_STREET = re.compile(
    rf"(?<![A-Za-z-])(?P<num>(?i:{_NUMBER_IN_WORDS})),?[ \t]+"
    rf"(?P<name>(?:(?:St\.?|[A-Z][a-z'\u2019-]+)[ \t]+){{1,3}}?)"
    rf"(?P<suffix>{'|'.join(_SUFFIXES)})\b\.?"
)
# A number after these is a class, a page or a score, not a house: "Year 6 Street Dance".
# A number that names a gate, a door or a platform ("Gate 3, Millbrook Road") is no house's.
_NOT_HOUSE = re.compile(r"(?:year|yr|class|room|group|table|page|team|level|stage|size|gate|door|entrance|"
                        r"exit|platform|bay|pitch|court|zone|block|bus|route)[ \t]*\Z",
                        re.IGNORECASE)
# "No. 5 Kestrel Drive": "number" written before a house number is part of the address (a "No. 5"
# before other words is a rank or a shirt, and no street word follows it there).
_NUMBER_WORD = re.compile(r"(?<![A-Za-z])(?:no\.?|number)[ \t]*\Z", re.IGNORECASE)
_HOUSE_NUMBER = re.compile(r"\d+[A-Za-z]?(?![A-Za-z])|\d")
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_KEEP_WORDS = frozenset(w.lower() for w in ("Flat", "Apartment", "Apt", "Unit", "No", "Number", *_SUFFIXES))

# Letters as "a"/"A" and digits as "0" (commas deleted): a cheap test for "9 Word" and "A9".
_SKELETON = bytes(
    48 if 48 <= c <= 57 else 65 if 65 <= c <= 90 else 97 if 97 <= c <= 122 else c for c in range(256)
)


# An inward code ("9AA", or "9aa" after an outward code's digit or letter).
# ("ec1v 9hx": a district letter and a space between the two digits)
_INWARD = re.compile(rb"0(?:AA|a?[ \t]{0,2}0aa)")
_O_INWARD = re.compile(rb"0A?[ \t]{0,2}AAA")  # "DN4 OEA": an O for the inward code's zero
_NUMBER_UPPER_WORD = re.compile(rb"0[aA]? A")
_NUMBER_LOWER_WORD = re.compile(rb"0[aA]? a")
# "3 The Paddocks", "12 the Old Forge": a number, a three-letter word and a capital.
_NUMBER_THE = re.compile(rb"0[aA]? [Aa]aa A")
_NUMBER_THE_LOWER = re.compile(rb"a 0+a? aaa a")
# Number words as whole words of word_view (shared with the name detector): _SPELT_STREET is
# tried only where one starts.
_NUMBER_WORDS = ahocorasick.Automaton()
for _word in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
              "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
              "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"):
    _NUMBER_WORDS.add_word(f" {_word} ", len(_word))
_NUMBER_WORDS.make_automaton()


class AddressDetector(TextDetector):
    """UK postcodes and street addresses; reads the ``folded`` view."""

    kinds: ClassVar[frozenset[str]] = frozenset({"postcode", "address"})

    def find(self, text: Text) -> list[Detection]:
        """Every postcode and street address in ``text``."""
        folded = text.folded
        skeleton = folded.encode("utf-8", "replace").translate(_SKELETON, b",")
        found: list[Detection] = []
        postcodes: list[tuple[Detection, int]] = []
        # Every pattern but the spelt-out one needs an ASCII digit, which nearly half of all posts
        # lack: one byte search then spares them the skeleton's five pattern searches.
        if b"0" in skeleton:
            if _INWARD.search(skeleton) or ("O" in folded and _O_INWARD.search(skeleton)):
                postcodes = self._postcodes(text)
                found.extend(d for d, _ in postcodes)
            # The any-case pattern is slower: only when a street word is written in lower case (it
            # finds capitalised streets too).
            lower_word = _NUMBER_LOWER_WORD.search(skeleton) is not None  # "9 word": read twice below
            numbered_word = True  # a number and a word after it (the weak streets' test below)
            if lower_word and _LOWER_SUFFIXES.search(folded):
                found.extend(self._streets(text, _STREET_ANY_CASE.finditer(folded)))
            elif _NUMBER_UPPER_WORD.search(skeleton):
                found.extend(self._streets(text, _STREET.finditer(folded)))
            else:
                numbered_word = False
            if _NUMBER_THE.search(skeleton):
                found.extend(d for d in self._streets(text, _THE_STREET.finditer(folded), the=True)
                             if not any(d.start < f.end and f.start < d.end for f in found))
            # (The pattern starts with a letter, so is slow to search: two byte searches for its
            # tail rule out most texts first.)
            if (b"0 aaa a" in skeleton or b"0a aaa a" in skeleton) and _NUMBER_THE_LOWER.search(skeleton):
                found.extend(d for d in self._streets(text, _THE_STREET_LOWER.finditer(folded), the=True)
                             if not any(d.start < f.end and f.start < d.end for f in found))
            if numbered_word and ("addr" in text.lower or "addy" in text.lower or " liv" in text.lower) \
                    and _WEAK_WORD.search(folded):
                cued = [m for cue in _ADDRESS_CUE.finditer(folded)
                        if (m := _WEAK_STREET_CUED.match(folded, cue.end())) is not None]
                found.extend(d for d in self._streets(text, cued)
                             if not any(d.start < f.end and f.start < d.end for f in found))
            if b"0 " in skeleton and _CUED_WORD.search(folded):
                found.extend(d for d in self._streets(text, self._cued(folded))
                             if not any(d.start < f.end and f.start < d.end for f in found))
        if " " in folded and (spelt := self._spelt(text)):
            found.extend(self._streets(text, spelt))
        if postcodes:  # "30 Ivy Bank, HG3 2RT": whole, over "7 Low Fold" of "7 Low Fold End"
            weak = self._streets(text, (m for _, at in postcodes
                                        if (m := _WEAK_STREET.search(folded, max(0, at - 60), at))))
            found = [f for f in found if not any(f.start < w.end and w.start < f.end for w in weak)] + weak
        return found

    def _postcodes(self, text: Text) -> list[tuple[Detection, int]]:
        """Each postcode, with where it starts in the folded view."""
        found = []
        for match in _POSTCODE.finditer(text.folded):
            outward = match.group("out")
            written = match.group(0)
            area = _AREA.match(outward.upper())
            if not written.isupper() and (area is None or area.group(0) not in _AREAS):
                continue  # lower case needs a real postcode area
            if not _real_district(outward.upper()):
                continue  # "n0b0dy" is leetspeak, not N0B 0DY: no area has such a district
            inward = match.group("in")
            if not inward[0].isdigit() and (not written.isupper() or inward in _O_WORDS
                                            or area is None or area.group(0) not in _AREAS):
                continue  # an O for the zero: in capitals, a real area, and no word ("M1 OUT")
            lo, hi = text.span(match.start(), match.end())
            redacted = f"{text.original[lo:hi][:len(outward)].upper()} {MASK * 3}"
            found.append((Detection("postcode", lo, hi, redacted, "a home postcode"), match.start()))
        return found

    @staticmethod
    def _cued(folded: str) -> list[re.Match[str]]:
        """Lower-case streets named "... way" (or "dr"), each after a word that says a place follows."""
        return [m for m in _WAY_LOWER.finditer(folded)
                if _PLACE_CUE.search(folded, max(0, m.start() - 16), m.start())]

    @staticmethod
    def _spelt(text: Text) -> list[re.Match[str]]:
        """Streets after a house number in words ("seventeen Foxglove Way"), tried at each number word."""
        folded, matches, reach = text.folded, [], 0
        for end, size in _NUMBER_WORDS.iter(word_view(text.lower)):
            start = end - size - 1  # in ``folded``; ``end`` is the space after the word in the view
            if start < reach or folded[start + size:start + size + 1] not in (" ", "\t", "-"):
                continue
            match = _SPELT_STREET.match(folded, start)
            if match is not None:
                matches.append(match)
                reach = match.end()
        return matches

    def _streets(self, text: Text, matches: Iterable[re.Match[str]], *, the: bool = False) -> list[Detection]:
        folded = text.folded
        found = []
        for match in matches:
            names = match.group("name").split()
            if names[0].lower() == "way":
                continue  # "2 Way Street": two-way
            if not the and any(n[0].islower() and n.rstrip(".") in _NOT_NAMES for n in names):
                continue  # "2 miles up the hill"; a capital says it is a name: "12 The Crescent"
            start = match.start()
            if _NOT_HOUSE.search(folded, max(0, start - 10), start):
                continue
            flat = _FLAT.search(folded, max(0, start - 24), start)
            if flat is not None:
                start = flat.start()
            else:
                number = _NUMBER_WORD.search(folded, max(0, start - 8), start)
                if number is not None:
                    start = number.start()
            lo, hi = text.span(start, match.end())
            found.append(Detection("address", lo, hi, _mask_street(text.original[lo:hi]), "a street address"))
        return found


def _real_district(outward: str) -> bool:
    """Whether an outward code's district can exist: no leading zero, district 0 only where used,
    a letter after the digit only in central London."""
    district = _DISTRICT.fullmatch(outward)
    if district is None:
        return outward == "GIR"
    area, digits, letter = district.group("area", "digits", "letter")
    if digits.startswith("0") and (len(digits) > 1 or area not in _ZERO_AREAS):
        return False
    return not letter or area in _LETTER_DISTRICT_AREAS


def _mask_street(original: str) -> str:
    """Every digit masked, the street's name words cut to their first letter, the street word kept."""
    masked = _HOUSE_NUMBER.sub(lambda m: MASK * len(m.group(0)), original)
    return _WORD.sub(lambda m: m.group(0) if m.group(0).lower() in _KEEP_WORDS else mask_words(m.group(0)),
                     masked)
