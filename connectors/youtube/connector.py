"""The YouTube connector: a school's channel, its uploads and their comments, read with an API key."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

import httpx
from pydantic import Field, SecretStr

from auditor import (
    AccountRef,
    AccountSnapshot,
    Capability,
    ConfigError,
    Connector,
    ConnectorConfig,
    ConnectorError,
    ContentItem,
)
from connectors.youtube import mapping
from connectors.youtube.client import (
    API_ORIGIN,
    PLATFORM,
    Forbidden,
    NotFound,
    YouTubeClient,
    install_log_redaction,
)

__all__ = ["YouTubeConfig", "YouTubeConnector"]

log = logging.getLogger(__name__)

#: The largest page ``playlistItems.list`` and ``videos.list`` (ids per call) accept.
PAGE_SIZE = 50
#: The largest page ``commentThreads.list`` accepts.
COMMENT_PAGE_SIZE = 100
CHANNEL_PARTS = "snippet,contentDetails,status,statistics"
VIDEO_PARTS = "snippet,status"


class YouTubeConfig(ConnectorConfig):
    """How to read a channel: a Google Cloud API key with the YouTube Data API v3 enabled."""

    api_key: SecretStr
    #: The newest uploads whose comments are also read video by video at every audit, so that
    #: each one's "comments turned off" (403 commentsDisabled) is checked again; one call each.
    #: New uploads always are. New comments on every video come from one channel-wide call.
    comment_videos: int = Field(default=0, ge=0, le=PAGE_SIZE)


@dataclass
class _Content:
    """What one content read found, and the cursor that follows it."""

    items: list[ContentItem] = field(default_factory=list)
    states: dict[str, mapping.CommentState] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    cursor: dict[str, Any] = field(default_factory=dict)
    #: Every upload was read for comments one by one (a first audit), not a part of them.
    every_video: bool = False


class YouTubeConnector(Connector[YouTubeConfig]):
    """Reads a school's YouTube channel through the Data API v3 with an API key (public data only)."""

    platform: ClassVar[str] = PLATFORM
    display_name: ClassVar[str] = "YouTube"
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {Capability.SETTINGS, Capability.CONTENT})
    config_model: ClassVar[type[ConnectorConfig]] = YouTubeConfig
    http_library = "httpx"
    api_origin: ClassVar[str | None] = API_ORIGIN
    fake: ClassVar[str | None] = "connectors.youtube.fake:FakeYouTube"
    limitations: ClassVar[tuple[str, ...]] = (
        "Subscribers are not listed: the subscriber list needs the channel owner's OAuth; "
        "only the subscriber count (rounded by YouTube, absent when hidden) is reported.",
        "An API key sees public data only: a private channel cannot be found, and private "
        "and unlisted videos are not listed among the uploads.",
        "Comments held for review, and the channel's moderation settings, need the owner's "
        "OAuth: open comments read as 'everyone', comments turned off as 'off'.",
        "Managers and owners of the channel (Brand Account users) are not in the API.",
        "Whether a video takes comments is checked video by video only when it is new (and "
        "on the newest comment_videos uploads, default 0): on a repeat audit comments turned "
        "off or on later on an older video are not noticed, and with no new upload and no new "
        "comment the comment setting reads as unknown.",
        "New comments are read for the whole channel in one call "
        "(allThreadsRelatedToChannelId); comments on community posts or about the channel "
        "itself (threads without a video) are not reported.",
        "A thread carries only some of its replies, the rest are not read.",
        "A comment edited, or a reply added to an old thread, after it was first read is "
        "not read again unless its thread falls in a page of threads read.",
        "Location and EXIF of videos are not read.",
    )

    def __init__(self, config: ConnectorConfig, http: httpx.Client) -> None:
        if not isinstance(config, YouTubeConfig):
            raise TypeError(f"YouTubeConnector needs a YouTubeConfig, not {type(config).__name__}")
        super().__init__(config, http)
        self.youtube_config = config
        install_log_redaction()

    def client(self, account: AccountRef) -> YouTubeClient:
        """A client for the API, or for the account's ``base_url`` (the sandbox) when set."""
        return YouTubeClient(self.http, account.base_url or API_ORIGIN, self.youtube_config.api_key)

    def check_credentials(self, account: AccountRef) -> None:
        """Look the channel up: raises :class:`AuthError` if the key is refused."""
        _channel(self.client(account), account)

    def fetch(self, account: AccountRef, cursor: Mapping[str, Any] | None) -> AccountSnapshot:
        """Look the channel up, then read its new uploads and the comments since the cursor.

        Calls (one quota unit each) for a small channel: 1 channel + 1 uploads page +
        1 videos per 50 new uploads + 1 per new upload (its comments, and whether it takes
        any) + on a repeat audit 1 channel-wide comment page per 100 new threads.
        """
        fetched_at = datetime.now(UTC)
        client = self.client(account)
        # Without the channel there is nothing to check: this failure is not caught.
        channel = _channel(client, account)
        missing: dict[Capability, str] = {}
        content = self.observe(Capability.CONTENT, missing,
                               lambda: self._read_content(client, channel, cursor or {}))
        settings = mapping.settings_from(
            channel, content.states if content else None,
            content.unreadable if content else None, content.statuses if content else None,
            every_video=content.every_video if content else False)
        log.info("youtube %s: %d calls, %d new items, missing: %s", account.id, client.calls,
                 len(content.items) if content else 0, ", ".join(missing) or "nothing")
        return AccountSnapshot(
            account=account, fetched_at=fetched_at, capabilities=self.capabilities,
            settings=settings, member_count=mapping.member_count(channel),
            items=tuple(content.items) if content else (), missing=missing,
            cursor=content.cursor if content else cursor)

    def _read_content(self, client: YouTubeClient, channel: Mapping[str, Any],
                      cursor: Mapping[str, Any]) -> _Content:
        channel_id: str = channel["id"]
        seen = _seen_ids(cursor)
        comments_after = _since(cursor)
        listed = _uploads(client, mapping.uploads_playlist(channel), seen)
        new_ids = [v for v in listed if seen is None or v not in seen]
        found = _Content()
        for start in range(0, len(new_ids), PAGE_SIZE):
            batch = new_ids[start:start + PAGE_SIZE]
            # maxResults is not allowed with id: the answer holds every listed id it can show.
            page = client.list("videos", {"part": VIDEO_PARTS, "id": ",".join(batch)})
            for video in page["items"]:
                item = mapping.video_item(video, channel_id)
                found.items.append(item)
                found.statuses[item.id] = video["status"]
        comments: list[ContentItem] = []
        targets = list(dict.fromkeys(new_ids + listed[:self.youtube_config.comment_videos]))
        for video_id in targets:
            # A new upload's comments are all unread, however old they are.
            since = None if video_id in new_ids else comments_after
            comments.extend(_comments(client, video_id, channel_id, since, found))
        found.every_video = seen is None  # a first audit lists every upload and reads each one
        if seen is not None:
            # A repeat audit: new threads on every video of the channel, in one paged call.
            comments.extend(_channel_comments(client, channel_id, comments_after,
                                              frozenset(targets), found))
        newest = comments_after
        for item in comments:
            if newest is None or item.created_at > newest:
                newest = item.created_at
        found.items.extend(comments)
        found.cursor = {"recent_video_ids": listed[:PAGE_SIZE],
                        "comments_after": newest.isoformat() if newest else None}
        return found


def _channel(client: YouTubeClient, account: AccountRef) -> Mapping[str, Any]:
    """``channels.list`` by ``external_id`` (a UC… channel id) or else by handle."""
    params: dict[str, str | int] = {"part": CHANNEL_PARTS}
    if account.external_id:
        params["id"] = account.external_id
    elif account.handle and account.handle.strip().lstrip("@"):
        params["forHandle"] = "@" + account.handle.strip().lstrip("@")
    else:
        raise ConfigError("a YouTube account needs its channel id (external_id) or its @handle",
                          key=f"accounts.{account.id}")
    channel = mapping.channel_from(client.list("channels", params))
    if channel is None:
        raise ConnectorError(PLATFORM, "channels.list: no such channel, or it is not public "
                             "(an API key cannot see a private channel)", status=404)
    return channel


def _uploads(client: YouTubeClient, playlist_id: str, seen: frozenset[str] | None) -> list[str]:
    """Upload ids, newest first: every page on a first audit, else up to the first one seen."""
    listed: list[str] = []
    try:
        for page in client.pages("playlistItems", {"part": "contentDetails", "playlistId": playlist_id,
                                                   "maxResults": PAGE_SIZE}):
            ids = mapping.video_ids(page)
            listed.extend(ids)
            if seen is not None and any(v in seen for v in ids):
                break
    except NotFound:
        # A channel that never uploaded may have no uploads playlist to list.
        log.info("youtube: the uploads playlist of a channel was not found: no uploads")
    return listed


def _comments(client: YouTubeClient, video_id: str, channel_id: str, since: datetime | None,
              found: _Content) -> list[ContentItem]:
    """The comments on one video newer than ``since``, newest threads first.

    Comments turned off, or a video whose comments we may not read, is recorded
    for that video only; quota, server and payload errors fail the whole read.
    """
    items: list[ContentItem] = []
    params: dict[str, str | int] = {"part": "snippet,replies", "videoId": video_id, "textFormat": "plainText",
              "order": "time", "maxResults": COMMENT_PAGE_SIZE}
    try:
        for page in client.pages("commentThreads", params):
            oldest: datetime | None = None
            for thread in page["items"]:
                thread_items = mapping.thread_items(thread, video_id, channel_id)
                oldest = thread_items[0].created_at
                items.extend(i for i in thread_items if since is None or i.created_at > since)
            if since is not None and oldest is not None and oldest <= since:
                break  # threads come newest first: the rest were read before
    except (Forbidden, NotFound) as exc:
        if "commentsDisabled" in exc.reasons:
            found.states[video_id] = "disabled"
        else:
            found.states[video_id] = "unreadable"
            found.unreadable[video_id] = str(exc)
        return []
    found.states[video_id] = "enabled"
    return items


def _channel_comments(client: YouTubeClient, channel_id: str, since: datetime | None,
                      read_already: frozenset[str], found: _Content) -> list[ContentItem]:
    """New comments anywhere on the channel: ``allThreadsRelatedToChannelId``, newest threads first.

    Pages are followed until one reaches threads older than ``since``. Threads on the
    videos read one by one this audit (``read_already``) are skipped. The call says
    nothing about videos whose comments are turned off (they simply have no threads),
    so it records no per-video state, except ``enabled`` for a video that took a new
    comment since the last audit. Every error fails the whole read.
    """
    items: list[ContentItem] = []
    params: dict[str, str | int] = {"part": "snippet,replies", "allThreadsRelatedToChannelId": channel_id,
                                    "textFormat": "plainText", "order": "time",
                                    "maxResults": COMMENT_PAGE_SIZE}
    for page in client.pages("commentThreads", params):
        oldest: datetime | None = None
        for thread in page["items"]:
            video_id = mapping.thread_video_id(thread)
            if video_id is None:
                # About the channel itself or a community post, not a video: not reported.
                log.info("youtube: skipped a comment thread that is not on a video")
                continue
            thread_items = mapping.thread_items(thread, video_id, channel_id)
            oldest = thread_items[0].created_at
            if video_id in read_already:
                continue
            new = [i for i in thread_items if since is None or i.created_at > since]
            if any(i.kind == "comment" for i in new) and video_id not in found.states:
                found.states[video_id] = "enabled"
            items.extend(new)
        if since is not None and oldest is not None and oldest <= since:
            break  # threads come newest first: the rest were read before
    return items


def _seen_ids(cursor: Mapping[str, Any]) -> frozenset[str] | None:
    value = cursor.get("recent_video_ids")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return frozenset(value)


def _since(cursor: Mapping[str, Any]) -> datetime | None:
    value = cursor.get("comments_after")
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value).astimezone(UTC)
    except ValueError:
        log.warning("youtube: ignoring unreadable cursor comments_after=%r", value)
        return None
