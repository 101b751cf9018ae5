"""Pure mapping from recorded Mastodon payloads to the auditor's snapshot types."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import connectors.mastodon
from auditor import Member, PlatformResponseError
from connectors.mastodon import mapping

FIXTURES = Path(connectors.mastodon.__file__).parent / "fixtures"
OWNER = "110245736382412301"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def account(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = load("verify_credentials.json")
    source = changes.pop("source", None)
    body.update(changes)
    if source is not None:
        body["source"].update(source)
    return body


def test_a_locked_followers_only_account_is_private() -> None:
    settings = mapping.settings_from_account(account())
    assert settings.visibility == "private"
    assert settings.join_policy == "request"
    assert settings.discoverable is False
    assert settings.comments is None and settings.location_tagging is None
    assert settings.admins is None
    assert settings.raw["default_privacy"] == "private"
    assert settings.raw["follow_requests_count"] == 1
    assert settings.raw["hide_collections"] is True
    assert "source" not in settings.raw and "note" not in settings.raw


@pytest.mark.parametrize(("locked", "privacy", "visibility", "join"), [
    (False, "private", "public", "open"),       # anyone may follow, then read followers-only posts
    (False, "public", "public", "open"),
    (True, "public", "public", "request"),      # approved followers, but posts are public
    (True, "unlisted", "public", "request"),
    (True, "direct", "private", "request"),
    (True, None, None, "request"),              # no default visibility: cannot say
])
def test_visibility_and_joining(locked: bool, privacy: str | None, visibility: str | None,
                                join: str) -> None:
    body = account(locked=locked)
    body["source"]["privacy"] = privacy
    settings = mapping.settings_from_account(body)
    assert (settings.visibility, settings.join_policy) == (visibility, join)


def test_settings_say_nothing_when_locked_is_absent() -> None:
    body = account()
    del body["locked"]
    settings = mapping.settings_from_account(body)
    assert settings.visibility is None and settings.join_policy is None


@pytest.mark.parametrize(("fields", "expected"), [
    ({"discoverable": False, "indexable": False}, False),
    ({"discoverable": True, "indexable": False}, True),
    ({"discoverable": False, "indexable": True}, True),
    ({"discoverable": None, "indexable": False}, None),
    # Before 4.2 there is no indexable: noindex says whether search engines may list it.
    ({"discoverable": False, "indexable": None, "noindex": False}, True),
    ({"discoverable": False, "indexable": None, "noindex": True}, False),
    ({"discoverable": False, "indexable": None, "noindex": None}, None),
])
def test_discoverable(fields: dict[str, Any], expected: bool | None) -> None:
    assert mapping.settings_from_account(account(**fields)).discoverable is expected


def test_pending_requests_go_to_raw_not_members() -> None:
    requests = [mapping.member_from_account(a, "member") for a in load("follow_requests.json")]
    settings = mapping.settings_from_account(account(), requests)
    assert settings.raw["follow_requests"] == [
        {"id": "111560000000000004", "acct": "new_parent", "display_name": "New Parent"}]


def test_followers_are_members_with_the_follower_role() -> None:
    members = mapping.members_from_accounts(
        load("followers_page1.json") + load("followers_page2.json") + load("followers_page1.json"))
    assert members == (
        Member(id="110245736382419001", handle="parent_one", display_name="Parent One",
               role="follower"),
        Member(id="109348112345678902", handle="bradfieldpta@social.example.org",
               display_name="Bradfield PTA", role="follower"),
        Member(id="111555000000000003", handle="stranger_danger@elsewhere.example",
               display_name=None, role="follower"),
    )


def test_member_count_hidden_is_none() -> None:
    assert mapping.member_count(account()) == 3
    assert mapping.member_count(account(followers_count=-1)) is None


def test_own_statuses() -> None:
    reply, post, poll = (mapping.item_from_status(s, OWNER) for s in load("statuses.json"))
    assert post.kind == "post" and post.author.is_account_owner
    assert post.text == ("Sports day photos\nSports day today! Well done to every runner.\n\n"
                         "More photos on https://bradfield.example/sports")
    assert post.visibility == "private"
    assert post.created_at == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert post.url == "https://mastodon.school.example/@BradfieldY6/111478000000000001"
    assert post.location is None
    assert [(m.type, m.alt_text) for m in post.media] == [
        ("image", "Children running the relay race on the school field")]
    assert post.media[0].url and post.media[0].url.endswith("/original/8a2b7c1d9e3f4a56.jpg")
    assert reply.kind == "reply" and reply.parent_id == "111478100000000002"
    assert reply.text == "@parent_one Thank you & see you on Friday!"
    assert poll.visibility == "unlisted"
    assert poll.text == "Reminder: PE kits on Monday.\nThank you!\nGot it\nWhich Monday?"


def test_mentions_by_others() -> None:
    statuses = mapping.mention_statuses(load("notifications_mentions.json"))
    direct, reply = (mapping.item_from_status(s, OWNER) for s in statuses)
    assert direct.kind == "comment" and not direct.author.is_account_owner
    assert direct.author.handle == "stranger_danger@elsewhere.example"
    assert direct.visibility == "private"  # a direct message
    assert "07700 900123" in direct.text and "<" not in direct.text
    assert reply.kind == "reply" and reply.parent_id == "111478000000000001"
    assert reply.author.display_name == "Parent One"


def test_other_notifications_and_deleted_statuses_are_skipped() -> None:
    notes = load("notifications_mentions.json")
    notes[0]["status"] = None
    notes.append({"id": "1", "type": "follow", "created_at": "2026-11-21T00:00:00.000Z",
                  "account": notes[1]["account"]})
    assert [s["id"] for s in mapping.mention_statuses(notes)] == ["111478100000000002"]


def test_an_undocumented_visibility_is_unknown() -> None:
    status = load("statuses.json")[1] | {"visibility": "local"}
    assert mapping.item_from_status(status, OWNER).visibility is None


@pytest.mark.parametrize(("change", "message"), [
    ({"id": None}, "id is missing"),
    ({"created_at": "yesterday"}, "not an ISO 8601 time"),
    ({"created_at": "2026-11-20T09:00:00"}, "no time zone"),
    ({"content": None}, "content is missing"),
    ({"account": None}, "account is missing"),
    ({"media_attachments": {}}, "not a list"),
])
def test_malformed_statuses(change: dict[str, Any], message: str) -> None:
    status = load("statuses.json")[1] | change
    with pytest.raises(PlatformResponseError, match=message):
        mapping.item_from_status(status, OWNER)


@pytest.mark.parametrize("body", [[], {"id": "1", "username": "x"},
                                  account(locked="yes"), {**account(), "source": "private"}])
def test_malformed_accounts(body: Any) -> None:
    with pytest.raises(PlatformResponseError):
        mapping.account_from_credentials(body)


def test_html_to_text() -> None:
    assert mapping.html_to_text("<p>a &lt;b&gt;<br>c</p><p>d</p>") == "a <b>\nc\n\nd"
    assert mapping.html_to_text("") == ""


def test_newest_id_orders_numerically() -> None:
    assert mapping.newest_id(["99", "100"], None) == "100"
    assert mapping.newest_id([], "7") == "7"
    assert mapping.newest_id([], None) is None
