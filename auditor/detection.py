"""The content-scanning contract: what a detector finds, and the scanner the CLI drives.

Detectors live in plugins (the built-in ones in ``rules``); the core only knows this contract.
A plugin offers a scanner through the ``auditor.scanners`` entry point: a callable that takes a
:class:`ScanProfile` and returns an object with the :class:`Scanner` methods.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import phonenumbers

from auditor.context import Pupil, SchoolProfile

__all__ = ["AUTHOR_KINDS", "AuthorKind", "Detection", "ScanProfile", "Scanner"]

#: Who wrote a text: the school's own staff (the account itself), a pupil or other member of the
#: account's community, or the public.
AuthorKind = Literal["staff", "pupil", "public"]
AUTHOR_KINDS: tuple[AuthorKind, ...] = ("staff", "pupil", "public")


@dataclass(frozen=True)
class Detection:
    """Something a detector found: its kind, where it is in the original text, and a safe form.

    ``start`` and ``end`` index the text exactly as it was given (before any normalisation);
    for an image both are 0. ``redacted`` is the only form of the finding that may be stored or
    sent. ``reason`` says why in words a member of staff understands. A detection that does not
    ``block`` asks for a review (a face in a photo, a link to an unlisted site) rather than
    stopping a post.
    """

    kind: str
    start: int
    end: int
    redacted: str
    reason: str = ""
    blocks: bool = True
    critical: bool = False


@dataclass(frozen=True)
class ScanProfile:
    """What a scanner needs to know about the school: its pupils, names and trusted sites."""

    pupils: tuple[Pupil, ...] = ()
    #: The school's name, nicknames and abbreviations ("Millbrook CE Primary", "MCEP").
    school_names: tuple[str, ...] = ()
    #: Domains links may point to without review; subdomains are included.
    allow_domains: tuple[str, ...] = ()
    #: Flag a pupil's first name on its own too (the policy pack may ask for it).
    flag_first_names: bool = False
    #: Let the scanner add a semantic classifier's abuse findings to its word patterns' when one
    #: is installed (an optional extra); the school can switch it off in ``auditor.yaml``.
    semantic_classifier: bool = True
    #: The school's own published contacts (office phone, office email) in canonical form
    #: (:func:`canonical_contact`): posting them is no breach of anyone's privacy.
    public_contacts: frozenset[str] = frozenset()

    @classmethod
    def for_school(cls, school: SchoolProfile, *, flag_first_names: bool = False) -> ScanProfile:
        """The profile of a configured school: its roster, its names, its link allow-list, its
        public contacts and whether it uses the semantic classifier."""
        return cls(pupils=school.pupils, school_names=(school.name, *school.also_known_as),
                   allow_domains=school.link_allow_list, flag_first_names=flag_first_names,
                   semantic_classifier=school.semantic_classifier,
                   public_contacts=frozenset(school.public_contacts))


class Scanner(Protocol):
    """Finds what the policy forbids in texts and images."""

    def scan_text(self, text: str, author: AuthorKind = "public") -> list[Detection]:
        """Every detection in one text written by ``author``, in order of position."""
        ...

    def scan_texts(self, texts: Iterable[tuple[str, AuthorKind]]) -> Sequence[list[Detection]]:
        """:meth:`scan_text` for many texts at once (faster: classifiers run in batches)."""
        ...

    def scan_image(self, data: bytes, caption: str = "",
                   author: AuthorKind = "staff") -> list[Detection]:
        """Every detection in one image (``data`` is the encoded file) and its caption."""
        ...


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE_CHARS = re.compile(r"\+?[\d\s().\-/]+")


def canonical_contact(text: str, region: str = "GB") -> str | None:
    """An email address in lower case, or a phone number in E.164 form; None for anything else.

    Two writings of one contact compare equal: ``0113 496 0382``, ``+44 (0)113 4960382`` and
    ``0113-496-0382`` all give ``+441134960382``. Zero-width and other format characters are
    dropped and fullwidth digits read as digits first.
    """
    clean = "".join(c for c in unicodedata.normalize("NFKC", text)
                    if unicodedata.category(c) != "Cf").strip()
    if "@" in clean:
        return clean.casefold() if _EMAIL.fullmatch(clean) else None
    if not _PHONE_CHARS.fullmatch(clean):
        return None
    try:
        number = phonenumbers.parse(clean, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
