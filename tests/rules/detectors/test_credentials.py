"""Passwords and log-in details shared in prose, and talk about passwords that shares none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor import ScanProfile
from rules.detectors.credentials import (
    _ANY_NOUN,
    _DERIVED,
    _GATED_PATTERNS,
    _GENERAL,
    _GENERAL_REVERSE,
    _USER_TOLD,
    _USER_TOLD_NEEDLE,
    CredentialDetector,
)
from rules.detectors.text import normalise

REASON = "a password or log-in shared in a post"


@pytest.fixture(scope="module")
def detector() -> CredentialDetector:
    return CredentialDetector(ScanProfile())


def found(detector: CredentialDetector, text: str) -> list[tuple[str, str]]:
    detections = detector.find(normalise(text))
    assert all(d.kind == "credential" and d.reason == REASON and d.blocks for d in detections)
    return [(text[d.start:d.end], d.redacted) for d in detections]


@pytest.mark.parametrize(("text", "span", "redacted"), [
    ("my login is jsmith pw Sunshine1", "login is jsmith pw Sunshine1", "login is j••••• pw S••••••••"),
    ("password: Tiger123!", "password: Tiger123!", "password: T••••••••"),
    ("the wifi password is millbrook2026", "the wifi password is millbrook2026",
     "the wifi password is m••••••••••••"),
    ("username jsmith password hunter2", "username jsmith password hunter2",
     "username j••••• password h••••••"),
    ("PIN is 4821", "PIN is 4821", "PIN is ••••"),
    ("pass = Abc123", "pass = Abc123", "pass = A•••••"),
    ("log in with jsmith / Sunshine1", "log in with jsmith / Sunshine1", "log in with j••••• / S••••••••"),
    ("the code for the door is 1234", "the code for the door is 1234", "the code for the door is ••••"),
    ("Staff: the door code is 4821#.", "door code is 4821#", "door code is •••••"),
    ("Password: sunshine", "Password: sunshine", "Password: s•••••••"),
    ("The Wi-Fi password is \"Library2026\".", "The Wi-Fi password is \"Library2026",
     "The Wi-Fi password is \"L••••••••••"),
    ("user: jsmith, pass: x1x1x1", "user: jsmith, pass: x1x1x1", "user: j•••••, pass: x•••••"),
    ("pw Sunsh1ne", "pw Sunsh1ne", "pw S•••••••"),
])
def test_shared_secrets_are_found_with_the_label_kept(
        detector: CredentialDetector, text: str, span: str, redacted: str) -> None:
    assert found(detector, text) == [(span, redacted)]


@pytest.mark.parametrize("text", [
    "Forgot my password again!",
    "Reset your password on the portal",
    "Never share your password with anyone",
    "This document is password-protected",
    "Passwords must be 8 characters long",
    "What is the password?",
    "Remember to bring your passport",
    "The password is case sensitive",
    "Password: reset it on the portal",
    "Pin the tail on the donkey",
    "The dress code is smart casual",
    "Read our blog post about code club",
    "We pass the ball 3 times",
    "Sign up using your school login",
    "Order ORD 558213 paid on 23/11/2026 09:30 for £1,250.00",
])
def test_talk_about_passwords_that_shares_none_is_not_a_credential(
        detector: CredentialDetector, text: str) -> None:
    assert found(detector, text) == []


def test_the_secret_never_survives_in_the_redacted_form(detector: CredentialDetector) -> None:
    (detection,) = detector.find(normalise("username jsmith password hunter2"))
    assert "hunter2" not in detection.redacted and "jsmith" not in detection.redacted


def test_offsets_point_into_the_original_text(detector: CredentialDetector) -> None:
    text = "Caf\u00e9 wifi \u2014 p\u0430ssword: Tiger123!"  # a Cyrillic a in "password"
    (detection,) = detector.find(normalise(text))
    assert text[detection.start:detection.end] == "p\u0430ssword: Tiger123!"


def test_find_many_gives_what_find_gives_one_by_one(detector: CredentialDetector) -> None:
    texts = [normalise(t) for t in (
        "password: Tiger123!", "forgot my password", "PIN is 4821", "Lovely trip", "", "pass = Abc123",
    )] * 2
    one_by_one = [detector.find(t) for t in texts]
    assert detector.find_many(texts) == one_by_one
    assert sum(1 for r in one_by_one if r) == 6


@pytest.mark.parametrize(("text", "span", "redacted"), [
    # misspelt labels
    ("my pasword is Tulip44", "my pasword is Tulip44", "my pasword is T••••••"),
    ("paswd: rainbow", "paswd: rainbow", "paswd: r••••••"),
    ("the passwrd is Kite_99", "the passwrd is Kite_99", "the passwrd is K••••••"),
    # "p/w" as a label
    ("Guest Wi-Fi p/w: Orchard5", "Wi-Fi p/w: Orchard5", "Wi-Fi p/w: O•••••••"),
    ("blog p/w = daisy", "p/w = daisy", "p/w = d••••"),
    # "password's" without its apostrophe
    ("my passwords Banana12", "my passwords Banana12", "my passwords B•••••••"),
    ("the wifi passwords kettle99", "the wifi passwords kettle99", "the wifi passwords k•••••••"),
    # what the password is for, then "is"
    ("the password for the PTA email is Fete2026!", "the password for the PTA email is Fete2026!",
     "the password for the PTA email is F••••••••"),
    ("pw for my xbox is dragon77", "pw for my xbox is dragon77", "pw for my xbox is d•••••••"),
    # a question about the password, answered
    ("what's the wifi password? it's Pebble42", "the wifi password? it's Pebble42",
     "the wifi password? it's P•••••••"),
    ("I changed the password. Its now Lemon8!", "the password. Its now Lemon8!",
     "the password. Its now L••••••"),
    # class and join codes
    ("the join code is 7QK2-PL9", "join code is 7QK2-PL9", "join code is ••••••••"),
    ("Class code: HX4-22QP", "Class code: HX4-22QP", "Class code: ••••••••"),
    # a log-in name, then the password word and the password
    ("log on as 4C and the password tiger", "log on as 4C and the password tiger",
     "log on as 4• and the password t••••"),
    ("login with Y5team, password stars", "login with Y5team, password stars",
     "login with Y•••••, password s••••"),
])
def test_less_tidy_ways_of_sharing_a_secret_are_found(
        detector: CredentialDetector, text: str, span: str, redacted: str) -> None:
    assert found(detector, text) == [(span, redacted)]


@pytest.mark.parametrize("text", [
    "forgot my pasword again",
    "the p/w is in your pack",
    "Passwords are changing on Monday",
    "My passwords never work lol",
    "The password for the parent app is in the letter.",
    "The password for the Year 4 blog went home in book bags.",
    "What's the wifi password? It's in the office",
    "I forgot the password. It's so annoying",
    "Our class code of conduct is on the wall",
    "The class code is on the letter we sent home",
    "the class code is 3B",
    "log in with your email and password to book",
    "Log in with Google and the password you chose",
    "Username and password slips are in book bags",
    "username and password letters go home today",
    "He passed the test with flying colours",
])
def test_notices_and_near_misses_share_no_secret(detector: CredentialDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "span", "redacted"), [
    ("Spelling Shed log-in code for Year 4 is YR4-2210", "log-in code for Year 4 is YR4-2210",
     "log-in code for Year 4 is ••••••••"),
    ("the join code for the maths club is 8KQ-771", "join code for the maths club is 8KQ-771",
     "join code for the maths club is •••••••"),
    ("the keypad code for the side gate is 2580#", "keypad code for the side gate is 2580#",
     "keypad code for the side gate is •••••"),
    ("PIN for the canteen card is 5521", "PIN for the canteen card is 5521",
     "PIN for the canteen card is ••••"),
    ("my pin's 7712", "pin's 7712", "pin's ••••"),
])
def test_codes_for_something(detector: CredentialDetector, text: str, span: str, redacted: str) -> None:
    """A code or PIN, then what it is for, then "is": "the login code for Year 4 is ..."."""
    assert found(detector, text) == [(span, redacted)]


@pytest.mark.parametrize(("text", "span", "redacted"), [
    ("the code to unlock the class iPads is 4417", "code to unlock the class iPads is 4417",
     "code to unlock the class iPads is ••••"),
    ("code to get into the reading app this week is RD-9931",
     "code to get into the reading app this week is RD-9931",
     "code to get into the reading app this week is •••••••"),
])
def test_codes_that_let_someone_in(detector: CredentialDetector, text: str, span: str, redacted: str) -> None:
    assert found(detector, text) == [(span, redacted)]


@pytest.mark.parametrize("text", [
    "the login code for the trip is on the letter", "the pin for the badge is 2 inches",
    "the code to open the tin is on the lid", "the code to get into the hall is knock twice",
    "the alarm code for the hall is 40 seconds", "the dress code for the disco is 1970s",
])
def test_codes_for_something_hard_negatives(detector: CredentialDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "span", "redacted"), [
    # a phone or tablet's lock code, digits typed one at a time
    ("my phone lock screen code is 9 4 7 2 dont tell", "lock screen code is 9 4 7 2",
     "lock screen code is •••••••"),
    ("the ipad unlock code: 5-5-1-9", "ipad unlock code: 5-5-1-9", "ipad unlock code: •••••••"),
    ("her pin is 8 8 2 0", "pin is 8 8 2 0", "pin is •••••••"),
    # an app's school code with no "is": letters and digits mixed
    ("Log in to Spellzone with school code QX42B today.", "school code QX42B", "school code •••••"),
    ("class code 7KP2Q on the sheet", "class code 7KP2Q", "class code •••••"),
    # a plain word that ends the clause after "password is"
    ("my password is bananas!", "my password is bananas!", "my password is b•••••••"),
    ("his passwrd is tractor 😂", "his passwrd is tractor", "his passwrd is t••••••"),
])
def test_lock_codes_school_codes_and_plain_passwords(detector: CredentialDetector, text: str, span: str,
                                                     redacted: str) -> None:
    assert found(detector, text) == [(span, redacted)]


@pytest.mark.parametrize("text", [
    "the phone code for France is 0033",  # a dialling code
    "our school code of conduct",
    "the school code 2026 list",
    "the password is wrong.",
    "the password is expired",
    "my password is long",
    "the password is case sensitive",
])
def test_codes_and_passwords_described_not_shared(detector: CredentialDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "span"), [
    # a secret spelt out letter by letter
    ("pw is l e m o n 1 2 shhh", "pw is l e m o n 1 2"),
    ("pwd: s u n s h i n e", "pwd: s u n s h i n e"),
    ("password is h e l l o 1 2 3", "password is h e l l o 1 2 3"),
    ("p a s s w o r d is tiger99", "p a s s w o r d is tiger99"),
    # "pass" on its own, before a word that ends in digits
    ("my pass is bluebell77", "my pass is bluebell77"),
    ("roblox pass is dragon2012 dont tell", "pass is dragon2012"),
    ("pass was Sunny55", "pass was Sunny55"),
    # codes that unlock a device or a lock
    ("ipad code is 1 2 3 9", "ipad code is 1 2 3 9"),
    ("the tablet code is 4471", "tablet code is 4471"),
    ("padlock code is 0 4 2 7", "padlock code is 0 4 2 7"),
    ("locker combination code: 1 9 8 4", "combination code: 1 9 8 4"),
    ("passcode is 7 7 1 2", "passcode is 7 7 1 2"),
    ("pin is 4 8 2 1", "pin is 4 8 2 1"),
    # where the password is for, then "is"
    ("WiFi password at the fete marquee is Fete2024Fun", "WiFi password at the fete marquee is Fete2024Fun"),
    ("the password in the staffroom is Owl2025", "the password in the staffroom is Owl2025"),
])
def test_spelt_out_and_bare_labels(detector: CredentialDetector, text: str, span: str) -> None:
    assert [s for s, _ in found(detector, text)] == [span]


def test_a_spelt_out_secret_is_masked(detector: CredentialDetector) -> None:
    assert found(detector, "pw is l e m o n 1 2") == [("pw is l e m o n 1 2", "pw is l" + "\u2022" * 12)]


@pytest.mark.parametrize("text", [
    "my bus pass is 50p", "pass is valid till June", "the pass is in the office", "my season pass is brill",
    "ipad code of conduct is here", "the wifi password at the hall is on the board", "phone code is 0161",
    "a b c d e f g", "boarding pass is 2B",
])
def test_bare_pass_and_device_hard_negatives(detector: CredentialDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "span", "redacted"), [
    # a made-up user name shared on its own
    ("the class login is y6oak", "the class login is y6oak", "the class login is •••••"),
    ("my username is sarah.h", "my username is sarah.h", "my username is •••••••"),
    # a user name and a password parted by a slash
    ("my login is sarah.h / Millie2015 if you want", "login is sarah.h / Millie2015",
     "login is s•••••• / ••••••••••"),
    # a PIN or a lock code in words
    ("the pin is four four two one", "pin is four four two one", "pin is •••••••••••••••••"),
    ("door code is one-two-three-four", "door code is one-two-three-four", "door code is ••••••••••••••••••"),
    # a class app's join code, after what it is for and a colon
    ("Class Dojo code for new parents in Willow class: ABX-7QK-22.",
     "Class Dojo code for new parents in Willow class: ABX-7QK-22",
     "Class Dojo code for new parents in Willow class: ••••••••••"),
    ("Seesaw code: 7QK2PL", "Seesaw code: 7QK2PL", "Seesaw code: ••••••"),
])
def test_user_names_spelt_pins_and_class_app_codes(detector: CredentialDetector, text: str, span: str,
                                                    redacted: str) -> None:
    assert found(detector, text) == [(span, redacted)]


@pytest.mark.parametrize("text", [
    "forgot my password AGAIN and miss had to reset it", "I forgot the password ASAP lol",
    "the class login is on the letter", "my username is broken", "my login is Facebook / Google",
    "the pin is four", "pin is one of the things", "we played four four two one formation",
    "Class Dojo code for new parents: see the letter", "the Teams code is on the sheet",
])
def test_near_misses_of_those_forms_share_nothing(detector: CredentialDetector, text: str) -> None:
    assert found(detector, text) == []


# ---- the general rule: a credential noun, a short link, a secret-shaped token (new wordings)

@pytest.mark.parametrize(("text", "span"), [
    # noun, what it is for, a link, then digits: spaced, dashed, grouped, an O for a 0
    ("fyi the bike shed padlock is 3-3-8-1", "padlock is 3-3-8-1"),
    ("The combo on the music room locker is now 9 0 2", "combo on the music room locker is now 9 0 2"),
    ("gran's keysafe is 5150 btw", "keysafe is 5150"),
    ("the pin on nana's card is 1O1O lol", "pin on nana's card is 1O1O"),
    ("Tapestry access code for Nursery families: 5521 7780 1942",
     "access code for Nursery families: 5521 7780 1942"),
    ("the back gate keypad opens with 7 7 3 1", "gate keypad opens with 7 7 3 1"),
    # letters mixed with digits or symbols, dash-grouped codes, after "key", "login", "username"
    ("the router key is Fox-Hill-77 if ur round mine", "key is Fox-Hill-77"),
    ("Wifi key: b4kery#Lane", "Wifi key: b4kery#Lane"),
    ("my fortnite username is Blaze_Wolf", "username is Blaze_Wolf"),
    ("admin login HT-OFFICE-02 for the supply teacher", "login HT-OFFICE-02"),
    ("Year 2 reading app parent code for Oak class is QWP4-11ZT.", "parent code for Oak class is QWP4-11ZT"),
    # a quoted word after a password noun
    ("the blog passcode is \"hedgehog\" this half term", "passcode is \"hedgehog"),
    # a question, then the answer
    ("what's the code for the art cupboard? its 4-0-0-9 i think", "code for the art cupboard? its 4-0-0-9"),
    ("the wifi pw is on the fridge, it's Kettle-88", "pw is on the fridge, it's Kettle-88"),
    # the reverse order
    ("7395 is the code for the staff toilet", "7395 is the code"),
    ("just type 2468 on the keypad by the office", "2468 on the keypad"),
    # a password told by what it is built from
    ("my password is my cat's name and 99", "password is my cat's name and 99"),
])
def test_the_general_rule_finds_new_wordings(detector: CredentialDetector, text: str, span: str) -> None:
    assert [s for s, _ in found(detector, text)] == [span]


@pytest.mark.parametrize("text", [
    # times, prices, quantities, years, rooms and phone numbers after a credential noun
    "the gate is open from 8:45 until 9:05", "the door code changed on 12/03/2025",
    "the car park gate is 200 metres past the church", "the alarm goes off with 3 short beeps",
    "the key is £450 to replace", "our code club is 15:30 on Tuesdays", "the key year is 2024",
    "the login for the trip letter is in room 14", "door 12 is the one by the hall",
    "the safeguarding helpline code is 0800 123 4567", "the gate is 3-2 to us at half time",
    # advice and examples, not a shared secret
    "never make your PIN 1234", "a weak password such as Summer2024 is easy to guess",
    "don't use 1111 as the door code", "passwords should have at least 3 numbers like 7 8 9",
    "the password is not Oak123 any more, ask the office",
    # codes that are public by nature
    "the discount code is SAVE-20 at the uniform shop", "Postcode is LS6 2AB", "the area code is 0113",
    "use promo code FETE2025 for tickets", "the tracking code is RM-4471-GB",
    # a plain word, an SSID, a hashtag
    "the key is teamwork", "the Wi-Fi network is MillbrookGuest", "the door is red",
    "the gate code is on the letter home", "my username is the same as my brother's",
])
def test_the_general_rule_keeps_quiet_on_near_misses(detector: CredentialDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "span"), [
    # a lock's code may read as a year, when the lock is named between noun and number
    ("the code for the music room cupboard is 1966", "code for the music room cupboard is 1966"),
    # what the code is, then the digits: an appositive before the number
    ("nan's card PIN is her wedding day, 0-6-0-7", "PIN is her wedding day, 0-6-0-7"),
    # the link then how to use it
    ("the scout hut code now: enter 8830 on the pad", "hut code now: enter 8830"),
    ("group invite code - type OTTER-5521 when asked", "invite code - type OTTER-5521"),
    # a password still the same, or said to be unchanged, then named
    ("is the Purple Mash password still Kestrel44?", "password still Kestrel44"),
    ("the password for the club laptops is the same as before: badger",
     "the password for the club laptops is the same as before: badger"),
    # a phone or bike lock, an O for a 0
    ("my bike lock is 5O92 if u need to borrow it", "bike lock is 5O92"),
    # where the lock is, as well as what it opens
    ("the alarm code at the sports hall is two seven seven one",
     "alarm code at the sports hall is two seven seven one"),
    # a three-letter password, a game account, a user name to log in with
    ("my pasword is dog", "my pasword is dog"),
    ("his minecraft is frost_miner88 add him", "his minecraft is frost_miner88"),
    ("log on as y4.robins for the spelling quiz", "log on as y4.robins"),
    # an example in brackets does not make what follows one
    ("use your number (e.g. 12) and the group PIN 9032 today", "PIN 9032"),
])
def test_new_links_and_nouns_find_new_wordings(detector: CredentialDetector, text: str, span: str) -> None:
    assert [s for s, _ in found(detector, text)] == [span]


@pytest.mark.parametrize("text", [
    "the lock is broken on the side gate", "my bike lock is 3 years old",
    "the code for the year 6 trip is on the letter",
    "the password is still required for the portal", "log in with Google on the school laptop",
    "log in with your email, e.g. parent@example.com", "log in with millbrook.sch.uk accounts only",
    "my minecraft is broken again", "my roblox is so laggy", "the password is the same as your child's login",
    "the PIN is on the back, ask the office", "e.g. PIN 1234 is a weak choice",
    "my password is bad", "the lock screen is blue",
])
def test_new_links_and_nouns_keep_quiet_on_near_misses(detector: CredentialDetector, text: str) -> None:
    assert found(detector, text) == []


def _corpus_texts() -> list[str]:
    """Every text of the labelled corpus, and every sample of this module, lower-cased both ways the
    detector reads them (leetspeak folded, and digits kept)."""
    corpus = Path(__file__).resolve().parents[1] / "corpus" / "items.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines() if line]
    texts += [param for test in list(globals().values()) for mark in getattr(test, "pytestmark", [])
              if mark.name == "parametrize" for case in mark.args[1]
              for param in (case if isinstance(case, tuple) else (case,)) if isinstance(param, str)]
    views = [normalise(text) for text in texts]
    return [low for view in views for low in (view.lower, view.folded.lower())]


def test_the_prefilters_hold_wherever_their_patterns_match() -> None:
    """The substring tests that spare a post the dear patterns must hold wherever a pattern matches,
    or a pattern given a new wording would silently never run."""
    matched = 0
    for low in _corpus_texts():
        for pattern, needle in _GATED_PATTERNS:
            for match in pattern.finditer(low):
                matched += 1
                assert needle.search(match.group()), (pattern.pattern[:60], match.group())
        for pattern in (_GENERAL, _GENERAL_REVERSE, _DERIVED):
            for match in pattern.finditer(low):
                matched += 1
                assert _ANY_NOUN.search(match.group()), (pattern.pattern[:60], match.group())
    assert matched > 50  # the corpus and the samples exercise the patterns


@pytest.mark.parametrize(("text", "span", "redacted"), [
    # a user name told after what it is for
    ("the username for TT rockstars is mia.k", "the username for TT rockstars is mia.k",
     "the username for TT rockstars is m••••"),
    # a game account named for its game, the name a gamer tag's mixed case or a made-up handle
    ("My roblox name is oLiVeRbOy", "My roblox name is oLiVeRbOy", "My roblox name is o••••••••"),
    ("ma minecraft is DiamondQueen_x", "ma minecraft is DiamondQueen_x", "ma minecraft is D•••••••••••••"),
    ("my xbox gamertag: zZSnipeKingZz", "gamertag: zZSnipeKingZz", "gamertag: z••••••••••••"),
])
def test_user_names_told_after_their_label(detector: CredentialDetector, text: str, span: str,
                                           redacted: str) -> None:
    assert found(detector, text) == [(span, redacted)]


@pytest.mark.parametrize("text", [
    "my login is broken again", "my roblox is iPad only", "my fortnite is rubbish lol",
    "your username for the portal is your email address", "my login for the library is on the card",
    "never make your username jo.smith, use a nickname", "my discord is down.",
])
def test_user_names_told_near_misses(detector: CredentialDetector, text: str) -> None:
    assert found(detector, text) == []


def test_the_user_name_prefilter_holds_wherever_its_pattern_matches() -> None:
    """_USER_TOLD runs only where its needle is found: every match must hold the needle."""
    matched = 0
    for low in _corpus_texts():
        for match in _USER_TOLD.finditer(low):
            matched += 1
            assert _USER_TOLD_NEEDLE.search(match.group()), match.group()
    assert matched > 5


@pytest.mark.parametrize(("text", "span"), [
    # a password said to have been changed or reset to its new value
    ("FYI the office wifi password has been changed to Kettle#Lid7",
     "the office wifi password has been changed to Kettle#Lid7"),
    ("the laptop pw was reset to Pumpkin55 this morning", "the laptop pw was reset to Pumpkin55"),
    # a log-in as a user, with the password after "with"
    ("the hall iPad logs on as hallpad2 with Orchard!9", "logs on as hallpad2 with Orchard!9"),
    # "the" before the second label; "pass" as short for password
    ("his username is otto_b7 and his pass is marmalade", "username is otto_b7 and his pass is marmalade"),
    # a code asked about, then whose it was
    ("what's the Seesaw class code? ours was QW7PLK last year", "class code? ours was QW7PLK"),
    # a password told by what it is built from: the number just given, turned round
    ("his locker is 1357 and his passcode is the same but reversed", "passcode is the same but reversed"),
])
def test_changed_logged_in_and_answered(detector: CredentialDetector, text: str, span: str) -> None:
    assert span in [s for s, _ in found(detector, text)]


@pytest.mark.parametrize("text", [
    "parents log in as a guest with your email address",  # no secret after "with"
    "log in as parent with Google",  # a word, not a made-up secret
    "the password has been changed to something stronger",
    "the code? ours was the same as everyone's",  # nothing shaped like a code
    "my bus pass is the same as last year",
])
def test_changed_logged_in_and_answered_hard_negatives(detector: CredentialDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "span"), [
    # a user name, then "with the password": the label of the second is read, not a bare "with"
    ("Library kiosk: log on as kiosk3 using the password Harbour!9 today",
     "log on as kiosk3 using the password Harbour!9"),
    # a user name and password after a slash, once what the log-in is for is said
    ("Shared drive login for the cover supervisor: cover.rm4 / Teapot88. Keep it safe",
     "login for the cover supervisor: cover.rm4 / Teapot88"),
    # a label and its value near a host name: "example" in a domain is no example of a password
    ("our game server is mc.example.org:19132 and the password is ducks77", "password is ducks77"),
    # a code asked about, then a guess at it: the guess still gives it away
    ("what's the combination for the shed padlock? pretty sure it's 3390", "it's 3390"),
    ("anyone got the Seesaw code? it was like RTP-44K i think", "it was like RTP-44K"),
])
def test_hedged_answers_and_log_ins_with_a_password(
        detector: CredentialDetector, text: str, span: str) -> None:
    assert any(span in s for s, _ in found(detector, text))


@pytest.mark.parametrize("text", [
    "what's the password? I think it's on the letter",  # a guess at where, not what
    "what's the code? it was like 20 minutes ago",
    "20% off uniform this week, enter code AUTUMN5 at checkout",  # a shop's discount code
    "Big sale on trainers at www.kicks.example.com, use code KICKS15",
    "never use your pet's name, for example Biscuit1, as a password",  # advice still reads as advice
])
def test_hedged_answers_hard_negatives(detector: CredentialDetector, text: str) -> None:
    assert found(detector, text) == []
