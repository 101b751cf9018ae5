"""Normalisation folds obfuscation away while offsets still point into the original text."""

from __future__ import annotations

import re

import pytest

from rules.detectors.text import normalise


def test_ascii_text_is_aligned_and_lowered() -> None:
    t = normalise("Call Tom NOW")
    assert t.folded == "Call Tom NOW" and t.lower == "call tom now" and t.offsets is None
    assert t.span(5, 8) == (5, 8)


@pytest.mark.parametrize(("text", "lower"), [
    ("you are an 1d10t", "you are an idiot"),
    ("h3ll0 th3re", "hello there"),
    ("b@stard and a$$", "bastard and ass"),
    ("Year 6 won 3-1 at 10:30", "year 6 won 3-1 at 10:30"),  # digits alone stay digits
    ("@TomSmith", "@tomsmith"),  # a handle's @ is not a letter
])
def test_leetspeak_folds_only_inside_words(text: str, lower: str) -> None:
    assert normalise(text).lower == lower


def test_zero_width_characters_vanish_and_spans_map_back() -> None:
    text = "ring 0770\u200b0 900\u200c123 today"
    t = normalise(text)
    assert t.folded == "ring 07700 900123 today"
    m = re.search(r"0770\d \d{6}", t.folded)
    assert m is not None
    start, end = t.span(m.start(), m.end())
    assert text[start:end] == "0770\u200b0 900\u200c123"


def test_fullwidth_digits_and_homoglyphs_fold() -> None:
    text = "Оlivia Веnnett ０７７００"  # Cyrillic O, В, е; fullwidth digits
    t = normalise(text)
    assert t.folded == "Olivia Bennett 07700"
    start, end = t.span(0, 14)
    assert text[start:end] == "Оlivia Веnnett"
    assert t.span(15, 20) == (15, 20)


def test_accents_drop_and_the_span_keeps_the_combining_marks() -> None:
    text = "Zoe\u0308 Brown and Zoë"
    t = normalise(text)
    assert t.folded == "Zoe Brown and Zoe"
    assert text[slice(*t.span(0, 3))] == "Zoe\u0308"
    assert t.lower.endswith("zoe")


def test_ligatures_expand_and_both_halves_map_to_one_character() -> None:
    text = "\ufb01le"  # the "fi" ligature
    t = normalise(text)
    assert t.folded == "file" and len(t.lower) == len(t.folded)
    assert t.span(0, 2) == (0, 1) and t.span(0, 4) == (0, 3)


def test_views_have_equal_length_for_awkward_case_mappings() -> None:
    t = normalise("\u0130stanbul \u1e9e")  # dotted capital I; capital sharp s
    assert len(t.lower) == len(t.folded)
