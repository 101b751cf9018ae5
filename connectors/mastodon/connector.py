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
    ChangeSignals,
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
#: Notifications read: mentions are content; follows and follow requests are the
#: followers' change signal.
NOTIFICATION_TYPES = ("mention", "follow", "follow_request")
#: The cursor's content part, kept as it was when content cannot be read.
_CONTENT_KEYS = ("since_id", "notifications_since_id")


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

    Calls per audit of a small account (one page each): first audit 4
    (verify_credentials, notifications, own statuses, followers), +1 for follow requests
    when some are pending. Repeat audit of an unlocked account: 3, as its followers are
    carried on their counts and the follow notifications; of a locked account 4, since
    approving a request leaves no trace that would show a swapped follower (README, "Why
    four for a locked account"). Pending requests are listed again only when their count
    moved or a follow-request notification arrived (or a day has passed).
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
        "An unlocked account's followers are listed again only when its follower or request "
        "count moved, a follow (request) notification arrived, or a day has passed: a follow "
        "whose notification was dismissed or dropped by the notification policy, while "
        "another follower left, waits for that daily read.",
        "Pending follow requests are listed again only when their count moved, a "
        "follow-request notification arrived, or a day has passed; in between, settings.raw "
        "gives their count and says the list was not read again. A request whose "
        "notification was dismissed or dropped, while another was approved, waits for that "
        "daily read.",
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

        ``cursor`` holds ``since_id`` (the newest own status read), ``notifications_since_id``
        (the newest mention, follow or follow-request notification read) and the change
        signals of the last full follower read. When content cannot be read its part of the
        cursor comes back unchanged, so nothing unread is skipped.

        One notifications call serves two capabilities: its mentions are content, its follow
        and follow-request notifications are half of the followers' change signal (the other
        half is ``followers_count`` and ``follow_requests_count``). The followers are not
        listed again only when that signal is whole and unchanged; when the notifications
        cannot be read, only content is missing and the followers are read in full. The
        pending requests have their own signal (``follow_requests_count`` and no
        follow-request notification), recorded under ``signals.settings``: the requests are
        part of the settings, which are otherwise read every audit.
        """
        fetched_at = datetime.now(UTC)
        client = self.client(account)
        # Without the account there is nothing to check: this failure is not caught.
        me = mapping.account_from_credentials(
            client.get_object("/api/v1/accounts/verify_credentials"))
        _check_handle(account, me)
        owner_id = str(me["id"])
        previous = cursor or {}
        signals = ChangeSignals(cursor, fetched_at)
        missing: dict[Capability, str] = {}
        unchanged: dict[Capability, str] = {}

        notes = self.observe(Capability.CONTENT, missing,
                             lambda: _read_notifications(client, previous))
        content = None if notes is None else self.observe(
            Capability.CONTENT, missing, lambda: _read_content(client, owner_id, previous, notes))

        # Pending requests first: when they cannot be read the followers are not read either
        # (members missing, as one read), and their signal is independent of the followers'.
        requests: tuple[Member, ...] | None = None
        requests_unchanged: str | None = None
        pending = mapping.follow_requests_count(me)
        requests_signal = None if pending is None else f"follow_requests_count={pending}"
        if pending == 0:
            requests = ()  # nothing pending: nothing to list
        elif requests_signal is not None and notes is not None \
                and not mapping.follow_request_notifications(notes) \
                and signals.unchanged(Capability.SETTINGS, requests_signal):
            requests_unchanged = (
                f"not listed again: {requests_signal} and no follow-request notification "
                "since they were last listed, less than a day ago")
        else:
            requests = self.observe(Capability.MEMBERS, missing,
                                    lambda: _read_requests(client))
            if requests is not None and requests_signal is not None:
                signals.read(Capability.SETTINGS, requests_signal)

        members: tuple[Member, ...] | None = None
        signal = _members_signal(me)
        if Capability.MEMBERS in missing:
            pass  # the requests could not be read: members are missing already
        elif signal is not None and notes is not None and not mapping.follow_notifications(notes) \
                and signals.unchanged(Capability.MEMBERS, signal):
            unchanged[Capability.MEMBERS] = (
                f"not locked, {signal}, and no follow or follow-request notification since "
                "the last audit")
        else:
            members = self.observe(Capability.MEMBERS, missing,
                                   lambda: _read_followers(client, me))
            if members is not None and signal is not None:
                signals.read(Capability.MEMBERS, signal)

        log.info("mastodon %s: %d calls, %s followers, %d new items, missing: %s, "
                 "unchanged: %s", account.id, client.calls,
                 len(members) if members is not None else "?",
                 len(content.items) if content else 0, ", ".join(missing) or "nothing",
                 ", ".join(unchanged) or "nothing")
        kept = content.cursor if content else {
            key: previous[key] for key in _CONTENT_KEYS if key in previous}
        next_cursor = {**kept, **signals.cursor()}
        return AccountSnapshot(
            account=account, fetched_at=fetched_at, capabilities=self.capabilities,
            settings=mapping.settings_from_account(me, requests, requests_unchanged),
            members=members, member_count=mapping.member_count(me),
            items=content.items if content else (), missing=missing,
            cursor=next_cursor or None, unchanged=unchanged)


def _members_signal(me: Mapping[str, Any]) -> str | None:
    """What must stay the same for the followers to be carried, or None when it cannot be used.

    A locked account has no sound signal: approving a follow request adds a follower and
    Mastodon deletes the request's notification with the request, so one follower leaving,
    another asking and being approved leaves both counts and the notifications as they
    were. A hidden count (-1) cannot be compared either.
    """
    followers = mapping.member_count(me)
    requests = mapping.follow_requests_count(me)
    if me.get("locked") is not False or followers is None or requests is None:
        return None
    return f"followers_count={followers}, follow_requests_count={requests}"


def _check_handle(account: AccountRef, me: Mapping[str, Any]) -> None:
    """Refuse a token that belongs to another account than the one configured."""
    wanted = (account.handle or "").strip().lstrip("@").split("@")[0]
    if wanted and wanted.casefold() != str(me["username"]).casefold():
        raise ConnectorError(PLATFORM, f"the access token belongs to @{me['username']}, "
                             f"not @{wanted}: check the account's connection settings")


def _read_followers(client: MastodonClient, me: Mapping[str, Any]) -> tuple[Member, ...]:
    return mapping.members_from_accounts(client.get_all(
        f"/api/v1/accounts/{me['id']}/followers", {"limit": ACCOUNTS_PAGE}))


def _read_requests(client: MastodonClient) -> tuple[Member, ...]:
    """Pending requesters: not members (not yet followers), listed in settings.raw."""
    return tuple(mapping.member_from_account(a, "member") for a in client.get_all(
        "/api/v1/follow_requests", {"limit": ACCOUNTS_PAGE}))


def _cursor_id(cursor: Mapping[str, Any], key: str) -> str | None:
    value = cursor.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip()
    if value is not None:
        log.warning("mastodon: ignoring unreadable cursor %s=%r", key, value)
    return None


def _read_notifications(client: MastodonClient,
                        cursor: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Mention, follow and follow-request notifications since the cursor, every page.

    ``include_filtered`` (4.3+): a stranger's mention or follow held back by the account's
    notification policy is exactly what a monitor must see; older servers ignore it.
    """
    query: dict[str, Any] = {"types[]": list(NOTIFICATION_TYPES), "limit": NOTIFICATIONS_PAGE,
                             "include_filtered": "true"}
    since_id = _cursor_id(cursor, "notifications_since_id")
    if since_id:
        query["since_id"] = since_id
    notes = client.get_all("/api/v1/notifications", query)
    mapping.check_notifications(notes)
    return notes


def _read_content(client: MastodonClient, owner_id: str, cursor: Mapping[str, Any],
                  notifications: list[dict[str, Any]]) -> _Content:
    since_id = _cursor_id(cursor, "since_id")
    notes_since_id = _cursor_id(cursor, "notifications_since_id")

    status_query: dict[str, Any] = {"limit": STATUSES_PAGE, "exclude_reblogs": "true"}
    if since_id:
        status_query["since_id"] = since_id
    # Mapped before filtering, so a malformed status is an error, never silently dropped.
    own = [mapping.item_from_status(s, owner_id) for s in
           client.get_all(f"/api/v1/accounts/{owner_id}/statuses", status_query)]
    own = [i for i in own if since_id is None or mapping.id_key(i.id) > mapping.id_key(since_id)]

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
