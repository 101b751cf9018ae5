"""Phone numbers: plain, obfuscated and spelled out, with hard negatives and offsets into the original."""

from __future__ import annotations

import re

import pytest

from auditor import ScanProfile
from rules.detectors.phone import PhoneDetector
from rules.detectors.text import normalise

DETECTOR = PhoneDetector(ScanProfile())


def found(text: str) -> list[tuple[str, str]]:
    return [(text[d.start:d.end], d.reason) for d in DETECTOR.find(normalise(text))]


@pytest.mark.parametrize(("text", "number", "reason"), [
    ("ring 07700 900123", "07700 900123", "a number in a reserved fictional range"),
    ("ring 07700900123", "07700900123", "a number in a reserved fictional range"),
    ("ring 0113 496 0000", "0113 496 0000", "a number in a reserved fictional range"),
    ("ring +44 7700 900 123", "+44 7700 900 123", "a number in a reserved fictional range"),
    ("ring 0044 7700 900123", "0044 7700 900123", "a number in a reserved fictional range"),
    ("ring 020-7946-0958", "020-7946-0958", "a number in a reserved fictional range"),
    ("ring (0161) 496 0000", "(0161) 496 0000", "a number in a reserved fictional range"),
    ("ring 07700.900.123", "07700.900.123", "a number in a reserved fictional range"),
    ("text 07911 123456 tonight", "07911 123456", "a UK mobile number"),
    ("+44 (0)7911 123456", "+44 (0)7911 123456", "a UK mobile number"),
    ("+44 7911-123-456!", "+44 7911-123-456", "a UK mobile number"),
    ("office 01234 567890", "01234 567890", "a UK phone number"),
    ("freephone 0800 123 4567", "0800 123 4567", "a UK phone number"),
    ("Paris +33 1 23 45 67 89", "+33 1 23 45 67 89", "an international phone number"),
    ("DC +1 202-555-0143", "+1 202-555-0143", "an international phone number"),
    ("0 7 7 0 0 9 0 0 1 2 3", "0 7 7 0 0 9 0 0 1 2 3", "a number in a reserved fictional range"),
    ("O77OO 9OO123", "O77OO 9OO123", "a number in a reserved fictional range"),
    ("07700 - 900 - 123", "07700 - 900 - 123", "a number in a reserved fictional range"),
    ("Tel:07911123456", "07911123456", "a UK mobile number"),
    ("text 07627485324 to swap", "07627485324", "a UK mobile number"),  # invalid to the metadata
    ("whatsapp me on 447700900321 for the rota", "447700900321", "a number in a reserved fictional range"),
    ("whatsapp 44 7911 123456", "44 7911 123456", "a UK mobile number"),
])
def test_numbers_found(text: str, number: str, reason: str) -> None:
    assert found(text) == [(number, reason)]


@pytest.mark.parametrize(("text", "number"), [
    ("oh seven seven double oh nine oh oh one two three",
     "oh seven seven double oh nine oh oh one two three"),
    ("call zero seven seven zero zero nine zero zero one two three ok",
     "zero seven seven zero zero nine zero zero one two three"),
    ("Oh Seven Seven Zero Zero, nine zero zero, one two three",
     "Oh Seven Seven Zero Zero, nine zero zero, one two three"),
    ("my number is 07700 900 one two three", "07700 900 one two three"),
    ("nought seven seven double nought nine double nought one two three",
     "nought seven seven double nought nine double nought one two three"),
])
def test_spelled_out_numbers_found(text: str, number: str) -> None:
    ((span, reason),) = found(text)
    assert span == number
    assert reason == "a number in a reserved fictional range (spelled out)"


@pytest.mark.parametrize("text", [
    "order 123456789012", "we won 3-1 in 2026", "price £1,250.00", "on 23/11/2026 at 09:30",
    "ref 0800123", "call 999", "year 2026 2027 2028", "order no. 4471-2093", "order 20261123-0457",
    "ORD 558213", "ref 778 120 334", "PP-0093381", "23.11.2026 09.30", "scores 21-17 12-8 3-1",
    "raised £2,340 from 180 families", "id 0770090012345678", "0123456789", "it was 98.6% attendance",
    "one two three four five six seven eight nine", "oh no, oh well", "double or nothing",
    "Year 6 won 12-8 on 14.03.26 at 3.15pm", "order 441234567", "ref 4412345678901",
    "Order number 4471 9023 8812 for the PTA hoodies",
])
def test_hard_negatives(text: str) -> None:
    assert found(text) == []


def test_trailing_number_does_not_hide_the_phone() -> None:
    assert found("call 07700 900123 2 times") == [("07700 900123", "a number in a reserved fictional range")]


def test_two_numbers_in_one_run_of_digits() -> None:
    text = "07911 123456 or 07700 900123"
    assert [s for s, _ in found(text)] == ["07911 123456", "07700 900123"]


def test_redaction_keeps_six_digits() -> None:
    (d,) = DETECTOR.find(normalise("call 07700 900 123 now"))
    assert d.redacted == "07700 9\u2022\u2022 \u2022\u2022\u2022"
    assert (d.start, d.end, d.kind) == (5, 18, "phone")


def test_redaction_masks_letter_zeros() -> None:
    (d,) = DETECTOR.find(normalise("O77OO 9OO123"))
    assert d.redacted == "O77OO 9\u2022\u2022\u2022\u2022\u2022"


def test_spelled_out_redaction_masks_words_after_the_sixth_digit() -> None:
    (d,) = DETECTOR.find(normalise("oh seven seven double oh nine oh oh one two three"))
    assert d.redacted.replace("\u2022", "•") == "oh seven seven double oh nine •• •• ••• ••• •••••"
    (d,) = DETECTOR.find(normalise("my number is 07700 900 one two three"))
    assert d.redacted.replace("\u2022", "•") == "07700 9•• ••• ••• •••••"


def test_offsets_point_into_original_after_zero_width_and_fullwidth() -> None:
    text = "\u200bhi\u200c \uff11\uff12 call \uff10\uff17\uff17\uff10\uff10 9\u200b00123 now"
    (d,) = DETECTOR.find(normalise(text))
    assert text[d.start:d.end] == "\uff10\uff17\uff17\uff10\uff10 9\u200b00123"
    assert d.redacted == "\uff10\uff17\uff17\uff10\uff10 9\u200b\u2022\u2022\u2022\u2022\u2022"


@pytest.mark.parametrize("text", [
    "ring 07911 123456", "+44 (0)7911 123456", "oh seven nine one one double one two three four five six",
    "\uff10\uff17\uff19\uff11\uff11 \uff11\uff12\uff13\uff14\uff15\uff16",
])
def test_redaction_leaks_no_digit_past_the_sixth(text: str) -> None:
    (d,) = DETECTOR.find(normalise(text))
    assert len(re.findall(r"\d", d.redacted)) <= 6
    assert not re.search(r"\b(?:one|two|three|four|five|six)\b", d.redacted.split("one one")[-1])


@pytest.mark.parametrize(("text", "number"), [
    ("give my cousin in Perth a ring on 0412 555 019, she's lovely", "0412 555 019"),
    ("call me: 212-555-0123", "212-555-0123"),
    ("Grandad's number is (416) 555-0199", "(416) 555-0199"),
    # who is rung, by title and name, between the phone word and the number
    ("ring Dr Okafor on 0412 555 019 after six", "0412 555 019"),
    ("text Miss O'Neill at 212-555-0188", "212-555-0188"),
])
def test_national_number_of_another_country_after_a_phone_word(text: str, number: str) -> None:
    assert found(text) == [(number, "an international phone number")]


@pytest.mark.parametrize("text", [
    "Your order number is (617) 555-0147",
    "Invoice 0491 570 156 is now overdue",
    "the tracking ref 212 555 0123 for your parcel",
    "(617) 555-0147",
    "ask Mrs Patel about order 0491 570 156",
])
def test_national_number_without_a_phone_word_is_not_a_phone(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("text", "number"), [
    # the phone word inflected, and "from": who the texts come from
    ("the club texts from (212) 555-0176 every week", "(212) 555-0176"),
    ("we get txts from 0412 555 019 about the bus", "0412 555 019"),
])
def test_national_number_after_texts_from(text: str, number: str) -> None:
    assert found(text) == [(number, "an international phone number")]


@pytest.mark.parametrize(("text", "number"), [
    # a country or one of its cities just before: the number is read in that country's plan only
    ("my auntie moved to Brisbane, 0412 555 019 if anyone wants to say hello", "0412 555 019"),
    ("Greetings from New York! 212-555-0123 is the hotel", "212-555-0123"),
    ("our exchange family in Auckland - 021 555 0187", "021 555 0187"),
])
def test_national_number_after_a_place_in_its_country(text: str, number: str) -> None:
    assert found(text) == [(number, "an international phone number")]


@pytest.mark.parametrize("text", [
    "Melbourne trip booking ref 0412 555 019 confirmed",  # a reference word between
    "order from Boston: 212 555 0123",  # an order's number
    "we saw Melbourne and 212-555-0123 was the score",  # not valid in Australia's plan
    "Sydney is lovely, 12 345 678 910 people went",  # a long count
])
def test_national_number_after_a_place_hard_negatives(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("text", "number"), [
    # a lone l or I among the digits is a one, as an O is a zero
    ("txt me on O77OO 9OO l45 after tea", "O77OO 9OO l45"),
    ("ring 0113 496 0I07 about the lift", "0113 496 0I07"),
    ("my new mob is 07700 9003l8", "07700 9003l8"),
])
def test_letter_l_or_i_for_a_one(text: str, number: str) -> None:
    assert [n for n, _ in found(text)] == [number]


@pytest.mark.parametrize("text", [
    "07700 900 all booked now",  # "all": the l is part of a word
    "Room 10 I think, 2009 intake",  # a capital I between numbers is a word, not a digit
    "lol 1000 lols 2000 lil",
])
def test_letter_l_or_i_hard_negatives(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("text", "number"), [
    # digits then words, after a price or a count that the spelled-out run starts with
    ("Bike for sale, £40. 07700 900 four one six", "07700 900 four one six"),
    ("2 tickets left, 07700 nine zero zero three two one", "07700 nine zero zero three two one"),
])
def test_spelled_number_after_other_digits(text: str, number: str) -> None:
    assert [n for n, _ in found(text)] == [number]


def test_spelled_run_without_a_number_in_it() -> None:
    assert found("scores were 3, 2, one, two and four, five") == []


@pytest.mark.parametrize(("text", "number"), [
    # the US range kept for fiction (555-0100 to 555-0199), under any area code, after a phone word
    ("her cell is (555) 555-0178 if you need her", "(555) 555-0178"),
    ("ring his mobile on 999-555-0121", "999-555-0121"),
])
def test_us_fictional_numbers_after_a_phone_word(text: str, number: str) -> None:
    assert found(text) == [(number, "a number in a reserved fictional range")]


@pytest.mark.parametrize("text", [
    "(555) 555-0178",  # no phone word: may be a reference
    "order number (555) 555-0178",
    "call me: 555-555-0278",  # outside the 0100-0199 lines
])
def test_us_fictional_numbers_hard_negatives(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("text", "number"), [
    # a phone word, then while it holds, then "is"
    ("back home in August; my number until then is 0491 570 123", "0491 570 123"),
    ("my mobile whilst we're away is 0491 570 188", "0491 570 188"),
])
def test_phone_word_for_a_while(text: str, number: str) -> None:
    assert [n for n, _ in found(text)] == [number]


@pytest.mark.parametrize("text", [
    # a reference's label just before the digits makes them the reference
    "Order no. 07700 900123 has shipped",
    "Tracking ref: 07912 345678, due Monday",
    "invoice number 01632 960001 is overdue",
    "my number for the raffle is 0491 570 123",  # not "while", "until" ...: a raffle ticket
])
def test_reference_labels_make_references(text: str) -> None:
    assert found(text) == []
