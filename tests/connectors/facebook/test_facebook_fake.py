"""The fake Graph API answers as the Graph API documents it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from auditor import ConfigError
from connectors.facebook.client import graph_error, retry_after
from connectors.facebook.fake import FakeFacebook

PAGE = "104857600000001"
TOKEN = "sandbox-facebook-token"
DATA: dict[str, Any] = {"page_access_token": TOKEN, "pages": [{
    "id": PAGE, "name": "Millbrook", "followers_count": 12, "deny": ["roles"],
    "posts": [{"message": f"post {n}", "created_time": f"2026-11-{10 + n}T09:00:00Z",
               "comments": [{"from": {"id": "9", "name": "P"}, "message": "hi",
                             "created_time": f"2026-11-{10 + n}T10:00:00Z",
                             "replies": [{"from": {"id": "8", "name": "Q"}, "message": "yo",
                                          "created_time": f"2026-11-{10 + n}T11:00:00Z"}]}]}
              for n in range(5)],
}]}


def get(fake: FakeFacebook, path: str, token: str | None = TOKEN, **params: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return fake(httpx.Request("GET", f"http://sandbox.invalid/v26.0/{path}", params=params,
                              headers=headers))


def test_the_page_honours_fields() -> None:
    fake = FakeFacebook(DATA)
    assert get(fake, PAGE).json() == {"id": PAGE, "name": "Millbrook"}
    body = get(fake, PAGE, fields="id,is_published,followers_count").json()
    assert body == {"id": PAGE, "is_published": True, "followers_count": 12}
    error = get(fake, PAGE, fields="id,secret_field").json()["error"]
    assert error["code"] == 100 and "secret_field" in error["message"]


def test_the_token_is_checked() -> None:
    fake = FakeFacebook(DATA)
    assert get(fake, PAGE, token="wrong").json()["error"]["code"] == 190
    assert get(fake, PAGE, token=None).json()["error"]["code"] == 104
    answer = fake(httpx.Request("GET", f"http://sandbox.invalid/v26.0/{PAGE}",
                                params={"access_token": TOKEN}))
    assert answer.status_code == 200


def test_the_feed_pages_with_cursors_and_since() -> None:
    fake = FakeFacebook(DATA)
    first = get(fake, f"{PAGE}/feed", limit=2).json()
    assert [p["message"] for p in first["data"]] == ["post 4", "post 3"]
    assert first["paging"]["next"].startswith("https://graph.facebook.com/v26.0/")
    second = get(fake, f"{PAGE}/feed", limit=2, after=first["paging"]["cursors"]["after"]).json()
    assert [p["message"] for p in second["data"]] == ["post 2", "post 1"]
    since = int(datetime(2026, 11, 12, 9, tzinfo=UTC).timestamp())
    recent = get(fake, f"{PAGE}/feed", since=since).json()
    assert [p["message"] for p in recent["data"]] == ["post 4", "post 3", "post 2"]
    assert "next" not in recent["paging"]
    assert get(fake, f"{PAGE}/feed", limit=101).json()["error"]["code"] == 100
    assert get(fake, f"{PAGE}/feed", after="bogus").json()["error"]["code"] == 100


def test_comments_filter_and_order() -> None:
    fake = FakeFacebook(DATA)
    post = f"{PAGE}_2001"
    assert len(get(fake, f"{post}/comments").json()["data"]) == 1
    stream = get(fake, f"{post}/comments", filter="stream", fields="id,parent,message").json()
    assert [("parent" in c) for c in stream["data"]] == [False, True]


def test_denied_edges_and_unknown_paths() -> None:
    fake = FakeFacebook(DATA)
    denied = get(fake, f"{PAGE}/roles")
    assert denied.status_code == 403 and denied.json()["error"]["code"] == 200
    assert get(fake, f"{PAGE}/visitor_posts").json()["error"]["code"] == 100
    assert get(fake, "999").json()["error"]["code"] == 803
    assert get(fake, f"{PAGE}/photos").json() == {"data": []}


def test_injected_errors_have_graph_bodies() -> None:
    fake = FakeFacebook(DATA)
    request = httpx.Request("GET", "http://sandbox.invalid/v26.0/1")
    limited = fake.rate_limited(request, 120)
    assert limited.json()["error"]["code"] == 80001
    assert retry_after(limited.headers) == 120.0
    usage = json.loads(limited.headers["X-Business-Use-Case-Usage"])
    assert usage[PAGE][0]["type"] == "pages"
    for status, code in ((401, 190), (403, 200), (429, 4), (500, 1), (503, 2), (404, 100)):
        answer = fake.error(request, status)
        assert (answer.status_code, answer.json()["error"]["code"]) == (status, code)
        assert graph_error(answer, "x").status in (status, 429, 401, 403)


@pytest.mark.parametrize(("data", "key"), [
    ({"pages": [{"id": PAGE, "colour": "blue"}]}, "pages[0].colour"),
    ({"pages": [{"id": "abc"}]}, "pages[0].id"),
    ({"pages": [{"id": PAGE, "deny": ["inbox"]}]}, "pages[0].deny"),
    ({"pages": [{"id": PAGE, "posts": [{"message": "x"}]}]}, "pages[0].posts[0].created_time"),
    ({"pages": [{"id": PAGE, "posts": [{"created_time": "2026-11-01", "comments": [
        {"message": "x", "created_time": "2026-11-01"}]}]}]}, "pages[0].posts[0].comments[0].from"),
    ({"groups": []}, "facebook.groups"),
])
def test_scenarios_that_do_not_fit_name_the_key(data: dict[str, Any], key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        FakeFacebook(data)
    assert caught.value.key == key


NESTED = ("id,message,comments.filter(stream).order(reverse_chronological).limit(1)"
          "{id,message,parent{id},created_time}")


def test_the_feed_nests_comments_by_field_expansion() -> None:
    fake = FakeFacebook(DATA)
    post = get(fake, f"{PAGE}/feed", limit=1, fields=NESTED).json()["data"][0]
    assert set(post) == {"id", "message", "comments"}
    comments = post["comments"]
    # Newest first, as asked, with the sub-selection of fields only.
    assert comments["data"] == [{"id": "2005_3002", "message": "yo",
                                 "parent": comments["data"][0]["parent"],
                                 "created_time": "2026-11-14T11:00:00+0000"}]
    assert comments["data"][0]["parent"]["id"] == "2005_3001"
    following = httpx.URL(comments["paging"]["next"])
    assert following.path == f"/v26.0/{PAGE}_2005/comments"
    assert dict(following.params) == {"filter": "stream", "order": "reverse_chronological",
                                      "fields": "id,message,parent{id},created_time",
                                      "limit": "1", "after": comments["paging"]["cursors"]["after"]}
    rest = get(fake, following.path.split("/v26.0/")[1], **dict(following.params)).json()
    assert [c["id"] for c in rest["data"]] == ["2005_3001"] and "next" not in rest["paging"]
    # Without a filter, replies are left out; a post without comments has no comments field.
    top = get(fake, f"{PAGE}/feed", limit=1, fields="id,comments{id}").json()["data"][0]
    assert [c["id"] for c in top["comments"]["data"]] == ["2005_3001"]
    bare = FakeFacebook({"pages": [{"id": PAGE, "posts": [{"created_time": "2026-11-01"}]}]})
    assert get(bare, f"{PAGE}/feed", token="any", fields=NESTED).json()["data"] == [
        {"id": f"{PAGE}_2001"}]


def test_nested_comments_are_checked_as_the_edge_is() -> None:
    fake = FakeFacebook(DATA)
    bad_field = get(fake, f"{PAGE}/feed", fields="id,comments{id,secret}").json()["error"]
    assert bad_field["code"] == 100 and "secret" in bad_field["message"]
    assert get(fake, f"{PAGE}/feed", fields="comments.limit(101){id}").json()["error"]["code"] == 100
    assert get(fake, f"{PAGE}/feed", fields="comments.colour(red){id}").json()["error"]["code"] == 100
    denied = FakeFacebook({"pages": [{**DATA["pages"][0], "deny": ["comments"]}]})
    answer = get(denied, f"{PAGE}/feed", token="any", fields=NESTED)
    assert answer.status_code == 403 and answer.json()["error"]["code"] == 10
    assert get(denied, f"{PAGE}/feed", token="any", fields="id").status_code == 200


def test_the_page_nests_its_roles_by_field_expansion() -> None:
    roles = [{"id": str(7000 + n), "name": f"R{n}", "tasks": ["MANAGE"]} for n in range(3)]
    fake = FakeFacebook({"pages": [{"id": PAGE, "name": "Millbrook", "roles": roles}]})
    body = get(fake, PAGE, fields="id,roles.limit(2){id,tasks}").json()
    assert body["id"] == PAGE
    assert body["roles"]["data"] == [{"id": "7000", "tasks": ["MANAGE"]},
                                     {"id": "7001", "tasks": ["MANAGE"]}]
    following = httpx.URL(body["roles"]["paging"]["next"])
    assert following.path == f"/v26.0/{PAGE}/roles"
    rest = get(fake, f"{PAGE}/roles", **dict(following.params)).json()
    assert rest["data"] == [{"id": "7002", "tasks": ["MANAGE"]}] and "next" not in rest["paging"]
    # No roles: the nested edge is left out; denied: the whole request is refused.
    empty = FakeFacebook({"pages": [{"id": PAGE, "name": "Millbrook"}]})
    assert get(empty, PAGE, fields="id,roles{id}").json() == {"id": PAGE}
    denied = get(FakeFacebook(DATA), PAGE, fields="id,roles{id}")
    assert denied.status_code == 403 and denied.json()["error"]["code"] == 200
    assert get(fake, PAGE, fields="id,roles.since(1){id}").json()["error"]["code"] == 100
