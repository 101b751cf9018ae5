"""The X (Twitter API v2) connector: settings, followers and content of one account."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

import requests
from pydantic import SecretStr

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
from connectors.x import mapping
from connectors.x.client import PLATFORM, XClient

__all__ = ["XConfig", "XConnector"]


class XConfig(ConnectorConfig):
    """Connection settings for one X account: an app-only bearer token."""

    bearer_token: SecretStr


@dataclass(frozen=True)
class _Content:
    """What one content read found, and the cursor that follows it."""

    items: tuple[ContentItem, ...]
    cursor: dict[str, str]
    latest_post: Mapping[str, Any] | None


class XConnector(Connector[XConfig]):
    """Reads a school's X account through the X API v2 with an app-only bearer token.

    Calls per audit of a small account (one page each): the first audit makes 4
    (user lookup, followers, the account's tweets, recent search for replies);
    a repeat audit of an unchanged account makes 3, because the lookup's
    ``most_recent_tweet_id`` shows there is no new tweet to read.
    """

    platform = PLATFORM
    display_name = "X (Twitter)"
    capabilities = frozenset({Capability.SETTINGS, Capability.MEMBERS, Capability.CONTENT})
    config_model = XConfig
    http_library = "requests"
    api_origin = "https://api.twitter.com"
    fake = "connectors.x.fake:FakeX"
    limitations = (
        "Cannot see who else can post as the account (admins, delegates, connected apps): "
        "the API does not expose them.",
        "Cannot read direct messages: that needs the account owner's own sign-in.",
        "Cannot see pending follow requests, or who can see a protected account beyond its "
        "followers; with an app-only token a protected account's tweets and followers are "
        "reported as could not check.",
        "Reply settings are per post: only the latest post's setting is reported "
        "(settings.raw.latest_tweet_reply_settings). Hidden or moderated replies are not seen.",
        "Replies by others come from recent search, which covers the last 7 days only.",
        "Followers need an X API access level that includes follows lookup; without it, "
        "membership is reported as could not check.",
    )

    #: Page sizes: the largest each endpoint accepts.
    followers_page_size: ClassVar[int] = 1000
    tweets_page_size: ClassVar[int] = 100
    search_page_size: ClassVar[int] = 100

    def __init__(self, config: ConnectorConfig, http: requests.Session) -> None:
        if not isinstance(config, XConfig):
            raise TypeError(f"XConnector needs an XConfig, not {type(config).__name__}")
        super().__init__(config, http)
        self._client = XClient(config.bearer_token, http)

    def check_credentials(self, account: AccountRef) -> None:
        """Look the account up; raises :class:`AuthError` if the token is refused."""
        self._client.user_by_username(_username(account))

    def fetch(self, account: AccountRef, cursor: Mapping[str, Any] | None) -> AccountSnapshot:
        """Look the account up, then read its followers and its new tweets and replies.

        ``cursor`` holds ``since_id`` (the newest own tweet read) and
        ``replies_since_id`` (the newest reply read). When content cannot be read,
        the cursor comes back unchanged, so nothing unread is ever skipped.
        """
        fetched_at = datetime.now(UTC)
        # Without the account there is nothing to check: this failure is not caught.
        lookup = self._client.user_by_username(_username(account))
        owner = mapping.account_user(lookup)
        member_count = mapping.member_count(owner)
        missing: dict[Capability, str] = {}
        members = self._read_members(owner, missing)
        content = self.observe(Capability.CONTENT, missing,
                               lambda: self._read_content(owner, cursor or {}))
        latest = mapping.latest_tweet(lookup)
        if latest is None and content is not None:
            latest = content.latest_post
        return AccountSnapshot(
            account=account,
            fetched_at=fetched_at,
            capabilities=self.capabilities,
            settings=mapping.settings_from_user(owner, latest),
            members=members,
            member_count=member_count,
            items=content.items if content is not None else (),
            missing=missing,
            cursor=content.cursor if content is not None else cursor,
        )

    def _read_members(self, owner: Mapping[str, Any],
                      missing: MutableMapping[Capability, str]) -> tuple[Member, ...] | None:
        return self.observe(Capability.MEMBERS, missing, lambda: mapping.members_from_followers(
            self._client.followers(owner["id"], page_size=self.followers_page_size)))

    def _read_content(self, owner: Mapping[str, Any], cursor: Mapping[str, Any]) -> _Content:
        since_id = _id_or_none(cursor.get("since_id"))
        replies_since_id = _id_or_none(cursor.get("replies_since_id"))
        posts: tuple[ContentItem, ...] = ()
        latest_post = None
        if _may_have_new_tweets(owner, since_id):
            timeline = self._client.user_tweets(owner["id"], since_id=since_id,
                                                page_size=self.tweets_page_size)
            posts = mapping.posts_from_timeline(timeline, owner)
            latest_post = max(timeline["data"], key=lambda t: int(t["id"]), default=None)
        search = self._client.replies_to(owner["username"], since_id=replies_since_id,
                                         page_size=self.search_page_size)
        replies = tuple(r for r in mapping.replies_from_search(search, owner)
                        if replies_since_id is None or int(r.id) > int(replies_since_id))
        new_cursor = {
            key: value for key, value in (
                ("since_id", mapping.newest_id(posts, since_id)),
                ("replies_since_id", mapping.newest_id(replies, replies_since_id)),
            ) if value is not None
        }
        return _Content(items=posts + replies, cursor=new_cursor, latest_post=latest_post)


def _username(account: AccountRef) -> str:
    username = (account.handle or "").strip().lstrip("@")
    if not username:
        raise ConfigError("an X account needs its username as handle",
                          key=f"accounts.{account.id}.handle")
    return username


def _id_or_none(value: Any) -> str | None:
    """A tweet id from a stored cursor; anything else is treated as no cursor."""
    if value is None:
        return None
    text = str(value)
    return text if text.isdigit() else None


def _may_have_new_tweets(owner: Mapping[str, Any], since_id: str | None) -> bool:
    """False only when the lookup's ``most_recent_tweet_id`` is one already read."""
    latest = _id_or_none(owner.get("most_recent_tweet_id"))
    return since_id is None or latest is None or int(latest) > int(since_id)
