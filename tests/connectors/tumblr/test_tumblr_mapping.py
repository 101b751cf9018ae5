"""Pure mapping from recorded Tumblr API v2 responses to snapshot types."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from auditor import PlatformResponseError
from connectors.tumblr import mapping

FIXTURES = Path(__file__).parents[3] / "connectors" / "tumblr" / "fixtures"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())["response"]


def blog(kind: str | None = None) -> mapping.Blog:
    user = load("user_info.json")
    if kind is not None:
        user["user"]["blogs"][1]["type"] = kind
    return mapping.blog_from(user, load("blog_info.json"), "millbrook-year6.tumblr.com")


def test_the_blog_is_found_among_the_owners_blogs_by_any_identifier() -> None:
    for identifier in ("millbrook-year6", "millbrook-year6.tumblr.com", "t:TWlsbGJyb29rWWVhcjY",
                       "https://millbrook-year6.tumblr.com/"):
        found = mapping.blog_from(load("user_info.json"), load("blog_info.json"), identifier)
        assert found.entry["name"] == "millbrook-year6"
        assert found.uuid == "t:TWlsbGJyb29rWWVhcjY" and found.followers == 23


def test_a_blog_the_user_cannot_post_to_has_no_entry() -> None:
    user = load("user_info.json")
    user["user"]["blogs"] = user["user"]["blogs"][:1]
    found = mapping.blog_from(user, load("blog_info.json"), "millbrook-year6")
    assert not found.entry and found.type == "private"  # falls back to blog info's own type


def test_a_private_blog_is_private_and_closed() -> None:
    settings = mapping.settings_from(blog("private"))
    assert settings.visibility == "private" and settings.join_policy == "closed"
    assert settings.raw["ask"] is True and settings.raw["reply_conditions"] == "3"
    assert "avatar" not in settings.raw and "theme" not in settings.raw


def test_a_public_blog_is_public_and_open_to_followers() -> None:
    settings = mapping.settings_from(blog("public"))
    assert (settings.visibility, settings.join_policy) == ("public", "open")
    assert settings.comments is None and settings.discoverable is None and settings.admins is None


def test_an_unknown_type_says_nothing() -> None:
    user, info = load("user_info.json"), load("blog_info.json")
    del user["user"]["blogs"][1]["type"]
    del info["blog"]["type"]
    settings = mapping.settings_from(mapping.blog_from(user, info, "millbrook-year6"))
    assert settings.visibility is None and settings.join_policy is None


@pytest.mark.parametrize("change", [
    lambda u, i: u.pop("user"),
    lambda u, i: i["blog"].pop("name"),
    lambda u, i: u["user"]["blogs"][1].update(type="secret"),
    lambda u, i: u["user"]["blogs"][1].update(followers="many"),
])
def test_undocumented_blog_payloads_are_response_errors(change: Any) -> None:
    user, info = load("user_info.json"), load("blog_info.json")
    change(user, info)
    with pytest.raises(PlatformResponseError):
        mapping.blog_from(user, info, "millbrook-year6")


def test_followers_are_members_with_the_follower_role() -> None:
    members = mapping.members_from_followers(load("followers_page1.json")["users"])
    assert len(members) == 20
    assert members[0].id == "parent-01" and members[0].handle == "parent-01"
    assert {m.role for m in members} == {"follower"}
    with pytest.raises(PlatformResponseError):
        mapping.members_from_followers([{"following": True}])


def test_member_count_prefers_the_followers_total() -> None:
    assert mapping.member_count(blog(), 25) == 25
    assert mapping.member_count(blog(), None) == 23


def test_an_npf_post_becomes_plain_text_with_image_alt_text_and_tags() -> None:
    post = load("posts.json")["posts"][0]
    item = mapping.post_item(post, blog("public"))
    assert item.id == "735000000000000002" and item.kind == "post" and item.status == "published"
    assert item.text == ("Sports day was a great success!\n[image: Children running the relay race]\n"
                         "Sports day results All the results https://millbrook.example/sports-day\n"
                         "#sports day #year 6")
    assert item.created_at == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert item.url == "https://millbrook-year6.tumblr.com/post/735000000000000002"
    assert item.visibility == "public"
    assert item.author.is_account_owner and item.author.handle == "millbrook-year6"
    assert item.author.id == "t:TWlsbGJyb29rWWVhcjY"
    [photo] = item.media
    assert photo.url == "https://64.media.tumblr.com/3f1e/tumblr_sports_1280.jpg"
    assert photo.type == "photo" and photo.alt_text == "Children running the relay race"


def test_a_published_post_on_a_private_blog_is_private() -> None:
    item = mapping.post_item(load("posts.json")["posts"][0], blog("private"))
    assert item.visibility == "private"


def test_private_queued_and_draft_posts_are_private_with_their_state() -> None:
    private = mapping.post_item(load("posts.json")["posts"][1], blog("public"))
    assert private.status == "private" and private.visibility == "private"
    assert private.text == "Reminder for parents: trip forms are due on Friday.\nTrip to the science museum"
    queued = mapping.post_item(load("posts_queue.json")["posts"][0], blog("public"))
    assert queued.status == "queued" and "Amelia Wright" in queued.text
    draft = mapping.post_item(load("posts_draft.json")["posts"][0], blog("public"))
    assert draft.status == "draft" and draft.text == "Class photo\n[image]"
    assert draft.media[0].alt_text is None


@pytest.mark.parametrize("change", [
    {"id_string": "abc", "id": "abc"},
    {"timestamp": "yesterday"},
    {"content": {"type": "text"}},
])
def test_undocumented_posts_are_response_errors(change: dict[str, Any]) -> None:
    post = {**load("posts.json")["posts"][0], **change}
    with pytest.raises(PlatformResponseError):
        mapping.post_item(post, blog())


def test_replies_and_reblogs_with_text_become_reply_items_likes_do_not() -> None:
    parent = mapping.post_item(load("posts.json")["posts"][0], blog("public"))
    notes = load("notes_page1.json")["notes"] + load("notes_page2.json")["notes"] + \
        load("notes_page1.json")["rollup_notes"]
    replies = mapping.reply_items(notes, parent, blog("public"))
    assert [r.status for r in replies] == ["reblog", "reply", "reply"]  # oldest first
    reblog, reply, own = replies
    assert reblog.text == "So proud of our Lily!" and reblog.author.handle == "grandma-jo"
    assert reply.text == "Well done! Call me on 07700 900123 about the photos"
    assert reply.kind == "reply" and reply.parent_id == parent.id and reply.url == parent.url
    assert not reply.author.is_account_owner and own.author.is_account_owner
    assert reply.created_at == datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    assert len({r.id for r in replies}) == 3


def test_npf_text_covers_every_readable_block() -> None:
    text = mapping.npf_text([
        {"type": "text", "text": "Hello <b>there</b>"},
        {"type": "image", "caption": "Our class", "media": []},
        {"type": "video", "url": "https://www.youtube.com/watch?v=x", "provider": "youtube"},
        {"type": "poll", "question": "Best day?", "answers": [{"answer_text": "Monday"},
                                                              {"answer_text": "Friday"}]},
        {"type": "paywall"},
    ])
    assert text == ("Hello there\n[image: Our class]\n[video: https://www.youtube.com/watch?v=x]\n"
                    "Best day? / Monday / Friday")
