"""The Mastodon connector: the school account's settings, followers and statuses, with its own token."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

from pydantic import SecretStr, field_validator

from auditor import (
    AccountRef,
    AccountSnapshot,
    Capability,
    Connector,
    ConnectorConfig,
    ConnectorError,
    ContentItem,
    Member,
)
from connectors.mastodon import mapping
from connectors.mastodon.client import MastodonClient
from connectors.mastodon.mapping import PLATFORM

__all__ = ["MastodonConfig", "MastodonConnector"]

log = logging.getLogger(__name__)

#: The largest pages the API serves.
ACCOUNTS_PAGE = 80
STATUSES_PAGE = 40
NOTIFICATIONS_PAGE = 80


class MastodonConfig(ConnectorConfig):
    """How to reach the account: its server's https address and the account's own access token."""

    instance_url: str
    access_token: SecretStr

    @field_validator("instance_url")
    @classmethod
    def _https_origin(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme != "https" or not parts.hostname:
            raise ValueError("must be the server's https:// address, such as https://mastodon.social")
        if parts.username or parts.password or parts.query or parts.fragment \
                or parts.path.strip("/"):
            raise ValueError("must be the server's address only, without a path or credentials")
        return value.strip().rstrip("/")


@dataclass(frozen=True)
class _Content:
    """What one content read found, and the cursor that follows it."""

    items: tuple[ContentItem, ...]
    cursor: dict[str, str]


class MastodonConnector(Connector[MastodonConfig]):
    """Reads a school's Mastodon account through its server's REST API with the account's token.

    Calls per audit of a small account (one page each): 4, first audit or repeat
    (verify_credentials, followers, own statuses, mention notifications), plus one for
    follow requests when some are pending. Four is the floor for an honest repeat audit:
    see "Why four" in the README.
    """

    platform: ClassVar[str] = PLATFORM
    display_name: ClassVar[str] = "Mastodon"
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {Capability.SETTINGS, Capability.MEMBERS, Capability.CONTENT})
    config_model: ClassVar[type[ConnectorConfig]] = MastodonConfig
    http_library = "httpx"
    # Each school's server is its own origin (instance_url), as for WordPress sites.
    api_origin: ClassVar[str | None] = None
    fake: ClassVar[str | None] = "connectors.mastodon.fake:FakeMastodon"
    limitations: ClassVar[tuple[str, ...]] = (
        "Who else can post as the account (its password, other apps and tokens) is not in the "
        "API: admins are not checked.",
        "Mastodon has no per-account reply control: comments are not checked (replies are "
        "read and scanned instead).",
        "Mastodon has no location tagging: location is not checked.",
        "Replies and mentions by others come from the account's mention notifications: a reply "
        "without the mention, or a notification dismissed before the audit, is not seen.",
        "Boosts (reblogs) by the account are not read; a status edited after it was read is "
        "not read again.",
        "Media are listed with URL, type and alt text; EXIF is not read (Mastodon strips it).",
        "The API does not say when someone followed: joined_at stays empty.",
        "A locked account's profile and public posts stay visible to anyone; visibility "
        "describes who may follow and the default post visibility.",
    )


    def client(self, account: AccountRef) -> MastodonClient:
        """A client for the account's server: ``base_url`` when set (the sandbox), else ``instance_url``."""
        config = self.config
        return MastodonClient(self.http, account.base_url or config.instance_url,
                              config.access_token)

    def check_credentials(self, account: AccountRef) -> None:
        """Ask whose token this is (401 if rejected) and that it is the configured account."""
        me = mapping.account_from_credentials(
            self.client(account).get_object("/api/v1/accounts/verify_credentials"))
        _check_handle(account, me)

    def fetch(self, account: AccountRef, cursor: Mapping[str, Any] | None) -> AccountSnapshot:
        """The token's own account, its followers, and the statuses new since ``cursor``.

        ``cursor`` holds ``since_id`` (the newest own status read) and
        ``notifications_since_id`` (the newest mention notification read). When content
        cannot be read the cursor comes back unchanged, so nothing unread is skipped.
        """
        fetched_at = datetime.now(UTC)
        client = self.client(account)
        # Without the account there is nothing to check: this failure is not caught.
        me = mapping.account_from_credentials(
            client.get_object("/api/v1/accounts/verify_credentials"))
        _check_handle(account, me)
        owner_id = str(me["id"])
        missing: dict[Capability, str] = {}

        read = self.observe(Capability.MEMBERS, missing, lambda: _read_members(client, me))
        members, requests = read if read else (None, None)
        content = self.observe(Capability.CONTENT, missing,
                               lambda: _read_content(client, owner_id, cursor or {}))
        log.info("mastodon %s: %d calls, %s followers, %d new items, missing: %s", account.id,
                 client.calls, len(members) if members is not None else "?",
                 len(content.items) if content else 0, ", ".join(missing) or "nothing")
        return AccountSnapshot(
            account=account, fetched_at=fetched_at, capabilities=self.capabilities,
            settings=mapping.settings_from_account(me, requests),
            members=members, member_count=mapping.member_count(me),
            items=content.items if content else (), missing=missing,
            cursor=content.cursor if content else (dict(cursor) if cursor else None))


def _check_handle(account: AccountRef, me: Mapping[str, Any]) -> None:
    """Refuse a token that belongs to another account than the one configured."""
    wanted = (account.handle or "").strip().lstrip("@").split("@")[0]
    if wanted and wanted.casefold() != str(me["username"]).casefold():
        raise ConnectorError(PLATFORM, f"the access token belongs to @{me['username']}, "
                             f"not @{wanted}: check the account's connection settings")


def _read_members(client: MastodonClient, me: Mapping[str, Any],
                  ) -> tuple[tuple[Member, ...], tuple[Member, ...] | None]:
    followers = client.get_all(f"/api/v1/accounts/{me['id']}/followers",
                               {"limit": ACCOUNTS_PAGE})
    requests: tuple[Member, ...] | None = ()
    if mapping.follow_requests_count(me) != 0:
        # Pending requesters are not members: they are listed in settings.raw for the monitor.
        requests = tuple(mapping.member_from_account(a, "member") for a in client.get_all(
            "/api/v1/follow_requests", {"limit": ACCOUNTS_PAGE}))
    return mapping.members_from_accounts(followers), requests


def _cursor_id(cursor: Mapping[str, Any], key: str) -> str | None:
    value = cursor.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip()
    if value is not None:
        log.warning("mastodon: ignoring unreadable cursor %s=%r", key, value)
    return None


def _read_content(client: MastodonClient, owner_id: str, cursor: Mapping[str, Any]) -> _Content:
    since_id = _cursor_id(cursor, "since_id")
    notes_since_id = _cursor_id(cursor, "notifications_since_id")

    status_query: dict[str, Any] = {"limit": STATUSES_PAGE, "exclude_reblogs": "true"}
    if since_id:
        status_query["since_id"] = since_id
    # Mapped before filtering, so a malformed status is an error, never silently dropped.
    own = [mapping.item_from_status(s, owner_id) for s in
           client.get_all(f"/api/v1/accounts/{owner_id}/statuses", status_query)]
    own = [i for i in own if since_id is None or mapping.id_key(i.id) > mapping.id_key(since_id)]

    # include_filtered (4.3+): a stranger's mention held back by the notification policy
    # is exactly what a monitor must see; older servers ignore the parameter.
    note_query: dict[str, Any] = {"types[]": ["mention"], "limit": NOTIFICATIONS_PAGE,
                                  "include_filtered": "true"}
    if notes_since_id:
        note_query["since_id"] = notes_since_id
    notifications = client.get_all("/api/v1/notifications", note_query)

    items: dict[str, ContentItem] = {i.id: i for i in own}
    for status in mapping.mention_statuses(notifications):
        item = mapping.item_from_status(status, owner_id)
        items.setdefault(item.id, item)
    ordered = tuple(sorted(items.values(), key=lambda i: mapping.id_key(i.id)))
    next_cursor = {key: value for key, value in (
        ("since_id", mapping.newest_id((i.id for i in own), since_id)),
        ("notifications_since_id",
         mapping.newest_id((str(n["id"]) for n in notifications), notes_since_id)),
    ) if value is not None}
    return _Content(items=ordered, cursor=next_cursor)
