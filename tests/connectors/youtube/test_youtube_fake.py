"""The fake YouTube Data API answers as the real one answers an API key."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import yaml

from auditor import AccountRef, ConfigError
from auditor.testing import fake_base_url, http_for_fake
from connectors.youtube import YouTubeConfig, YouTubeConnector
from connectors.youtube.fake import FakeYouTube

KEY = "sandbox-youtube-key"
SCENARIO = yaml.safe_load("""
api_key: sandbox-youtube-key
channels:
  - id: UCmillbrookprimary000001
    handle: millbrookprimary
    title: Millbrook CE Primary School
    subscribers: 120
    videos:
      - {id: mbSportsDay, title: Sports day, published_at: 2026-06-20T15:00:00Z,
         comments: [{id: c1, text: "a <b>", published_at: 2026-06-20T18:00:00Z,
                     replies: [{id: c1.r1, text: Thanks, published_at: 2026-06-20T19:00:00Z}]},
                    {id: c2, text: second, published_at: 2026-06-20T17:00:00Z},
                    {id: c3, text: third, published_at: 2026-06-20T16:00:00Z}]}
      - {id: mbNativity1, title: Nativity, published_at: 2025-12-10T15:00:00Z, made_for_kids: true}
      - {id: mbUnlisted1, title: Rehearsal, published_at: 2025-11-10T15:00:00Z, privacy: unlisted}
      - {id: mbPrivate01, title: Draft, published_at: 2025-10-10T15:00:00Z, privacy: private}
  - {id: UCprivatechannel00000001, handle: hidden, privacy: private}
""")


def get(fake: FakeYouTube, resource: str, **params: Any) -> httpx.Response:
    query = {"key": KEY, **params}
    return fake(httpx.Request("GET", f"http://sandbox.invalid/youtube/v3/{resource}", params=query))


def reason(response: httpx.Response) -> str:
    body = response.json()["error"]
    assert body["code"] == response.status_code and body["status"]
    return str(body["errors"][0]["reason"])


@pytest.fixture
def fake() -> FakeYouTube:
    return FakeYouTube(SCENARIO)


def test_the_key_is_checked(fake: FakeYouTube) -> None:
    missing = fake(httpx.Request("GET", "http://sandbox.invalid/youtube/v3/channels",
                                 params={"part": "id", "forHandle": "millbrookprimary"}))
    assert (missing.status_code, reason(missing)) == (403, "forbidden")
    wrong = get(fake, "channels", part="id", forHandle="millbrookprimary", key="nope")
    assert (wrong.status_code, reason(wrong)) == (400, "keyInvalid")


def test_channels_by_handle_and_id(fake: FakeYouTube) -> None:
    body = get(fake, "channels", part="snippet,statistics", forHandle="@MillbrookPrimary").json()
    item, = body["items"]
    assert set(item) == {"kind", "etag", "id", "snippet", "statistics"}
    assert item["statistics"]["subscriberCount"] == "120"
    assert get(fake, "channels", part="id", id="UCmillbrookprimary000001").json()["items"]
    # A private channel is invisible to an API key.
    assert get(fake, "channels", part="id", forHandle="hidden").json()["items"] == []
    assert reason(get(fake, "channels", part="bogus", forHandle="hidden")) == "unknownPart"
    assert get(fake, "channels", part="id").status_code == 400


def test_uploads_playlist_pages_public_videos_newest_first(fake: FakeYouTube) -> None:
    first = get(fake, "playlistItems", part="contentDetails", playlistId="UUmillbrookprimary000001",
                maxResults="1").json()
    assert [i["contentDetails"]["videoId"] for i in first["items"]] == ["mbSportsDay"]
    second = get(fake, "playlistItems", part="contentDetails", playlistId="UUmillbrookprimary000001",
                 maxResults="1", pageToken=first["nextPageToken"]).json()
    assert [i["contentDetails"]["videoId"] for i in second["items"]] == ["mbNativity1"]
    assert "nextPageToken" not in second
    assert get(fake, "playlistItems", part="id", playlistId="UUnope").status_code == 404
    assert reason(get(fake, "playlistItems", part="id", playlistId="UUmillbrookprimary000001",
                      maxResults="51")) == "invalidValue"
    assert reason(get(fake, "playlistItems", part="id", playlistId="UUmillbrookprimary000001",
                      pageToken="garbage")) == "invalidPageToken"


def test_videos_show_public_and_unlisted(fake: FakeYouTube) -> None:
    body = get(fake, "videos", part="status", id="mbSportsDay,mbUnlisted1,mbPrivate01").json()
    assert [(v["id"], v["status"]["privacyStatus"]) for v in body["items"]] == [
        ("mbSportsDay", "public"), ("mbUnlisted1", "unlisted")]


def test_comment_threads(fake: FakeYouTube) -> None:
    body = get(fake, "commentThreads", part="snippet,replies", videoId="mbSportsDay",
               maxResults="2").json()
    assert [t["id"] for t in body["items"]] == ["c1", "c2"]
    top = body["items"][0]["snippet"]["topLevelComment"]["snippet"]
    assert top["textDisplay"] == "a &lt;b&gt;" and top["textOriginal"] == "a <b>"
    assert body["items"][0]["replies"]["comments"][0]["snippet"]["parentId"] == "c1"
    rest = get(fake, "commentThreads", part="snippet", videoId="mbSportsDay", maxResults="2",
               pageToken=body["nextPageToken"], textFormat="plainText").json()
    assert [t["id"] for t in rest["items"]] == ["c3"]
    assert reason(get(fake, "commentThreads", part="snippet", videoId="mbNativity1")) == \
        "commentsDisabled"
    assert reason(get(fake, "commentThreads", part="snippet", videoId="mbPrivate01")) == "forbidden"
    assert reason(get(fake, "commentThreads", part="snippet", videoId="nope")) == "videoNotFound"


def test_the_connector_reads_the_fake(fake: FakeYouTube) -> None:
    http = http_for_fake(YouTubeConnector, fake)
    account = AccountRef(id="mb", platform="youtube", handle="millbrookprimary",
                         base_url=fake_base_url("youtube"))
    snapshot = YouTubeConnector(YouTubeConfig(api_key=KEY), http).fetch(account, None)
    assert snapshot.settings is not None and snapshot.settings.visibility == "public"
    assert snapshot.settings.raw["comments_by_video"] == {"mbSportsDay": "enabled",
                                                          "mbNativity1": "disabled"}
    assert [i.id for i in snapshot.items] == ["mbSportsDay", "mbNativity1", "c1", "c1.r1", "c2", "c3"]
    assert snapshot.member_count == 120
    assert fake.call_count == 1 + 1 + 1 + 2


@pytest.mark.parametrize(("data", "key"), [
    ({"channels": []}, "youtube.api_key"),
    ({"api_key": KEY}, "channels"),
    ({"api_key": KEY, "channels": [{"id": "XX1", "handle": "h"}]}, "channels[0].id"),
    ({"api_key": KEY, "channels": [{"id": "UC1", "handle": "h", "privacy": "secret"}]},
     "channels[0].privacy"),
    ({"api_key": KEY, "channels": [{"id": "UC1", "handle": "h", "subscribers": "many"}]},
     "channels[0].subscribers"),
    ({"api_key": KEY, "channels": [{"id": "UC1", "handle": "h",
                                    "videos": [{"id": "v", "published_at": "soon"}]}]},
     "channels[0].videos[0].published_at"),
])
def test_bad_scenarios_name_the_key(data: dict[str, Any], key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        FakeYouTube(data)
    assert caught.value.key == key
