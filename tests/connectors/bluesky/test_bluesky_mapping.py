"""Pure mapping from recorded Bluesky XRPC payloads to snapshot types."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import connectors.bluesky
from auditor import Media, PlatformResponseError
from connectors.bluesky import mapping

FIXTURES = Path(connectors.bluesky.__file__).parent / "fixtures"
SCHOOL = "did:plc:m2llbrookschoolaa345abcd"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def feed() -> list[dict[str, Any]]:
    return [*load("author_feed_page1.json")["feed"], *load("author_feed_page2.json")["feed"]]


def root_posts() -> list[Mapping[str, Any]]:
    return [p for p in mapping.own_posts(feed(), SCHOOL) if "reply" not in p["record"]]


def test_settings_are_public_and_open_by_design() -> None:
    settings = mapping.settings_from(load("profile.json"), root_posts())
    assert settings.visibility == "public"
    assert settings.join_policy == "open"
    assert settings.discoverable is True
    assert settings.location_tagging is False
    assert settings.admins is None
    assert settings.raw["handle"] == "millbrook.bsky.social"
    assert settings.raw["logged_out_visibility"] == "shown"
    assert settings.raw["chat_allow_incoming"] == "following"


def test_comments_are_the_most_open_threadgate_seen() -> None:
    settings = mapping.settings_from(load("profile.json"), root_posts())
    # concert: no threadgate; sports day: followers only; closure notice: nobody.
    assert settings.comments == "everyone"
    gates = settings.raw["threadgates"]
    assert gates["posts_checked"] == 3
    assert (gates["everyone"], gates["members"], gates["off"]) == (1, 1, 1)
    assert gates["open_to_everyone"] == [
        f"https://bsky.app/profile/{SCHOOL}/post/3lbzconcert22"]
    assert gates["latest"]["comments"] == "everyone" and gates["latest"]["allow"] is None


@pytest.mark.parametrize(("allow", "expected"), [
    ([{"$type": "app.bsky.feed.threadgate#followerRule"}], "members"),
    ([{"$type": "app.bsky.feed.threadgate#mentionRule"},
      {"$type": "app.bsky.feed.threadgate#listRule", "list": "at://x/app.bsky.graph.list/y"}],
     "members"),
    ([], "off"),
    (None, "everyone"),
])
def test_reply_policy_follows_the_threadgate(allow: Any, expected: str) -> None:
    post: dict[str, Any] = copy.deepcopy(dict(root_posts()[1]))
    record = post["threadgate"]["record"]
    if allow is None:
        del record["allow"]  # a gate that only hides replies
    else:
        record["allow"] = allow
    assert mapping.reply_policy(post) == expected
    settings = mapping.settings_from(load("profile.json"), [post])
    assert settings.comments == expected
    assert settings.raw["threadgates"]["latest"]["allow"] == (
        None if allow is None else [mapping_name(r) for r in allow])


def mapping_name(rule: dict[str, str]) -> str:
    return {"followerRule": "followers", "mentionRule": "mentioned",
            "listRule": "list"}[rule["$type"].split("#")[1]]


def test_comments_unknown_without_top_level_posts() -> None:
    assert mapping.settings_from(load("profile.json"), ()).comments is None


def test_logged_out_label_is_reported_but_still_public() -> None:
    profile = load("profile.json")
    profile["labels"] = [{"src": SCHOOL, "val": "!no-unauthenticated",
                          "uri": f"at://{SCHOOL}/app.bsky.actor.profile/self",
                          "cts": "2024-09-01T08:00:00.000Z"}]
    settings = mapping.settings_from(profile, ())
    assert settings.raw["logged_out_visibility"] == "discouraged"
    assert settings.visibility == "public"


def test_followers_become_members() -> None:
    followers = load("followers_page1.json")["followers"] + load("followers_page2.json")["followers"]
    members = mapping.members_from_followers(followers)
    assert [m.handle for m in members] == ["parent-one.bsky.social", "nan-wright.bsky.social",
                                           "millbrook-news.bsky.social"]
    assert {m.role for m in members} == {"follower"}
    assert members[0].id.startswith("did:plc:") and members[0].display_name == "Parent One"
    assert mapping.member_count(load("profile.json")) == 3


def test_followers_subject_stands_in_for_the_profile() -> None:
    subject = load("followers_page1.json")["subject"]
    profile = mapping.profile_from_followers(subject, SCHOOL, 3)
    assert mapping.member_count(profile) == 3
    settings = mapping.settings_from(profile, root_posts())
    assert settings.raw["handle"] == "millbrook.bsky.social"
    assert settings.raw["chat_allow_incoming"] == "following"
    assert settings.raw["followers_count_source"] == "listed"
    # A #profileView has no counts: what is not listed stays unknown, never guessed.
    assert (settings.raw["follows_count"], settings.raw["posts_count"]) == (None, None)
    assert mapping.settings_from(load("profile.json"), ()).raw["followers_count_source"] == \
        "profile"
    with pytest.raises(PlatformResponseError, match="not the signed-in account"):
        mapping.profile_from_followers(subject, "did:plc:someoneelse2345abcdefghij", 3)
    with pytest.raises(PlatformResponseError):
        mapping.profile_from_followers({"did": SCHOOL}, SCHOOL, 3)


def test_own_posts_leave_out_reposts() -> None:
    posts = mapping.own_posts(feed(), SCHOOL)
    assert [p["uri"].rsplit("/", 1)[1] for p in posts] == [
        "3lbzconcert22", "3lbytimesxx22", "3lbxsportsd22", "3lbwclosedx22"]


def test_post_items() -> None:
    profile = load("profile.json")
    sports, = (p for p in feed() if p["post"]["uri"].endswith("3lbxsportsd22"))
    item = mapping.post_item(sports["post"], profile)
    assert item.kind == "post" and item.author.is_account_owner
    assert item.text == "Sports day on Friday! Families welcome from 1pm."
    assert item.created_at == datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
    assert item.url == "https://bsky.app/profile/millbrook.bsky.social/post/3lbxsportsd22"
    assert item.visibility == "public" and item.parent_id is None
    assert item.media == (Media(
        url=f"https://cdn.bsky.app/img/feed_fullsize/plain/{SCHOOL}/bafkreisportsdaythumb@jpeg",
        type="photo", alt_text="Relay race on the school field"),)
    own_reply, = (p for p in feed() if p["post"]["uri"].endswith("3lbytimesxx22"))
    reply = mapping.post_item(own_reply["post"], profile)
    assert reply.kind == "reply" and reply.parent_id == sports["post"]["uri"]


def test_notification_items() -> None:
    quote, mention, reply = (mapping.notification_item(n, SCHOOL)
                             for n in load("notifications.json")["notifications"])
    assert reply.kind == "reply" and not reply.author.is_account_owner
    assert reply.author.handle == "parent-one.bsky.social"
    assert "07700 900123" in reply.text
    assert reply.parent_id == f"at://{SCHOOL}/app.bsky.feed.post/3lbytimesxx22"
    assert reply.url == "https://bsky.app/profile/parent-one.bsky.social/post/3lbyreplyxx22"
    assert mention.kind == "comment" and mention.parent_id is None
    assert quote.kind == "comment" and "Amelia Wright" in quote.text
    assert quote.parent_id == f"at://{SCHOOL}/app.bsky.feed.post/3lbxsportsd22"
    assert quote.media == (Media(url=None, type="photo", alt_text="Amelia with her medal"),)
    assert quote.created_at == datetime(2026, 11, 20, 18, 0, tzinfo=UTC)


def test_bad_created_at_falls_back_to_indexed_at() -> None:
    note = load("notifications.json")["notifications"][0]
    note["record"]["createdAt"] = "yesterday"
    item = mapping.notification_item(note, SCHOOL)
    assert item.created_at == datetime(2026, 11, 20, 18, 0, 0, 650000, tzinfo=UTC)


def test_entry_time_of_a_repost_is_the_repost() -> None:
    repost = load("author_feed_page1.json")["feed"][1]
    assert mapping.entry_time(repost) == datetime(2026, 11, 20, 10, 0, 0, 120000, tzinfo=UTC)


@pytest.mark.parametrize("breakage", ["no_did", "bad_count", "no_record", "bad_gate",
                                      "bad_reason", "no_indexed"])
def test_undocumented_payloads_are_response_errors(breakage: str) -> None:
    profile = load("profile.json")
    post: dict[str, Any] = copy.deepcopy(dict(root_posts()[1]))
    note = load("notifications.json")["notifications"][2]
    with pytest.raises(PlatformResponseError):
        if breakage == "no_did":
            del profile["did"]
            mapping.account_profile(profile)
        elif breakage == "bad_count":
            profile["followersCount"] = "many"
            mapping.account_profile(profile)
        elif breakage == "no_record":
            del post["record"]
            mapping.post_item(post, profile)
        elif breakage == "bad_gate":
            post["threadgate"]["record"]["allow"] = "followers"
            mapping.reply_policy(post)
        elif breakage == "bad_reason":
            note["reason"] = "like"
            mapping.notification_item(note, SCHOOL)
        else:
            del post["indexedAt"]
            mapping.sort_time(post)


def test_post_url_needs_a_post_uri() -> None:
    assert mapping.post_url("at://did:plc:x/app.bsky.feed.repost/abc", None) is None
    assert mapping.post_url("https://bsky.app/x", None) is None
    assert mapping.post_url("at://did:plc:x/app.bsky.feed.post/abc", None) == \
        "https://bsky.app/profile/did:plc:x/post/abc"
