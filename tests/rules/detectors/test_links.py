"""Links to sites not on the school's list: URLs and bare domains, never emails or abbreviations."""

from __future__ import annotations

import pytest

from auditor import ScanProfile
from rules.detectors.links import LinkDetector
from rules.detectors.text import normalise

DETECTOR = LinkDetector(ScanProfile(allow_domains=(
    "millbrook.sch.uk", "ParentPay.com", "https://www.purplemash.com/")))


def found(text: str) -> list[tuple[str, str]]:
    return [(text[d.start:d.end], d.redacted.replace("\u2022", "•")) for d in DETECTOR.find(normalise(text))]


@pytest.mark.parametrize(("text", "link", "redacted"), [
    ("https://bit.ly/3xYz12Q", "https://bit.ly/3xYz12Q", "https://bit.ly/•••••••"),
    ("see www.freegiftcards-win.com/claim.", "www.freegiftcards-win.com/claim",
     "www.freegiftcards-win.com/•••••"),
    ("my channel youtube.com/@kidzgamerz99", "youtube.com/@kidzgamerz99", "youtube.com/•••••••••••••"),
    ("http://tinyurl.com/y7k2mm", "http://tinyurl.com/y7k2mm", "http://tinyurl.com/••••••"),
    ("vote at https://pollz.example.net/vote?id=4411 now", "https://pollz.example.net/vote?id=4411",
     "https://pollz.example.net/••••••••••••"),
    ("example.co.uk/path", "example.co.uk/path", "example.co.uk/••••"),
    ("(see discord.gg/abc)", "discord.gg/abc", "discord.gg/•••"),
    ("join t.me/abc", "t.me/abc", "t.me/•••"),
    ("find us at example.com", "example.com", "example.com"),
    ("Visit WWW.EXAMPLE.ORG", "WWW.EXAMPLE.ORG", "WWW.EXAMPLE.ORG"),
    ("bit.ly/xyz", "bit.ly/xyz", "bit.ly/•••"),
    ("evil.millbrook.sch.uk.attacker.com/x", "evil.millbrook.sch.uk.attacker.com/x",
     "evil.millbrook.sch.uk.attacker.com/•"),
    ("notmillbrook.sch.uk", "notmillbrook.sch.uk", "notmillbrook.sch.uk"),
    ("https://x.co/a?b=c.", "https://x.co/a?b=c", "https://x.co/•••••"),
    ("http://localhost:8000/admin", "http://localhost:8000/admin", "http://localhost:8000/•••••"),
    ("wiki en.wikipedia.org/wiki/Tudor_(period)", "en.wikipedia.org/wiki/Tudor_(period)",
     "en.wikipedia.org/••••/••••••••••••••"),
])
def test_links_found(text: str, link: str, redacted: str) -> None:
    assert found(text) == [(link, redacted)]
    (d,) = DETECTOR.find(normalise(text))
    assert (d.kind, d.blocks, d.reason) == ("link", False, "a link to a site not on the school's list")


@pytest.mark.parametrize("text", [
    "https://www.millbrook.sch.uk/news", "millbrook.sch.uk/letters", "https://www.ParentPay.com",
    "WWW.MILLBROOK.SCH.UK", "purplemash.com/app", "e.g. this", "i.e. that", "Mr.Smith", "3.5 litres",
    "file.txt", "jo@gmail.com", "jo at gmail.com", "jo [at] example.com", "day.The end", "Fun.Com",
    "go to.it", "98.6% attendance", "14.03.26 at 3.15pm", "a.m. and p.m.", "St.Mary's", "No.5",
    "https://pta.millbrook.sch.uk/fair", "Read it in full at www.millbrook.sch.uk/term-dates.",
])
def test_hard_negatives(text: str) -> None:
    assert found(text) == []


def test_offsets_point_into_original_after_zero_width_and_fullwidth() -> None:
    text = "\u200b\uff11\uff12 go to \uff57\uff57\uff57\uff0eexa\u200bmple\uff0ecom/x1 ok"
    (d,) = DETECTOR.find(normalise(text))
    assert text[d.start:d.end] == "\uff57\uff57\uff57\uff0eexa\u200bmple\uff0ecom/x1"
    assert d.redacted == "\uff57\uff57\uff57\uff0eexa\u200bmple\uff0ecom/\u2022\u2022"


def test_allow_list_with_no_domains_flags_the_school_site_too() -> None:
    bare = LinkDetector(ScanProfile())
    assert [d.kind for d in bare.find(normalise("www.millbrook.sch.uk"))] == ["link"]


def test_redacted_path_leaks_nothing() -> None:
    (d,) = DETECTOR.find(normalise("https://example.com/pupils/olivia-bennett?token=abc123"))
    assert "olivia" not in d.redacted and "abc123" not in d.redacted
    assert d.redacted.startswith("https://example.com/")


@pytest.mark.parametrize(("text", "link", "redacted"), [
    ("RSVP at forms.gle/XyZ123 by Friday", "forms.gle/XyZ123", "forms.gle/••••••"),
    ("video: goo.gle/abc", "goo.gle/abc", "goo.gle/•••"),
    ("slides at aka.ms/classnotes", "aka.ms/classnotes", "aka.ms/••••••••••"),
])
def test_form_and_short_link_domains(text: str, link: str, redacted: str) -> None:
    assert found(text) == [(link, redacted)]


@pytest.mark.parametrize("text", ["visit Ms.Jones", "I like the eagle.Glen is nice", "snow.ws"])
def test_form_and_short_link_domains_hard_negatives(text: str) -> None:
    assert found(text) == []


def test_domain_of_an_announced_email_is_not_a_link() -> None:
    assert found("my other email is skaterjo12 at example.org") == []
    assert found("E-mail: j.bloggs at example.net") == []
    assert found("email the office, more info at example.com") == [("example.com", "example.com")]


@pytest.mark.parametrize(("text", "link", "redacted"), [
    # a link read aloud, with its path read aloud too; the path is masked, "slash" kept
    ("look up giggle-vids dot net slash cats for a laugh", "giggle-vids dot net slash cats",
     "giggle-vids dot net slash ••••"),
    ("my blog is on sunnyday dot co dot uk", "sunnyday dot co dot uk", "sunnyday dot co dot uk"),
    ("SPOOKY DOT COM SLASH BOO", "SPOOKY DOT COM SLASH BOO", "SPOOKY DOT COM SLASH •••"),
])
def test_links_read_aloud(text: str, link: str, redacted: str) -> None:
    assert found(text) == [(link, redacted)]


@pytest.mark.parametrize("text", [
    "millbrook dot sch dot uk slash news",  # allowed
    "we did dot to dot in maths",  # "to" is no top-level domain
    "the dot com boom of the nineties",  # "the" is no host
    "a polka dot tie",
    "message me at fizz at example dot com",  # an email address, the email detector's
    "find us at sunnyday dot org",  # after "at": read as an email address
])
def test_links_read_aloud_hard_negatives(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("text", "link"), [
    # a scheme defanged so it cannot be clicked is still a link to a site
    ("look hxxps://prizes.example.net/claim now", "hxxps://prizes.example.net/claim"),
    ("hxxp://example.org", "hxxp://example.org"),
])
def test_defanged_schemes(text: str, link: str) -> None:
    assert [s for s, _ in found(text)] == [link]


@pytest.mark.parametrize("text", [
    "hxxps://www.millbrook.sch.uk/news",  # an allowed site, however written
    "the hxxps bit is spelt wrong",  # no "://"
])
def test_defanged_schemes_hard_negatives(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("text", "link"), [
    # dots bracketed so the link cannot be clicked: still a link to a site
    ("free answers at quizhelp[.]org/year6 lol", "quizhelp[.]org/year6"),
    ("try shop(.)example(.)net today", "shop(.)example(.)net"),
    # a two-letter country domain, with a path after it
    ("all my stuff is at bio.fm/jaydenplays", "bio.fm/jaydenplays"),
])
def test_bracketed_dots_and_country_domains(text: str, link: str) -> None:
    assert [s for s, _ in found(text)] == [link]


@pytest.mark.parametrize("text", [
    "see millbrook[.]sch[.]uk/news for details",  # an allowed site, however written
    "scores were 3.5/10 and Mr.Jo/Ms.Li",  # a capital: a name after a missing space
    "the list [.] ends here (.)",  # brackets with no host
    "bio.fm is where I heard it",  # a country domain without a path
])
def test_bracketed_dots_and_country_domains_hard_negatives(text: str) -> None:
    assert found(text) == []
