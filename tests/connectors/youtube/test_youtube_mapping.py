"""Pure mapping from recorded YouTube Data API v3 resources to snapshot types."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import connectors.youtube
from auditor import PlatformResponseError
from connectors.youtube import mapping

FIXTURES = Path(connectors.youtube.__file__).parent / "fixtures"
CHANNEL_ID = "UC4x3b7Qm0lqZP8cJg2V6n1A"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def channel() -> dict[str, Any]:
    found = mapping.channel_from(load("channels.json"))
    assert found is not None
    return dict(found)


def test_channel_settings() -> None:
    settings = mapping.settings_from(channel(), {"a": "enabled", "b": "disabled"},
                                     {"c": "youtube: forbidden"},
                                     {"a": {"privacyStatus": "public", "madeForKids": False}})
    assert settings.visibility == "public"
    assert settings.join_policy == "open"
    assert settings.discoverable is True
    assert settings.comments == "everyone"
    assert settings.location_tagging is None and settings.admins is None
    assert settings.raw["id"] == CHANNEL_ID
    assert settings.raw["custom_url"] == "@bradfieldyear6"
    assert settings.raw["status"]["madeForKids"] is False
    assert settings.raw["uploads_playlist"] == "UU4x3b7Qm0lqZP8cJg2V6n1A"
    assert settings.raw["comments_by_video"] == {"a": "enabled", "b": "disabled"}
    assert settings.raw["comments_unreadable"] == {"c": "youtube: forbidden"}
    assert settings.raw["video_status"]["a"]["madeForKids"] is False


@pytest.mark.parametrize(("privacy", "visibility", "discoverable"), [
    ("public", "public", True), ("unlisted", "unlisted", False), ("private", "private", False),
    ("somethingNew", None, None),
])
def test_channel_visibility(privacy: str, visibility: str | None, discoverable: bool | None) -> None:
    data = channel()
    data["status"] = {**data["status"], "privacyStatus": privacy}
    settings = mapping.settings_from(data, None)
    assert (settings.visibility, settings.discoverable) == (visibility, discoverable)
    assert settings.comments is None
    assert "comments_by_video" not in settings.raw


@pytest.mark.parametrize(("states", "made_for_kids", "policy"), [
    ({"a": "enabled", "b": "disabled"}, False, "everyone"),
    ({"a": "disabled", "b": "disabled"}, False, "off"),
    ({}, True, "off"),
    ({}, False, None),
    (None, False, None),
    ({"a": "unreadable"}, False, None),
    ({"a": "unreadable", "b": "disabled"}, False, None),
])
def test_comment_policy(states: dict[str, mapping.CommentState] | None, made_for_kids: bool,
                        policy: str | None) -> None:
    assert mapping.comment_policy(states, made_for_kids) == policy


@pytest.mark.parametrize(("states", "made_for_kids", "policy"), [
    ({"a": "enabled", "b": "disabled"}, False, "everyone"),
    ({"a": "disabled"}, False, None),  # one new upload read: the others are not known
    ({"a": "disabled"}, True, "off"),
    ({}, False, None),
])
def test_comment_policy_when_only_some_videos_were_read(
        states: dict[str, mapping.CommentState], made_for_kids: bool, policy: str | None) -> None:
    assert mapping.comment_policy(states, made_for_kids, every_video=False) == policy


def test_member_count() -> None:
    data = channel()
    assert mapping.member_count(data) == 127
    data["statistics"] = {"hiddenSubscriberCount": True, "viewCount": "1"}
    assert mapping.member_count(data) is None
    data["statistics"] = {"hiddenSubscriberCount": False, "subscriberCount": "lots"}
    with pytest.raises(PlatformResponseError, match="subscriberCount"):
        mapping.member_count(data)


def test_an_empty_channel_list_is_none() -> None:
    assert mapping.channel_from(load("channels_empty.json")) is None


@pytest.mark.parametrize("part", ["snippet", "status", "contentDetails", "statistics"])
def test_a_channel_without_a_part_is_refused(part: str) -> None:
    body = load("channels.json")
    del body["items"][0][part]
    with pytest.raises(PlatformResponseError, match=part):
        mapping.channel_from(body)


def test_uploads_playlist_ids() -> None:
    assert mapping.video_ids(load("playlist_items_page1.json")) == ["Xk3pL9qQz1A", "m2Vb7Rt0cYw"]
    assert mapping.video_ids(load("playlist_items_page2.json")) == ["Q9wE4rT6yU8"]
    assert mapping.video_ids({"kind": "youtube#playlistItemListResponse"}) == []


def test_video_item() -> None:
    video = load("videos.json")["items"][0]
    item = mapping.video_item(video, CHANNEL_ID)
    assert (item.id, item.kind, item.visibility, item.status) == (
        "Xk3pL9qQz1A", "video", "public", "public")
    assert item.text == "Sports day 2024\n\nWell done to every runner! Results on the website."
    assert item.created_at == datetime(2024, 6, 14, 15, 2, 11, tzinfo=UTC)
    assert item.url == "https://www.youtube.com/watch?v=Xk3pL9qQz1A"
    assert item.author.is_account_owner and item.author.id == CHANNEL_ID
    assert item.author.display_name == "Year 6 at Bradfield Primary"
    assert [(m.type, m.url) for m in item.media] == [("video", item.url)]
    # A description may be empty: the text is then the title alone.
    assert mapping.video_item(load("videos.json")["items"][2], CHANNEL_ID).text == "Christmas carols"


def test_unlisted_video_and_a_video_by_someone_else() -> None:
    video = load("videos.json")["items"][1]
    video["status"]["privacyStatus"] = "unlisted"
    video["snippet"]["channelId"] = "UCsomeoneelse000000000001"
    item = mapping.video_item(video, CHANNEL_ID)
    assert (item.visibility, item.status) == ("unlisted", "unlisted")
    assert not item.author.is_account_owner


def test_thread_items() -> None:
    thread, plain = load("comment_threads_Xk3pL9qQz1A.json")["items"]
    top, reply = mapping.thread_items(thread, "Xk3pL9qQz1A", CHANNEL_ID)
    assert (top.kind, top.id, top.parent_id) == ("comment", "UgzVQ8n4LrC2bq0kX1Z4AaABAg", "Xk3pL9qQz1A")
    assert top.text == "Amelia Wright came first! Ring me on 07700 900123"
    assert top.author.display_name == "@proudgran52" and not top.author.is_account_owner
    assert top.author.id == "UCg7Hn2Lk9pQ4rS6tU8vW0xY"
    assert top.visibility == "public"
    assert top.url == "https://www.youtube.com/watch?v=Xk3pL9qQz1A&lc=UgzVQ8n4LrC2bq0kX1Z4AaABAg"
    assert top.created_at == datetime(2024, 6, 14, 18, 20, 5, tzinfo=UTC)
    assert (reply.kind, reply.parent_id) == ("reply", "UgzVQ8n4LrC2bq0kX1Z4AaABAg")
    assert reply.author.is_account_owner
    only, = mapping.thread_items(plain, "Xk3pL9qQz1A", CHANNEL_ID)
    assert only.text == "Brilliant day, thank you teachers"


def test_held_comment_keeps_its_moderation_status() -> None:
    thread = load("comment_threads_Xk3pL9qQz1A.json")["items"][1]
    thread["snippet"]["topLevelComment"]["snippet"]["moderationStatus"] = "heldForReview"
    thread["snippet"]["isPublic"] = False
    item, = mapping.thread_items(thread, "Xk3pL9qQz1A", CHANNEL_ID)
    assert (item.status, item.visibility) == ("heldForReview", None)


@pytest.mark.parametrize(("change", "reason"), [
    (lambda t: t["snippet"]["topLevelComment"]["snippet"].pop("publishedAt"), "timestamp"),
    (lambda t: t["snippet"]["topLevelComment"]["snippet"].update(publishedAt="yesterday"),
     "RFC 3339"),
    (lambda t: t["snippet"]["topLevelComment"]["snippet"].pop("textDisplay")
     and t["snippet"]["topLevelComment"]["snippet"].pop("textOriginal"), "textDisplay"),
    (lambda t: t.update(replies={"comments": "none"}), "comments list"),
    (lambda t: t["snippet"].pop("topLevelComment"), "topLevelComment"),
])
def test_malformed_threads(change: Any, reason: str) -> None:
    thread = load("comment_threads_Xk3pL9qQz1A.json")["items"][0]
    change(thread)
    with pytest.raises(PlatformResponseError, match=reason):
        mapping.thread_items(thread, "Xk3pL9qQz1A", CHANNEL_ID)


def test_parse_time() -> None:
    assert mapping.parse_time("2024-06-14T15:02:11.000Z", "x") == datetime(
        2024, 6, 14, 15, 2, 11, tzinfo=UTC)
    assert mapping.parse_time("2024-06-14T16:02:11+01:00", "x") == datetime(
        2024, 6, 14, 15, 2, 11, tzinfo=UTC)
    with pytest.raises(PlatformResponseError):
        mapping.parse_time(None, "x")
