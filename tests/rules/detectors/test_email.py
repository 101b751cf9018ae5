"""Email addresses: plain and obfuscated, with hard negatives and offsets into the original."""

from __future__ import annotations

import pytest

from auditor import ScanProfile
from rules.detectors.email import EmailDetector
from rules.detectors.text import normalise

DETECTOR = EmailDetector(ScanProfile())
PLAIN = "an email address"
OBFUSCATED = "an email address (obfuscated)"


def found(text: str) -> list[tuple[str, str, str]]:
    return [(text[d.start:d.end], d.redacted, d.reason) for d in DETECTOR.find(normalise(text))]


@pytest.mark.parametrize(("text", "address", "redacted", "reason"), [
    ("email me at jo.smith12@gmail.com please", "jo.smith12@gmail.com", "j•••••••••@g••••.com", PLAIN),
    ("office@millbrook.sch.uk", "office@millbrook.sch.uk", "o•••••@m••••••••••••.uk", PLAIN),
    ("send to mum.of.two@hotmail.co.uk.", "mum.of.two@hotmail.co.uk", "m•••••••••@h•••••••••.uk", PLAIN),
    ("o'brienfamily@yahoo.co.uk", "o'brienfamily@yahoo.co.uk", "o••••••••••••@y•••••••.uk", PLAIN),
    ("jo at gmail dot com", "jo at gmail dot com", "j•@g••••.com", OBFUSCATED),
    ("JO AT GMAIL DOT COM", "JO AT GMAIL DOT COM", "J•@g••••.com", OBFUSCATED),
    ("jo [at] example [dot] co [dot] uk", "jo [at] example [dot] co [dot] uk", "j•@e•••••••••.uk",
     OBFUSCATED),
    ("jo(at)example(dot)com", "jo(at)example(dot)com", "j•@e••••••.com", OBFUSCATED),
    ("jo (at) example (dot) com", "jo (at) example (dot) com", "j•@e••••••.com", OBFUSCATED),
    ("jo @ example . com", "jo @ example . com", "j•@e••••••.com", OBFUSCATED),
    ("email me at jo at gmail dot com", "jo at gmail dot com", "j•@g••••.com", OBFUSCATED),
    ("jo at gmail.com", "jo at gmail.com", "j•@g••••.com", OBFUSCATED),
    ("jo@gmail dot com", "jo@gmail dot com", "j•@g••••.com", OBFUSCATED),
    ("jo at example dot org dot uk now", "jo at example dot org dot uk", "j•@e••••••••••.uk", OBFUSCATED),
    ("email me at mum.of.two@yahoo.co.uk. The fair", "mum.of.two@yahoo.co.uk", "m•••••••••@y•••••••.uk",
     PLAIN),
    ("jo at gmail dot com. The end", "jo at gmail dot com", "j•@g••••.com", OBFUSCATED),
])
def test_addresses_found(text: str, address: str, redacted: str, reason: str) -> None:
    assert found(text) == [(address, redacted.replace("•", "\u2022"), reason)]


@pytest.mark.parametrize("text", [
    "follow @millbrook and @tom_smith", "meet at 3 at the gate", "look at this dot to dot",
    "great at maths.com", "Read it in full at www.millbrook.sch.uk", "see you at 3.15pm at the gate",
    "user@localhost", "(at) x.com", "we were at school.it was fun", "@millbrook.sch.uk news",
    "2 at £3.50 each", "at the park dot com", "open at 3.15pm. www.freegiftcards-win.com",
    "open at 3.15pm. Thanks.",
])
def test_hard_negatives(text: str) -> None:
    assert found(text) == []


def test_two_addresses() -> None:
    text = "a@b.com or c at d dot org"
    assert [s for s, _, _ in found(text)] == ["a@b.com", "c at d dot org"]


def test_offsets_point_into_original_after_zero_width_and_fullwidth() -> None:
    text = "\u200b\uff11\uff12 write to j\u200bo\uff20gmail\uff0ecom today"
    (d,) = DETECTOR.find(normalise(text))
    assert (d.kind, text[d.start:d.end]) == ("email", "j\u200bo\uff20gmail\uff0ecom")
    assert d.redacted == "j\u2022@g\u2022\u2022\u2022\u2022.com"


def test_redaction_leaks_no_local_part() -> None:
    for d in DETECTOR.find(normalise("olivia.bennett@gmail.com and olivia at bennett dot com")):
        assert "livia" not in d.redacted and "ennett" not in d.redacted


@pytest.mark.parametrize(("text", "address"), [
    ("my other email is skaterjo12 at example.org", "skaterjo12 at example.org"),
    ("E-mail: j.bloggs at millbrook.org.uk", "j.bloggs at millbrook.org.uk"),
])
def test_word_at_after_email_is_an_address_at_any_domain(text: str, address: str) -> None:
    assert [(span, reason) for span, _, reason in found(text)] == [(address, OBFUSCATED)]


@pytest.mark.parametrize("text", ["Details at example.com", "email the office, more info at example.com"])
def test_word_at_without_email_just_before_is_a_site(text: str) -> None:
    assert found(text) == []
