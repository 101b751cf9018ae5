"""The Bluesky connector: profile, followers, posts, replies and reply controls of one account."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

from pydantic import ConfigDict, SecretStr, field_validator

from auditor import (
    AccountRef,
    AccountSnapshot,
    Capability,
    ConfigError,
    Connector,
    ConnectorConfig,
    ContentItem,
    Member,
)
from connectors.bluesky import mapping
from connectors.bluesky.client import NOTIFICATION_REASONS, PLATFORM, BlueskyClient

__all__ = ["BlueskyConfig", "BlueskyConnector"]

log = logging.getLogger(__name__)

#: The shape Bluesky gives every app password: four groups of four lowercase letters or digits.
_APP_PASSWORD = re.compile(r"^[a-z0-9]{4}(-[a-z0-9]{4}){3}$")


class BlueskyConfig(ConnectorConfig):
    """Connection settings for one Bluesky account: an app password, and its PDS if not bsky.social."""

    # A rejected value (perhaps the account's main password) must not be echoed in the error.
    model_config = ConfigDict(hide_input_in_errors=True)

    app_password: SecretStr
    service_url: str = "https://bsky.social"

    @field_validator("app_password")
    @classmethod
    def _is_app_password(cls, value: SecretStr) -> SecretStr:
        if not _APP_PASSWORD.match(value.get_secret_value()):
            raise ValueError("must be an app password (xxxx-xxxx-xxxx-xxxx, made under Settings > "
                             "Privacy and security > App passwords), never the account's password")
        return value

    @field_validator("service_url")
    @classmethod
    def _https_origin(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme != "https" or not parts.hostname or parts.path.strip("/") \
                or parts.query or parts.fragment or parts.username or parts.password:
            raise ValueError("must be the https:// origin of the account's PDS, without a path")
        return value.strip().rstrip("/")


@dataclass(frozen=True)
class _Content:
    """What one content read found, the top-level posts seen, and the cursor that follows."""

    items: tuple[ContentItem, ...]
    root_posts: tuple[Mapping[str, Any], ...]
    cursor: dict[str, str]


class BlueskyConnector(Connector[BlueskyConfig]):
    """Reads a school's Bluesky account through its PDS, signed in with an app password.

    Calls per audit of a small account (one page each): 4 when it signs in
    (createSession, getFollowers, getAuthorFeed, listNotifications), 3 when the process
    still holds the account's session (``auditor serve``: sessions are kept in memory
    only, see :mod:`connectors.bluesky.sessions`), +1 when that session must be refreshed;
    getProfile only when the followers cannot be read.
    """

    platform: ClassVar[str] = PLATFORM
    display_name: ClassVar[str] = "Bluesky"
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {Capability.SETTINGS, Capability.MEMBERS, Capability.CONTENT})
    config_model: ClassVar[type[ConnectorConfig]] = BlueskyConfig
    http_library = "httpx"
    api_origin: ClassVar[str | None] = "https://bsky.social"
    fake: ClassVar[str | None] = "connectors.bluesky.fake:FakeBluesky"
    limitations: ClassVar[tuple[str, ...]] = (
        "Everything on Bluesky is public by design: every account, post, reply and follower "
        "list can be read by anyone, and anyone may follow. Visibility is always 'public' and "
        "joining 'open', so the policy's private and invitation-only rules always fail on "
        "Bluesky; record an approved exception if the school uses it.",
        "Reply controls (threadgates) are per thread: 'comments' is the most open one among "
        "the recent top-level posts read; replies hidden by the author are still public.",
        "Cannot see who holds the account's password or app passwords, or who else posts "
        "as it: the API does not list them.",
        "Cannot read direct messages (chat): app passwords without DM access cannot, and "
        "the auditor never asks for one that can.",
        "Replies, mentions and quotes by others come from the account's notifications: "
        "replies from accounts the school has muted or blocked are not seen.",
        "Images and video in others' replies are listed with their alt text but no address; "
        "EXIF is never available (Bluesky strips it on upload).",
        "Reposts by the account are not read; a post whose createdAt is backdated before the "
        "last audit may be missed.",
        "The profile comes from getFollowers' subject, which has no counts: how many accounts "
        "the school follows and how many posts it has are not read, and member_count is the "
        "number of followers listed, not Bluesky's own followersCount (used only when the "
        "list cannot be read).",
        "The service keeps each account's session in memory between audits: an app password "
        "revoked meanwhile is noticed when its session is refused (at the latest when the "
        "access token, about two hours, expires), not at the next audit's sign-in.",
        "The 'ask apps not to show my account to logged-out users' option is reported in "
        "settings.raw only: it is a request to apps, the data stays public.",
    )


    def client(self, account: AccountRef) -> BlueskyClient:
        """A client for the account's PDS: ``base_url`` when set (the sandbox), else ``service_url``."""
        return BlueskyClient(self.http, account.base_url or self.config.service_url)

    def check_credentials(self, account: AccountRef) -> None:
        """Sign in anew (the password itself is checked, never a kept session); raises
        :class:`AuthError` if the handle or app password is refused."""
        self.client(account).create_session(_identifier(account), self.config.app_password)

    def fetch(self, account: AccountRef, cursor: Mapping[str, Any] | None) -> AccountSnapshot:
        """Sign in, read every follower (and the profile with them), and what is new since ``cursor``.

        ``cursor`` holds ``feed_since`` and ``notifications_since``: the newest ``indexedAt`` of
        the account's own posts and of the replies, mentions and quotes read. When content
        cannot be read the cursor comes back unchanged, so nothing unread is ever skipped.
        """
        fetched_at = datetime.now(UTC)
        client = self.client(account)
        # Without a session and the profile there is nothing to check: these are not caught.
        # The process's own session is reused while it is good (one call fewer).
        session = client.sign_in(_identifier(account), self.config.app_password)
        did = str(session["did"])
        missing: dict[Capability, str] = {}
        # getFollowers' required ``subject`` is the account's profile view: no getProfile call.
        read = self.observe(Capability.MEMBERS, missing, lambda: _read_followers(client, did))
        if read is not None:
            profile, members = read
        else:
            # No followers, so no subject: the detailed profile instead (failures not caught).
            profile = mapping.account_profile(client.get_profile(did))
            members = None
        content = self.observe(Capability.CONTENT, missing,
                               lambda: _read_content(client, profile, cursor or {}))
        settings = mapping.settings_from(profile, content.root_posts if content else ())
        log.info("bluesky %s: %d calls (session %s), %d followers, %d new items, missing: %s",
                 account.id, client.calls, client.signed_in, len(members or ()),
                 len(content.items) if content else 0, ", ".join(missing) or "nothing")
        return AccountSnapshot(
            account=account, fetched_at=fetched_at, capabilities=self.capabilities,
            settings=settings, members=members, member_count=mapping.member_count(profile),
            items=content.items if content else (), missing=missing,
            cursor=content.cursor if content else cursor)


def _identifier(account: AccountRef) -> str:
    identifier = (account.handle or account.external_id or "").strip().lstrip("@")
    if not identifier:
        raise ConfigError("a Bluesky account needs its handle (or DID) as handle",
                          key=f"accounts.{account.id}.handle")
    return identifier


def _read_followers(client: BlueskyClient,
                    did: str) -> tuple[Mapping[str, Any], tuple[Member, ...]]:
    subject, followers = client.followers(did)
    members = mapping.members_from_followers(followers)
    return mapping.profile_from_followers(subject, did, len(members)), members


def _since(cursor: Mapping[str, Any], key: str) -> datetime | None:
    when = mapping.parse_time(cursor.get(key))
    if when is None and cursor.get(key) is not None:
        log.warning("bluesky: ignoring unreadable cursor %s", key)
    return when


def _read_content(client: BlueskyClient, profile: Mapping[str, Any],
                  cursor: Mapping[str, Any]) -> _Content:
    did = str(profile["did"])
    feed_since = _since(cursor, "feed_since")
    notes_since = _since(cursor, "notifications_since")

    items: dict[str, ContentItem] = {}
    root_posts: list[Mapping[str, Any]] = []
    newest_post = feed_since
    # Newest first, with no "since" parameter: read pages until one reaches the cursor.
    for page in client.pages("app.bsky.feed.getAuthorFeed",
                             {"actor": did, "filter": "posts_with_replies"}, "feed"):
        for post in mapping.own_posts(page, did):
            indexed = mapping.sort_time(post)
            item = mapping.post_item(post, profile)
            if item.kind == "post":
                root_posts.append(post)
            if feed_since is None or indexed > feed_since:
                items.setdefault(item.id, item)
            if newest_post is None or indexed > newest_post:
                newest_post = indexed
        if feed_since is not None and any(mapping.entry_time(e) <= feed_since for e in page):
            break

    newest_note = notes_since
    for notes in client.pages("app.bsky.notification.listNotifications",
                              {"reasons": list(NOTIFICATION_REASONS)}, "notifications"):
        for note in notes:
            indexed = mapping.sort_time(note)
            if note.get("reason") not in NOTIFICATION_REASONS:
                continue  # a server that ignores ``reasons`` sends likes and follows too
            if notes_since is None or indexed > notes_since:
                item = mapping.notification_item(note, did)
                items.setdefault(item.id, item)
            if newest_note is None or indexed > newest_note:
                newest_note = indexed
        if notes_since is not None and any(mapping.sort_time(n) <= notes_since for n in notes):
            break

    next_cursor = {key: when.isoformat() for key, when in (
        ("feed_since", newest_post), ("notifications_since", newest_note)) if when is not None}
    ordered = sorted(items.values(), key=lambda i: (i.created_at, i.id))
    return _Content(items=tuple(ordered), root_posts=tuple(root_posts), cursor=next_cursor)
