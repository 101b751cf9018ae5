"""Tests for the spelt-out and 1-for-l views that word detectors read as well as the text."""

from __future__ import annotations

import pytest

from auditor import Detection
from rules.detectors.spacing import (
    mask_spelt,
    merge_spaced,
    ones_as_l,
    ones_as_l_views,
    spaced_view,
    spaced_views,
)
from rules.detectors.text import normalise


@pytest.mark.parametrize(("text", "lower"), [
    ("s t u p i d  c o w", "stupid cow"),
    ("f a t  p i g", "fat pig"),
    ("T h e o  A d e y e m i is ace", "theo adeyemi is ace"),
    ("pw is l e m o n 1 2 shhh", "pw is lemon12 shhh"),
    ("p a s s word", "pass word"),
    ("M.C.E.P. netball", "mcep. netball"),
    ("m.c.e.p", "mcep"),
    ("y o u   s t i n k", "you stink"),
    ("café  s t u p i d", "cafe  stupid"),
])
def test_spelt_out_words_are_closed_up(text: str, lower: str) -> None:
    view = spaced_view(normalise(text))
    assert view is not None and view.lower == lower


@pytest.mark.parametrize("text", [
    "I got a 5 in Y6", "u r a legend", "plan B is fine", "Q & A at 3", "e.g. a cat", "Year 6 x", "",
])
def test_ordinary_text_has_no_spaced_view(text: str) -> None:
    assert spaced_view(normalise(text)) is None


def test_offsets_map_back_to_what_was_written() -> None:
    text = normalise("ok so ｓ t u p i d  c o w lol")
    view = spaced_view(text)
    assert view is not None
    start = view.lower.index("stupid cow")
    o_start, o_end = view.span(start, start + len("stupid cow"))
    assert text.original[o_start:o_end] == "ｓ t u p i d  c o w"


def test_a_batch_is_looked_at_once_and_each_text_gets_its_own_view() -> None:
    texts = [normalise(t) for t in ("hello there", "s t u p i d", "fine", "f a t  p i g", "a1b2")]
    assert [v and v.lower for v in spaced_views(texts)] == [None, "stupid", None, "fat pig", None]
    assert spaced_view(texts[1]) is not None and spaced_view(texts[0]) is None
    assert spaced_views(texts[2:4])[1] is not None  # part of the batch: remembered


@pytest.mark.parametrize(("text", "lower"), [
    ("Mi11brook Primary", "millbrook primary"),
    ("ug1y", "ugly"),
    ("sma11 world", "small world"),
])
def test_ones_inside_words_read_as_l(text: str, lower: str) -> None:
    view = ones_as_l(normalise(text))
    assert view is not None and view.lower == lower
    assert view.original == text


@pytest.mark.parametrize("text", ["Year 1", "the 1st of May", "11am", "1 2 3", "no digits"])
def test_ones_outside_words_stay(text: str) -> None:
    assert ones_as_l_views([normalise(text)]) == [None]


@pytest.mark.parametrize(("written", "masked"), [
    ("s t u p i d  c o w", "s • • • • •  c • •"),
    ("M.C.E.P", "M.•.•.•"),
    ("pw is l e m o n", "p• i• l • • • •"),
])
def test_spelt_out_words_are_masked_but_their_first_letters(written: str, masked: str) -> None:
    assert mask_spelt(written) == masked.replace("•", "\u2022")


def test_merge_keeps_only_new_spans_of_a_kind() -> None:
    old = [Detection("abuse", 0, 5, "x")]
    new = [Detection("abuse", 2, 7, "y"), Detection("profanity", 0, 5, "z"), Detection("abuse", 9, 12, "w")]
    assert merge_spaced(old, new) == [old[0], new[1], new[2]]
