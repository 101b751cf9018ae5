"""Mapping X API v2 payloads (the recorded fixtures) to the auditor's snapshot types."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import connectors.x
from auditor import Author, Location, Media, PlatformResponseError
from connectors.x import mapping

FIXTURES = Path(connectors.x.__file__).parent / "fixtures"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def lookup() -> dict[str, Any]:
    return fixture("user_lookup.json")


@pytest.fixture
def owner(lookup: dict[str, Any]) -> Any:
    return mapping.account_user(lookup)


def test_settings_of_a_public_account(lookup: dict[str, Any], owner: Any) -> None:
    settings = mapping.settings_from_user(owner, mapping.latest_tweet(lookup))
    assert settings.visibility == "public"
    assert settings.join_policy == "open"
    assert settings.discoverable is None
    assert settings.comments is None
    assert settings.location_tagging is None
    assert settings.admins is None
    assert settings.raw["protected"] is False
    assert settings.raw["username"] == "BradfieldY6"
    assert settings.raw["public_metrics"]["followers_count"] == 3
    assert settings.raw["latest_tweet_id"] == "1800000000000000003"
    assert settings.raw["latest_tweet_reply_settings"] == "everyone"


def test_settings_of_a_protected_account(lookup: dict[str, Any]) -> None:
    lookup["data"]["protected"] = True
    settings = mapping.settings_from_user(mapping.account_user(lookup), None)
    assert settings.visibility == "private"
    assert settings.join_policy == "request"
    assert "latest_tweet_reply_settings" not in settings.raw


def test_settings_say_nothing_when_protected_is_not_returned(lookup: dict[str, Any]) -> None:
    del lookup["data"]["protected"]
    settings = mapping.settings_from_user(mapping.account_user(lookup), None)
    assert settings.visibility is None
    assert settings.join_policy is None


def test_latest_tweet_is_absent_without_the_expansion(lookup: dict[str, Any]) -> None:
    del lookup["includes"]
    assert mapping.latest_tweet(lookup) is None
    del lookup["data"]["most_recent_tweet_id"]
    assert mapping.latest_tweet(lookup) is None


def test_member_count(owner: Any, lookup: dict[str, Any]) -> None:
    assert mapping.member_count(owner) == 3
    del lookup["data"]["public_metrics"]
    assert mapping.member_count(mapping.account_user(lookup)) is None


def test_followers_across_two_pages_are_members() -> None:
    users = fixture("followers_page1.json")["data"] + fixture("followers_page2.json")["data"]
    members = mapping.members_from_followers(users)
    assert [(m.id, m.handle, m.display_name, m.role) for m in members] == [
        ("1500000000000000101", "parent_one", "Parent One", "follower"),
        ("1500000000000000102", "BradfieldPTA", "Bradfield PTA", "follower"),
        ("1500000000000000103", "stranger_danger", "Mr Stranger", "follower"),
    ]
    assert all(m.joined_at is None for m in members)


def test_own_tweets_are_posts(owner: Any) -> None:
    posts = mapping.posts_from_timeline(fixture("tweets.json"), owner)
    assert [p.id for p in posts] == ["1800000000000000001", "1800000000000000002",
                                     "1800000000000000003"]
    owner_author = Author(id="1500000000000000001", handle="BradfieldY6",
                          display_name="Bradfield Year 6", is_account_owner=True)
    assert all(p.kind == "post" and p.author == owner_author for p in posts)
    assert all(p.visibility == "public" for p in posts)
    long, video, relay = posts

    # A long post's full text comes from note_tweet; text is cut at 280 characters.
    assert long.text.endswith("Thank you to everyone who helped us post them!")
    assert long.media == () and long.location is None and long.parent_id is None

    assert relay.text == "Sports day relay & races this afternoon! https://t.co/AbCdEf1234"
    assert relay.created_at == datetime(2024, 6, 14, 13, 5, tzinfo=UTC)
    assert relay.created_at.tzinfo is UTC
    assert relay.url == "https://x.com/BradfieldY6/status/1800000000000000003"
    assert relay.media == (Media(url="https://pbs.twimg.com/media/GQ1a2b3c4d5e6f7.jpg",
                                 type="photo",
                                 alt_text="Children running the relay on the school field"),)
    assert relay.location == Location(place_name="Bradfield, England")

    assert video.media == (Media(
        url="https://pbs.twimg.com/ext_tw_video_thumb/1800000000000000002/pu/img/a1b2c3.jpg",
        type="video"),)
    assert video.location == Location(latitude=51.4475, longitude=-1.1312)


def test_posts_of_a_protected_account_are_private(lookup: dict[str, Any]) -> None:
    lookup["data"]["protected"] = True
    posts = mapping.posts_from_timeline(fixture("tweets.json"), mapping.account_user(lookup))
    assert {p.visibility for p in posts} == {"private"}


def test_an_attachment_missing_from_includes_is_still_reported(owner: Any) -> None:
    timeline = fixture("tweets.json")
    del timeline["includes"]["media"]
    relay = mapping.posts_from_timeline(timeline, owner)[-1]
    assert relay.media == (Media(url=None, type="unknown"),)


def test_replies_by_others(owner: Any) -> None:
    replies = mapping.replies_from_search(fixture("search_recent.json"), owner)
    assert [r.id for r in replies] == ["1800000000000000010", "1800000000000000011"]
    lovely, relay = replies
    assert lovely.kind == "reply"
    assert lovely.text == "@BradfieldY6 Lovely to see <3"
    assert lovely.author == Author(id="1500000000000000101", handle="parent_one",
                                   display_name="Parent One", is_account_owner=False)
    assert lovely.parent_id == "1800000000000000003"
    assert lovely.url == "https://x.com/parent_one/status/1800000000000000010"
    assert lovely.visibility == "public"
    assert relay.author.handle == "stranger_danger"
    assert relay.created_at == datetime(2024, 6, 14, 14, 10, tzinfo=UTC)


def test_a_reply_without_referenced_tweets_falls_back_to_the_conversation(owner: Any) -> None:
    search = fixture("search_recent.json")
    del search["data"][0]["referenced_tweets"]
    del search["includes"]
    relay = mapping.replies_from_search(search, owner)[-1]
    assert relay.parent_id == "1800000000000000003"
    # Author unknown to includes: the id stays, the link still works.
    assert relay.author == Author(id="1500000000000000103")
    assert relay.url == "https://x.com/i/web/status/1800000000000000011"


def test_newest_id_compares_ids_as_numbers() -> None:
    posts = mapping.posts_from_timeline(
        {"data": [{"id": "9", "text": "a", "created_at": "2024-01-01T00:00:00.000Z"},
                  {"id": "10", "text": "b", "created_at": "2024-01-02T00:00:00.000Z"}]},
        {"id": "1", "username": "u", "name": "U"})
    assert [p.id for p in posts] == ["9", "10"]
    assert mapping.newest_id(posts, None) == "10"
    assert mapping.newest_id(posts, "11") == "11"
    assert mapping.newest_id((), "8") == "8"
    assert mapping.newest_id((), None) is None


def test_a_lookup_missing_documented_fields_is_refused() -> None:
    with pytest.raises(PlatformResponseError, match="username is missing"):
        mapping.account_user(fixture("user_missing_fields.json"))
    with pytest.raises(PlatformResponseError, match="not a user object"):
        mapping.account_user(fixture("empty.json"))


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: t.pop("created_at"), "created_at is missing"),
    (lambda t: t.update(created_at="14/06/2024"), "not an ISO 8601 time"),
    (lambda t: t.update(created_at="2024-06-14T13:05:00"), "no time zone"),
    (lambda t: t.pop("text"), "text is missing"),
    (lambda t: t.update(geo={"coordinates": {"type": "Point", "coordinates": ["x"]}}),
     "GeoJSON point"),
])
def test_a_tweet_missing_documented_fields_is_refused(owner: Any, change: Any,
                                                      message: str) -> None:
    timeline = copy.deepcopy(fixture("tweets.json"))
    change(timeline["data"][0])
    with pytest.raises(PlatformResponseError, match=message):
        mapping.posts_from_timeline(timeline, owner)


def test_a_reply_without_author_is_refused(owner: Any) -> None:
    search = fixture("search_recent.json")
    del search["data"][0]["author_id"]
    with pytest.raises(PlatformResponseError, match="author_id is missing"):
        mapping.replies_from_search(search, owner)


def test_includes_that_are_not_lists_are_refused(owner: Any) -> None:
    timeline = fixture("tweets.json")
    timeline["includes"]["media"] = {"media_key": "3_1"}
    with pytest.raises(PlatformResponseError, match=r"includes\.media is not a list"):
        mapping.posts_from_timeline(timeline, owner)
