"""Content detectors: pure functions from text to detections, each with a redacted form."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Detection"]


@dataclass(frozen=True)
class Detection:
    """Something a detector found: its kind, where it is in the original text, and a safe form."""

    kind: str
    start: int
    end: int
    redacted: str
