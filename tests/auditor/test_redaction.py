"""Masking helpers."""

from __future__ import annotations

from auditor.redaction import mask_digits, mask_email, mask_words, redact_spans

B = "\u2022"


def test_masks() -> None:
    assert mask_digits("07700 900123") == f"07700 9{B * 5}"
    assert mask_words("Tom Smith") == f"T{B * 2} S{B * 4}"
    assert mask_email("j.smith@example.org") == f"j{B * 6}@e{B * 6}.org"


def test_redact_spans_replaces_and_trims() -> None:
    text = "x" * 100 + " call Tom on 07700 900123 please, ref 998877 " + "y" * 100
    start = text.index("07700")
    out = redact_spans(text, [(start, start + 12, "07700 9•••••")])
    assert "900123" not in out and "998877" not in out and "07700 9•••••" in out
    assert out.startswith("\u2026") and out.endswith("\u2026") and len(out) < 120
    assert redact_spans("abc", []) == ""


def test_mask_words_shows_no_letter_after_an_invisible_character() -> None:
    bullet = "\u2022"
    assert mask_words("Ol\u200bivia Benne\u0301tt") == f"O{bullet * 5} B{bullet * 6}"
