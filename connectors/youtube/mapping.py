"""Pure functions from YouTube Data API v3 resources to the auditor's snapshot types.

Item ids are YouTube's own: a video id (11 characters), a comment id. A top-level
comment's ``parent_id`` is the video's id; a reply's is the top-level comment's id.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal

from auditor import Author, ContentItem, Media, PlatformResponseError, Settings

__all__ = [
    "PLATFORM",
    "CommentState",
    "channel_from",
    "comment_policy",
    "member_count",
    "parse_time",
    "settings_from",
    "thread_items",
    "thread_video_id",
    "uploads_playlist",
    "video_ids",
    "video_item",
    "watch_url",
]

PLATFORM = "youtube"

Payload = Mapping[str, Any]
Visibility = Literal["public", "private", "unlisted"]
#: What reading one video's comment threads found.
CommentState = Literal["enabled", "disabled", "unreadable"]
_VISIBILITY: Mapping[str, Visibility] = {"public": "public", "private": "private",
                                         "unlisted": "unlisted"}


def _bad(message: str) -> PlatformResponseError:
    return PlatformResponseError(PLATFORM, message)


def _object(obj: Payload, key: str, what: str) -> Payload:
    value = obj.get(key)
    if not isinstance(value, Mapping):
        raise _bad(f"{what} has no {key} object")
    return value


def _string(obj: Payload, key: str, what: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise _bad(f"{what} has no {key}")
    return value


def parse_time(value: Any, what: str) -> datetime:
    """An RFC 3339 timestamp (``2024-06-14T09:30:00Z``) as an aware UTC datetime."""
    if not isinstance(value, str):
        raise _bad(f"{what} has no timestamp")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise _bad(f"{what}: {value[:40]!r} is not an RFC 3339 timestamp") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def watch_url(video_id: str, comment_id: str | None = None) -> str:
    """The public address of a video, or of one comment under it."""
    url = f"https://www.youtube.com/watch?v={video_id}"
    return url + (f"&lc={comment_id}" if comment_id else "")


def channel_from(body: Payload) -> Payload | None:
    """The one channel of a ``channels.list`` answer; None when it lists none."""
    items = body.get("items") or []
    if not items:
        return None
    channel = items[0]
    if not isinstance(channel, Mapping):
        raise _bad("the channel is not an object")
    _string(channel, "id", "the channel")
    for part in ("snippet", "status", "contentDetails", "statistics"):
        _object(channel, part, "the channel")
    return channel


def uploads_playlist(channel: Payload) -> str:
    """The id of the playlist that lists the channel's uploads."""
    related = _object(_object(channel, "contentDetails", "the channel"), "relatedPlaylists",
                      "the channel's contentDetails")
    return _string(related, "uploads", "the channel's relatedPlaylists")


def member_count(channel: Payload) -> int | None:
    """``statistics.subscriberCount`` (rounded by YouTube to 3 significant figures), unless hidden."""
    stats = _object(channel, "statistics", "the channel")
    if stats.get("hiddenSubscriberCount") is True:
        return None
    count = stats.get("subscriberCount")
    if count is None:
        return None
    if not str(count).isdigit():
        raise _bad("the channel's subscriberCount is not a number")
    return int(count)


def comment_policy(states: Mapping[str, CommentState] | None, made_for_kids: bool | None,
                   every_video: bool = True) -> Literal["everyone", "off"] | None:
    """``everyone`` when any video read takes comments, ``off`` when none does.

    ``off`` needs every video to have been read (``every_video``, as on a first audit):
    one new upload with comments turned off says nothing of the channel's other videos.

    YouTube turns comments off on every made-for-kids video. Whether comments are
    held for review is only visible with the owner's OAuth, so open comments read
    as ``everyone``; with nothing read, and a channel not made for kids, it is unknown.
    """
    found = set((states or {}).values())
    if "enabled" in found:
        return "everyone"
    if every_video and found and found <= {"disabled"}:
        return "off"
    if made_for_kids is True:
        return "off"
    return None


def settings_from(channel: Payload, comment_states: Mapping[str, CommentState] | None,
                  unreadable: Mapping[str, str] | None = None,
                  video_statuses: Mapping[str, Payload] | None = None,
                  every_video: bool = True) -> Settings:
    """The channel's settings: who can see it, that anyone may subscribe, and its comments.

    ``comment_states`` (None when content could not be read) maps each video whose
    comments were read to what was found; ``unreadable`` says why, per video;
    ``video_statuses`` holds the ``status`` (privacy, made for kids) of each video read;
    ``every_video`` says whether every upload was read for comments (a first audit).
    """
    snippet = _object(channel, "snippet", "the channel")
    status = _object(channel, "status", "the channel")
    visibility = _VISIBILITY.get(str(status.get("privacyStatus")))
    made_for_kids = status.get("madeForKids")
    raw: dict[str, Any] = {
        "id": channel["id"],
        "title": snippet.get("title"),
        "custom_url": snippet.get("customUrl"),
        "country": snippet.get("country"),
        "status": dict(status),
        "statistics": dict(_object(channel, "statistics", "the channel")),
        "uploads_playlist": uploads_playlist(channel),
    }
    if comment_states is not None:
        raw["comments_by_video"] = dict(comment_states)
    if unreadable:
        raw["comments_unreadable"] = dict(unreadable)
    if video_statuses:
        raw["video_status"] = {vid: dict(st) for vid, st in video_statuses.items()}
    return Settings(
        visibility=visibility,
        # Anyone signed in to YouTube may subscribe to a channel; there is no approval step.
        join_policy="open",
        # Public channels are listed in YouTube search; unlisted and private ones are not.
        discoverable=None if visibility is None else visibility == "public",
        comments=comment_policy(comment_states,
                                made_for_kids if isinstance(made_for_kids, bool) else None,
                                every_video),
        raw=raw,
    )


def video_ids(playlist_page: Payload) -> list[str]:
    """The video ids of one ``playlistItems.list`` page, in the playlist's order (newest first)."""
    ids: list[str] = []
    for item in playlist_page.get("items") or []:
        details = _object(item, "contentDetails", "a playlist item")
        ids.append(_string(details, "videoId", "a playlist item's contentDetails"))
    return ids


def video_item(video: Payload, channel_id: str) -> ContentItem:
    """A video as a ContentItem: its title and description as text, visibility from privacyStatus."""
    video_id = _string(video, "id", "a video")
    what = f"video {video_id}"
    snippet = _object(video, "snippet", what)
    status = _object(video, "status", what)
    title = str(snippet.get("title") or "")
    description = str(snippet.get("description") or "")
    privacy = str(status.get("privacyStatus") or "")
    author_id = snippet.get("channelId") if isinstance(snippet.get("channelId"), str) else None
    return ContentItem(
        id=video_id,
        kind="video",
        author=Author(id=author_id, display_name=snippet.get("channelTitle") or None,
                      is_account_owner=author_id == channel_id),
        text="\n\n".join(part for part in (title, description) if part),
        created_at=parse_time(snippet.get("publishedAt"), what),
        url=watch_url(video_id),
        visibility=_VISIBILITY.get(privacy),
        media=(Media(url=watch_url(video_id), type="video", alt_text=title or None),),
        status=privacy or None,
    )


def _comment_item(comment: Payload, video_id: str, channel_id: str, *,
                  kind: Literal["comment", "reply"], parent_id: str,
                  visibility: Visibility | None) -> ContentItem:
    comment_id = _string(comment, "id", "a comment")
    what = f"comment {comment_id}"
    snippet = _object(comment, "snippet", what)
    author_channel = snippet.get("authorChannelId")
    author_id = author_channel.get("value") if isinstance(author_channel, Mapping) else None
    text = snippet.get("textDisplay")
    if not isinstance(text, str):
        text = snippet.get("textOriginal")
    if not isinstance(text, str):
        raise _bad(f"{what} has no textDisplay")
    moderation = snippet.get("moderationStatus")
    return ContentItem(
        id=comment_id,
        kind=kind,
        author=Author(id=author_id if isinstance(author_id, str) else None,
                      display_name=snippet.get("authorDisplayName") or None,
                      is_account_owner=author_id == channel_id),
        text=text,
        created_at=parse_time(snippet.get("publishedAt"), what),
        url=watch_url(video_id, comment_id),
        visibility=visibility,
        parent_id=parent_id,
        status=moderation if isinstance(moderation, str) else None,
    )


def thread_video_id(thread: Payload) -> str | None:
    """The video a comment thread is on (``snippet.videoId``); None for a thread not on a video."""
    snippet = _object(thread, "snippet", f"comment thread {thread.get('id')}")
    video_id = snippet.get("videoId")
    if video_id is None or video_id == "":
        return None
    if not isinstance(video_id, str):
        raise _bad(f"comment thread {thread.get('id')}: videoId is not a string")
    return video_id


def thread_items(thread: Payload, video_id: str, channel_id: str) -> list[ContentItem]:
    """A comment thread as its top-level comment followed by the replies it carries."""
    what = f"comment thread {thread.get('id')}"
    snippet = _object(thread, "snippet", what)
    top = _object(snippet, "topLevelComment", what)
    visibility: Visibility | None = "public" if snippet.get("isPublic") is True else None
    top_item = _comment_item(top, video_id, channel_id, kind="comment", parent_id=video_id,
                             visibility=visibility)
    items = [top_item]
    replies = thread.get("replies")
    if replies is not None:
        comments = replies.get("comments") if isinstance(replies, Mapping) else None
        if not isinstance(comments, list):
            raise _bad(f"{what}: replies has no comments list")
        for reply in comments:
            if not isinstance(reply, Mapping):
                raise _bad(f"{what}: a reply is not an object")
            parent = reply.get("snippet", {}).get("parentId") if isinstance(
                reply.get("snippet"), Mapping) else None
            items.append(_comment_item(reply, video_id, channel_id, kind="reply",
                                       parent_id=parent if isinstance(parent, str) else top_item.id,
                                       visibility=visibility))
    return items
