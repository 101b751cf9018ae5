"""The scanner contract's helpers: one canonical form for each writing of a contact."""

from __future__ import annotations

import pytest

from auditor import canonical_contact


@pytest.mark.parametrize("text", ["0113 496 0382", "+44 (0)113 4960382", "0113-496-0382",
                                  "0113\u200b496\u200b0382", "０１１３ ４９６ ０３８２", "(0113) 496 0382"])
def test_writings_of_one_number_are_equal(text: str) -> None:
    assert canonical_contact(text) == "+441134960382"


def test_emails_are_compared_without_case() -> None:
    assert canonical_contact(" Office@Millbrook.SCH.uk ") == "office@millbrook.sch.uk"


@pytest.mark.parametrize("text", ["hello", "123", "office@", "@millbrook", "a@b", "ring 0113 496 0382",
                                  "0113 496 0382 ext"])
def test_anything_else_is_not_a_contact(text: str) -> None:
    assert canonical_contact(text) is None


def test_another_region_reads_national_numbers_its_own_way() -> None:
    assert canonical_contact("0491 570 156", region="AU") == "+61491570156"
    assert canonical_contact("+1 202-555-0143") == "+12025550143"
