"""What a connector observes: the normalised snapshot of one account."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

__all__ = [
    "AccountRef",
    "AccountSnapshot",
    "Author",
    "Capability",
    "ContentItem",
    "Location",
    "Media",
    "Member",
    "Settings",
]

Visibility = Literal["public", "members", "private", "unlisted"]
JoinPolicy = Literal["open", "request", "invite", "closed"]
CommentPolicy = Literal["everyone", "members", "moderated", "off"]
MemberRole = Literal["owner", "admin", "editor", "member", "follower"]
ItemKind = Literal["post", "page", "comment", "reply", "photo", "video"]


class Capability(enum.StrEnum):
    """What a connector can observe on a platform."""

    SETTINGS = "settings"
    MEMBERS = "members"
    CONTENT = "content"
    MEDIA = "media"


@dataclass(frozen=True)
class AccountRef:
    """An account as configured: what a connector needs to find it."""

    id: str
    platform: str
    handle: str | None = None
    external_id: str | None = None
    base_url: str | None = None


@dataclass(frozen=True)
class Member:
    """Someone with a relationship to the account: owner, admin, member or follower."""

    id: str
    handle: str | None = None
    display_name: str | None = None
    role: MemberRole = "member"
    joined_at: datetime | None = None


@dataclass(frozen=True)
class Settings:
    """Normalised privacy settings; ``None`` wherever the platform does not say."""

    visibility: Visibility | None = None
    join_policy: JoinPolicy | None = None
    discoverable: bool | None = None
    comments: CommentPolicy | None = None
    location_tagging: bool | None = None
    admins: tuple[Member, ...] | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Author:
    """Who wrote a content item."""

    id: str | None = None
    handle: str | None = None
    display_name: str | None = None
    is_account_owner: bool = False


@dataclass(frozen=True)
class Location:
    """Where an item says it was made: coordinates, a place name, or both."""

    latitude: float | None = None
    longitude: float | None = None
    place_name: str | None = None


@dataclass(frozen=True)
class Media:
    """A photo or video attached to an item."""

    url: str | None
    type: str
    alt_text: str | None = None
    exif: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class ContentItem:
    """A post, page, comment, reply, photo or video, with its text as plain text."""

    id: str
    kind: ItemKind
    author: Author
    text: str
    created_at: datetime
    url: str | None = None
    visibility: Visibility | None = None
    parent_id: str | None = None
    location: Location | None = None
    media: tuple[Media, ...] = ()
    status: str | None = None


@dataclass(frozen=True)
class AccountSnapshot:
    """Everything one fetch observed about one account.

    ``missing`` maps each capability that could not be observed this time to the
    reason; rules that need it report "could not check", never "passed".
    ``items`` holds only what is new since ``cursor`` was last stored.

    ``unchanged`` maps each capability the connector did not read again, because the
    platform's own signal (a follower count, a notification stream, a modification time)
    says it is the same as when the cursor was stored, to that signal. Rules that need it
    are not run again; their findings and their last verdict stand. A connector re-reads
    such a capability in full at least every :data:`auditor.connector.FULL_READ_EVERY`.
    """

    account: AccountRef
    fetched_at: datetime
    capabilities: frozenset[Capability]
    settings: Settings | None = None
    members: tuple[Member, ...] | None = None
    member_count: int | None = None
    items: tuple[ContentItem, ...] = ()
    missing: Mapping[Capability, str] = field(default_factory=dict)
    cursor: Mapping[str, Any] | None = None
    unchanged: Mapping[Capability, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.fetched_at.tzinfo is None:
            raise ValueError("AccountSnapshot.fetched_at must be timezone-aware")
        if both := set(self.missing) & set(self.unchanged):
            raise ValueError(f"a capability cannot be both missing and unchanged: {sorted(both)}")
        if stray := set(self.unchanged) - self.capabilities:
            raise ValueError(f"unchanged names capabilities the connector lacks: {sorted(stray)}")

    def observed(self, capability: Capability) -> bool:
        """True when this snapshot really observed ``capability`` (read it this time)."""
        return (capability in self.capabilities and capability not in self.missing
                and capability not in self.unchanged)

    def carried(self, capability: Capability) -> bool:
        """True when ``capability`` was not read again because the platform says it is unchanged."""
        return capability in self.unchanged


