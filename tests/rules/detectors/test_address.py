"""Postcodes and street addresses, with hard negatives and offsets into the original."""

from __future__ import annotations

import pytest

from auditor import ScanProfile
from rules.detectors.address import AddressDetector
from rules.detectors.text import normalise

DETECTOR = AddressDetector(ScanProfile())


def found(text: str) -> list[tuple[str, str, str]]:
    return sorted((d.kind, text[d.start:d.end], d.redacted.replace("\u2022", "•"))
                  for d in DETECTOR.find(normalise(text)))


@pytest.mark.parametrize(("text", "postcode", "redacted"), [
    ("SW1A 1AA", "SW1A 1AA", "SW1A •••"),
    ("post to EC1A 1BB.", "EC1A 1BB", "EC1A •••"),
    ("sw1a1aa", "sw1a1aa", "SW1A •••"),
    ("in ls1 4ap", "ls1 4ap", "LS1 •••"),
    ("W1A 0AX", "W1A 0AX", "W1A •••"),
    ("M1 1AE", "M1 1AE", "M1 •••"),
    ("B33 8TH", "B33 8TH", "B33 •••"),
    ("CR2 6XH", "CR2 6XH", "CR2 •••"),
    ("DN55 1PT", "DN55 1PT", "DN55 •••"),
    ("SW1A  1AA", "SW1A  1AA", "SW1A •••"),
    ("(CF3 2TU)", "CF3 2TU", "CF3 •••"),
])
def test_postcodes_found(text: str, postcode: str, redacted: str) -> None:
    assert found(text) == [("postcode", postcode, redacted)]


@pytest.mark.parametrize(("text", "address", "redacted"), [
    ("45 High Street", "45 High Street", "•• H••• Street"),
    ("Flat 3, 45 High Street", "Flat 3, 45 High Street", "Flat •, •• H••• Street"),
    ("12a Mill Lane", "12a Mill Lane", "••• M••• Lane"),
    ("at 12 St Mary's Road", "12 St Mary's Road", "•• St M•••'s Road"),
    ("12 The Crescent", "12 The Crescent", "•• T•• Crescent"),
    ("45 HIGH ST", "45 HIGH ST", "•• H••• ST"),
    ("7 Acacia Avenue, Millbrook", "7 Acacia Avenue", "• A••••• Avenue"),
    ("5 Park View", "5 Park View", "• P••• View"),
    ("i live at 12 mill lane", "12 mill lane", "•• m••• lane"),
    ("my address is 3 orchard close", "3 orchard close", "• o•••••• close"),
    ("10 Downing St.", "10 Downing St.", "•• D•••••• St."),
])
def test_street_addresses_found(text: str, address: str, redacted: str) -> None:
    assert found(text) == [("address", address, redacted)]


def test_address_and_postcode_together() -> None:
    text = "we live at 12 Orchard Close, Millbrook MB5 3XY"
    assert found(text) == [("address", "12 Orchard Close", "•• O•••••• Close"),
                           ("postcode", "MB5 3XY", "MB5 •••")]
    reasons = {d.kind: d.reason for d in DETECTOR.find(normalise(text))}
    assert reasons == {"address": "a street address", "postcode": "a home postcode"}


@pytest.mark.parametrize("text", [
    "A1 road", "the M25 was busy", "B12 vitamin", "Year 6 Street Dance", "3 roads closed",
    "2 Way Street theatre", "£12 High Street vouchers", "y6 3rd", "Class 3B Oak Lane",
    "at 10am on the 25th", "3.5 High Street", "2 miles up the hill", "we live 5 minutes away",
    "Year 6 Kestrels beat St Mary's 3-1", "on 23/11/2026 at 09:30", "Class 4C did 3 Laps",
    "i live near 2 big trees", "order PP-0093381", "Team 2 Hill Climb", "ab12 cd", "sw1a 1am",
    "we scored 3 Goals", "Book fair vouchers cost £4.80 in Oak Class",
])
def test_hard_negatives(text: str) -> None:
    assert found(text) == []


def test_lower_case_postcode_needs_a_real_area() -> None:
    assert found("mb1 2ab") == []
    assert found("MB1 2AB") == [("postcode", "MB1 2AB", "MB1 •••")]
    assert found("XX1 2AB") == []  # no area starts with X


def test_lower_case_street_without_a_living_word() -> None:
    assert found("me and jo are at 2 rowan court playing") == [("address", "2 rowan court", "• r•••• court")]
    assert found("we walked 2 more miles down the lane") == []


def test_offsets_point_into_original_after_zero_width_and_fullwidth() -> None:
    text = ("\u200b\uff11\uff12 at \uff14\uff15 Hi\u200bgh Street, "
            "\uff33\uff37\uff11\uff21 \uff11\uff21\uff21 ok")
    got = {d.kind: (text[d.start:d.end], d.redacted) for d in DETECTOR.find(normalise(text))}
    assert got["address"][0] == "\uff14\uff15 Hi\u200bgh Street"
    assert got["postcode"] == ("\uff33\uff37\uff11\uff21 \uff11\uff21\uff21",
                               "\uff33\uff37\uff11\uff21 \u2022\u2022\u2022")
    assert "\uff14" not in got["address"][1] and "igh" not in got["address"][1]


@pytest.mark.parametrize(("text", "address", "redacted"), [
    ("Party is at No. 14 Foxglove Close from 3pm", "No. 14 Foxglove Close", "No. •• F••••••• Close"),
    ("Drop it round to number 9 Elm Grove please", "number 9 Elm Grove", "number • E•• Grove"),
    ("Parcels go to 4 Tanners Yard, behind the church", "4 Tanners Yard", "• T•••••• Yard"),
    ("she lives at 11 Weavers Row", "11 Weavers Row", "•• W•••••• Row"),
])
def test_number_words_and_yards_and_rows(text: str, address: str, redacted: str) -> None:
    assert found(text) == [("address", address, redacted)]


@pytest.mark.parametrize("text", [
    "Our Reception class is no. 2 Rainbow Room", "the 100 yard dash", "we came 3 rows from the front",
])
def test_number_words_and_yards_hard_negatives(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("text", "redacted"), [
    ("SE1P 5AB", "SE1P •••"), ("W1T 3JH", "W1T •••"), ("CR0 4XY", "CR0 •••"), ("BS0 1AA", "BS0 •••"),
])
def test_districts_that_exist(text: str, redacted: str) -> None:
    assert found(text) == [("postcode", text, redacted)]


@pytest.mark.parametrize("text", [
    "send to n0b0dy", "g0d 0ne", "M1A 2BC", "N0 2AA", "S0 1AB",
])
def test_districts_that_do_not_exist(text: str) -> None:
    """District 0 only in a few areas, a letter after the digit only in central London."""
    assert found(text) == []


@pytest.mark.parametrize(("text", "street"), [
    ("come to 15 oakfield rd later", "15 oakfield rd"),
    ("im at 31 tennyson ave", "31 tennyson ave"),
    ("22 beech cl, ls6 3hb", "22 beech cl"),
    ("party at 4 mayfield cres", "4 mayfield cres"),
    ("7 rowan ln tonight", "7 rowan ln"),
    ("10 ash gdns", "10 ash gdns"),
    ("3 kings ct x", "3 kings ct"),
    ("9 acorn pl", "9 acorn pl"),
    ("14 bank tce", "14 bank tce"),
    ("6 high pde", "6 high pde"),
    ("18 oak ave.", "18 oak ave."),
    ("9 Station Approach, SW11 2LE", "9 Station Approach"),
    ("2 Mill Cl", "2 Mill Cl"),
    ("5 Elm Dr", "5 Elm Dr"),
    ("4 Victoria Tce", "4 Victoria Tce"),
    ("12 Park Terr", "12 Park Terr"),
])
def test_abbreviated_street_words(text: str, street: str) -> None:
    """Street words as letters and forms shorten them, in lower case too."""
    assert [s for kind, s, _ in found(text) if kind == "address"] == [street]


@pytest.mark.parametrize("text", [
    "got 3 cl of water", "2 pl of chips", "we won 3 ct", "the 5 new approach ideas", "see you at 4 dr who",
    "3 st of potatoes", "Year 6 ave score",
])
def test_abbreviations_that_are_not_streets(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("text", "span"), [
    # a lower-case postcode with a district letter and a space
    ("parcel went to ec1v 9hx instead", "ec1v 9hx"),
    ("sw1a  1aa", "sw1a  1aa"),
])
def test_lower_case_postcodes_with_a_district_letter(text: str, span: str) -> None:
    assert [s for kind, s, _ in found(text) if kind == "postcode"] == [span]


@pytest.mark.parametrize(("text", "span"), [
    # streets named "The <word>", with no street word
    ("I'm at 3 The Paddocks, off Station Lane", "3 The Paddocks"),
    ("No. 4 The Maltings", "No. 4 The Maltings"),
    ("Flat 2, 3 The Paddocks", "Flat 2, 3 The Paddocks"),
    ("drop it at 12 the Old Forge", "12 the Old Forge"),
    # a house number in words
    ("It's number seventeen Foxglove Way, the yellow door", "number seventeen Foxglove Way"),
    ("twenty-one Church Street", "twenty-one Church Street"),
    ("number one Mill Lane", "number one Mill Lane"),
])
def test_the_streets_and_house_numbers_in_words(text: str, span: str) -> None:
    assert [s for kind, s, _ in found(text) if kind == "address"] == [span]


@pytest.mark.parametrize("text", [
    "we read 3 The Gruffalo books", "the one High Street shop", "I saw three Red Kites",
    "Year 3 The Meadows trip", "The 12 Days of Christmas", "three of us walked up the lane",
    "two way street", "we meet at the paddocks at 3", "class 4 The Willows went on a trip",
])
def test_near_misses_of_those_addresses(text: str) -> None:
    assert [s for kind, s, _ in found(text) if kind == "address"] == []


@pytest.mark.parametrize(("text", "span"), [
    # a "The <word>" street in lower case, after a word that says a place follows
    ("pool party at 6 the willows tomorrow", "6 the willows"),
    ("walk round 21 the sycamores to get it", "21 the sycamores"),
])
def test_the_streets_in_lower_case_after_a_place_word(text: str, span: str) -> None:
    assert [s for kind, s, _ in found(text) if kind == "address"] == [span]


@pytest.mark.parametrize("text", [
    "we won 3 the paddocks lost", "score was 2 the willows 1", "at 3 the green team won",
    # a number that names a gate, a door or a platform
    "Coaches leave from Gate 4, Mill Lane end", "Door 2, Orchard Road entrance",
    "Platform 1 Station Road side",
])
def test_lower_case_the_streets_and_numbered_gates_near_misses(text: str) -> None:
    assert [s for kind, s, _ in found(text) if kind == "address"] == []


@pytest.mark.parametrize(("text", "span"), [
    # a street word that is a common word too, just before a postcode
    ("cards to 12 Rowan Bank, LS6 2AB please", "12 Rowan Bank"),
    ("we moved to 4 Moor Side HX3 7PQ", "4 Moor Side"),
    ("post it to 7 Low Fold End, YO1 7HH", "7 Low Fold End"),
])
def test_weak_street_words_before_a_postcode(text: str, span: str) -> None:
    assert [s for kind, s, _ in found(text) if kind == "address"] == [span]


@pytest.mark.parametrize("text", [
    "closed for the 30 May Bank Holiday", "2 Park End players scored", "we collected 40 Food Bank bags",
    "the 3 Green Side teams, LS6 2AB pitch",
])
def test_weak_street_words_without_a_postcode_after_are_not_streets(text: str) -> None:
    assert [s for kind, s, _ in found(text) if kind == "address"] == []


@pytest.mark.parametrize(("text", "street"), [
    # "way" in lower case, after a word that says a place follows
    ("sleepover at mine, 22 honeysuckle way!!", "22 honeysuckle way"),
    ("we live at 5 pennyroyal way now", "5 pennyroyal way"),
    ("come round to 17 tansy way after school", "17 tansy way"),
])
def test_lower_case_way_after_a_place_word(text: str, street: str) -> None:
    assert [s for kind, s, _ in found(text) if kind == "address"] == [street]


@pytest.mark.parametrize("text", [
    "we won 3 nil, no way",  # "nil" after a score, and no place word
    "there are 2 easy way to do it",  # no place word before
    "at 3 the only way is up",  # "the" names no street
    "meet at 10 by the way",
    "come round to 17 baker st",  # "st" stays out in lower case: "9 st" is a weight
])
def test_lower_case_way_hard_negatives(text: str) -> None:
    assert [s for kind, s, _ in found(text) if kind == "address"] == []


@pytest.mark.parametrize(("text", "street"), [
    # "dr" in lower case, after a word that says a place follows, the name capitalised or not
    ("we just moved to 8 Kestrel dr, come and see", "8 Kestrel dr"),
    ("party at 41 bramble dr from 2", "41 bramble dr"),
])
def test_lower_case_dr_after_a_place_word(text: str, street: str) -> None:
    assert [s for kind, s, _ in found(text) if kind == "address"] == [street]


@pytest.mark.parametrize("text", [
    "took him to 2 dr appointments",  # a doctor: no street name before it
    "she went to 3 different dr surgeries",  # not after a number and a name alone
    "we saw 4 Kestrel dr today",  # no word before says a place follows
])
def test_lower_case_dr_hard_negatives(text: str) -> None:
    assert [s for kind, s, _ in found(text) if kind == "address"] == []


@pytest.mark.parametrize(("text", "span"), [
    # in capitals an O may stand for the inward code's zero
    ("pick up from LS6 OBX please", "LS6 OBX"),
    ("Sender: B12OAY", "B12OAY"),
])
def test_postcode_with_an_o_for_the_zero(text: str, span: str) -> None:
    assert [s for kind, s, _ in found(text) if kind == "postcode"] == [span]


@pytest.mark.parametrize("text", [
    "GO M1 OUT NOW",  # a word ("OUT"), not an inward code
    "TEAM Y6 OWN GOAL",  # no area Y
    "ls6 obx",  # an O for a zero only in capitals
    "XX6 OBX",  # no area XX
])
def test_postcode_with_an_o_hard_negatives(text: str) -> None:
    assert [s for kind, s, _ in found(text) if kind == "postcode"] == []


@pytest.mark.parametrize(("text", "span"), [
    # a street with a common word for its last word, just after words that say an address follows
    ("send the invite to my address: 14 Larch Bank, near the shops", "14 Larch Bank"),
    ("we live at 12 Ivy Side now, come visit", "12 Ivy Side"),
])
def test_weak_street_words_after_an_address_cue(text: str, span: str) -> None:
    assert [s for kind, s, _ in found(text) if kind == "address"] == [span]


@pytest.mark.parametrize("text", [
    "Happy 30 May Bank Holiday everyone",  # no address cue, no postcode
    "our address book has 2 Park End entries",  # "book" after the cue word
])
def test_weak_street_words_hard_negatives(text: str) -> None:
    assert [s for kind, s, _ in found(text) if kind == "address"] == []
