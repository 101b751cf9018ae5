"""What a rule knows besides the snapshot: the account's record and the school's people."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

__all__ = ["AccountProfile", "Authorisation", "MediaReader", "Pupil", "RuleContext", "SchoolProfile",
           "StaffMember"]


@dataclass(frozen=True)
class Authorisation:
    """The Headteacher's written authorisation of an account, as the policy requires."""

    purpose: str
    approved_by: str
    approved_on: date
    monitoring: str | None = None


@dataclass(frozen=True)
class StaffMember:
    """A person in the school's configuration and the platform handles they use."""

    key: str
    name: str
    roles: frozenset[str]
    handles: Mapping[str, frozenset[str]] = field(default_factory=dict)
    current: bool = True

    def uses(self, platform: str, handle: str | None) -> bool:
        """True when ``handle`` is one of this person's handles on ``platform``."""
        if not handle:
            return False
        return handle.lstrip("@").casefold() in self.handles.get(platform, frozenset())


@dataclass(frozen=True)
class Pupil:
    """A pupil on the school's roster, for detecting full names in content."""

    first_name: str
    last_name: str
    photo_consent: bool = False


@dataclass(frozen=True)
class SchoolProfile:
    """The school as the rules see it."""

    name: str
    staff: tuple[StaffMember, ...] = ()
    pupils: tuple[Pupil, ...] = ()
    #: Other names the school goes by: nicknames and abbreviations.
    also_known_as: tuple[str, ...] = ()
    #: Domains the school's posts may link to without review (subdomains included).
    link_allow_list: tuple[str, ...] = ()
    #: Let a content scanner use a semantic abuse classifier where one is installed.
    semantic_classifier: bool = True
    #: The school's own published contacts (office phone, office email), canonical
    #: (``auditor.canonical_contact``): not personal details when posted.
    public_contacts: tuple[str, ...] = ()

    def staff_by_key(self, key: str) -> StaffMember | None:
        """The person configured under ``key``, if any."""
        return next((p for p in self.staff if p.key == key), None)


@dataclass(frozen=True)
class AccountProfile:
    """An account's record from auditor.yaml: authorisation, monitor, membership limits."""

    id: str
    platform: str
    name: str
    authorisation: Authorisation | None = None
    monitor: str | None = None
    deputy: str | None = None
    member_limit: int | None = None
    #: Lower-cased handles (without ``@``) of the intended members; ``None`` when no roster is set.
    roster: frozenset[str] | None = None
    #: The longest gap between two scheduled audits of the account.
    monitoring_interval: timedelta | None = None


@dataclass(frozen=True)
class RuleContext:
    """Passed to every rule with the snapshot: parameters, account record, school, clock."""

    account: AccountProfile
    school: SchoolProfile
    now: datetime
    params: Mapping[str, Any] = field(default_factory=dict)
    #: Reads a photo's bytes from its URL, for the rules that look at pixels or EXIF; ``None``
    #: when the audit has no way to (the rules then report "could not check").
    media: MediaReader | None = None


class MediaReader(Protocol):
    """Fetches a media file by URL; raises ``ConnectorError`` when it cannot."""

    def __call__(self, url: str) -> bytes:
        """The file's bytes."""
        ...
