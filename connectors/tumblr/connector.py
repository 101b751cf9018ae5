"""The Tumblr connector: one blog's type, followers, posts (every state) and replies."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

from pydantic import SecretStr, field_validator, model_validator

from auditor import (
    AccountRef,
    AccountSnapshot,
    AuthError,
    Capability,
    Connector,
    ConnectorConfig,
    ContentItem,
    Member,
)
from connectors.tumblr import mapping
from connectors.tumblr.client import Credentials, TumblrClient

__all__ = ["TumblrConfig", "TumblrConnector"]

log = logging.getLogger(__name__)

#: Replies are read again for posts this recent whose note count changed since the last audit.
REPLY_WINDOW = timedelta(days=14)
#: The queue and drafts are read on the first audit and then at most once in this time.
UNPUBLISHED_EVERY = timedelta(days=1)
_OAUTH1 = ("consumer_key", "consumer_secret", "oauth_token", "oauth_token_secret")


class TumblrConfig(ConnectorConfig):
    """One blog and the owner's credentials: an OAuth 2 access token, or OAuth 1.0a's four values."""

    blog: str
    access_token: SecretStr | None = None
    consumer_key: SecretStr | None = None
    consumer_secret: SecretStr | None = None
    oauth_token: SecretStr | None = None
    oauth_token_secret: SecretStr | None = None

    @field_validator("blog")
    @classmethod
    def _blog_identifier(cls, value: str) -> str:
        value = value.strip().lower().removeprefix("https://").removeprefix("http://").rstrip("/")
        if not value or "/" in value or " " in value:
            raise ValueError("must be a blog name, its hostname (name.tumblr.com) or its uuid (t:...)")
        return value

    @model_validator(mode="after")
    def _one_credential(self) -> TumblrConfig:
        oauth1 = [getattr(self, key) is not None for key in _OAUTH1]
        if self.access_token is not None and any(oauth1):
            raise ValueError("give access_token or the four OAuth 1.0a values, not both")
        if self.access_token is None and not all(oauth1):
            raise ValueError("needs access_token, or consumer_key, consumer_secret, oauth_token "
                             "and oauth_token_secret")
        return self

    def credentials(self) -> Credentials:
        """The credentials the client signs requests with."""
        return Credentials(self.access_token, self.consumer_key, self.consumer_secret,
                           self.oauth_token, self.oauth_token_secret)


@dataclass(frozen=True)
class _Content:
    items: tuple[ContentItem, ...]
    cursor: dict[str, Any]


class TumblrConnector(Connector[TumblrConfig]):
    """Reads a school's Tumblr blog as its owner: type, followers, posts of every state, replies.

    Calls for a small blog (under 20 posts and followers, one draft): the first audit makes
    6 (user/info, followers, posts, queue, 2 drafts pages) + one ``/notes`` per post with
    notes; a repeat audit of an unchanged blog makes 3 (user/info, followers, posts), and 6
    when the queue and drafts are due again (once a day).
    """

    platform: ClassVar[str] = mapping.PLATFORM
    display_name: ClassVar[str] = "Tumblr"
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {Capability.SETTINGS, Capability.MEMBERS, Capability.CONTENT})
    config_model: ClassVar[type[ConnectorConfig]] = TumblrConfig
    http_library = "httpx"
    api_origin: ClassVar[str | None] = "https://api.tumblr.com"
    fake: ClassVar[str | None] = "connectors.tumblr.fake:FakeTumblr"
    limitations: ClassVar[tuple[str, ...]] = (
        "Password-protected and hidden blogs are not told apart: the API only says public or "
        "private (blogs[].type of /v2/user/info).",
        "Who may reply (everyone, followers, nobody), asks and submissions are not documented "
        "for third parties: they are kept in settings.raw when present, comments is not checked.",
        "Group blog members and admins are not in the API: admins are not checked.",
        "Replies are read for new posts, and again for posts of the last 14 days whose note "
        "count changed; a reply to an older post is seen only on the first audit.",
        "Asks, fan mail and direct messages are not read.",
        "A draft or queued post edited after it was first read is not read again.",
        "The queue and drafts are read on the first audit and then at most once a day: a new "
        "draft or queued post is seen up to a day late (a queued post that publishes sooner is "
        "seen among the posts).",
        "Blog info (settings.raw) is the blog object of /posts: when /posts fails, settings.raw "
        "is only the blog's /v2/user/info entry.",
        "Images are listed with their URL and alt text; EXIF is not read.",
        "Private posts are those /posts returns to the owner; Tumblr does not document that it "
        "lists them.",
        "OAuth 2 access tokens expire and are not refreshed: use OAuth 1.0a for unattended audits.",
    )


    def client(self, account: AccountRef) -> TumblrClient:
        """A client for the blog: ``base_url`` when set (the sandbox), else api.tumblr.com."""
        config = self.config
        return TumblrClient(self.http, account.base_url or str(self.api_origin), config.blog,
                            config.credentials())

    def check_credentials(self, account: AccountRef) -> None:
        """Ask who the token belongs to (401 if refused) and check they can post to the blog."""
        self._read_blog(self.client(account))

    def fetch(self, account: AccountRef, cursor: Mapping[str, Any] | None) -> AccountSnapshot:
        """Blog type and info, every follower, and posts, queue, drafts and replies since ``cursor``."""
        fetched_at = datetime.now(UTC)
        client = self.client(account)
        # Without the blog there is nothing to check: these failures are not caught.
        blog = self._read_blog(client)
        missing: dict[Capability, str] = {}
        followers = self.observe(Capability.MEMBERS, missing, client.followers)
        members: tuple[Member, ...] | None = None
        total = None
        if followers is not None:
            members, total = mapping.members_from_followers(followers[0]), followers[1]
        content = self.observe(Capability.CONTENT,
                               missing, lambda: _read_content(client, blog, cursor or {}, fetched_at))
        if client.blog_object is not None:
            # /posts carries the blog object that /v2/blog/{blog}/info would give.
            blog = blog.with_info(client.blog_object)
        log.info("tumblr %s: %d calls, %s followers, %d new items, missing: %s", account.id,
                 client.calls, total, len(content.items) if content else 0,
                 ", ".join(missing) or "nothing")
        return AccountSnapshot(
            account=account, fetched_at=fetched_at, capabilities=self.capabilities,
            settings=mapping.settings_from(blog), members=members,
            member_count=mapping.member_count(blog, total),
            items=content.items if content else (), missing=missing,
            cursor=content.cursor if content else (dict(cursor) if cursor is not None else None))

    def _read_blog(self, client: TumblrClient) -> mapping.Blog:
        user_info = client.user_info()
        blog = mapping.blog_from(user_info, None, self.config.blog)
        if not blog.entry:
            # Not found among the user's blogs (whose documented fields do not include the
            # uuid): /info names the blog, and tells one that does not exist (404) from one
            # this user cannot post to. Only this path pays for the call.
            blog = mapping.blog_from(user_info, client.blog_info(), self.config.blog)
        if not blog.entry:
            raise AuthError(mapping.PLATFORM, f"the token's user cannot post to {blog.name}: "
                            "private posts, drafts and followers would not be readable", status=403)
        return blog


def _stamp(cursor: Mapping[str, Any], key: str) -> float | None:
    value = cursor.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _read_content(client: TumblrClient, blog: mapping.Blog, cursor: Mapping[str, Any],
                  now: datetime) -> _Content:
    posts_after = _stamp(cursor, "posts_after")
    unpublished_after = _stamp(cursor, "unpublished_after")
    replies_after = _stamp(cursor, "replies_after")
    unpublished_read_at = _stamp(cursor, "unpublished_read_at")
    counts = cursor.get("note_counts")
    known_counts: Mapping[str, Any] = counts if isinstance(counts, Mapping) else {}
    window_start = (now - REPLY_WINDOW).timestamp()

    items: dict[str, ContentItem] = {}
    newest_post = posts_after
    note_counts: dict[str, int] = {}
    to_read: list[ContentItem] = []
    # Posts older than the cursor but inside the reply window are read for their note counts.
    stop = None if posts_after is None else min(posts_after, window_start)
    for post in client.posts("posts", newer_than=int(stop) if stop is not None else None):
        item = mapping.post_item(post, blog)
        stamp = item.created_at.timestamp()
        is_new = posts_after is None or stamp > posts_after
        if is_new:
            items[item.id] = item
        newest_post = stamp if newest_post is None else max(newest_post, stamp)
        count = post.get("note_count")
        count = count if isinstance(count, int) and not isinstance(count, bool) else None
        if stamp >= window_start and count is not None:
            note_counts[item.id] = count
        if count == 0 or (not is_new and count is not None and known_counts.get(item.id) == count):
            continue
        to_read.append(item)

    newest_unpublished = unpublished_after
    # Neither the queue nor the drafts can be asked for what changed since a time, and no
    # documented count tells that they changed: they are read whole, at most once a day.
    due = unpublished_read_at is None or unpublished_read_at > now.timestamp() \
        or now.timestamp() - unpublished_read_at >= UNPUBLISHED_EVERY.total_seconds()
    if due:
        unpublished_read_at = now.timestamp()
        for post in [*client.posts("posts/queue"), *client.drafts()]:
            item = mapping.post_item(post, blog)
            stamp = item.created_at.timestamp()
            if unpublished_after is None or stamp > unpublished_after:
                items.setdefault(item.id, item)
            newest_unpublished = stamp if newest_unpublished is None \
                else max(newest_unpublished, stamp)

    newest_reply = replies_after
    for parent in to_read:
        for reply in mapping.reply_items(client.notes(parent.id, newer_than=replies_after),
                                         parent, blog):
            stamp = reply.created_at.timestamp()
            if replies_after is None or stamp > replies_after:
                items.setdefault(reply.id, reply)
            newest_reply = stamp if newest_reply is None else max(newest_reply, stamp)

    next_cursor = {"posts_after": newest_post, "unpublished_after": newest_unpublished,
                   "unpublished_read_at": unpublished_read_at, "replies_after": newest_reply,
                   "note_counts": note_counts}
    ordered = sorted(items.values(), key=lambda i: (i.created_at, i.id))
    return _Content(items=tuple(ordered), cursor=next_cursor)
