"""Pure mapping from recorded Instagram Graph API payloads to snapshot types."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import connectors.instagram
from auditor import Author, PlatformResponseError
from connectors.instagram import mapping

FIXTURES = Path(connectors.instagram.__file__).parent / "fixtures"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


OWNER = mapping.owner_author(load("me.json"))


def test_the_owner_is_the_professional_account() -> None:
    assert mapping.owner_author(load("me.json")) == Author(
        id="17841405822304914", handle="millbrook_primary",
        display_name="Millbrook CE Primary School", is_account_owner=True)


def test_a_business_account_is_public_and_open_by_design() -> None:
    settings = mapping.settings_from(load("me.json"), None)
    assert settings.visibility == "public"
    assert settings.join_policy == "open"
    assert settings.comments is None  # no post read: not known
    assert settings.admins is None and settings.discoverable is None
    assert settings.raw["account_type"] == "BUSINESS"


def test_comments_are_everyone_when_any_recent_post_takes_them() -> None:
    media = load("media_page1.json")["data"]
    settings = mapping.settings_from(load("me.json"), media)
    assert settings.comments == "everyone"
    assert settings.raw["is_comment_enabled_by_media"] == {
        "17918195224117851": True, "17895695668004550": False}


def test_comments_are_off_when_no_recent_post_takes_them() -> None:
    media = [dict(m, is_comment_enabled=False) for m in load("media_page1.json")["data"]]
    assert mapping.settings_from(load("me.json"), media).comments == "off"


def test_member_count_is_the_follower_count() -> None:
    assert mapping.member_count(load("me.json")) == 212
    assert mapping.member_count({"id": "1", "username": "x"}) is None


def test_a_non_numeric_follower_count_is_a_response_error() -> None:
    with pytest.raises(PlatformResponseError):
        mapping.account_user({**load("me.json"), "followers_count": "212"})
    with pytest.raises(PlatformResponseError):
        mapping.account_user({"id": "1"})


def test_an_album_lists_each_child() -> None:
    album = load("media_page1.json")["data"][0]
    item = mapping.media_item(album, OWNER)
    assert item.kind == "post" and item.id == "17918195224117851"
    assert item.text.startswith("Harvest festival")
    assert item.created_at == datetime(2026, 11, 20, 9, 15, 2, tzinfo=UTC)
    assert item.url == "https://www.instagram.com/p/C9xYz1AbCdE/"
    assert item.author.is_account_owner and item.visibility == "public"
    assert [(m.type, m.url) for m in item.media] == [
        ("photo", "https://scontent.cdninstagram.com/v/t51.29350-15/harvest1.jpg"),
        ("video", "https://scontent.cdninstagram.com/o1/v/t16/harvest2.mp4")]


def test_a_reel_is_a_video_and_an_image_a_photo() -> None:
    reel = mapping.media_item(load("media_page1.json")["data"][1], OWNER)
    assert reel.kind == "video" and reel.media[0].type == "video"
    photo = mapping.media_item(load("media_page2.json")["data"][0], OWNER)
    assert photo.kind == "photo" and photo.media[0].type == "photo"


def test_a_post_without_caption_has_empty_text() -> None:
    media = {k: v for k, v in load("media_page2.json")["data"][0].items() if k != "caption"}
    assert mapping.media_item(media, OWNER).text == ""


def test_comments_and_replies() -> None:
    post = load("media_page1.json")["data"][0]
    comments = load("comments.json")["data"]
    hidden = mapping.comment_items(comments[0], post, OWNER, [])
    assert len(hidden) == 1
    (item,) = hidden
    assert item.kind == "comment" and item.parent_id == "17918195224117851"
    assert item.status == "hidden" and "07700 900123" in item.text
    assert item.author == Author(id="6912345678901234", handle="jo_parent_88")
    assert item.url == post["permalink"]

    thread = mapping.comment_items(comments[1], post, OWNER, comments[1]["replies"]["data"])
    assert [(i.kind, i.id, i.parent_id) for i in thread] == [
        ("comment", "17873440459141021", "17918195224117851"),
        ("reply", "18023456789012345", "17873440459141021")]
    assert thread[0].status == "visible" and not thread[0].author.is_account_owner
    assert thread[1].author.is_account_owner


def test_the_owner_is_recognised_by_username_without_from() -> None:
    post = load("media_page1.json")["data"][0]
    reply = {"id": "1", "text": "Thanks", "timestamp": "2026-11-20T10:00:00+0000",
             "username": "Millbrook_Primary"}
    (item,) = mapping.comment_items(reply, post, OWNER, [])
    assert item.author.is_account_owner and item.author.id is None and item.status is None


@pytest.mark.parametrize("stamp", ["yesterday", "2026-11-20T09:00:00", ""])
def test_bad_timestamps_are_response_errors(stamp: str) -> None:
    with pytest.raises(PlatformResponseError):
        mapping.parse_time({"timestamp": stamp}, "media")


def test_a_comment_without_text_is_a_response_error() -> None:
    post = load("media_page1.json")["data"][0]
    with pytest.raises(PlatformResponseError):
        mapping.comment_items({"id": "1", "timestamp": "2026-11-20T10:00:00+0000"}, post, OWNER, [])
