"""WordPress payloads (recorded fixtures) mapped to the snapshot types, with no HTTP involved."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import connectors.wordpress
from auditor import Member, PlatformResponseError
from connectors.wordpress import mapping

FIXTURES = Path(connectors.wordpress.__file__).parent / "fixtures"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


@pytest.fixture
def users() -> list[dict[str, Any]]:
    both: list[dict[str, Any]] = load("users_page1.json") + load("users_page2.json")
    return both


@pytest.fixture
def members(users: list[dict[str, Any]]) -> dict[str, Member]:
    return {m.id: m for m in map(mapping.member_from_user, users)}


def by_id(items: list[dict[str, Any]], item_id: int) -> dict[str, Any]:
    return next(i for i in items if i["id"] == item_id)


def test_html_to_text_strips_tags_scripts_and_unescapes_entities() -> None:
    html = ('<p>Owls &amp; Kestrels&nbsp;won &#8211; <em>again</em>!</p><ul><li>one</li>'
            '<li>two</li></ul><script>var x = "<p>no</p>";</script><style>p{}</style>'
            '<img src="a.jpg" alt="Team photo"><br/>end')
    assert mapping.html_to_text(html) == (
        "Owls & Kestrels won \u2013 again!\none\ntwo\n[image: Team photo]\nend")


def test_post_text_is_title_and_body_as_plain_text(members: dict[str, Member]) -> None:
    item = mapping.post_item(by_id(load("posts.json"), 101), members)
    assert item.id == "101"
    assert item.kind == "post"
    assert item.text == (
        "Sports Day \u2013 Owls & Kestrels\n\n"
        "What a day! Owls & Kestrels ran the relay in record time.\n"
        "[image: The relay team crossing the line]\nWell done, everyone")
    assert "<" not in item.text and "&amp;" not in item.text and "tracking" not in item.text
    assert item.url == "https://year6.school.example/2024/06/14/sports-day/"
    assert item.status == "publish"
    assert item.visibility == "public"
    assert [(m.url, m.type, m.alt_text) for m in item.media] == [
        ("https://year6.school.example/wp-content/uploads/2024/06/relay.jpg", "image",
         "The relay team crossing the line")]


def test_post_dates_are_tz_aware_utc(members: dict[str, Member]) -> None:
    item = mapping.post_item(by_id(load("posts.json"), 101), members)
    assert item.created_at == datetime(2024, 6, 14, 9, 30, tzinfo=UTC)
    assert item.created_at.utcoffset() is not None


def test_draft_without_date_gmt_falls_back_to_modified_gmt(members: dict[str, Member]) -> None:
    item = mapping.post_item(by_id(load("posts.json"), 104), members)
    assert item.created_at == datetime(2024, 6, 15, 7, 20, 45, tzinfo=UTC)
    assert item.status == "draft"
    assert item.visibility == "private"  # not readable by visitors until published


@pytest.mark.parametrize(("post_id", "visibility"), [(101, "public"), (102, "private"),
                                                     (103, "members"), (104, "private")])
def test_post_visibility(members: dict[str, Member], post_id: int, visibility: str) -> None:
    assert mapping.post_item(by_id(load("posts.json"), post_id), members).visibility == visibility


def test_post_author_is_the_site_user(members: dict[str, Member]) -> None:
    author = mapping.post_item(by_id(load("posts.json"), 101), members).author
    assert (author.id, author.handle, author.display_name, author.is_account_owner) == (
        "2", "mrteacher", "Mr Teacher", True)
    unknown = mapping.post_item(by_id(load("posts.json"), 101), {}).author
    assert (unknown.id, unknown.handle, unknown.is_account_owner) == ("2", None, True)


def test_page_is_kind_page(members: dict[str, Member]) -> None:
    item = mapping.post_item(load("pages.json")[0], members)
    assert item.kind == "page"
    assert item.text == "About our class\n\nWelcome\nThis blog is for Year 6 families."


def test_members_roles_and_join_dates(users: list[dict[str, Any]]) -> None:
    members = [mapping.member_from_user(u) for u in users]
    assert [(m.id, m.handle, m.display_name, m.role) for m in members] == [
        ("1", "head", "Ms Head", "admin"),
        ("2", "mrteacher", "Mr Teacher", "editor"),
        ("3", "ta.jones", "Mrs Jones (TA)", "member"),
        ("4", "jsmith2013", "jsmith2013", "member"),
    ]
    assert members[0].joined_at == datetime(2023, 9, 1, 8, 0, tzinfo=UTC)
    assert all(m.joined_at is not None and m.joined_at.tzinfo is not None for m in members)


@pytest.mark.parametrize(("roles", "role"), [
    (["subscriber", "administrator"], "admin"), (["author"], "member"),
    (["shop_manager"], "member"), ([], "member"), (["editor", "author"], "editor"),
])
def test_highest_role_wins(roles: list[str], role: str) -> None:
    assert mapping.member_from_user({"id": 9, "roles": roles}).role == role


def test_visitor_comment_is_not_the_account(members: dict[str, Member]) -> None:
    comment = by_id(load("comments_approved.json"), 501)
    item = mapping.comment_item(comment, members, mapping.publisher_ids([]))
    assert item.id == "comment-501"
    assert item.kind == "comment"
    assert item.parent_id == "101"
    assert item.text == "Brilliant \u2013 call me on 07700 900123 about the photos!"
    assert (item.author.id, item.author.display_name, item.author.is_account_owner) == (
        None, "Sam's mum", False)
    assert item.created_at == datetime(2024, 6, 14, 17, 12, 40, tzinfo=UTC)
    assert item.status == "approved"


def test_staff_comment_is_the_account(users: list[dict[str, Any]],
                                      members: dict[str, Member]) -> None:
    publishers = mapping.publisher_ids(users)
    assert publishers == {1, 2, 3}
    staff = mapping.comment_item(by_id(load("comments_approved.json"), 502), members, publishers)
    assert (staff.author.id, staff.author.handle, staff.author.is_account_owner) == (
        "2", "mrteacher", True)
    # A subscriber is a site user but does not speak for the school.
    held = mapping.comment_item(load("comments_hold.json")[0], members, publishers)
    assert (held.author.id, held.author.handle, held.author.is_account_owner) == (
        "4", "jsmith2013", False)
    assert held.status == "hold"
    # Without the user list, any logged-in commenter counts as the site.
    assert mapping.comment_item(load("comments_hold.json")[0], {}, None).author.is_account_owner


def test_settings_from_payload_and_probe(members: dict[str, Member]) -> None:
    settings = mapping.settings_from(load("settings.json"), probe_status=401, public_posts=None,
                                     admins=members.values())
    assert settings.visibility == "private"
    assert settings.comments == "everyone"
    assert settings.join_policy is None  # users_can_register is not in the REST API
    assert settings.discoverable is None  # nor is blog_public
    assert settings.location_tagging is None
    assert [(a.handle, a.role) for a in settings.admins or ()] == [
        ("head", "admin"), ("mrteacher", "editor")]
    assert settings.raw["default_comment_status"] == "open"
    assert settings.raw["anonymous_probe"] == {"status": 401, "public_posts": None}


def test_closed_comments_and_unreadable_settings() -> None:
    closed = mapping.settings_from({**load("settings.json"), "default_comment_status": "closed"},
                                   probe_status=200, public_posts=4, admins=None)
    assert (closed.visibility, closed.comments, closed.admins) == ("public", "off", None)
    unread = mapping.settings_from(None, probe_status=403, public_posts=None, admins=[],
                                   unreadable="wordpress: GET settings: HTTP 403")
    assert (unread.visibility, unread.comments, unread.admins) == ("private", None, ())
    assert unread.raw["settings_unreadable"] == "wordpress: GET settings: HTTP 403"


@pytest.mark.parametrize(("status", "visibility"), [(200, "public"), (401, "private"),
                                                    (403, "private")])
def test_visibility_from_probe(status: int, visibility: str) -> None:
    assert mapping.visibility_from_probe(status) == visibility


def test_probe_status_that_says_nothing_is_an_error() -> None:
    with pytest.raises(PlatformResponseError):
        mapping.visibility_from_probe(404)


@pytest.mark.parametrize(("status", "is_private", "is_coming_soon", "visibility"), [
    (200, False, False, "public"), (200, True, False, "private"), (200, False, True, "private"),
    (403, None, None, "private"), (401, None, None, "private"),
])
def test_visibility_from_wpcom(status: int, is_private: bool | None, is_coming_soon: bool | None,
                               visibility: str) -> None:
    assert mapping.visibility_from_wpcom(status, is_private, is_coming_soon) == visibility


def test_wpcom_answer_that_says_nothing_is_an_error() -> None:
    with pytest.raises(PlatformResponseError):
        mapping.visibility_from_wpcom(500, None, None)


def test_settings_from_wpcom() -> None:
    answer = {"status": 200, "is_private": True, "is_coming_soon": False}
    settings = mapping.settings_from(load("settings.json"), admins=None, wpcom=answer)
    assert (settings.visibility, settings.comments) == ("private", "everyone")
    assert settings.raw["wpcom_site"] == answer and "anonymous_probe" not in settings.raw
    with pytest.raises(ValueError, match="probe"):
        mapping.settings_from(None, admins=None)


def test_parse_gmt() -> None:
    assert mapping.parse_gmt("2024-06-14T09:30:00", "date_gmt") == datetime(
        2024, 6, 14, 9, 30, tzinfo=UTC)
    assert mapping.parse_gmt("2024-06-14T10:30:00+01:00", "x") == datetime(
        2024, 6, 14, 9, 30, tzinfo=UTC)
    for bad in ("yesterday", None, 5):
        with pytest.raises(PlatformResponseError):
            mapping.parse_gmt(bad, "date_gmt")


@pytest.mark.parametrize("damage", [
    lambda p: p.pop("content"),
    lambda p: p.update(title="Sports Day"),
    lambda p: p.update(id="101"),
    lambda p: p.update(author=True),
    lambda p: p.update(date_gmt=None, modified_gmt=None),
])
def test_post_not_shaped_as_documented(members: dict[str, Member], damage: Any) -> None:
    post = by_id(load("posts.json"), 101)
    damage(post)
    with pytest.raises(PlatformResponseError):
        mapping.post_item(post, members)


def test_comment_not_shaped_as_documented(members: dict[str, Member]) -> None:
    comment = by_id(load("comments_approved.json"), 501)
    del comment["date_gmt"]
    with pytest.raises(PlatformResponseError):
        mapping.comment_item(comment, members, None)
