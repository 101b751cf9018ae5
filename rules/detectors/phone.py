"""Phone numbers: UK numbers written with spaces, dots or dashes, and +44 / 0044 forms."""

from __future__ import annotations

import re

from auditor import mask_digits
from rules.detectors import Detection

__all__ = ["find_phone_numbers"]

# A UK number is 0 (or +44 / 0044 without the 0) followed by 9 or 10 digits, in groups
# separated by at most one space, dot or dash. Lookarounds keep it out of longer digit runs
# such as order numbers.
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)44[\s.-]?(?:\(0\)[\s.-]?)?|\(?0)"
    r"\d(?:[\s.-]?\)?[\s.-]?\d){8,9}(?![\w])"
)


def find_phone_numbers(text: str) -> list[Detection]:
    """Every UK-style phone number in ``text``."""
    found = []
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        national = digits[2:] if digits.startswith("44") else digits.lstrip("0")
        if digits.startswith("0044"):
            national = digits[4:]
        if not 9 <= len(national) <= 10 or national[0] not in "1237":
            continue
        found.append(Detection("phone", match.start(), match.end(), mask_digits(match.group(0))))
    return found
