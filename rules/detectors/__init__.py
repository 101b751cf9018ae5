"""Content detectors: pure functions from text or images to detections, each with a redacted form.

A text detector subclasses :class:`TextDetector`: it is built once from the school's
:class:`~auditor.ScanProfile` (rosters and word lists are compiled then) and its :meth:`find`
reads a normalised :class:`~rules.detectors.text.Text`, returning detections whose offsets point
into the original text. ``rules.scanner.ContentScanner`` runs them all.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import ClassVar

from auditor import Detection, ScanProfile
from rules.detectors.text import Text

__all__ = ["Detection", "TextDetector"]


class TextDetector(ABC):
    """Finds one or more kinds of breach in normalised text."""

    #: The detection kinds this detector can return.
    kinds: ClassVar[frozenset[str]]

    def __init__(self, profile: ScanProfile) -> None:
        self.profile = profile

    @abstractmethod
    def find(self, text: Text) -> list[Detection]:
        """Every detection in ``text``, with offsets into ``text.original``."""

    def find_many(self, texts: Sequence[Text]) -> list[list[Detection]]:
        """:meth:`find` for each text; a detector with a classifier overrides this to batch."""
        return [self.find(text) for text in texts]
