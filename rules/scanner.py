"""The built-in content scanner: every text and image detector, with who may write what."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from auditor import AuthorKind, Detection, ScanProfile, canonical_contact
from rules.detectors import TextDetector
from rules.detectors.abuse import AbuseDetector
from rules.detectors.address import AddressDetector
from rules.detectors.birthdate import DateOfBirthDetector
from rules.detectors.credentials import CredentialDetector
from rules.detectors.email import EmailDetector
from rules.detectors.images import find_faces, find_gps
from rules.detectors.links import LinkDetector
from rules.detectors.names import PupilNameDetector
from rules.detectors.phone import PhoneDetector
from rules.detectors.safeguarding import ContactRiskDetector
from rules.detectors.school import SchoolNameDetector
from rules.detectors.semantic import semantic_layer
from rules.detectors.text import normalise
from rules.detectors.uniform import UniformDetector

__all__ = ["BREACH_FOR", "DETECTORS", "KINDS", "ContentScanner"]

DETECTORS: tuple[type[TextDetector], ...] = (
    PhoneDetector, EmailDetector, AddressDetector, DateOfBirthDetector, PupilNameDetector,
    SchoolNameDetector, UniformDetector, CredentialDetector, AbuseDetector, ContactRiskDetector,
    LinkDetector,
)

_EVERYONE: frozenset[AuthorKind] = frozenset({"staff", "pupil", "public"})
#: Whose writing each kind is a breach in. The school's own posts name the school and its
#: uniform as a matter of course; a pupil naming them tells a stranger where to find the child.
BREACH_FOR: dict[str, frozenset[AuthorKind]] = {
    "school_name": frozenset({"pupil"}),
    "uniform": frozenset({"pupil"}),
    # An adult asking a child to meet alone, keep a secret or send photos; one pupil asking
    # another round after school ("come to mine, dont tell ur mum") is no safeguarding concern.
    "contact_risk": frozenset({"staff", "public"}),
}

#: Kinds a school's published contact can be found as.
_CONTACT_KINDS = frozenset({"phone", "email"})

KINDS: tuple[str, ...] = (*sorted({k for d in DETECTORS for k in d.kinds}), "gps", "face")


def _only_for(kinds: frozenset[str]) -> frozenset[AuthorKind] | None:
    """The authors whose texts a detector of ``kinds`` needs to read; None for everyone."""
    authors: set[AuthorKind] = set()
    for kind in kinds:
        authors |= BREACH_FOR.get(kind, _EVERYONE)
    return None if authors == _EVERYONE else frozenset(authors)


class ContentScanner:
    """Runs every built-in detector; built once per school profile (rosters are compiled then)."""

    def __init__(self, profile: ScanProfile) -> None:
        self.profile = profile
        self.detectors = [cls(profile) for cls in DETECTORS]
        self._authors: dict[TextDetector, frozenset[AuthorKind] | None] = {
            d: _only_for(d.kinds) for d in self.detectors}
        #: The ml extra's classifier of abuse without trigger words; None when it is not installed
        #: or the school switched it off.
        self.semantic = semantic_layer(profile)

    def scan_text(self, text: str, author: AuthorKind = "public") -> list[Detection]:
        """Every detection in one text written by ``author``, in order of position."""
        return self.scan_texts([(text, author)])[0]

    def scan_texts(self, texts: Iterable[tuple[str, AuthorKind]]) -> Sequence[list[Detection]]:
        """:meth:`scan_text` for many texts at once; classifiers run over the whole batch."""
        batch = list(texts)
        normalised = [normalise(text) for text, _ in batch]
        found: list[list[Detection]] = [[] for _ in batch]
        for detector, authors in self._authors.items():
            if authors is None:
                indexes: range | list[int] = range(len(batch))
                results = detector.find_many(normalised)  # the same list for all: detectors share work
            else:  # a detector whose kinds only count for some authors reads only their texts
                indexes = [i for i, (_, author) in enumerate(batch) if author in authors]
                results = detector.find_many([normalised[i] for i in indexes]) if indexes else []
            for i, detections in zip(indexes, results, strict=True):
                if detections:
                    found[i].extend(detections)
        if self.semantic is not None:  # after the patterns: it reads only sentences they left clean
            for i, detections in enumerate(self.semantic.find_many([text for text, _ in batch], found)):
                found[i].extend(detections)
        results = []
        for (text, author), detections in zip(batch, found, strict=True):
            kept = [d for d in detections if author in BREACH_FOR.get(d.kind, _EVERYONE)
                    and not self._published(text, d)]
            kept.sort(key=lambda d: (d.start, d.end, d.kind))
            results.append(kept)
        return results

    def _published(self, text: str, detection: Detection) -> bool:
        """True for the school's own office number or address, listed as a public contact."""
        return (detection.kind in _CONTACT_KINDS and bool(self.profile.public_contacts)
                and canonical_contact(text[detection.start:detection.end])
                in self.profile.public_contacts)

    def scan_image(self, data: bytes, caption: str = "",
                   author: AuthorKind = "staff") -> list[Detection]:
        """Location in the image's EXIF, faces in its pixels, and breaches in its caption."""
        found = find_gps(data) + find_faces(data)
        if caption:
            found.extend(self.scan_text(caption, author))
        return found
