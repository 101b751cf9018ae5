"""A fake YouTube Data API v3 for the sandbox and the tests, answered from scenario data.

It answers, as an API key sees them, ``GET /youtube/v3/channels`` (``id`` or
``forHandle``), ``/playlistItems`` (a channel's uploads playlist, newest first),
``/videos`` (``id``, comma-separated) and ``/commentThreads`` (``videoId`` or
``allThreadsRelatedToChannelId``, exactly one; newest threads first), with
``part`` filtering, ``maxResults`` in the API's ranges, ``pageToken``/``nextPageToken``
and ``textFormat`` (``html`` escapes the text). A missing ``key`` gets Google's 403,
a wrong one its 400 ``keyInvalid``;
errors carry Google's body ``{"error": {"code", "message", "errors": [{"message",
"domain", "reason"}], "status"}}``.

As for a real API key: a private channel is not found; the uploads playlist lists
public videos only; ``videos.list`` returns public and unlisted videos; comments
on a private video are refused with 403 ``forbidden``, and on a video made for
kids or with comments off with 403 ``commentsDisabled``. Listed with
``allThreadsRelatedToChannelId``, the threads of every video of the channel come in
one list, newest first, each naming its ``snippet.videoId``; a video with comments
off, or private, simply has no threads there (no error: the API documents
``commentsDisabled`` for ``videoId`` only); unlisted videos' threads are listed (the
fake's choice, not documented). Unknown or private channel: 404 ``channelNotFound``
(also the fake's choice: the reference's error table for it was not checked).

Scenario data (the ``youtube`` part of a sandbox scenario)::

    api_key: sandbox-youtube-key              # the only key accepted
    channels:
      - id: UCmillbrookprimary000001          # "UC" + 22 characters
        handle: millbrookprimary               # without the @
        title: Millbrook CE Primary School
        description: News from Millbrook       # optional
        privacy: public                        # public | unlisted | private (default public)
        made_for_kids: false                   # optional, default false
        subscribers: 120                       # optional, default 0
        hide_subscriber_count: false           # optional, default false
        published_at: "2020-09-01T08:00:00Z"   # optional
        videos:
          - id: "mbSportsDay"                  # 11 characters
            title: Sports day 2026
            description: Well done everyone    # optional
            published_at: "2026-06-20T15:00:00Z"
            privacy: public                    # public | unlisted | private (default public)
            made_for_kids: false               # optional, default the channel's
            comments_disabled: false           # optional, default false
            comments:
              - id: UgxSportsDay01
                author: {name: A parent, channel_id: UCparent0000000000000001}
                text: "Call me on 07700 900123"
                published_at: "2026-06-20T18:00:00Z"
                replies:                       # optional; same keys, no replies
                  - {id: UgxSportsDay01.r1, author: {name: Millbrook CE Primary School,
                     channel_id: UCmillbrookprimary000001}, text: Thank you,
                     published_at: "2026-06-20T19:00:00Z"}

Dates are RFC 3339 (YAML timestamps are accepted); a scenario that does not fit
raises :class:`~auditor.ConfigError` naming the key.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, ClassVar

import httpx

from auditor import ConfigError, FakePlatform, json_response, scenario_time

__all__ = ["FakeYouTube"]

Json = dict[str, Any]
Query = Mapping[str, str]

_STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED",
           404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}
_DEFAULT_REASON = {400: ("global", "badRequest"), 401: ("global", "required"),
                   403: ("global", "forbidden"), 404: ("global", "notFound"),
                   429: ("youtube.quota", "rateLimitExceeded"), 500: ("global", "backendError"),
                   503: ("global", "backendError")}
_PRIVACY = ("public", "unlisted", "private")


class _Refusal(Exception):
    """A request the API would refuse, carried to :meth:`FakeYouTube.route` as its response."""

    def __init__(self, status: int, reason: str, message: str, domain: str = "youtube.api") -> None:
        super().__init__(reason)
        self.response = _google_error(status, reason, message, domain)


def _google_error(status: int, reason: str, message: str, domain: str,
                  headers: Mapping[str, str] | None = None) -> httpx.Response:
    return json_response(status, {"error": {
        "code": status, "message": message,
        "errors": [{"message": message, "domain": domain, "reason": reason}],
        "status": _STATUS.get(status, "UNKNOWN")}}, headers)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _text(data: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if value is None or (not isinstance(value, str | int)) or str(value) == "":
        raise ConfigError("a non-empty string is required", key=f"{where}.{key}")
    return str(value)


def _privacy(data: Mapping[str, Any], where: str) -> str:
    value = str(data.get("privacy", "public"))
    if value not in _PRIVACY:
        raise ConfigError(f"must be one of {', '.join(_PRIVACY)}", key=f"{where}.privacy")
    return value


class _Comment:
    def __init__(self, data: Mapping[str, Any], where: str, parent: str | None) -> None:
        if not isinstance(data, Mapping):
            raise ConfigError("a mapping is required", key=where)
        self.id = _text(data, "id", where)
        author = data.get("author") or {}
        if not isinstance(author, Mapping):
            raise ConfigError("a mapping is required", key=f"{where}.author")
        self.author_name = str(author.get("name") or "A YouTube user")
        self.author_channel = str(author.get("channel_id") or "UC" + "0" * 22)
        self.text = str(data.get("text") or "")
        self.published_at = scenario_time(data.get("published_at"), f"{where}.published_at")
        self.parent = parent
        self.replies = [] if parent else [
            _Comment(r, f"{where}.replies[{i}]", self.id) for i, r in enumerate(data.get("replies") or ())]


class _Video:
    def __init__(self, data: Mapping[str, Any], where: str, channel: _Channel) -> None:
        if not isinstance(data, Mapping):
            raise ConfigError("a mapping is required", key=where)
        self.id = _text(data, "id", where)
        self.title = str(data.get("title") or "")
        self.description = str(data.get("description") or "")
        self.published_at = scenario_time(data.get("published_at"), f"{where}.published_at")
        self.privacy = _privacy(data, where)
        self.made_for_kids = bool(data.get("made_for_kids", channel.made_for_kids))
        self.comments_disabled = bool(data.get("comments_disabled", False)) or self.made_for_kids
        self.comments = [_Comment(c, f"{where}.comments[{i}]", None)
                         for i, c in enumerate(data.get("comments") or ())]


class _Channel:
    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        if not isinstance(data, Mapping):
            raise ConfigError("a mapping is required", key=where)
        self.id = _text(data, "id", where)
        if not self.id.startswith("UC"):
            raise ConfigError("a channel id starts with UC", key=f"{where}.id")
        self.handle = _text(data, "handle", where).lstrip("@")
        self.title = str(data.get("title") or self.handle)
        self.description = str(data.get("description") or "")
        self.privacy = _privacy(data, where)
        self.made_for_kids = bool(data.get("made_for_kids", False))
        subscribers = data.get("subscribers", 0)
        if not isinstance(subscribers, int) or subscribers < 0:
            raise ConfigError("a whole number is required", key=f"{where}.subscribers")
        self.subscribers = subscribers
        self.hide_count = bool(data.get("hide_subscriber_count", False))
        self.published_at = scenario_time(data.get("published_at", "2020-09-01T08:00:00Z"),
                                          f"{where}.published_at")
        self.uploads = "UU" + self.id[2:]
        self.videos = sorted((_Video(v, f"{where}.videos[{i}]", self)
                              for i, v in enumerate(data.get("videos") or ())),
                             key=lambda v: v.published_at, reverse=True)


class FakeYouTube(FakePlatform):
    """The YouTube Data API v3 as an API key sees it, under ``/youtube/v3/``."""

    platform: ClassVar[str] = "youtube"

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__(data)
        self.api_key = _text(data, "api_key", "youtube")
        channels = data.get("channels")
        if not isinstance(channels, list):
            raise ConfigError("a list of channels is required", key="channels")
        self.channels = [_Channel(c, f"channels[{i}]") for i, c in enumerate(channels)]
        self.videos = {v.id: (c, v) for c in self.channels for v in c.videos}

    def route(self, request: httpx.Request) -> httpx.Response:
        """Answer ``GET /youtube/v3/<resource>`` as the API answers an API key."""
        handlers: dict[str, Callable[[Query], httpx.Response]] = {
            "channels": self._channels, "playlistItems": self._playlist_items,
            "videos": self._videos, "commentThreads": self._comment_threads,
        }
        prefix = "/youtube/v3/"
        path = request.url.path
        handler = handlers.get(path[len(prefix):]) if path.startswith(prefix) else None
        if request.method != "GET" or handler is None:
            return self.error(request, 404)
        query: Query = dict(request.url.params)
        try:
            key = query.get("key")
            if not key:
                raise _Refusal(403, "forbidden", "The request is missing a valid API key.", "global")
            if key != self.api_key:
                raise _Refusal(400, "keyInvalid", "API key not valid. Please pass a valid API key.",
                               "usageLimits")
            if not query.get("part"):
                raise _Refusal(400, "missingRequiredParameter",
                               "No filter selected. Expected one of: part", "youtube.parameter")
            return handler(query)
        except _Refusal as refusal:
            return refusal.response

    # Error shapes: Google's.
    def error(self, request: httpx.Request, status: int) -> httpx.Response:
        """Google's error body for ``status``."""
        domain, reason = _DEFAULT_REASON.get(status, ("global", "unknown"))
        return _google_error(status, reason, httpx.codes.get_reason_phrase(status), domain)

    def rate_limited(self, request: httpx.Request, retry_after: int) -> httpx.Response:
        """A per-minute limit: 429 ``rateLimitExceeded`` with ``Retry-After``."""
        return _google_error(429, "rateLimitExceeded", "The request cannot be completed because "
                             "you have exceeded your quota.", "youtube.quota",
                             {"Retry-After": str(retry_after)})

    # Resources.
    def _channels(self, query: Query) -> httpx.Response:
        parts = _parts(query, {"id", "snippet", "contentDetails", "status", "statistics"})
        if "id" in query:
            wanted = set(query["id"].split(","))
            found = [c for c in self.channels if c.id in wanted]
        elif "forHandle" in query:
            handle = query["forHandle"].lstrip("@").lower()
            found = [c for c in self.channels if c.handle.lower() == handle]
        else:
            raise _Refusal(400, "missingRequiredParameter",
                           "No filter selected. Expected one of: id, forHandle", "youtube.parameter")
        visible = [c for c in found if c.privacy != "private"]
        return _list("youtube#channelListResponse", [_channel_json(c, parts) for c in visible],
                     len(visible), len(visible))

    def _playlist_items(self, query: Query) -> httpx.Response:
        parts = _parts(query, {"id", "snippet", "contentDetails", "status"})
        playlist = query.get("playlistId")
        channel = next((c for c in self.channels if c.uploads == playlist), None)
        if channel is None or channel.privacy == "private":
            raise _Refusal(404, "playlistNotFound", "The playlist identified with the request's "
                           "<code>playlistId</code> parameter cannot be found.")
        public = [v for v in channel.videos if v.privacy == "public"]
        return _paged("youtube#playlistItemListResponse", public, query, 5, 0, 50,
                      lambda v, n: _playlist_item_json(channel, v, n, parts))

    def _videos(self, query: Query) -> httpx.Response:
        parts = _parts(query, {"id", "snippet", "status", "statistics", "contentDetails"})
        if "id" not in query:
            raise _Refusal(400, "missingRequiredParameter",
                           "No filter selected. Expected one of: id", "youtube.parameter")
        ids = [i for i in query["id"].split(",") if i]
        if len(ids) > 50:
            raise _Refusal(400, "invalidValue", "Too many ids: at most 50.", "youtube.parameter")
        found = [self.videos[i] for i in ids if i in self.videos]
        visible = [(c, v) for c, v in found if v.privacy != "private" and c.privacy != "private"]
        return _list("youtube#videoListResponse", [_video_json(c, v, parts) for c, v in visible],
                     len(visible), len(visible))

    def _comment_threads(self, query: Query) -> httpx.Response:
        parts = _parts(query, {"id", "snippet", "replies"})
        filters = [f for f in ("allThreadsRelatedToChannelId", "videoId") if f in query]
        if not filters:
            raise _Refusal(400, "missingRequiredParameter", "No filter selected. Expected one "
                           "of: allThreadsRelatedToChannelId, videoId", "youtube.parameter")
        if len(filters) > 1:
            raise _Refusal(400, "incompatibleParameters", "The request specifies two or more "
                           "parameters that cannot be used in the same request.",
                           "youtube.parameter")
        text_format = query.get("textFormat", "html")
        if text_format not in ("html", "plainText"):
            raise _Refusal(400, "invalidValue", "Invalid textFormat.", "youtube.parameter")
        if query.get("order", "time") not in ("time", "relevance"):
            raise _Refusal(400, "invalidValue", "Invalid order.", "youtube.parameter")
        if "allThreadsRelatedToChannelId" in query:
            return self._channel_threads(query, parts, text_format)
        pair = self.videos.get(query["videoId"])
        if pair is None:
            raise _Refusal(404, "videoNotFound", "The video identified by the <code><a href=\"/"
                           "youtube/v3/docs/commentThreads/list#videoId\">videoId</a></code> "
                           "parameter could not be found.")
        channel, video = pair
        if video.privacy == "private" or channel.privacy == "private":
            raise _Refusal(403, "forbidden", "The request is not properly authorized to "
                           "retrieve the specified comment threads.")
        if video.comments_disabled:
            raise _Refusal(403, "commentsDisabled", "The video identified by the <code><a href="
                           "\"/youtube/v3/docs/commentThreads/list#videoId\">videoId</a></code> "
                           "parameter has disabled comments.")
        threads = sorted(video.comments, key=lambda c: c.published_at, reverse=True)
        return _paged("youtube#commentThreadListResponse", threads, query, 20, 1, 100,
                      lambda c, _n: _thread_json(channel, video, c, parts, text_format))

    def _channel_threads(self, query: Query, parts: set[str], text_format: str) -> httpx.Response:
        """Every thread on the channel's videos, newest first; videos with comments off have none."""
        wanted = query["allThreadsRelatedToChannelId"]
        channel = next((c for c in self.channels if c.id == wanted), None)
        if channel is None or channel.privacy == "private":
            raise _Refusal(404, "channelNotFound", "The channel identified by the <code>"
                           "allThreadsRelatedToChannelId</code> parameter could not be found.")
        threads = sorted(((v, c) for v in channel.videos
                          if v.privacy != "private" and not v.comments_disabled
                          for c in v.comments),
                         key=lambda pair: pair[1].published_at, reverse=True)
        return _paged("youtube#commentThreadListResponse", threads, query, 20, 1, 100,
                      lambda pair, _n: _thread_json(channel, pair[0], pair[1], parts, text_format))


def _parts(query: Query, allowed: set[str]) -> set[str]:
    parts = {p.strip() for p in query["part"].split(",") if p.strip()}
    unknown = parts - allowed
    if unknown:
        raise _Refusal(400, "unknownPart", f"'{sorted(unknown)[0]}'", "youtube.part")
    return parts


def _list(kind: str, items: list[Json], total: int, per_page: int, **extra: Any) -> httpx.Response:
    body: Json = {"kind": kind, "etag": f"fake-{kind}-{total}", **extra,
                  "pageInfo": {"totalResults": total, "resultsPerPage": per_page}, "items": items}
    return json_response(200, body)


def _paged(kind: str, records: list[Any], query: Query, default: int, low: int, high: int,
           render: Callable[[Any, int], Json]) -> httpx.Response:
    raw = query.get("maxResults", str(default))
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise _Refusal(400, "invalidValue", f"Invalid value for maxResults: {low} to {high}.",
                       "youtube.parameter")
    size = int(raw)
    token = query.get("pageToken")
    start = 0
    if token:
        if not token.startswith("FAKE") or not token[4:].isdigit():
            raise _Refusal(400, "invalidPageToken", "The request specifies an invalid page token.",
                           "youtube.parameter")
        start = int(token[4:])
    chunk = records[start:start + size] if size else []
    extra: Json = {}
    if size and start + size < len(records):
        extra["nextPageToken"] = f"FAKE{start + size}"
    if start:
        extra["prevPageToken"] = f"FAKE{max(0, start - size)}"
    return _list(kind, [render(r, start + n) for n, r in enumerate(chunk)], len(records), size,
                 **extra)


def _thumbnails(key: str) -> Json:
    return {"default": {"url": f"https://i.ytimg.com/vi/{key}/default.jpg", "width": 120,
                        "height": 90}}


def _channel_json(channel: _Channel, parts: set[str]) -> Json:
    body: Json = {"kind": "youtube#channel", "etag": f"fake-{channel.id}", "id": channel.id}
    if "snippet" in parts:
        body["snippet"] = {"title": channel.title, "description": channel.description,
                           "customUrl": "@" + channel.handle.lower(),
                           "publishedAt": _stamp(channel.published_at),
                           "thumbnails": _thumbnails(channel.id),
                           "localized": {"title": channel.title,
                                         "description": channel.description},
                           "country": "GB"}
    if "contentDetails" in parts:
        body["contentDetails"] = {"relatedPlaylists": {"likes": "", "uploads": channel.uploads}}
    if "statistics" in parts:
        stats: Json = {"viewCount": "0", "hiddenSubscriberCount": channel.hide_count,
                       "videoCount": str(sum(v.privacy == "public" for v in channel.videos))}
        if not channel.hide_count:
            stats["subscriberCount"] = str(channel.subscribers)
        body["statistics"] = stats
    if "status" in parts:
        body["status"] = {"privacyStatus": channel.privacy, "isLinked": True,
                          "longUploadsStatus": "longUploadsUnspecified",
                          "madeForKids": channel.made_for_kids}
    return body


def _playlist_item_json(channel: _Channel, video: _Video, position: int, parts: set[str]) -> Json:
    body: Json = {"kind": "youtube#playlistItem", "etag": f"fake-pi-{video.id}",
                  "id": f"{channel.uploads}.{video.id}"}
    if "snippet" in parts:
        body["snippet"] = {"publishedAt": _stamp(video.published_at), "channelId": channel.id,
                           "title": video.title, "description": video.description,
                           "thumbnails": _thumbnails(video.id), "channelTitle": channel.title,
                           "playlistId": channel.uploads, "position": position,
                           "resourceId": {"kind": "youtube#video", "videoId": video.id},
                           "videoOwnerChannelTitle": channel.title,
                           "videoOwnerChannelId": channel.id}
    if "contentDetails" in parts:
        body["contentDetails"] = {"videoId": video.id,
                                  "videoPublishedAt": _stamp(video.published_at)}
    if "status" in parts:
        body["status"] = {"privacyStatus": video.privacy}
    return body


def _video_json(channel: _Channel, video: _Video, parts: set[str]) -> Json:
    body: Json = {"kind": "youtube#video", "etag": f"fake-v-{video.id}", "id": video.id}
    if "snippet" in parts:
        body["snippet"] = {"publishedAt": _stamp(video.published_at), "channelId": channel.id,
                           "title": video.title, "description": video.description,
                           "thumbnails": _thumbnails(video.id), "channelTitle": channel.title,
                           "categoryId": "27", "liveBroadcastContent": "none",
                           "localized": {"title": video.title, "description": video.description}}
    if "status" in parts:
        body["status"] = {"uploadStatus": "processed", "privacyStatus": video.privacy,
                          "license": "youtube", "embeddable": True, "publicStatsViewable": True,
                          "madeForKids": video.made_for_kids}
    if "statistics" in parts:
        stats: Json = {"viewCount": "0", "likeCount": "0", "favoriteCount": "0"}
        if not video.comments_disabled:
            stats["commentCount"] = str(sum(1 + len(c.replies) for c in video.comments))
        body["statistics"] = stats
    if "contentDetails" in parts:
        body["contentDetails"] = {"duration": "PT1M", "dimension": "2d", "definition": "hd",
                                  "caption": "false", "licensedContent": False,
                                  "projection": "rectangular"}
    return body


def _comment_json(channel: _Channel, video: _Video, comment: _Comment, text_format: str) -> Json:
    text = comment.text if text_format == "plainText" else html.escape(comment.text)
    snippet: Json = {
        "channelId": channel.id, "videoId": video.id, "textDisplay": text,
        "textOriginal": comment.text, "authorDisplayName": comment.author_name,
        "authorProfileImageUrl": "https://yt3.ggpht.com/fake=s48",
        "authorChannelUrl": f"http://www.youtube.com/channel/{comment.author_channel}",
        "authorChannelId": {"value": comment.author_channel}, "canRate": True,
        "viewerRating": "none", "likeCount": 0, "publishedAt": _stamp(comment.published_at),
        "updatedAt": _stamp(comment.published_at),
    }
    if comment.parent:
        snippet["parentId"] = comment.parent
    return {"kind": "youtube#comment", "etag": f"fake-c-{comment.id}", "id": comment.id,
            "snippet": snippet}


def _thread_json(channel: _Channel, video: _Video, comment: _Comment, parts: set[str],
                 text_format: str) -> Json:
    body: Json = {"kind": "youtube#commentThread", "etag": f"fake-t-{comment.id}", "id": comment.id}
    if "snippet" in parts:
        body["snippet"] = {"channelId": channel.id, "videoId": video.id,
                           "topLevelComment": _comment_json(channel, video, comment, text_format),
                           "canReply": False, "totalReplyCount": len(comment.replies),
                           "isPublic": True}
    if "replies" in parts and comment.replies:
        # The API does not promise every reply in a thread; this fake carries at most five.
        body["replies"] = {"comments": [_comment_json(channel, video, r, text_format)
                                        for r in comment.replies[:5]]}
    return body
