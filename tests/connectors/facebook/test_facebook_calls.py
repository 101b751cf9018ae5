"""What an audit of a Page costs in Graph API calls, counted on the fake."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from auditor import AccountRef, AccountSnapshot, Capability
from auditor.testing import fake_base_url, http_for_fake
from connectors.facebook import FacebookConfig, FacebookConnector
from connectors.facebook.fake import FakeFacebook

PAGE = "104857600000001"
TOKEN = "EAAGm0PX4ZCpsBAcallsTokenZDZD"
ACCOUNT = AccountRef(id="fb", platform="facebook", base_url=fake_base_url("facebook"))
CONFIG = FacebookConfig(page_id=PAGE, page_access_token=TOKEN)
NOW = datetime.now(UTC).replace(microsecond=0)


def ago(hours: float) -> str:
    return (NOW - timedelta(hours=hours)).isoformat()


def comment(n: int, hours: float, **extra: Any) -> dict[str, Any]:
    return {"from": {"id": "9001", "name": "A parent"}, "message": f"comment {n}",
            "created_time": ago(hours), **extra}


def scenario(comments_on_first: int = 2) -> dict[str, Any]:
    """A Page with 3 posts of the last days, comments (one hidden, one reply) and a photo."""
    return {"page_access_token": TOKEN, "pages": [{
        "id": PAGE, "name": "Millbrook", "followers_count": 40,
        "roles": [{"id": "7001", "name": "Theresa Hale", "tasks": ["MANAGE"]}],
        "posts": [
            {"message": "Sports day", "created_time": ago(72),
             "comments": [comment(n, 71 - n / 100) for n in range(comments_on_first)]},
            {"message": "Lift?", "created_time": ago(48), "from": {"id": "9002", "name": "V"},
             "is_hidden": True,
             "comments": [comment(900, 47, is_hidden=True,
                                  replies=[comment(901, 46)])]},
            {"message": "Trip", "created_time": ago(24)},
        ],
        "photos": [{"id": "5001", "name": "Trip", "created_time": ago(25)}],
    }]}


def audit(fake: FakeFacebook, cursor: Any = None) -> tuple[AccountSnapshot, Counter[str]]:
    before = Counter(fake.calls)
    http = http_for_fake(FacebookConnector, fake)
    try:
        snapshot = FacebookConnector(CONFIG, http).fetch(ACCOUNT, cursor)
    finally:
        http.close()
    return snapshot, fake.calls - before


def edges(calls: Counter[str]) -> list[str]:
    return sorted(path.rsplit("/", 1)[1] if path.count("/") > 2 else "page"
                  for path in calls.elements())


def test_first_and_repeat_audits_of_an_unchanged_page_cost_three_calls() -> None:
    fake = FakeFacebook(scenario())
    first, calls = audit(fake)
    assert not first.missing
    assert sorted(i.kind for i in first.items) == ["comment", "comment", "comment", "photo",
                                                   "post", "post", "post", "reply"]
    assert [i.status for i in first.items if i.kind == "comment" and i.text == "comment 900"] \
        == ["hidden"]
    # page (roles nested) + feed (every post's comments nested) + photos.
    assert fake.call_count == sum(calls.values()) == 3
    assert edges(calls) == ["feed", "page", "photos"]
    settings = first.settings
    assert settings is not None and [a.id for a in settings.admins or ()] == ["7001"]

    again, calls = audit(fake, first.cursor)
    assert again.items == () and not again.missing
    assert again.cursor == first.cursor
    assert sum(calls.values()) == 3 and fake.call_count == 6
    assert edges(calls) == ["feed", "page", "photos"]


def test_a_new_comment_on_a_recent_post_costs_no_extra_call() -> None:
    data = scenario()
    fake = FakeFacebook(data)
    first, _ = audit(fake)
    data["pages"][0]["posts"][2]["comments"] = [comment(7, 1)]
    fake = FakeFacebook(data)
    again, calls = audit(fake, first.cursor)
    assert [(i.kind, i.text) for i in again.items] == [("comment", "comment 7")]
    assert sum(calls.values()) == 3


def test_a_new_reply_on_an_old_post_is_found_on_the_repeat_audit() -> None:
    data = scenario()
    fake = FakeFacebook(data)
    first, _ = audit(fake)
    # The oldest post, read at the first audit, gets a reply to its first comment.
    data["pages"][0]["posts"][0]["comments"][0]["replies"] = [comment(8, 0.5)]
    again, calls = audit(FakeFacebook(data), first.cursor)
    assert [(i.kind, i.text, i.parent_id) for i in again.items] == [
        ("reply", "comment 8", "2001_3001")]
    assert sum(calls.values()) == 3


def test_a_post_with_more_comments_than_a_page_costs_one_call_more_the_first_time() -> None:
    fake = FakeFacebook(scenario(comments_on_first=130))
    first, calls = audit(fake)
    assert sum(1 for i in first.items if i.kind == "comment") == 131
    # The 30 oldest comments of the first post come from /{post-id}/comments.
    assert sum(calls.values()) == 4 and edges(calls).count("comments") == 1
    texts = [i.text for i in first.items if i.parent_id == f"{PAGE}_2001"]
    assert texts == [f"comment {n}" for n in range(130)]  # oldest first, none twice

    again, calls = audit(fake, first.cursor)
    assert again.items == ()
    # The nested first page (newest first) already reaches a comment read before.
    assert sum(calls.values()) == 3 and "comments" not in edges(calls)


def test_a_comments_permission_error_marks_content_missing() -> None:
    data = scenario()
    data["pages"][0]["deny"] = ["comments"]
    fake = FakeFacebook(data)
    snapshot, calls = audit(fake, {"posts_since": 1, "comments_since": 2, "photos_since": 3})
    assert set(snapshot.missing) == {Capability.CONTENT}
    assert "code 10" in snapshot.missing[Capability.CONTENT]
    assert snapshot.cursor is not None
    assert (snapshot.cursor["posts_since"], snapshot.cursor["comments_since"]) == (1, 2)
    assert [i.kind for i in snapshot.items] == ["photo"]
    assert sum(calls.values()) == 3


def test_roles_refused_in_the_page_request_leave_only_the_admins_unknown() -> None:
    data = scenario()
    data["pages"][0]["deny"] = ["roles"]
    snapshot, calls = audit(FakeFacebook(data))
    assert not snapshot.missing and snapshot.settings is not None
    assert snapshot.settings.admins is None
    assert "code 200" in snapshot.settings.raw["roles_unreadable"]
    assert snapshot.member_count == 40 and len(snapshot.items) == 8
    # page with roles (refused), page alone, roles (refused), feed, photos.
    assert sum(calls.values()) == 5 and edges(calls) == ["feed", "page", "page", "photos", "roles"]


def test_a_page_that_lists_no_roles_is_asked_on_the_roles_edge() -> None:
    data = scenario()
    data["pages"][0]["roles"] = []
    snapshot, calls = audit(FakeFacebook(data))
    assert snapshot.settings is not None and snapshot.settings.admins == ()
    assert sum(calls.values()) == 4 and edges(calls) == ["feed", "page", "photos", "roles"]


def test_more_roles_than_a_page_are_paged_from_the_roles_edge() -> None:
    data = scenario()
    data["pages"][0]["roles"] = [{"id": str(7000 + n), "name": f"R{n}", "tasks": ["MANAGE"]}
                                 for n in range(130)]
    snapshot, calls = audit(FakeFacebook(data))
    assert snapshot.settings is not None and len(snapshot.settings.admins or ()) == 130
    assert len({a.id for a in snapshot.settings.admins or ()}) == 130
    assert sum(calls.values()) == 4 and edges(calls).count("roles") == 1
