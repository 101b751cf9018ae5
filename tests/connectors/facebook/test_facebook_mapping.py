"""Pure mapping from recorded Graph API payloads to snapshot types."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import connectors.facebook
from auditor import Location, Media, PlatformResponseError
from connectors.facebook import mapping

FIXTURES = Path(connectors.facebook.__file__).parent / "fixtures"
PAGE = "104857600000001"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def test_a_published_page_is_public_and_open() -> None:
    settings = mapping.settings_from(load("page.json"), load("roles.json")["data"])
    assert (settings.visibility, settings.join_policy, settings.discoverable) == (
        "public", "open", True)
    assert settings.comments is None and settings.location_tagging is None
    assert settings.raw["username"] == "millbrookprimary"
    assert [r["id"] for r in settings.raw["roles"]] == ["7001", "7002", "7003"]


def test_an_unpublished_page_is_private() -> None:
    settings = mapping.settings_from({**load("page.json"), "is_published": False}, [])
    assert (settings.visibility, settings.join_policy, settings.discoverable) == (
        "private", "closed", False)
    assert settings.admins == ()


def test_without_is_published_nothing_is_guessed() -> None:
    page = {k: v for k, v in load("page.json").items() if k != "is_published"}
    settings = mapping.settings_from(page, None, "facebook: GET roles: HTTP 403 code 200")
    assert settings.visibility is None and settings.join_policy is None
    assert settings.admins is None
    assert settings.raw["roles_unreadable"].endswith("code 200")


def test_admins_come_from_page_tasks() -> None:
    admins = mapping.admins_from_roles(load("roles.json")["data"])
    assert [(a.id, a.handle, a.display_name, a.role) for a in admins] == [
        ("7001", "7001", "Theresa Hale", "admin"), ("7002", "7002", "Dev Patel", "editor")]


@pytest.mark.parametrize("roles", [[{"id": "1", "name": "x"}], [{"name": "x", "tasks": []}], ["x"]])
def test_roles_not_as_documented(roles: list[Any]) -> None:
    with pytest.raises(PlatformResponseError):
        mapping.admins_from_roles(roles)


def test_member_count_prefers_followers() -> None:
    assert mapping.member_count(load("page.json")) == 412
    assert mapping.member_count({"fan_count": 398}) == 398
    assert mapping.member_count({"followers_count": True}) is None


def test_a_page_post_with_an_album_and_a_place() -> None:
    post = load("feed_page1.json")["data"][0]
    item = mapping.post_item(post, PAGE)
    assert (item.id, item.kind, item.visibility, item.status) == (
        "104857600000001_2003", "post", "public", "published")
    assert item.author.is_account_owner and item.author.id == PAGE
    assert item.text.splitlines() == ["Year 6 enjoyed their trip to the Science Museum today.",
                                      "Museum trip", "Amelia Wright at the rocket display"]
    assert item.created_at == datetime(2026, 11, 21, 15, 30, 12, tzinfo=UTC)
    assert item.location == Location(51.4978, -0.1745, "Science Museum")
    assert item.media == (Media(url="https://scontent.xx.fbcdn.net/v/t39.30808-6/rocket_n.jpg",
                                type="photo"),)
    assert item.url == "https://www.facebook.com/104857600000001/posts/2003"


def test_a_hidden_visitor_post() -> None:
    item = mapping.post_item(load("feed_page1.json")["data"][1], PAGE)
    assert not item.author.is_account_owner
    assert (item.author.id, item.author.display_name) == ("9002", "Kim Visitor")
    assert (item.visibility, item.status) == ("private", "hidden")
    assert "07700 900123" in item.text and item.media == () and item.location is None


def test_a_story_without_message_uses_the_story_and_its_photo() -> None:
    item = mapping.post_item(load("feed_page2.json")["data"][0], PAGE)
    assert item.text == "Millbrook CE Primary School updated their cover photo."
    assert [m.url for m in item.media] == ["https://scontent.xx.fbcdn.net/v/t39.30808-6/cover_n.jpg"]


def test_a_post_without_from_is_not_the_school() -> None:
    item = mapping.post_item({"id": "1_2", "created_time": "2026-11-21T15:30:12+0000"}, PAGE)
    assert item.author.id is None and not item.author.is_account_owner and item.text == ""


def test_comments_and_replies() -> None:
    comments = [mapping.comment_item(c, "104857600000001_2003", PAGE)
                for c in load("comments_2003.json")["data"]]
    assert [(c.kind, c.parent_id, c.author.is_account_owner, c.status) for c in comments] == [
        ("comment", "104857600000001_2003", False, "published"),
        ("reply", "2003_3001", True, "published"),
        ("comment", "104857600000001_2003", False, "hidden")]
    assert comments[2].visibility == "private"
    assert comments[1].url is not None and "comment_id=2003_3002" in comments[1].url


def test_photos_keep_the_largest_image_alt_text_and_place() -> None:
    rocket, cover = (mapping.photo_item(p, PAGE) for p in load("photos.json")["data"])
    assert rocket.kind == "photo" and rocket.author.is_account_owner
    assert rocket.text == "At the rocket display"
    assert rocket.media == (Media(url="https://scontent.xx.fbcdn.net/v/t39.30808-6/rocket_o.jpg",
                                  type="photo", alt_text="May be an image of 3 children and indoor"),)
    assert rocket.location is not None and rocket.location.place_name == "Science Museum"
    assert cover.text == "" and cover.location is None and cover.media[0].alt_text is None


@pytest.mark.parametrize("post", [
    {"created_time": "2026-11-21T15:30:12+0000"},
    {"id": "1_2"},
    {"id": "1_2", "created_time": "yesterday"},
    {"id": "1_2", "created_time": "2026-11-21T15:30:12"},
    {"id": "1_2", "created_time": "2026-11-21T15:30:12+0000", "attachments": {"data": {}}},
])
def test_posts_not_as_documented(post: dict[str, Any]) -> None:
    with pytest.raises(PlatformResponseError):
        mapping.post_item(post, PAGE)


def test_a_page_without_id_is_not_as_documented() -> None:
    with pytest.raises(PlatformResponseError):
        mapping.settings_from({"name": "x"}, [])
