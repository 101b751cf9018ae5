"""Dates of birth: a date tied to a birth, never a date alone or an age."""

from __future__ import annotations

import re

import pytest

from auditor import ScanProfile
from rules.detectors.birthdate import DateOfBirthDetector
from rules.detectors.text import normalise

DETECTOR = DateOfBirthDetector(ScanProfile())


def found(text: str) -> list[tuple[str, str]]:
    return [(text[d.start:d.end], d.redacted.replace("\u2022", "•")) for d in DETECTOR.find(normalise(text))]


@pytest.mark.parametrize(("text", "date", "redacted"), [
    ("born on 3 March 2015", "3 March 2015", "• ••••• 2015"),
    ("DOB: 03/03/2015", "03/03/2015", "••/••/2015"),
    ("date of birth 3.3.15", "3.3.15", "•.•.15"),
    ("her birthday is 14th May 2016", "14th May 2016", "•••• ••• 2016"),
    ("b. 12/04/2014", "12/04/2014", "••/••/2014"),
    ("I was born 12-04-2014", "12-04-2014", "••-••-2014"),
    ("born on Tuesday 3rd of March, 2015", "Tuesday 3rd of March, 2015", "••••••• ••• •• •••••, 2015"),
    ("born March 3rd, 2015", "March 3rd, 2015", "••••• •••, 2015"),
    ("D.O.B. 3/3/2015", "3/3/2015", "•/•/2015"),
    ("d0b 03/03/2015", "03/03/2015", "••/••/2015"),
    ("DOB 14 May", "14 May", "•• •••"),
    ("born 2015-03-03", "2015-03-03", "2015-••-••"),
    ("his birthday's on the 3rd of March 2015", "3rd of March 2015", "••• •• ••••• 2015"),
    ("birth date - 1 Jan 2016", "1 Jan 2016", "• ••• 2016"),
    ("happy birthday Tom! born 04/07/2016", "04/07/2016", "••/••/2016"),
    ("her birthday is 14th May", "14th May", "•••• •••"),
    ("my bday is 5/8/2014 so im the oldest", "5/8/2014", "•/•/2014"),
    ("Her birthday's on 2 April, she'll be 9", "2 April", "• •••••"),
    ("my brother was born on 25th december so", "25th december", "•••• ••••••••"),
    ("my birthday is on the 1st of may and", "1st of may", "••• •• •••"),
    ("im 11 on the 3rd of june", "3rd of june", "••• •• ••••"),
])
def test_dates_of_birth_found(text: str, date: str, redacted: str) -> None:
    assert found(text) == [(date, redacted)]
    assert {d.reason for d in DETECTOR.find(normalise(text))} == {"a date of birth"}


@pytest.mark.parametrize("text", [
    "trip on 23/11/2026", "happy 10th birthday", "born in 2015", "b. 14th May", "born on 3/3",
    "club. 12/04/2014", "I'm 11 on Friday", "the 3rd of June is my birthday party",
    "Sports day moved to 12/05/2026", "born to run 5k on 3 March 2026?",
    "birthday party on 14th May 2026", "Harvest assembly on 14.03.26 at 3.15pm", "stubborn 3 March 2015",
    "she was born 10 years ago", "newborn 3 March 2015",
])
def test_hard_negatives(text: str) -> None:
    assert found(text) == []


def test_offsets_point_into_original_after_zero_width_and_fullwidth() -> None:
    text = "\u200b\uff11 born on \uff13/\uff13/\uff12\uff10\uff11\uff15 ok"
    (d,) = DETECTOR.find(normalise(text))
    assert (d.kind, text[d.start:d.end]) == ("date_of_birth", "\uff13/\uff13/\uff12\uff10\uff11\uff15")
    assert d.redacted == "\u2022/\u2022/\uff12\uff10\uff11\uff15"


def test_redaction_leaves_no_day_or_month() -> None:
    for text in ("born 14th May 2016", "DOB 14/05/2016", "born May 14, 2016"):
        (d,) = DETECTOR.find(normalise(text))
        assert not re.search(r"14|05|May", d.redacted)


@pytest.mark.parametrize(("text", "date", "redacted"), [
    ("my birthday 3 March, cards welcome", "3 March", "• •••••"),
    ("Her birthday: 19 Oct", "19 Oct", "•• •••"),
    ("his birthdays 7/12 so we're going bowling", "7/12", "•/••"),
    ("Its my bday on the 2nd of may!", "2nd of may", "••• •• •••"),
])
def test_whose_birthday_without_a_year(text: str, date: str, redacted: str) -> None:
    assert found(text) == [(date, redacted)]


@pytest.mark.parametrize("text", [
    "birthday party on 3 March", "the birthday cake sale is 3/3", "born on 3/3",
])
def test_whose_birthday_hard_negatives(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("text", "date", "redacted"), [
    ("(b. 02.09.2015)", "02.09.2015", "••.••.2015"),
    ("Ellie (b. 4/7/2013)", "4/7/2013", "•/•/2013"),
])
def test_initial_after_a_bracket(text: str, date: str, redacted: str) -> None:
    assert found(text) == [(date, redacted)]


def test_initial_inside_a_word_hard_negative() -> None:
    assert found("rhubarb. 11/04/2016") == []


@pytest.mark.parametrize(("text", "date"), [
    ("my b'day is 14 Feb so get me cake", "14 Feb"),
    ("her b\u2019day's 3rd of June", "3rd of June"),
])
def test_birthday_written_b_apostrophe_day(text: str, date: str) -> None:
    assert [span for span, _ in found(text)] == [date]


def test_b_apostrophe_day_party_date_is_not_a_birth_date() -> None:
    assert found("the b'day party is on 14 Feb") == []


@pytest.mark.parametrize(("text", "date"), [
    # "birthday" (as texted) and straight away a date, with no "my" or "is"
    ("bday on the 2nd of feb!!", "2nd of feb"),
    ("b-day 19/10 dont forget", "19/10"),
    ("birthday on 12th may", "12th may"),
    ("b'day 4/7", "4/7"),
    ("b.day 03/11", "03/11"),
    ("birthday 21 April yay", "21 April"),
    ("brithday on 9 oct", "9 oct"),
    ("birfday is 5th jan", "5th jan"),
    ("his bday 3rd june", "3rd june"),
    # the day as a word
    ("my birthday is twenty second of may", "twenty second of may"),
    ("bday: twenty-first of march", "twenty-first of march"),
    ("her bday is the thirtieth of sept", "thirtieth of sept"),
    ("born on the fifth of november", "fifth of november"),
    ("my birthday is may the twenty-third", "may the twenty-third"),
    # February as it is often spelt
    ("my bday is feburary 3rd", "feburary 3rd"),
    ("birthday: 1st febuary", "1st febuary"),
])
def test_birthday_as_texted(text: str, date: str) -> None:
    assert [d for d, _ in found(text)] == [date]


@pytest.mark.parametrize("text", [
    "birthday party on 3rd June", "birthday 3/4 of us came", "happy birthday to Sam 2 days late",
    "bday cake for 30 children", "the second of may is a bank holiday", "first of may fair",
])
def test_birthday_words_without_a_birth_date(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("text", "date"), [
    ("when is ur bday? mine is 12th of december", "12th of december"),
    ("her birthday's in May, mine's 3rd June", "3rd June"),
    ("Jack was born in the spring. His is 4 April 2015", "4 April 2015"),
])
def test_a_birthday_asked_about_and_answered(text: str, date: str) -> None:
    assert [d for d, _ in found(text)] == [date]


@pytest.mark.parametrize("text", [
    "what's your favourite day? mine is 12th of december", "mine is on 12th of december",
    "when is ur bday? mine is on a saturday", "the trip is 3rd June, mine is the blue bag",
])
def test_an_answer_with_no_birthday_asked_is_no_birth_date(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("text", "date"), [
    ("our twins were born on New Year's Eve 2015", "New Year's Eve 2015"),
    ("he was born on Bonfire Night, hence the name", "Bonfire Night"),
    ("my birthday is on Valentine's Day", "Valentine's Day"),
])
def test_a_birth_on_a_named_day(text: str, date: str) -> None:
    assert [span for span, _ in found(text)] == [date]


@pytest.mark.parametrize("text", [
    "Jesus was born on Christmas Day", "Merry Christmas Eve from Year 2", "the disco is on Halloween",
])
def test_named_days_without_a_pupil_born_on_them(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("text", "span"), [
    # a date recorded "as", and a birthday said to fall today or tomorrow
    ("the form has her date of birth as 3 March 2016", "3 March 2016"),
    ("its my birthday today 14th feb!!", "14th feb"),
])
def test_birth_words_then_as_or_when(text: str, span: str) -> None:
    assert [text[d.start:d.end] for d in DETECTOR.find(normalise(text))] == [span]


@pytest.mark.parametrize("text", ["happy birthday today to Leo, 9 today!", "born as a twin in the story"])
def test_birth_words_then_as_or_when_near_misses(text: str) -> None:
    assert DETECTOR.find(normalise(text)) == []


@pytest.mark.parametrize(("text", "date"), [
    # a record's birth date, and later in the same sentence the value it has or should have
    ("The date of birth on his form was entered wrongly and should read 9 July 2016.", "9 July 2016"),
    ("DOB on the medical form needs correcting to 21st Feb 2015, thanks", "21st Feb 2015"),
    ("Her birth date in the register is now (3 October 2014)", "3 October 2014"),
])
def test_a_records_birth_date_later_in_its_sentence(text: str, date: str) -> None:
    assert [d for d, _ in found(text)] == [date]


@pytest.mark.parametrize("text", [
    "Please bring proof of date of birth by 9 July 2025.",  # a deadline: "by"
    "Date of birth certificates are checked on 4 March.",  # "on": when, not what
    "Check the date of birth. The trip is 9 July 2025",  # another sentence
    "The date of birth was typed as 3/4 in error",  # digits alone: a fraction as often
])
def test_a_records_birth_date_hard_negatives(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("text", "date"), [
    # a birth announcement: an arrival, its full date, then the baby's weight
    ("Baby Noor arrived safely on 2nd March 2017, weighing 6lb 9oz!", "2nd March 2017"),
    ("our twins came into the world on 14/02/2018 weighing 5 lbs each", "14/02/2018"),
    ("Teddy was delivered on the 9th of May 2015, weighing in at 3.6kg", "9th of May 2015"),
])
def test_birth_announcements(text: str, date: str) -> None:
    assert [d for d, _ in found(text)] == [date]


@pytest.mark.parametrize("text", [
    "the new sofa arrived on 3 June 2023 weighing 40kg",  # a weight in whole kilos: no baby's
    "the pumpkins arrived on 12 October and we weighed them, 9lb",  # no year, and weighed after a stop
    "Baby Noor arrived on 2nd March, 6lb 9oz",  # no year: too thin
    "the coach arrived on 5 May 2024 and we weighed our bags",
])
def test_birth_announcements_hard_negatives(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("text", "date"), [
    # a birthday asked about, answered with digits only
    ("when's your bday? hers is 3/11 i think", "3/11"),
    # a record's birth date, a long dash, then the date said to be it
    ("the club asked for her DOB \u2014 it's 07/02/2015 if that helps", "07/02/2015"),
])
def test_answers_in_digits_and_dashes(text: str, date: str) -> None:
    assert [d for d, _ in found(text)] == [date]


@pytest.mark.parametrize("text", [
    "what did you score? mine is 16/20",  # no birthday asked about: a score
    "born \u2014 it's 3/4 of the way through the book",  # digits alone need a birthday
])
def test_answers_in_digits_hard_negatives(text: str) -> None:
    assert found(text) == []
