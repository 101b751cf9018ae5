"""The sandbox's fake Tumblr answers as the Tumblr API v2 documents, from scenario data."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from auditor import AccountRef, AuthError, ConfigError, ConnectorError
from auditor.testing import fake_base_url, http_for_fake
from connectors.tumblr import TumblrConfig, TumblrConnector
from connectors.tumblr.fake import FakeTumblr

TOKEN = "sandbox-tumblr-token"
NOTES = [{"type": "reply", "blog_name": f"parent-{n:02d}", "text": f"Reply {n}",
          "timestamp": 1795168800 + n} for n in range(12)]
SCENARIO: dict[str, Any] = {
    "access_token": TOKEN,
    "blogs": [
        {"name": "millbrook-year6", "title": "Millbrook Year 6", "type": "public",
         "followers": [{"name": f"parent-{n:02d}"} for n in range(25)],
         "posts": [
             {"id": 1001, "text": "Sports day", "timestamp": "2026-11-20T09:00:00Z", "notes": NOTES},
             {"id": 1002, "state": "private", "text": "Staff only", "timestamp": 1795170000},
             {"id": 1003, "state": "draft", "text": "Draft", "timestamp": 1795180000},
         ]},
        {"name": "someone-else", "owned": False, "type": "private"},
    ],
}


def get(fake: FakeTumblr, path: str, token: str | None = TOKEN, **params: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return fake(httpx.Request("GET", httpx.URL("http://sandbox.invalid" + path, params=params),
                              headers=headers))


def test_every_request_needs_the_token() -> None:
    fake = FakeTumblr(SCENARIO)
    for token in (None, "wrong"):
        answer = get(fake, "/v2/user/info", token)
        assert answer.status_code == 401
        assert answer.json()["errors"][0]["code"] == 1016
        assert answer.json()["meta"] == {"status": 401, "msg": "Unauthorized"}


def test_user_info_lists_only_the_blogs_the_user_owns() -> None:
    blogs = get(FakeTumblr(SCENARIO), "/v2/user/info").json()["response"]["user"]["blogs"]
    assert [(b["name"], b["type"], b["followers"]) for b in blogs] == [
        ("millbrook-year6", "public", 25)]


def test_blogs_are_found_by_name_hostname_or_uuid() -> None:
    fake = FakeTumblr(SCENARIO)
    for blog in ("millbrook-year6", "millbrook-year6.tumblr.com", "t:millbrook-year6"):
        assert get(fake, f"/v2/blog/{blog}/info").json()["response"]["blog"]["name"] \
            == "millbrook-year6"
    assert get(fake, "/v2/blog/nobody/info").status_code == 404


def test_followers_honour_limit_and_offset() -> None:
    fake = FakeTumblr(SCENARIO)
    page = get(fake, "/v2/blog/millbrook-year6/followers", limit=20, offset=20).json()["response"]
    assert page["total_users"] == 25 and len(page["users"]) == 5
    assert get(fake, "/v2/blog/millbrook-year6/followers", limit=50).status_code == 400
    assert get(fake, "/v2/blog/someone-else/followers").status_code == 403


def test_posts_states_and_paging() -> None:
    fake = FakeTumblr(SCENARIO)
    posts = get(fake, "/v2/blog/millbrook-year6/posts", npf="true").json()["response"]
    assert [p["state"] for p in posts["posts"]] == ["private", "published"]
    assert posts["total_posts"] == 2 and posts["posts"][1]["note_count"] == 12
    assert posts["posts"][1]["content"] == [{"type": "text", "text": "Sports day"}]
    drafts = get(fake, "/v2/blog/millbrook-year6/posts/draft").json()["response"]["posts"]
    assert [p["id_string"] for p in drafts] == ["1003"]
    assert get(fake, "/v2/blog/millbrook-year6/posts/draft", before_id=1003).json()[
        "response"]["posts"] == []
    assert get(fake, "/v2/blog/someone-else/posts").status_code == 401


def test_notes_are_paged_with_links_next() -> None:
    fake = FakeTumblr(SCENARIO)
    first = get(fake, "/v2/blog/millbrook-year6/notes", id="1001",
                mode="conversation").json()["response"]
    assert len(first["notes"]) == 10 and first["notes"][0]["reply_text"] == "Reply 11"
    query = first["_links"]["next"]["query_params"]
    second = get(fake, "/v2/blog/millbrook-year6/notes", **query).json()["response"]
    assert [n["reply_text"] for n in second["notes"]] == ["Reply 1", "Reply 0"]
    assert "_links" not in second
    assert get(fake, "/v2/blog/millbrook-year6/notes", id="999").status_code == 404


def test_the_connector_reads_the_fake_end_to_end() -> None:
    fake = FakeTumblr(SCENARIO)
    http = http_for_fake(TumblrConnector, fake)
    config = TumblrConfig(blog="millbrook-year6", access_token=TOKEN)
    account = AccountRef(id="y6", platform="tumblr", base_url=fake_base_url("tumblr"))
    snapshot = TumblrConnector(config, http).fetch(account, None)
    assert snapshot.settings is not None and snapshot.settings.visibility == "public"
    assert snapshot.members is not None and len(snapshot.members) == 25
    assert len([i for i in snapshot.items if i.kind == "reply"]) == 12
    assert {i.status for i in snapshot.items if i.kind == "post"} == {"published", "private", "draft"}
    with pytest.raises(AuthError):
        TumblrConnector(TumblrConfig(blog="someone-else", access_token=TOKEN),
                        http).fetch(account, None)
    with pytest.raises(ConnectorError) as caught:
        TumblrConnector(TumblrConfig(blog="nobody", access_token=TOKEN), http).fetch(account, None)
    assert caught.value.status == 404


def test_rate_limits_carry_tumblrs_headers() -> None:
    answer = FakeTumblr(SCENARIO).rate_limited(httpx.Request("GET", "http://x/"), 120)
    assert answer.status_code == 429
    assert answer.headers["X-Ratelimit-Perhour-Reset"] == "120"
    assert answer.json()["meta"]["msg"] == "Limit Exceeded"


@pytest.mark.parametrize("scenario, key", [
    ({"tokens": []}, "tumblr.tokens"),
    ({"blogs": [{"name": "Bad Name"}]}, "tumblr.blogs[0].name"),
    ({"blogs": [{"name": "b", "type": "secret"}]}, "tumblr.blogs[0].type"),
    ({"blogs": [{"name": "b", "posts": [{"id": "x", "timestamp": 1}]}]}, "tumblr.blogs[0].posts[0].id"),
    ({"blogs": [{"name": "b", "posts": [{"id": 1}]}]}, "tumblr.blogs[0].posts[0].timestamp"),
    ({"blogs": [{"name": "b", "posts": [{"id": 1, "timestamp": 1, "state": "gone"}]}]},
     "tumblr.blogs[0].posts[0].state"),
    ({"blogs": [{"name": "b", "posts": [{"id": 1, "timestamp": 1,
                                         "notes": [{"type": "poke", "blog_name": "x"}]}]}]},
     "tumblr.blogs[0].posts[0].notes[0].type"),
    ({"oauth1": {"consumer_key": "ck"}}, "tumblr.oauth1"),
])
def test_scenario_mistakes_name_their_key(scenario: dict[str, Any], key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        FakeTumblr(scenario)
    assert caught.value.key == key
