"""Dates of birth: a full date tied to a birth ("born on 3 March 2015", "DOB: 03/03/2015", "b. 12/04/2014").

A date alone is a trip or a deadline, and an age ("happy 10th birthday") is not a date of
birth: a date counts only right after a birth word (born, DOB, date of birth, birthday is,
"b."), with at most a few small words between ("born on the", "birthday is on Tuesday"). The
date needs a day, a month and a year, written with digits ("03/03/2015", "3.3.15") or words
("3rd of March 2015", "March 3, 2015"); after "DOB", "date of birth" or a birthday word a day and
month are enough ("my birthday 28 May", "birthday: 14 Aug", "my b'day is 3 Oct"), and after
"birthday" digits too ("my birthday's 23/9"; "born on 3/3" may be a score). A birthday asked
about and answered ("when is ur bday? mine is 12th of december") ties the answer's date to a
birth. A record's birth date ("date of birth", "DOB") may state its value later in the same
sentence ("... was entered wrongly and should be 6 May 2015"), after "be", "is", "as", "to" or
"read", never after "by" or "on" (a deadline). A birth announcement ties its date to a birth by the
baby's weight instead of a birth word ("arrived on 12 May 2016 weighing 7lb 4oz"). The redacted form
keeps the year (an age is not secret) and masks the day and month.
"""

from __future__ import annotations

import re
from typing import ClassVar

from auditor import MASK, Detection
from rules.detectors import TextDetector
from rules.detectors.text import Text

__all__ = ["DateOfBirthDetector"]

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary|uary|urary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)?"
# A day written as a word: "twenty second", "twenty-first", "3rd" is above.
_UNIT_ORDINALS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_WORD_DAY = (rf"(?:(?:twenty|thirty)[ \t-]?(?:{_UNIT_ORDINALS})|{_UNIT_ORDINALS}|tenth|eleventh|twelfth|"
             r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)")
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thur?s?|fri|sat(?:ur)?|sun)(?:day)?,?[ \t]+)"
_NUMERIC_YEAR = r"(?P<nyear>(?:19|20)?[0-9]{2})"
_WORD_YEAR = r"(?P<wyear>(?:19|20)[0-9]{2})"
_DATE = (
    rf"(?P<date>{_WEEKDAY}?(?:"
    # 03/03/2015, 3.3.15, 12-04-2014: one separator, used twice
    rf"(?:0?[1-9]|[12][0-9]|3[01])(?P<sep>[/.\-])(?:0?[1-9]|1[0-2])(?P=sep){_NUMERIC_YEAR}\b"
    # 23/9 (no year; not "3.4", which is as often a number)
    r"|(?P<dm>(?:0?[1-9]|[12][0-9]|3[01])/(?:0?[1-9]|1[0-2]))(?![/.\-]?[0-9]|[ \t]+of\b)"
    # 2015-03-03
    r"|(?P<iyear>(?:19|20)[0-9]{2})-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12][0-9]|3[01])\b"
    # 3 March 2015, 3rd of March, 2015
    rf"|{_DAY}(?:[ \t]+of)?[ \t]+{_MONTHS}(?:,?[ \t]+{_WORD_YEAR})?\b"
    # "twenty second of May", "May the twenty-second"
    rf"|{_WORD_DAY}(?:[ \t]+of)?[ \t]+{_MONTHS}\b|{_MONTHS}[ \t]+(?:the[ \t]+)?{_WORD_DAY}\b"
    # March 3rd, 2015
    rf"|{_MONTHS}[ \t]+{_DAY}(?:,?[ \t]+(?P<wyear2>(?:19|20)[0-9]{{2}}))?\b"
    # a day named by its feast: "born on Christmas Eve 2016", "Boxing Day", "Valentine's Day"
    r"|(?:christmas[ \t]+(?:eve|day)|boxing[ \t]+day|new[ \t]+year['\u2019]?s[ \t]+(?:eve|day)|"
    r"valentine['\u2019]?s[ \t]+day|hallowe['\u2019]?en|bonfire[ \t]+night|"
    r"st\.?[ \t]+(?:patrick|david|george|andrew)['\u2019]?s[ \t]+day)(?:,?[ \t]+(?:19|20)[0-9]{2})?\b"
    r"))"
)
# The birth words, then up to three small words or punctuation, then the date. "I'm 11 on the
# 3rd of June" ties a date to a birth as plainly as "born on".
_AGE = r"(?:i'?m|i[ \t]+am|(?:he|she)'?s|(?:i|he|she)'?ll[ \t]+be|turns?|turning)[ \t]+[0-9]{1,2}"
_TRIGGER = (
    r"(?P<trigger>\bborn\b|\bd\.?[o0]\.?b\b\.?|\bdate[ \t]+of[ \t]+birth\b|\bbirth[ \t-]?date\b"
    # "bday on the 2nd of feb", "b-day 19/10", "birthday: 3 May": a birthday and straight away a date
    r"|(?P<bday>\b(?:birthday|birfday|bithday|brithday|birthdy|b['\u2019.-]?day)(?:[ \t]+(?:is|was)\b|"
    r"['\u2019]?s\b|(?=[ \t]*[:\-\u2013=]|[ \t]+(?:on[ \t]+)?(?:the[ \t]+)?[0-9a-z]))"
    # "my birthday 28 November", "her birthday on the 5th": whose birthday says it is a person's
    r"|\b(?:my|his|her|their|your|ur)[ \t]+(?:birthday|b['\u2019-]?day)s?\b)"
    rf"|\b{_AGE}[ \t]+on\b"
    # "when is ur bday? mine is 12th of december": a birthday asked about, then answered
    r"|(?P<mine>\b(?:mine|his|hers|theirs)(?:['\u2019]s\b|[ \t]+(?:is|was)\b))"
    r"|(?P<initial>(?<![\w.])b\.))"
)
# "date of birth as 09/05/2016" (as recorded), "birthday tomorrow 20th june" (when it falls),
# "date of birth \u2014 it's 19/04/2014" (a dash of any length, perhaps then "it's").
_FILLER = (r"(?:[ \t]*[:\-\u2013\u2014=,][ \t]*(?:it['\u2019]?s[ \t]+)?|"
           r"[ \t]+(?:on|is|was|in|the|of|as|today|tomorrow|tmrw|tomoz|:)"
           r"(?=[ \t]))*[ \t]*")
_PATTERN = re.compile(_TRIGGER + _FILLER + _DATE, re.IGNORECASE)
# "date of birth has been recorded wrongly (should be 6 January 2015)": a record's birth date and,
# later in the same sentence, the value it has or should have ("be", "is", "as", "to", "read"). Not a
# date after "by" or "on" ("send proof of date of birth by 6 January"): that is a deadline.
_VALUE = re.compile(
    r"(?P<trigger>\bd\.?[o0]\.?b\b\.?|\bdate[ \t]+of[ \t]+birth\b|\bbirth[ \t-]?date\b)"
    r"[^.!?\n]{0,60}?[ \t(](?:be|is|was|as|to|reads?|now)[ \t]*[:(]?[ \t]*(?:the[ \t]+)?" + _DATE,
    re.IGNORECASE)
# "Alfie arrived on 4 March 2016, weighing 7lb 2oz": an arrival, its full date, then a birth weight
# (pounds, or kilos to a decimal: "3.4kg"; a parcel's "2kg" is not one).
_ARRIVAL = re.compile(
    r"(?P<trigger>\b(?:arrived|came[ \t]+into[ \t]+the[ \t]+world|entered[ \t]+the[ \t]+world|"
    r"was[ \t]+delivered)"
    r"[ \t]+(?:safely[ \t]+)?(?:on[ \t]+)?(?:the[ \t]+)?)" + _DATE
    + r"(?=[^.!?\n]{0,30}?\bweigh(?:ing|ed|s)?[ \t]+(?:in[ \t]+at[ \t]+)?(?:a[ \t]+)?"
    r"(?:[0-9]{1,2}[ \t]*(?:lbs?|pounds?)|[0-9]\.[0-9]{1,2}[ \t]*(?:kg|kilos?))\b)",
    re.IGNORECASE)
# "I'm 11" just before an " on ".
_AGE_BEFORE = re.compile(_AGE + r"\Z")
_YEARS = ("nyear", "wyear", "wyear2", "iyear")
# Before "mine is <date>": the birthday it answers.
_BIRTHDAY_BEFORE = re.compile(r"birthday|birfday|bithday|brithday|birthdy|b['\u2019.-]?day|born|d\.?o\.?b",
                              re.IGNORECASE)
_ALNUM = re.compile(r"\w")
# The spellings of "bday" that hold no "birth" ("b-day", "birfday"), as one pattern: one scan of the
# text instead of one per spelling, and only when it has a "day" at all.
_BDAY = re.compile("b(?:[-'.\u2019]?|irf|ith|rith)day")
_NATIVITY_BEFORE = re.compile(r"(?<![a-z])(?:jesus|christ)(?:[ \t]+(?:was|is))?[ \t]*\Z")


def _has_initial(low: str) -> bool:
    """Whether ``low`` has a "b." that starts a word ("(b. 2016", not "club.")."""
    at = low.find("b.")
    while at != -1:
        if not at or not (low[at - 1].isalnum() or low[at - 1] == "."):
            return True
        at = low.find("b.", at + 2)
    return False


class DateOfBirthDetector(TextDetector):
    """Birth dates tied to a person; reads the ``folded`` view."""

    kinds: ClassVar[frozenset[str]] = frozenset({"date_of_birth"})

    def find(self, text: Text) -> list[Detection]:
        """Every date of birth in ``text``."""
        low = text.lower
        # ("birthdy" needs no test of its own: it holds "birth".)
        if "born" in low or "birth" in low or "dob" in low or "d.o.b" in low or (
                "day" in low and _BDAY.search(low) is not None) or _has_initial(low):
            matches = list(_PATTERN.finditer(text.folded))
        else:
            # Only "I'm 11 on ..." is left: look around each " on " after a number, not everywhere.
            matches = []
            on = low.find(" on ")  # str.find is quicker here than any pattern
            while on != -1:
                # A number before " on " and an age phrase before that ("Year 6 on Friday" is not).
                if on and low[on - 1].isdigit() and _AGE_BEFORE.search(low, max(0, on - 24), on):
                    match = _PATTERN.search(text.folded, max(0, on - 24), on + 52)
                    if match and (not matches or match.start() >= matches[-1].end()):
                        matches.append(match)
                on = low.find(" on ", on + 3)
        if "birth" in low or "dob" in low or "d.o.b" in low:
            # A record's birth date stated later in its sentence, where the short reach missed it.
            late = [m for m in _VALUE.finditer(text.folded)
                    if not any(m.start("date") < n.end() and n.start() < m.end("date") for n in matches)]
            if late:
                matches = sorted([*matches, *late], key=lambda m: m.start("date"))
        if "weigh" in low:  # a birth announcement: only where a weight is given at all
            matches = sorted([*matches, *(m for m in _ARRIVAL.finditer(text.folded)
                                          if not any(m.start("date") < n.end() and n.start() < m.end()
                                                     for n in matches))], key=lambda m: m.start("date"))
        found = []
        for match in matches:
            year = next((name for name in _YEARS if match.group(name)), None)
            value = match.re is not _PATTERN  # (_VALUE and _ARRIVAL have no "initial", "mine" or "bday")
            if year is None and (match.re is _ARRIVAL or (not value and match.group("initial"))):
                continue  # "b. 12 May", "arrived on 3 May" are too thin without a year
            if not value and match.group("mine") \
                    and not _BIRTHDAY_BEFORE.search(text.folded, 0, match.start()):
                continue  # "mine is 12th of december" is a birth date only after a birthday is asked
            if match.group("dm") and (value or not (match.group("bday") or match.group("mine"))):
                continue  # "born on 3/3" may be a fraction or a score: digits alone need a birthday
                # ("birthday 23/9", or a birthday asked about and answered: "mine is 16/08")
            if _NATIVITY_BEFORE.search(low, max(0, match.start() - 30), match.start()):
                continue  # "Jesus was born on Christmas Day": the story, not a pupil's birthday
            lo, hi = text.span(match.start("date"), match.end("date"))
            redacted = _ALNUM.sub(MASK, text.original[lo:hi])
            if year is not None:  # the year stays: an age is not secret, the day and month are
                y_lo, y_hi = text.span(match.start(year), match.end(year))
                redacted = redacted[:y_lo - lo] + text.original[y_lo:y_hi] + redacted[y_hi - lo:]
            found.append(Detection("date_of_birth", lo, hi, redacted, "a date of birth"))
        return found
