"""The first detectors: UK phone numbers and pupils' full names."""

from __future__ import annotations

import pytest

from auditor import Pupil
from rules.detectors.names import find_pupil_names
from rules.detectors.phone import find_phone_numbers


@pytest.mark.parametrize("text", [
    "ring 07700 900123", "ring 07700900123", "ring 0113 496 0000", "ring +44 7700 900 123",
    "ring 0044 7700 900123", "ring 020-7946-0958", "ring (0161) 496 0000", "ring 07700.900.123",
])
def test_phone_numbers_found(text: str) -> None:
    assert [d.kind for d in find_phone_numbers(text)] == ["phone"]


@pytest.mark.parametrize("text", [
    "order 123456789012", "we won 3-1 in 2026", "price £1,250.00", "on 23/11/2026 at 09:30",
    "ref 0800123", "call 999", "year 2026 2027 2028",
])
def test_not_phone_numbers(text: str) -> None:
    assert find_phone_numbers(text) == []


def test_phone_redaction_keeps_shape() -> None:
    (d,) = find_phone_numbers("call 07700 900 123 now")
    assert d.redacted == "07700 9\u2022\u2022 \u2022\u2022\u2022"
    assert "call 07700 900 123 now"[d.start:d.end] == "07700 900 123"


def test_pupil_full_names_forms() -> None:
    pupils = [Pupil("Olivia", "Bennett"), Pupil("Jo", "Li")]
    text = "Olivia Bennett's poem, #OliviaBennett, olivia  bennett, Olivia alone, Jo Li, Jolie"
    found = [text[d.start:d.end] for d in find_pupil_names(text, pupils)]
    assert found == ["Olivia Bennett's", "#OliviaBennett", "olivia  bennett", "Jo Li"]
    assert find_pupil_names("nothing here", []) == []
