"""Pupils' full names from the roster, in plain text, possessives and hashtags."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from auditor import Pupil, mask_words
from rules.detectors import Detection

__all__ = ["find_pupil_names"]


@lru_cache(maxsize=16)
def _pattern(names: tuple[tuple[str, str], ...]) -> re.Pattern[str] | None:
    if not names:
        return None
    alternatives = []
    for first, last in sorted(names, key=lambda n: -len(n[0]) - len(n[1])):
        f, la = re.escape(first), re.escape(last)
        # "Tom Smith", "Tom  Smith's", "#TomSmith", "tom_smith"
        alternatives.append(rf"{f}(?:\s+|[_.-]?){la}")
    return re.compile(r"(?<![\w])#?(?:" + "|".join(alternatives) + r")(?:'s|\u2019s)?(?![\w])",
                      re.IGNORECASE)


def find_pupil_names(text: str, pupils: Iterable[Pupil]) -> list[Detection]:
    """Every full name (first and last) of a pupil on the roster that appears in ``text``."""
    pattern = _pattern(tuple(sorted({(p.first_name, p.last_name) for p in pupils})))
    if pattern is None:
        return []
    return [Detection("pupil_name", m.start(), m.end(), mask_words(m.group(0)))
            for m in pattern.finditer(text)]
