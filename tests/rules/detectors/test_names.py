"""Pupils' names: full names in their many written forms, misspellings, and the words that are not names."""

from __future__ import annotations

import random

import pytest

from auditor import Pupil, ScanProfile
from rules.detectors.names import PupilNameDetector, word_view
from rules.detectors.text import normalise

PUPILS = (
    Pupil("Olivia", "Bennett"),
    Pupil("Jo", "Li"),
    Pupil("Will", "Smith", photo_consent=True),
    Pupil("Grace", "King"),
    Pupil("Sean", "O'Brien", photo_consent=True),
    Pupil("Zoë", "Ånder"),
    Pupil("Hope", "Turner"),
    Pupil("Mary Jane", "Watson"),
    Pupil("Amelia", "Green"),
)


@pytest.fixture(scope="module")
def detector() -> PupilNameDetector:
    return PupilNameDetector(ScanProfile(pupils=PUPILS))


def found(detector: PupilNameDetector, text: str) -> list[str]:
    return [text[d.start:d.end] for d in detector.find(normalise(text))]


def test_old_forms_still_found(detector: PupilNameDetector) -> None:
    text = "Olivia Bennett's poem, #OliviaBennett, olivia  bennett, Olivia alone, Jo Li, Jolie"
    assert found(detector, text) == ["Olivia Bennett's", "#OliviaBennett", "olivia  bennett", "Jo Li"]


@pytest.mark.parametrize(("text", "names"), [
    ("Well done Olivia Bennett!", ["Olivia Bennett"]),
    ("WELL DONE OLIVIA BENNETT", ["OLIVIA BENNETT"]),
    ("olivia bennett came first", ["olivia bennett"]),
    ("Olivia Bennett\u2019s painting", ["Olivia Bennett\u2019s"]),
    ("Olivia Bennett's", ["Olivia Bennett's"]),
    ("follow @olivia_bennett and olivia.bennett", ["@olivia_bennett", "olivia.bennett"]),
    ("#oliviabennett #OLIVIABENNETT", ["#oliviabennett", "#OLIVIABENNETT"]),
    ("@OliviaBennett2015 posted", ["@OliviaBennett"]),
    ("Olivia-Bennett", ["Olivia-Bennett"]),
    ("Olivia \t  Bennett", ["Olivia \t  Bennett"]),
    ("Register: Bennett, Olivia", ["Bennett, Olivia"]),
    ("Sean O'Brien and Sean OBrien", ["Sean O'Brien", "Sean OBrien"]),
    ("Mary Jane Watson and #MaryJaneWatson", ["Mary Jane Watson", "#MaryJaneWatson"]),
    ("Jo Li.", ["Jo Li"]),
    ("(Grace King)", ["Grace King"]),
])
def test_full_names_in_their_written_forms(detector: PupilNameDetector, text: str, names: list[str]) -> None:
    assert found(detector, text) == names


@pytest.mark.parametrize(("text", "name"), [
    ("Olivia Benett won", "Olivia Benett"),
    ("Olivai Bennett won", "Olivai Bennett"),
    ("Olivia Bennet won", "Olivia Bennet"),
    ("OLIVIA BENNET won", "OLIVIA BENNET"),
    ("olivia benett won", "olivia benett"),  # lower case: a doubled letter dropped
    ("olivai bennett won", "olivai bennett"),  # lower case: two letters swapped
    ("Hope Truner won", "Hope Truner"),
    ("Amelia Gren won", "Amelia Gren"),  # "Green" has five letters: one edit allowed
    ("Ameila Green won", "Ameila Green"),
])
def test_misspelt_names(detector: PupilNameDetector, text: str, name: str) -> None:
    assert found(detector, text) == [name]


@pytest.mark.parametrize("text", [
    "Jolie is lovely",  # Jo Li inside a longer word
    "Olivia Bennettson and Olivia Bennettsmith",
    "Olivia wrote a poem",  # a first name alone is not flagged by default
    "Mrs Bennett says hello",
    "I will smith the iron",  # two everyday words in lower case
    "we hope turned out well",  # lower-case fuzzing next to an everyday word
    "olivia turned 7 today",  # not Olivia Turner (nor Hope Turner): "turned" is a real word
    "Olivia turned 7 today",
    "Thank you to Mrs Green and Mr King",
    "Thank you Mrs Bennett, Olivia had the best day",  # a vocative, not the register's order
    "Olivia,\nBennett",
    "Olivia\nBennett",
    "Olivia, Bennett and the others",
    "grace kind and gentle",  # "King" is too short to fuzz
    "Amelia Grey is new",  # a different first letter
    "Jo Lin and Jon Li",  # short names never fuzz
    "",
])
def test_hard_negatives(detector: PupilNameDetector, text: str) -> None:
    assert found(detector, text) == []


def test_everyday_word_names_need_capitals() -> None:
    detector = PupilNameDetector(ScanProfile(pupils=(Pupil("Will", "Young"), Pupil("Rose", "Hill"))))
    assert found(detector, "Will Young and Rose Hill won") == ["Will Young", "Rose Hill"]
    assert found(detector, "you will young man; the sun rose hill high") == []
    assert found(detector, "#willyoung") == ["#willyoung"]


def test_obfuscation_and_offsets_into_the_original(detector: PupilNameDetector) -> None:
    text = ("hi \u041elivia B\u0435nnett! and 0l1v1a B3nn3tt, Ol\u200bivia Bénnett, Zoe Ander, "
            "ZO\u00cb \u00c5NDER")
    names = found(detector, text)
    assert names == ["\u041elivia B\u0435nnett", "0l1v1a B3nn3tt", "Ol\u200bivia Bénnett", "Zoe Ander",
                     "ZO\u00cb \u00c5NDER"]
    (first, *_) = detector.find(normalise(text))
    assert (first.start, first.end) == (3, 17)


def test_redaction_keeps_only_initials(detector: PupilNameDetector) -> None:
    (d,) = detector.find(normalise("photo of Olivia Bennett's team"))
    assert d.redacted == "O\u2022\u2022\u2022\u2022\u2022 B\u2022\u2022\u2022\u2022\u2022\u2022's"
    assert "livia" not in d.redacted and "ennett" not in d.redacted
    assert d.kind == "pupil_name"


def test_reason_says_when_there_is_no_photo_consent(detector: PupilNameDetector) -> None:
    olivia, will = detector.find(normalise("Olivia Bennett and Will Smith"))
    assert olivia.reason == "a pupil's full name (no photo consent)"
    assert will.reason == "a pupil's full name"


def test_find_pupils_says_which_pupil(detector: PupilNameDetector) -> None:
    pairs = detector.find_pupils(normalise("Will Smith, Olivia Benett"))
    assert [(p.first_name, p.last_name, p.photo_consent) for _, p in pairs] == [
        ("Will", "Smith", True), ("Olivia", "Bennett", False)]


def test_shared_name_answers_for_the_pupil_without_consent() -> None:
    roster = (Pupil("Sam", "Patel", True), Pupil("Sam", "Patel", False))
    detector = PupilNameDetector(ScanProfile(pupils=roster))
    ((d, pupil),) = detector.find_pupils(normalise("Sam Patel"))
    assert not pupil.photo_consent and d.reason.endswith("(no photo consent)")


def test_first_names_alone_when_flagged() -> None:
    detector = PupilNameDetector(ScanProfile(pupils=PUPILS, flag_first_names=True))
    text = "Olivia and Olivia Bennett. Will you come? Ask Will. We will go, and Grace said so."
    ds = detector.find(normalise(text))
    assert [text[d.start:d.end] for d in ds] == ["Olivia", "Olivia Bennett", "Will", "Grace"]
    assert [d.reason for d in ds] == ["a pupil's first name", "a pupil's full name (no photo consent)",
                                      "a pupil's first name", "a pupil's first name"]
    assert [d.start for d in ds][2] == text.index("Will.")
    assert found(detector, "olivia said hi") == ["olivia"]  # not an everyday word: any case


def test_empty_roster_and_unmatchable_names() -> None:
    assert PupilNameDetector(ScanProfile()).find(normalise("Olivia Bennett")) == []
    detector = PupilNameDetector(ScanProfile(pupils=(Pupil("\u674e", "\u5a1c"),)))
    assert detector.find(normalise("\u674e \u5a1c")) == []


def test_joined_form_that_is_another_name_is_not_a_full_name() -> None:
    detector = PupilNameDetector(ScanProfile(pupils=(Pupil("Ann", "Abel"), Pupil("Annabel", "Jones"))))
    assert found(detector, "Annabel and Ann Abel") == ["Ann Abel"]


def test_word_view_keeps_offsets() -> None:
    assert word_view("hi, olivia_b! \u00e9") == " hi  olivia b    "
    assert len(word_view("caf\u00e9 \U0001f389")) == len("caf\u00e9 \U0001f389") + 2


def test_large_roster_of_common_word_names_stays_quiet() -> None:
    rng = random.Random(7)
    firsts = ["Grace", "Will", "Rose", "May", "Hope", "Olivia", "Jack", "Amelia", "Noah", "Ivy"]
    lasts = ["Smith", "Young", "King", "Brook", "Green", "Long", "White", "Hall", "Bennett", "Wood"]
    roster = (Pupil("Hope", "King"), Pupil("Ivy", "Wood"),
              *(Pupil(rng.choice(firsts), rng.choice(lasts)) for _ in range(998)))
    detector = PupilNameDetector(ScanProfile(pupils=roster))
    quiet = [
        "We will have a long day at the brook, and may the weather stay white and bright.",
        "Grace and courtesy: the king of the castle game was won by the young ones.",
        "I hope young readers enjoy the green hall display. Rose petals everywhere!",
        "Mrs Smith and Mr King will lead assembly; the choir may sing.",
    ]
    for text in quiet:
        assert found(detector, text) == [], text
    assert found(detector, "Photos of Hope King and Ivy Wood") == ["Hope King", "Ivy Wood"]


@pytest.mark.parametrize(("text", "redacted"), [
    ("Ol\u200bivia Bennett", "O\u2022\u2022\u2022\u2022\u2022 B\u2022\u2022\u2022\u2022\u2022\u2022"),
    ("Olivia Be\u0301nnett", "O\u2022\u2022\u2022\u2022\u2022 B\u2022\u2022\u2022\u2022\u2022\u2022"),
])
def test_invisible_characters_do_not_unmask_letters(
        detector: PupilNameDetector, text: str, redacted: str) -> None:
    (d,) = detector.find(normalise(text))
    assert (d.start, d.end, d.redacted) == (0, len(text), redacted)


@pytest.mark.parametrize(("text", "names"), [
    ("follow @olivia_bennett07 for vids", ["@olivia_bennett"]),  # "07" is no leetspeak "ot"
    ("#oliviabennett15 \U0001f3c6", ["#oliviabennett"]),
    ("add sean_obrien1 on there", ["sean_obrien"]),
    ("h4ppy b1rthday 0l1v1a b3nn3tt", ["0l1v1a b3nn3tt"]),  # leetspeak inside a name still folds
    # a number glued between the name and another word: "4" is "for", not an "a"
    ("vote #amelia_green4president", ["#amelia_green"]),
    ("#OliviaBennett4Captain!!", ["#OliviaBennett"]),
    ("@graceking1stplace", ["@graceking"]),
])
def test_handles_with_a_number(detector: PupilNameDetector, text: str, names: list[str]) -> None:
    assert found(detector, text) == names


@pytest.mark.parametrize("text", [
    "Jolie07 and jo_lin5",  # still whole words only
    "olivia1 wrote this",  # a first name alone
    "Bennettson99",
    "#olivia4bennettfan",  # two words apart from the name's own
    "#bestteam4ever_jo",  # a first name alone
])
def test_handles_with_a_number_negatives(detector: PupilNameDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "span"), [
    ("O l i v i a  B e n n e t t is here", "O l i v i a  B e n n e t t"),
    ("G r a c e  K i n g won", "G r a c e  K i n g"),
    ("well done a m e l i a  g r e e n", "a m e l i a  g r e e n"),
    ("H O P E  T U R N E R", "H O P E  T U R N E R"),
    ("z o e  a n d e r!!", "z o e  a n d e r"),
])
def test_names_spelt_out_letter_by_letter(detector: PupilNameDetector, text: str, span: str) -> None:
    assert found(detector, text) == [span]


def test_a_spelt_out_name_is_masked(detector: PupilNameDetector) -> None:
    (detection,) = detector.find(normalise("G r a c e  K i n g"))
    assert detection.redacted == "G \u2022 \u2022 \u2022 \u2022  K \u2022 \u2022 \u2022"


@pytest.mark.parametrize("text", ["g o  o n  t h e n", "a b c d e f g", "I got a 5 in Y6"])
def test_spelt_out_words_that_name_nobody(detector: PupilNameDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.fixture(scope="module")
def forms_detector() -> PupilNameDetector:
    return PupilNameDetector(ScanProfile(pupils=(
        Pupil("Ben", "Carter"), Pupil("Kacper", "Zielinski"), Pupil("Olivia", "Bennett"),
        Pupil("Will", "King"), Pupil("Theodore", "Hill"), Pupil("Anna", "Kowalsky"))))


def names_in(detector: PupilNameDetector, text: str) -> list[str]:
    return [text[d.start:d.end] for d in detector.find(normalise(text))]


@pytest.mark.parametrize(("text", "names"), [
    # a first name in its full or short form
    ("Benjamin Carter?? no its Ben Carter", ["Benjamin Carter", "Ben Carter"]),
    ("well done Theo Hill", ["Theo Hill"]),
    ("William King was great", ["William King"]),
    # "-ski" written "-sky", and the other way round, with a misspelt first name beside it
    ("Kasper Zielinsky's dad here", ["Kasper Zielinsky's"]),
    ("Anna Kowalski", ["Anna Kowalski"]),
    # every doubled letter written once, when both words are capitalised
    ("Olivia Benet was brilliant", ["Olivia Benet"]),
    # "Will" is still a name when it does not open a question
    ("Will King scored twice.", ["Will King"]),
    ("Well done Will King?", ["Will King"]),
])
def test_name_forms_and_spellings(forms_detector: PupilNameDetector, text: str, names: list[str]) -> None:
    assert names_in(forms_detector, text) == names


@pytest.mark.parametrize("text", [
    "Will King Charles come to visit our school??", "will smith it", "olivia benny", "Kasper Zielona",
    "Benjamin Franklin flew a kite", "Mr Carter and Benjamin", "William the Conqueror",
])
def test_near_misses_of_name_forms(forms_detector: PupilNameDetector, text: str) -> None:
    assert names_in(forms_detector, text) == []


@pytest.mark.parametrize(("text", "names"), [
    # a possessive "s" with no apostrophe, on a short surname too
    ("Jo Lis coat was left on the bus", ["Jo Lis"]),
    ("Will Smiths dad is picking up", ["Will Smiths"]),
    # two everyday words disguised with leetspeak are written as a name, as capitals would be
    ("gr4ce k1ng won the race", ["gr4ce k1ng"]),
    ("h0pe turn3r is here", ["h0pe turn3r"]),
])
def test_possessives_without_apostrophes_and_leetspeak_names(
        detector: PupilNameDetector, text: str, names: list[str]) -> None:
    assert found(detector, text) == names


@pytest.mark.parametrize("text", [
    "grace kings are in the chess set", "say grace and will smiths", "the greens are lovely",
])
def test_everyday_words_stay_words_without_capitals_or_leetspeak(
        detector: PupilNameDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "name"), [
    # both words slipped, written as a name: a letter dropped, doubled or swapped in the first
    # name, any one slip in the last
    ("Congratulations Olvia Benet on the spelling bee", "Olvia Benet"),
    ("Great goal from Olivai Bennet today", "Olivai Bennet"),
    ("Hope Tunrer", "Hope Tunrer"),  # one word right: the ordinary reading
])
def test_both_words_slipped(detector: PupilNameDetector, text: str, name: str) -> None:
    assert found(detector, text) == [name]


@pytest.mark.parametrize("text", [
    "olvia benet came round",  # in lower case a double slip is too loose
    "Mrs Olvia Benet teaches year 4",  # a title: a grown-up
    "Olive Bennet won",  # "olive" is no slip of "olivia" (a letter changed, one missing)
    "Amelie Grey won",  # "grey" is two changes from "green"
    "Ameila Gren won",  # "Green" is an everyday word: no double slip around it
])
def test_both_words_slipped_hard_negatives(detector: PupilNameDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "name"), [
    # a handle is written in lower case: two everyday words joined in one still name a pupil
    ("follow @grace_king.xo for the dance vids", "@grace_king"),
    ("#grace.king won the spelling bee", "#grace.king"),
])
def test_everyday_words_joined_in_a_handle(detector: PupilNameDetector, text: str, name: str) -> None:
    assert found(detector, text) == [name]


@pytest.mark.parametrize("text", [
    "the file was saved as grace_king.doc",  # no "@" or "#": not a handle
    "say grace. king of the castle next",  # a sentence's end between the words
    "@grace king charles is visiting",  # a space: the handle is "@grace" alone
])
def test_everyday_words_joined_in_a_handle_hard_negatives(detector: PupilNameDetector, text: str) -> None:
    assert found(detector, text) == []
