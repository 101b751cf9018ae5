"""The Instagram connector: a business or creator account, read with an Instagram user token."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

from pydantic import Field, SecretStr

from auditor import (
    AccountRef,
    AccountSnapshot,
    Author,
    Capability,
    ConfigError,
    Connector,
    ConnectorConfig,
    ContentItem,
    PlatformResponseError,
)
from connectors.instagram import mapping
from connectors.instagram.client import (
    API_ORIGIN,
    COMMENT_FIELDS,
    MEDIA_FIELDS,
    PLATFORM,
    REPLY_FIELDS,
    USER_FIELDS,
    InstagramClient,
    Payload,
    next_cursor,
)

__all__ = ["InstagramConfig", "InstagramConnector"]

log = logging.getLogger(__name__)



class InstagramConfig(ConnectorConfig):
    """Connection settings: an Instagram user access token, the API version and the account id."""

    access_token: SecretStr
    api_version: str = Field(default="v25.0", pattern=r"^v\d+\.\d+$")
    #: The Instagram professional account id (``user_id`` of ``GET /me``); ``me`` is the
    #: account the token was issued for.
    user_id: str = Field(default="me", pattern=r"^(me|\d{1,30})$")


@dataclass(frozen=True)
class _Content:
    """What one content read found, the recent media it saw, and the cursor that follows it."""

    items: tuple[ContentItem, ...]
    recent_media: tuple[Payload, ...]
    cursor: dict[str, Any]


class InstagramConnector(Connector[InstagramConfig]):
    """Reads an Instagram business or creator account: its profile, posts, comments and replies.

    Calls per audit of a small account (under 50 posts): the first audit makes 2, plus one
    per post that has comments; a repeat audit makes 2 (the account, the newest page of
    posts), plus one per post whose ``comments_count`` changed.
    """

    platform: ClassVar[str] = PLATFORM
    display_name: ClassVar[str] = "Instagram"
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {Capability.SETTINGS, Capability.CONTENT})
    config_model: ClassVar[type[ConnectorConfig]] = InstagramConfig
    http_library = "httpx"
    api_origin: ClassVar[str | None] = API_ORIGIN
    fake: ClassVar[str | None] = "connectors.instagram.fake:FakeInstagram"
    limitations: ClassVar[tuple[str, ...]] = (
        "Only business and creator accounts have an API; a personal account cannot be audited.",
        "Business and creator accounts are public by design (Instagram does not let them be "
        "private): the private and invite-only rules fail, truthfully.",
        "No follower list in the API: membership rules cannot check who follows; only the "
        "follower count is reported.",
        "Who else can post or manage the account (admins, linked Facebook Page roles) is "
        "not in the API.",
        "Comments are on or off per post: the account reports 'everyone' when any recent post "
        "takes comments (settings.raw.is_comment_enabled_by_media has each post).",
        "After the first audit, new comments are looked for on the newest 50 posts only, "
        "and only where the post's comment count changed.",
        "Stories, live videos, direct messages, tagged and @mentioning media are not read; "
        "nor are location tags, which the API does not return.",
        "Photos are listed by URL; EXIF is not available (Instagram strips it).",
    )

    #: Page sizes; the newest media page is also the window for new comments.
    media_page_size: ClassVar[int] = 50
    comments_page_size: ClassVar[int] = 50


    def client(self, account: AccountRef) -> InstagramClient:
        """A client for ``base_url`` when set (the sandbox), else graph.instagram.com."""
        config = self.config
        return InstagramClient(self.http, account.base_url or API_ORIGIN, config.api_version,
                               config.access_token)

    def check_credentials(self, account: AccountRef) -> None:
        """Read the account; raises :class:`AuthError` if the token is refused."""
        self._read_account(self.client(account), account)

    def fetch(self, account: AccountRef, cursor: Mapping[str, Any] | None) -> AccountSnapshot:
        """Read the account, then its posts newer than ``cursor`` and their new comments.

        When content cannot be read, the cursor comes back unchanged, so nothing unread is skipped.
        """
        fetched_at = datetime.now(UTC)
        client = self.client(account)
        # Without the account there is nothing to check: this failure is not caught.
        user = self._read_account(client, account)
        missing: dict[Capability, str] = {}
        content = self.observe(Capability.CONTENT, missing,
                               lambda: self._read_content(client, user, cursor or {}))
        settings = mapping.settings_from(user, content.recent_media if content else None)
        log.info("instagram %s: %d calls, %d new items, missing: %s", account.id, client.calls,
                 len(content.items) if content else 0, ", ".join(missing) or "nothing")
        return AccountSnapshot(
            account=account, fetched_at=fetched_at, capabilities=self.capabilities,
            settings=settings, members=None, member_count=mapping.member_count(user),
            items=content.items if content else (), missing=missing,
            cursor=content.cursor if content else cursor)

    def _read_account(self, client: InstagramClient, account: AccountRef) -> Mapping[str, Any]:
        user = mapping.account_user(
            client.get_node(self.config.user_id, USER_FIELDS, "account"))
        handle = (account.handle or "").strip().lstrip("@")
        if handle and handle.lower() != str(user["username"]).lower():
            raise ConfigError(f"the access token reads @{user['username']}, not @{handle}",
                              key=f"accounts.{account.id}.handle")
        kind = str(user.get("account_type") or "").upper()
        if kind and kind not in mapping.PROFESSIONAL_ACCOUNT_TYPES:
            log.warning("instagram %s: unexpected account_type %r", account.id, kind)
        return user

    def _read_content(self, client: InstagramClient, user: Mapping[str, Any],
                      cursor: Mapping[str, Any]) -> _Content:
        owner = mapping.owner_author(user)
        media_after = _since(cursor.get("media_after"))
        known = _known_media(cursor.get("media"))
        node = str(user.get("user_id") or user["id"])

        seen: list[Payload] = []
        for media in client.get_edge(f"{node}/media", MEDIA_FIELDS, "media",
                                     limit=self.media_page_size):
            # The edge lists the newest first: past the cursor and the comment window, stop.
            if (media_after is not None and len(seen) >= self.media_page_size
                    and mapping.parse_time(media, "media") <= media_after):
                break
            seen.append(media)

        items: list[ContentItem] = []
        newest_media = media_after
        window: dict[str, dict[str, Any]] = {}
        for position, media in enumerate(seen):
            created = mapping.parse_time(media, "media")
            if media_after is None or created > media_after:
                items.append(mapping.media_item(media, owner))
            if newest_media is None or created > newest_media:
                newest_media = created
            entry = self._read_comments(client, media, owner, known.get(str(media["id"])), items)
            if position < self.media_page_size:
                window[str(media["id"])] = entry
        new_cursor: dict[str, Any] = {"media": window}
        if newest_media is not None:
            new_cursor["media_after"] = _iso(newest_media)
        return _Content(tuple(items), tuple(seen[:self.media_page_size]), new_cursor)

    def _read_comments(self, client: InstagramClient, media: Payload, owner: Author,
                       before: Mapping[str, Any] | None, items: list[ContentItem],
                       ) -> dict[str, Any]:
        """Read a post's comments unless its count is unchanged; add the new ones to ``items``.

        Returns the post's entry for the cursor: its comment count and newest comment time.
        """
        count = media.get("comments_count")
        count = count if isinstance(count, int) and not isinstance(count, bool) else None
        newest = _since(before.get("newest")) if before else None
        unchanged = before is not None and count is not None and before.get("count") == count
        if count == 0 or unchanged:
            return {"count": count, "newest": _iso(newest) if newest else None}
        latest = newest
        for comment in client.get_edge(f"{media['id']}/comments", COMMENT_FIELDS, "comments",
                                       limit=self.comments_page_size):
            for item in mapping.comment_items(comment, media, owner,
                                              self._replies(client, comment)):
                if newest is None or item.created_at > newest:
                    items.append(item)
                if latest is None or item.created_at > latest:
                    latest = item.created_at
        return {"count": count, "newest": _iso(latest) if latest else None}

    def _replies(self, client: InstagramClient, comment: Payload) -> list[Payload]:
        """The replies expanded on a comment, and any further pages of them."""
        expanded = comment.get("replies")
        if expanded is None:
            return []
        if not isinstance(expanded, Mapping) or not isinstance(expanded.get("data"), list):
            raise PlatformResponseError(PLATFORM, "comments: replies is not an edge")
        replies: list[Payload] = [r for r in expanded["data"] if isinstance(r, dict)]
        after = next_cursor(expanded, "replies")
        if after is not None:
            replies += client.get_edge(f"{comment['id']}/replies", REPLY_FIELDS, "replies",
                                       limit=self.comments_page_size, after=after)
        return replies


def _since(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        log.warning("instagram: ignoring an unreadable cursor time %r", value)
        return None
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)


def _known_media(value: Any) -> dict[str, Mapping[str, Any]]:
    if not isinstance(value, Mapping):
        return {}
    return {str(k): v for k, v in value.items()
            if isinstance(v, Mapping) and re.fullmatch(r"\d+", str(k))}


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")
