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



def test_comment_threads_of_a_whole_channel(fake: FakeYouTube) -> None:
    body = get(fake, "commentThreads", part="snippet,replies", textFormat="plainText", order="time",
               allThreadsRelatedToChannelId="UCmillbrookprimary000001", maxResults="2").json()
    assert [(t["id"], t["snippet"]["videoId"]) for t in body["items"]] == [
        ("c1", "mbSportsDay"), ("c2", "mbSportsDay")]
    assert body["items"][0]["snippet"]["topLevelComment"]["snippet"]["textDisplay"] == "a <b>"
    rest = get(fake, "commentThreads", part="snippet", maxResults="2", pageToken=body["nextPageToken"],
               allThreadsRelatedToChannelId="UCmillbrookprimary000001").json()
    assert [t["id"] for t in rest["items"]] == ["c3"] and "nextPageToken" not in rest
    # Exactly one filter; an unknown or private channel is not found.
    both = get(fake, "commentThreads", part="snippet", videoId="mbSportsDay",
               allThreadsRelatedToChannelId="UCmillbrookprimary000001")
    assert (both.status_code, reason(both)) == (400, "incompatibleParameters")
    assert reason(get(fake, "commentThreads", part="snippet")) == "missingRequiredParameter"
    for channel in ("UCprivatechannel00000001", "UCnope"):
        gone = get(fake, "commentThreads", part="snippet", allThreadsRelatedToChannelId=channel)
        assert (gone.status_code, reason(gone)) == (404, "channelNotFound")


def test_comments_off_are_absent_from_the_channel_list_not_an_error() -> None:
    data = yaml.safe_load(yaml.safe_dump(SCENARIO))
    videos = data["channels"][0]["videos"]
    videos[1]["made_for_kids"] = False
    videos[1]["comments_disabled"] = True
    videos[1]["comments"] = [{"id": "hidden1", "text": "x", "published_at": "2025-12-11T09:00:00Z"}]
    fake = FakeYouTube(data)
    body = get(fake, "commentThreads", part="snippet",
               allThreadsRelatedToChannelId="UCmillbrookprimary000001", maxResults="100")
    assert body.status_code == 200
    assert [t["id"] for t in body.json()["items"]] == ["c1", "c2", "c3"]
    assert reason(get(fake, "commentThreads", part="snippet", videoId="mbNativity1")) == \
        "commentsDisabled"


FIVE = yaml.safe_load("""
api_key: sandbox-youtube-key
channels:
  - id: UCmillbrookprimary000001
    handle: millbrookprimary
    videos:
      - {id: mbVideo0005, published_at: 2026-06-05T09:00:00Z,
         comments: [{id: k5, text: five, published_at: 2026-06-05T10:00:00Z}]}
      - {id: mbVideo0004, published_at: 2026-06-04T09:00:00Z, comments_disabled: true}
      - {id: mbVideo0003, published_at: 2026-06-03T09:00:00Z,
         comments: [{id: k3, text: three, published_at: 2026-06-03T10:00:00Z}]}
      - {id: mbVideo0002, published_at: 2026-06-02T09:00:00Z}
      - {id: mbVideo0001, published_at: 2026-06-01T09:00:00Z,
         comments: [{id: k1, text: one, published_at: 2026-06-01T10:00:00Z}]}
""")


def audit(data: dict[str, Any], cursor: dict[str, Any] | None) -> tuple[Any, FakeYouTube]:
    fake = FakeYouTube(data)
    account = AccountRef(id="mb", platform="youtube", handle="millbrookprimary",
                         base_url=fake_base_url("youtube"))
    connector = YouTubeConnector(YouTubeConfig(api_key=KEY), http_for_fake(YouTubeConnector, fake))
    return connector.fetch(account, cursor), fake


def test_calls_of_a_first_and_a_repeat_audit() -> None:
    first, fake = audit(FIVE, None)
    # 1 channel + 1 uploads page + 1 videos + 5 comment reads, one per upload.
    assert fake.call_count == 8
    assert fake.calls["GET /youtube/v3/commentThreads"] == 5
    assert first.settings is not None
    assert first.settings.raw["comments_by_video"]["mbVideo0004"] == "disabled"
    assert first.settings.comments == "everyone"

    # Unchanged: 1 channel + 1 uploads page + 1 channel-wide comment page.
    again, fake = audit(FIVE, first.cursor)
    assert fake.call_count == 3
    assert dict(fake.calls) == {"GET /youtube/v3/channels": 1, "GET /youtube/v3/playlistItems": 1,
                                "GET /youtube/v3/commentThreads": 1}
    assert again.items == () and again.cursor == first.cursor

    # A new comment on the oldest video: still 3 calls, and it is read.
    data = yaml.safe_load(yaml.safe_dump(FIVE))
    data["channels"][0]["videos"][4]["comments"].append(
        {"id": "k1b", "text": "late", "published_at": "2026-06-10T10:00:00Z"})
    later, fake = audit(data, first.cursor)
    assert fake.call_count == 3
    assert [(i.id, i.parent_id) for i in later.items] == [("k1b", "mbVideo0001")]
    assert later.settings is not None
    assert later.settings.raw["comments_by_video"] == {"mbVideo0001": "enabled"}

    # A new upload: + 1 videos + 1 read of its comments (and whether it takes any).
    data["channels"][0]["videos"].append({"id": "mbVideo0006", "published_at": "2026-06-11T09:00:00Z",
                                          "comments_disabled": True})
    newer, fake = audit(data, later.cursor)
    assert fake.call_count == 5
    assert [i.id for i in newer.items] == ["mbVideo0006"]
    assert newer.settings is not None
    assert newer.settings.raw["comments_by_video"] == {"mbVideo0006": "disabled"}
    # Only the new upload was read one by one: its comments being off is not the channel's.
    assert newer.settings.comments is None


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
