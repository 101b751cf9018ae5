"""Pure mapping from recorded Community Management API payloads to snapshot types."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import connectors.linkedin
from auditor import Member, PlatformResponseError
from connectors.linkedin import mapping

FIXTURES = Path(connectors.linkedin.__file__).parent / "fixtures"
ORG = "urn:li:organization:90210001"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def posts() -> list[dict[str, Any]]:
    first: list[dict[str, Any]] = load("posts_page1.json")["elements"]
    second: list[dict[str, Any]] = load("posts_page2.json")["elements"]
    return first + second


@pytest.mark.parametrize(("little", "plain"), [
    ("plain words", "plain words"),
    (r"Year 6 \(Oak class\)", "Year 6 (Oak class)"),
    (r"5 \* 3 \_ 2 \~ 1 \| 0 \\ back", r"5 * 3 _ 2 ~ 1 | 0 \ back"),
    ("Hello @[Amelia Wright](urn:li:person:PuP1l0001)!", "Hello Amelia Wright!"),
    (r"@[Millbrook \(CE\)](urn:li:organization:90210001) news", "Millbrook (CE) news"),
    (r"{hashtag|\#|SportsDay} and {hashtag|\#|Year6}", "#SportsDay and #Year6"),
    # Not a mention or template: kept as written.
    ("@[not a mention] and {braces}", "@[not a mention] and {braces}"),
    (r"a trailing backslash \\", "a trailing backslash \\"),
    ("unknown escape \\!", "unknown escape \\!"),
])
def test_little_text_is_unescaped(little: str, plain: str) -> None:
    assert mapping.unescape_little(little) == plain


def test_a_post_becomes_a_plain_text_item() -> None:
    item = mapping.post_item(posts()[0], ORG)

    assert item.id == "urn:li:share:7260000000000000003"
    assert item.kind == "post"
    assert item.text == "Well done to Amelia Wright for her 100m win ~ first place~ #SportsDay (Year 6)"
    assert item.author.id == ORG and item.author.is_account_owner
    assert item.created_at == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert item.visibility == "public"
    assert item.status == "published"
    assert item.url == "https://www.linkedin.com/feed/update/urn:li:share:7260000000000000003/"
    assert [(m.type, m.alt_text, m.url) for m in item.media] == [
        ("image", "Runners at the finish line", None), ("image", None, None)]


def test_published_at_is_the_time_shown_and_documents_are_media() -> None:
    item = mapping.post_item(posts()[1], ORG)
    assert item.created_at == datetime.fromtimestamp(1795082400, tz=UTC)
    assert [m.type for m in item.media] == ["document"]
    assert mapping.created_ms(posts()[1]) == 1795078800000


@pytest.mark.parametrize(("value", "expected"), [
    ("PUBLIC", "public"), ("LOGGED_IN", "public"), ("CONNECTIONS", "members"),
    ("CONTAINER", "members"), ("SOMETHING_NEW", None)])
def test_post_visibility(value: str, expected: str | None) -> None:
    assert mapping.visibility_of({"visibility": value}) == expected


def test_a_reshare_points_at_its_parent() -> None:
    item = mapping.post_item(posts()[2], ORG)
    assert item.parent_id == "urn:li:share:7250000000000000009"
    assert item.text == ""
    assert item.visibility == "members"


def test_a_post_by_someone_else_is_not_the_accounts() -> None:
    post = {**posts()[0], "author": "urn:li:person:StaFf0001"}
    assert not mapping.post_item(post, ORG).author.is_account_owner


@pytest.mark.parametrize("broken", [
    {"id": None}, {"createdAt": "yesterday"}, {"publishedAt": -1}, {"commentary": 12},
    {"author": ""}])
def test_undocumented_posts_are_response_errors(broken: dict[str, Any]) -> None:
    with pytest.raises(PlatformResponseError):
        mapping.post_item({**posts()[0], **broken}, ORG)


def test_comments_and_replies() -> None:
    post = mapping.post_item(posts()[0], ORG)
    first, reply = (mapping.comment_item(c, post, ORG) for c in load("comments_post3.json")["elements"])

    assert first.kind == "comment"
    assert first.id == "urn:li:comment:(urn:li:activity:7260000000000000003,7260000000000000101)"
    assert first.text == "So proud! Call me on 07700 900123 about the photos"
    assert first.author.id == "urn:li:person:ZxY987abc" and not first.author.is_account_owner
    assert first.parent_id == post.id
    assert first.visibility == "public"
    assert first.created_at == datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    assert first.url is not None and first.url.startswith(post.url or "")
    assert "commentUrn=urn%3Ali%3Acomment%3A%28" in first.url

    assert reply.kind == "reply"
    assert reply.parent_id == first.id
    assert reply.author.is_account_owner
    assert [(m.type, m.url) for m in reply.media] == [
        ("image", "https://media.licdn.com/dms/image/D4E10AQE/comment-image")]
    assert mapping.comment_ms(load("comments_post3.json")["elements"][1]) == 1795172400000


@pytest.mark.parametrize("broken", [{"created": None}, {"actor": None}, {"message": {"text": 3}}])
def test_undocumented_comments_are_response_errors(broken: dict[str, Any]) -> None:
    post = mapping.post_item(posts()[0], ORG)
    comment = {**load("comments_post3.json")["elements"][0], **broken}
    with pytest.raises(PlatformResponseError):
        mapping.comment_item(comment, post, ORG)


def test_admins_keep_publishing_roles_only() -> None:
    admins = mapping.admins_from_acls(load("organization_acls.json")["elements"])
    assert admins == (Member(id="urn:li:person:AbC123xyz", role="admin"),
                      Member(id="urn:li:person:DeF456uvw", role="editor"))


def test_pending_acls_are_not_admins() -> None:
    acl = {"role": "ADMINISTRATOR", "roleAssignee": "urn:li:person:X", "state": "REQUESTED"}
    assert mapping.admins_from_acls([acl]) == ()


def test_a_page_is_public_and_open() -> None:
    settings = mapping.settings_for(ORG, 212, None, admins_unreadable="403", api_version="202607")
    assert (settings.visibility, settings.join_policy) == ("public", "open")
    assert settings.admins is None and settings.discoverable is None and settings.comments is None
    assert settings.raw == {"organization": ORG, "follower_count": 212, "api_version": "202607",
                            "admins_unreadable": "403"}


def test_follower_count() -> None:
    assert mapping.follower_count(load("network_size.json")) == 212
    for broken in ({}, {"firstDegreeSize": "212"}, {"firstDegreeSize": True}):
        with pytest.raises(PlatformResponseError):
            mapping.follower_count(broken)
