"""The YouTube connector over HTTP, against recorded responses served by respx."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from pydantic import ValidationError

import connectors.youtube
from auditor import (
    AccountRef,
    AuthError,
    Capability,
    ConfigError,
    ConnectorError,
    PlatformResponseError,
    PlatformUnavailableError,
    RateLimitedError,
)
from auditor.testing import FixtureAnswer, FixtureRouter
from connectors.youtube import YouTubeConfig, YouTubeConnector
from connectors.youtube.client import YouTubeClient, seconds_until_quota_reset

FIXTURES = Path(connectors.youtube.__file__).parent / "fixtures"
API = "https://www.googleapis.com/youtube/v3/"
KEY = "AIzaSyDtestKey0123456789abcdefghijk_x"
CONFIG = YouTubeConfig(api_key=KEY)
ACCOUNT = AccountRef(id="y6-youtube", platform="youtube", handle="@bradfieldyear6")
CHANNEL = "UC4x3b7Qm0lqZP8cJg2V6n1A"
NEWEST, MIDDLE, OLDEST = "Xk3pL9qQz1A", "m2Vb7Rt0cYw", "Q9wE4rT6yU8"
#: A comment thread on the oldest upload, in the channel-wide list only.
ON_OLDEST = "UgxOldVideo9kQ2mN4pR6AaABAg"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def yt(status: int, body: Any, headers: dict[str, str] | None = None) -> Callable[[], httpx.Response]:
    """A fresh response each time it is asked for."""
    return lambda: httpx.Response(status, json=body, headers=headers)


def raw(status: int, content: bytes) -> Callable[[], httpx.Response]:
    return lambda: httpx.Response(status, content=content,
                                  headers={"Content-Type": "application/json"})


class FixtureApi(FixtureRouter):
    """The recorded API: one answer per call, replaceable by each test."""

    def __init__(self) -> None:
        super().__init__({
            "channels": yt(200, load("channels.json")),
            "playlistItems:1": yt(200, load("playlist_items_page1.json")),
            "playlistItems:2": yt(200, load("playlist_items_page2.json")),
            "videos": yt(200, load("videos.json")),
            f"commentThreads:{NEWEST}": yt(200, load(f"comment_threads_{NEWEST}.json")),
            f"commentThreads:{MIDDLE}": yt(403, load("error_comments_disabled.json")),
            f"commentThreads:{OLDEST}": yt(200, load("comment_threads_empty.json")),
            "commentThreads:channel": yt(200, load("comment_threads_channel.json")),
        })

    def key(self, request: httpx.Request) -> str:
        resource = request.url.path.split("/youtube/v3/", 1)[1]
        params = request.url.params
        assert params["key"] == KEY
        if resource == "playlistItems":
            return f"playlistItems:{2 if 'pageToken' in params else 1}"
        if resource == "commentThreads" and "allThreadsRelatedToChannelId" in params:
            assert "videoId" not in params
            assert params["allThreadsRelatedToChannelId"] == CHANNEL
            return "commentThreads:channel"
        if resource == "commentThreads":
            return f"commentThreads:{params['videoId']}"
        return resource


@pytest.fixture
def api(respx_mock: respx.MockRouter) -> FixtureApi:
    fixture = FixtureApi()
    respx_mock.route(host="www.googleapis.com").mock(side_effect=fixture)
    return fixture


@pytest.fixture
def connector(http: httpx.Client) -> YouTubeConnector:
    return YouTubeConnector(CONFIG, http)


def test_full_fetch(api: FixtureApi, connector: YouTubeConnector) -> None:
    snapshot = connector.fetch(ACCOUNT, None)

    assert snapshot.missing == {}
    assert snapshot.capabilities == {Capability.SETTINGS, Capability.CONTENT}
    assert snapshot.members is None
    assert snapshot.member_count == 127
    settings = snapshot.settings
    assert settings is not None
    assert (settings.visibility, settings.join_policy, settings.discoverable, settings.comments) == (
        "public", "open", True, "everyone")
    assert settings.raw["status"]["madeForKids"] is False
    assert settings.raw["comments_by_video"] == {NEWEST: "enabled", MIDDLE: "disabled",
                                                 OLDEST: "enabled"}
    assert settings.raw["video_status"][MIDDLE]["madeForKids"] is True

    assert [(i.kind, i.id, i.parent_id) for i in snapshot.items] == [
        ("video", NEWEST, None), ("video", MIDDLE, None), ("video", OLDEST, None),
        ("comment", "UgzVQ8n4LrC2bq0kX1Z4AaABAg", NEWEST),
        ("reply", "UgzVQ8n4LrC2bq0kX1Z4AaABAg.A1b2C3d4E5f6G7h8I9j0K1", "UgzVQ8n4LrC2bq0kX1Z4AaABAg"),
        ("comment", "UgwJ7cT3pR9sM2vB6nL4AaABAg", NEWEST),
    ]
    assert snapshot.cursor == {"recent_video_ids": [NEWEST, MIDDLE, OLDEST],
                               "comments_after": "2024-06-14T19:01:44+00:00"}

    # 1 channel + 2 uploads pages + 1 videos + 3 comment reads (every upload is new).
    assert len(api.requests) == 7
    assert api.params("commentThreads:channel") == []  # nothing was read before: no cursor
    channel, = api.params("channels")
    assert channel["forHandle"] == "@bradfieldyear6"
    assert channel["part"] == "snippet,contentDetails,status,statistics"
    first, second = api.params("playlistItems:1") + api.params("playlistItems:2")
    assert first["playlistId"] == "UU4x3b7Qm0lqZP8cJg2V6n1A" and first["maxResults"] == "50"
    assert second["pageToken"] == "EAAaBlBUOkNBSQ"
    videos, = api.params("videos")
    assert videos == {"part": "snippet,status", "id": f"{NEWEST},{MIDDLE},{OLDEST}", "key": KEY}
    threads, = api.params(f"commentThreads:{NEWEST}")
    assert (threads["part"], threads["textFormat"], threads["order"]) == (
        "snippet,replies", "plainText", "time")
    assert all(str(r.url).startswith(API) for r in api.requests)
    assert not any("search" in r.url.path for r in api.requests)  # 100 units a call: never used


def test_incremental_fetch_stops_at_the_cursor(api: FixtureApi, connector: YouTubeConnector) -> None:
    cursor = {"recent_video_ids": [MIDDLE, OLDEST], "comments_after": "2024-06-14T17:00:00+00:00"}
    videos = load("videos.json")
    videos["items"] = videos["items"][:1]
    api.answers["videos"] = yt(200, videos)
    snapshot = connector.fetch(ACCOUNT, cursor)

    # The first page holds a video already seen: the second page is not read.
    assert api.params("playlistItems:2") == []
    videos, = api.params("videos")
    assert videos["id"] == NEWEST
    # The new video's comments are all new (read on that video alone); the channel-wide
    # list adds the comments after the cursor on the other videos, and skips the new one's.
    assert [(i.kind, i.id) for i in snapshot.items] == [
        ("video", NEWEST), ("comment", "UgzVQ8n4LrC2bq0kX1Z4AaABAg"),
        ("reply", "UgzVQ8n4LrC2bq0kX1Z4AaABAg.A1b2C3d4E5f6G7h8I9j0K1"),
        ("comment", "UgwJ7cT3pR9sM2vB6nL4AaABAg"), ("comment", ON_OLDEST)]
    assert snapshot.cursor == {"recent_video_ids": [NEWEST, MIDDLE],
                               "comments_after": "2024-06-14T19:01:44+00:00"}
    assert snapshot.settings is not None
    # Read one by one: the new upload. Took a comment since the cursor: the oldest.
    assert snapshot.settings.raw["comments_by_video"] == {NEWEST: "enabled", OLDEST: "enabled"}
    assert [api.key(r) for r in api.requests if "commentThreads" in api.key(r)] == [
        f"commentThreads:{NEWEST}", "commentThreads:channel"]
    # 1 channel + 1 uploads page + 1 videos + 1 new upload's comments + 1 channel-wide page.
    assert len(api.requests) == 5


def test_old_comments_are_not_reported_again(api: FixtureApi, connector: YouTubeConnector) -> None:
    cursor = {"recent_video_ids": [NEWEST, MIDDLE], "comments_after": "2024-06-14T18:30:00+00:00"}
    snapshot = connector.fetch(ACCOUNT, cursor)
    assert api.params("videos") == []
    # Newer than the cursor: a thread on the oldest upload, and a reply whose thread is older.
    assert [i.id for i in snapshot.items] == [
        ON_OLDEST, "UgzVQ8n4LrC2bq0kX1Z4AaABAg.A1b2C3d4E5f6G7h8I9j0K1"]
    assert snapshot.items[0].parent_id == OLDEST
    # One channel-wide call, no video read one by one (comment_videos defaults to 0).
    threads, = api.params("commentThreads:channel")
    assert (threads["part"], threads["textFormat"], threads["order"], threads["maxResults"]) == (
        "snippet,replies", "plainText", "time", "100")
    assert [api.key(r) for r in api.requests] == [
        "channels", "playlistItems:1", "commentThreads:channel"]


def test_unchanged_channel_keeps_the_cursor(api: FixtureApi, connector: YouTubeConnector) -> None:
    cursor = {"recent_video_ids": [NEWEST, MIDDLE], "comments_after": "2024-06-14T19:01:44+00:00"}
    snapshot = connector.fetch(ACCOUNT, cursor)
    assert snapshot.items == ()
    assert snapshot.cursor == cursor
    # 1 channel + 1 uploads page + 1 channel-wide comment page.
    assert len(api.requests) == 3
    # Nothing said whether any video takes comments: unknown, not "everyone".
    assert snapshot.settings is not None
    assert snapshot.settings.raw["comments_by_video"] == {}
    assert snapshot.settings.comments is None


def test_first_and_repeat_audit_call_counts(api: FixtureApi, connector: YouTubeConnector) -> None:
    first = connector.fetch(ACCOUNT, None)
    # 1 channel + 2 uploads pages (the recorded channel pages its 3 uploads) + 1 videos +
    # 3 comment reads, one per upload.
    assert len(api.requests) == 7
    api.requests.clear()
    again = connector.fetch(ACCOUNT, first.cursor)
    assert [api.key(r) for r in api.requests] == [
        "channels", "playlistItems:1", "commentThreads:channel"]
    # Every thread in the channel-wide page is older than the cursor: nothing new, page 1 only.
    assert again.items == ()
    assert again.cursor["comments_after"] == first.cursor["comments_after"]


def test_channel_wide_list_pages_until_the_cursor(api: FixtureApi,
                                                  connector: YouTubeConnector) -> None:
    first, second = load("comment_threads_channel.json"), load("comment_threads_channel.json")
    first["items"], first["nextPageToken"] = first["items"][:1], "QURTSl9pM"
    second["items"] = second["items"][1:]
    pages = iter([first, second])
    api.answers["commentThreads:channel"] = lambda: httpx.Response(200, json=next(pages))
    cursor = {"recent_video_ids": [NEWEST, MIDDLE], "comments_after": "2024-06-14T17:00:00+00:00"}
    snapshot = connector.fetch(ACCOUNT, cursor)
    assert [i.id for i in snapshot.items] == [
        ON_OLDEST, "UgzVQ8n4LrC2bq0kX1Z4AaABAg",
        "UgzVQ8n4LrC2bq0kX1Z4AaABAg.A1b2C3d4E5f6G7h8I9j0K1"]
    assert [p.get("pageToken") for p in api.params("commentThreads:channel")] == [None, "QURTSl9pM"]


def test_a_thread_not_on_a_video_is_skipped(api: FixtureApi, connector: YouTubeConnector) -> None:
    body = load("comment_threads_channel.json")
    del body["items"][0]["snippet"]["videoId"]
    api.answers["commentThreads:channel"] = yt(200, body)
    cursor = {"recent_video_ids": [NEWEST, MIDDLE], "comments_after": "2024-06-14T18:30:00+00:00"}
    snapshot = connector.fetch(ACCOUNT, cursor)
    assert [i.id for i in snapshot.items] == ["UgzVQ8n4LrC2bq0kX1Z4AaABAg.A1b2C3d4E5f6G7h8I9j0K1"]


def test_comment_videos_bounds_the_comment_reads(api: FixtureApi, http: httpx.Client) -> None:
    connector = YouTubeConnector(YouTubeConfig(api_key=KEY, comment_videos=1), http)
    cursor = {"recent_video_ids": [NEWEST, MIDDLE], "comments_after": "2024-06-14T19:01:44+00:00"}
    snapshot = connector.fetch(ACCOUNT, cursor)
    assert [k for k in (api.key(r) for r in api.requests) if k.startswith("commentThreads")] == [
        f"commentThreads:{NEWEST}", "commentThreads:channel"]
    assert snapshot.settings is not None
    assert snapshot.settings.raw["comments_by_video"][NEWEST] == "enabled"
    # The newest upload's threads come from its own read, not twice.
    assert [i.id for i in snapshot.items] == []


def test_account_by_channel_id(api: FixtureApi, connector: YouTubeConnector) -> None:
    connector.check_credentials(AccountRef(id="a", platform="youtube", external_id=CHANNEL))
    channel, = api.params("channels")
    assert channel["id"] == CHANNEL and "forHandle" not in channel
    with pytest.raises(ConfigError):
        connector.fetch(AccountRef(id="a", platform="youtube"), None)


def test_a_channel_not_found(api: FixtureApi, connector: YouTubeConnector) -> None:
    api.answers["channels"] = yt(200, load("channels_empty.json"))
    with pytest.raises(ConnectorError, match="not public") as caught:
        connector.fetch(ACCOUNT, None)
    assert caught.value.status == 404


def test_hidden_subscriber_count_and_private_channel(api: FixtureApi,
                                                     connector: YouTubeConnector) -> None:
    body = load("channels.json")
    body["items"][0]["statistics"] = {"viewCount": "5", "hiddenSubscriberCount": True,
                                      "videoCount": "3"}
    body["items"][0]["status"]["privacyStatus"] = "unlisted"
    api.answers["channels"] = yt(200, body)
    snapshot = connector.fetch(ACCOUNT, None)
    assert snapshot.member_count is None
    assert snapshot.settings is not None
    assert (snapshot.settings.visibility, snapshot.settings.discoverable) == ("unlisted", False)


def test_comments_off_everywhere_reads_off(api: FixtureApi, connector: YouTubeConnector) -> None:
    for video in (NEWEST, OLDEST):
        api.answers[f"commentThreads:{video}"] = yt(403, load("error_comments_disabled.json"))
    snapshot = connector.fetch(ACCOUNT, None)
    assert snapshot.settings is not None and snapshot.settings.comments == "off"
    assert [i.kind for i in snapshot.items] == ["video"] * 3


def test_a_refused_video_does_not_fail_the_content(api: FixtureApi,
                                                   connector: YouTubeConnector) -> None:
    api.answers[f"commentThreads:{OLDEST}"] = yt(403, load("error_forbidden.json"))
    snapshot = connector.fetch(ACCOUNT, None)
    assert snapshot.missing == {}
    assert snapshot.settings is not None
    assert snapshot.settings.raw["comments_by_video"][OLDEST] == "unreadable"
    assert "403 forbidden" in snapshot.settings.raw["comments_unreadable"][OLDEST]
    assert len(snapshot.items) == 6


@pytest.mark.parametrize("resource", ["channels", "videos", f"commentThreads:{NEWEST}"])
def test_rejected_key_raises_auth_error(api: FixtureApi, connector: YouTubeConnector,
                                        resource: str) -> None:
    api.answers[resource] = yt(400, load("error_key_invalid.json"))
    with pytest.raises(AuthError) as caught:
        connector.fetch(ACCOUNT, None)
    assert caught.value.status == 401
    assert "HTTP 400 badRequest,API_KEY_INVALID: the API key was rejected" in str(caught.value)


def test_401_raises_auth_error(api: FixtureApi, connector: YouTubeConnector) -> None:
    api.answers["channels"] = yt(401, {"error": {"code": 401, "message": "Login Required.",
                                                 "errors": [{"reason": "required"}]}})
    with pytest.raises(AuthError) as caught:
        connector.fetch(ACCOUNT, None)
    assert caught.value.status == 401


def test_403_on_the_channel_raises(api: FixtureApi, connector: YouTubeConnector) -> None:
    api.answers["channels"] = yt(403, {"error": {"code": 403, "message": "API not enabled",
                                                 "errors": [{"reason": "accessNotConfigured",
                                                             "domain": "usageLimits"}]}})
    with pytest.raises(AuthError) as caught:
        connector.fetch(ACCOUNT, None)
    assert caught.value.status == 403
    assert "accessNotConfigured" in str(caught.value)


def test_403_on_uploads_marks_content_missing(api: FixtureApi, connector: YouTubeConnector) -> None:
    api.answers["playlistItems:1"] = yt(403, load("error_forbidden.json"))
    snapshot = connector.fetch(ACCOUNT, {"recent_video_ids": [NEWEST]})
    assert set(snapshot.missing) == {Capability.CONTENT}
    assert snapshot.items == ()
    assert snapshot.cursor == {"recent_video_ids": [NEWEST]}
    assert snapshot.settings is not None and snapshot.settings.comments is None


def test_daily_quota_waits_until_midnight_pacific(api: FixtureApi, http: httpx.Client) -> None:
    now = datetime(2026, 11, 23, 21, 0, tzinfo=UTC)  # 13:00 in Los Angeles (PST, UTC-8)
    client = YouTubeClient(http, "https://www.googleapis.com", CONFIG.api_key, clock=lambda: now)
    api.answers["channels"] = yt(403, load("error_quota_exceeded.json"))
    with pytest.raises(RateLimitedError) as caught:
        client.list("channels", {"part": "id", "id": CHANNEL})
    assert caught.value.retry_after == 11 * 3600


def test_quota_reset_across_a_dst_change() -> None:
    # 2026-03-08 is the spring-forward day in Los Angeles: that day lasts 23 hours.
    assert seconds_until_quota_reset(datetime(2026, 3, 8, 8, 0, tzinfo=UTC)) == 23 * 3600
    assert seconds_until_quota_reset(datetime(2026, 7, 1, 6, 59, 59, tzinfo=UTC)) == 1


@pytest.mark.parametrize(("answer", "retry_after"), [
    (yt(429, load("error_rate_limit_exceeded.json"), {"Retry-After": "30"}), 30.0),
    (yt(429, load("error_rate_limit_exceeded.json")), 60.0),
    (yt(403, {"error": {"code": 403, "errors": [{"reason": "userRateLimitExceeded"}]}}), 60.0),
])
def test_rate_limits(api: FixtureApi, connector: YouTubeConnector, answer: FixtureAnswer,
                     retry_after: float) -> None:
    api.answers["videos"] = answer
    snapshot = connector.fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.CONTENT}
    assert f"retry after {retry_after:.0f}s" in snapshot.missing[Capability.CONTENT]
    api.answers["channels"] = answer
    with pytest.raises(RateLimitedError) as caught:
        connector.fetch(ACCOUNT, None)
    assert caught.value.retry_after == retry_after


@pytest.mark.parametrize("key", [f"commentThreads:{NEWEST}", "commentThreads:channel"])
def test_quota_on_one_videos_comments_fails_the_content(api: FixtureApi, connector: YouTubeConnector,
                                                        key: str) -> None:
    api.answers[key] = yt(403, load("error_quota_exceeded.json"))
    cursor = {"recent_video_ids": [OLDEST]}
    snapshot = connector.fetch(ACCOUNT, cursor)
    assert set(snapshot.missing) == {Capability.CONTENT}
    assert "quotaExceeded" in snapshot.missing[Capability.CONTENT]
    assert snapshot.items == () and snapshot.cursor == cursor


@pytest.mark.parametrize(("answer", "message"), [
    (yt(503, load("error_backend.json")), "HTTP 503 backendError"),
    (yt(500, {"error": {"code": 500, "message": "Internal error"}}), "HTTP 500"),
    (httpx.ReadTimeout("timed out"), "timed out"),
    (httpx.ConnectError("connection refused"), "ConnectError"),
])
def test_server_errors_and_timeouts(api: FixtureApi, connector: YouTubeConnector, answer: FixtureAnswer,
                                    message: str) -> None:
    api.answers[f"commentThreads:{NEWEST}"] = answer
    snapshot = connector.fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.CONTENT}
    assert message in snapshot.missing[Capability.CONTENT]
    api.answers["channels"] = answer
    with pytest.raises(PlatformUnavailableError):
        connector.fetch(ACCOUNT, None)


@pytest.mark.parametrize(("key", "answer", "reason"), [
    ("videos", raw(200, (FIXTURES / "malformed_body.txt").read_bytes()), "not valid JSON"),
    ("videos", yt(200, {"kind": "youtube#videoListResponse", "items": {"id": "x"}}),
     "items is not a list"),
    ("videos", yt(200, {"items": [{"id": NEWEST, "snippet": {"title": "x"}}]}), "no status"),
    (f"commentThreads:{NEWEST}", yt(200, {"items": [{"id": "t", "snippet": {}}]}),
     "no topLevelComment"),
    ("playlistItems:1", yt(200, {"items": [{"id": "p"}]}), "no contentDetails"),
    ("playlistItems:1", yt(200, {"items": [], "nextPageToken": 5}), "nextPageToken"),
])
def test_payload_not_as_documented(api: FixtureApi, connector: YouTubeConnector, key: str,
                                   answer: FixtureAnswer, reason: str) -> None:
    api.answers[key] = answer
    snapshot = connector.fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.CONTENT}
    assert reason in snapshot.missing[Capability.CONTENT]


def test_malformed_channel_raises(api: FixtureApi, connector: YouTubeConnector) -> None:
    api.answers["channels"] = yt(200, {"items": [{"id": CHANNEL, "snippet": {}}]})
    with pytest.raises(PlatformResponseError, match="no status"):
        connector.fetch(ACCOUNT, None)


def test_redirects_are_not_followed(api: FixtureApi, connector: YouTubeConnector) -> None:
    api.answers["channels"] = lambda: httpx.Response(302, headers={"Location": "https://evil.example/"})
    with pytest.raises(PlatformResponseError, match="redirected"):
        connector.check_credentials(ACCOUNT)
    assert len(api.requests) == 1


def test_base_url_overrides_the_origin(respx_mock: respx.MockRouter,
                                       connector: YouTubeConnector) -> None:
    fixture = FixtureApi()
    respx_mock.route(host="127.0.0.1", port=8765).mock(side_effect=fixture)
    account = AccountRef(id="a", platform="youtube", handle="bradfieldyear6",
                         base_url="http://127.0.0.1:8765/youtube/")
    connector.check_credentials(account)
    assert str(fixture.requests[0].url).startswith("http://127.0.0.1:8765/youtube/youtube/v3/channels?")


def test_the_key_never_leaks(api: FixtureApi, connector: YouTubeConnector,
                             caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")
    assert KEY not in repr(CONFIG) and KEY not in str(CONFIG)
    assert KEY not in repr(connector.client(ACCOUNT)) and KEY not in repr(connector.client(ACCOUNT).__dict__)
    # Even a server or a transport that echoes the URL, key and all, does not get it into a message.
    url = f"{API}channels?part=id&key={KEY}"
    echo = {"error": {"code": 400, "message": f"bad {url}",
                      "errors": [{"reason": f"x{KEY}"}, {"reason": KEY}]}}
    errors: list[ConnectorError] = []
    for answer in (yt(400, echo), yt(403, echo), yt(500, echo), raw(200, KEY.encode()),
                   httpx.ConnectError(f"cannot reach {url}"), httpx.ReadTimeout(url)):
        api.answers["channels"] = answer
        with pytest.raises(ConnectorError) as caught:
            connector.check_credentials(ACCOUNT)
        errors.append(caught.value)
    api.answers["channels"] = yt(200, load("channels.json"))
    api.answers["videos"] = yt(403, echo)
    snapshot = connector.fetch(ACCOUNT, None)
    texts = [str(e) for e in errors] + [repr(e) for e in errors]
    texts += [*snapshot.missing.values(), str(snapshot.settings), caplog.text]
    assert all(KEY not in t for t in texts)
    # httpx itself logs each request URL at INFO: the key is masked there.
    assert "key=REDACTED" in caplog.text


def test_config() -> None:
    assert CONFIG.api_key.get_secret_value() == KEY
    assert CONFIG.comment_videos == 0
    with pytest.raises(ValidationError):
        YouTubeConfig.model_validate({"api_key": KEY, "token": "x"})
    with pytest.raises(ValidationError):
        YouTubeConfig(api_key=KEY, comment_videos=51)


def test_connector_declares_itself() -> None:
    assert YouTubeConnector.platform == "youtube"
    assert YouTubeConnector.display_name == "YouTube"
    assert YouTubeConnector.http_library == "httpx"
    assert YouTubeConnector.api_origin == "https://www.googleapis.com"
    assert YouTubeConnector.config_model is YouTubeConfig
    assert YouTubeConnector.fake == "connectors.youtube.fake:FakeYouTube"
    assert Capability.MEMBERS not in YouTubeConnector.capabilities
    assert any("OAuth" in text for text in YouTubeConnector.limitations)
