"""Masking of personal data in evidence, before it is stored or sent."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MASK", "mask_digits", "mask_email", "mask_words", "redact_spans"]

MASK = "\u2022"  # a bullet: plainly masked, never mistaken for a real character
_DIGIT = re.compile(r"\d")


def mask_digits(text: str, keep: int = 6, digit: re.Pattern[str] = _DIGIT) -> str:
    """Keep the first ``keep`` digits and mask the rest, spacing untouched.

    ``07700 900123`` becomes ``07700 9•• •••``. ``digit`` says what counts as one (a detector
    may count the letter O written for a zero).
    """
    seen = 0

    def repl(match: re.Match[str]) -> str:
        nonlocal seen
        seen += 1
        return match.group(0) if seen <= keep else MASK

    return digit.sub(repl, text)


def mask_words(text: str) -> str:
    """Keep the first letter of each word: ``Tom Smith`` becomes ``T•• S••••``.

    Invisible characters and combining accents are dropped first: inside a word they would
    split it and leave the next letter showing (``Ol\u200bivia`` must not give ``O•\u200bi••••``).
    """
    if not text.isascii():
        text = "".join(c for c in text if unicodedata.category(c) not in ("Mn", "Cf"))
    return re.sub(r"(?<=\w)\w", MASK, text)


def mask_email(text: str) -> str:
    """Mask an address down to its shape: ``j.smith@example.org`` becomes ``j••••••@e••••••.org``."""
    local, _, domain = text.partition("@")
    head, dot, tld = domain.rpartition(".")
    masked_domain = (head[:1] + MASK * (len(head) - 1) + dot + tld) if dot else mask_words(domain)
    return local[:1] + MASK * (len(local) - 1) + "@" + masked_domain


def redact_spans(text: str, spans: list[tuple[int, int, str]], *, around: int = 40) -> str:
    """Return a short excerpt of ``text`` with every ``(start, end, replacement)`` span replaced.

    The excerpt runs from ``around`` characters before the first span to ``around``
    after the last, and any other run of three or more digits in it is masked too,
    so that the excerpt does not leak what the detectors did not name.
    """
    if not spans:
        return ""
    spans = sorted(spans)
    lo = max(0, spans[0][0] - around)
    hi = min(len(text), max(end for _, end, _ in spans) + around)
    out: list[str] = []
    pos = lo
    for start, end, replacement in spans:
        if start < pos:
            continue
        out.append(_mask_long_numbers(text[pos:start]))
        out.append(replacement)
        pos = end
    out.append(_mask_long_numbers(text[pos:hi]))
    excerpt = "".join(out).replace("\n", " ").strip()
    return ("\u2026" if lo > 0 else "") + excerpt + ("\u2026" if hi < len(text) else "")


def _mask_long_numbers(text: str) -> str:
    return re.sub(r"\d{3,}", lambda m: MASK * len(m.group(0)), text)
