"""The Instagram fake answers as the Graph API documents it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from auditor import ConfigError
from connectors.instagram.fake import FakeInstagram, parse_fields

TOKEN = "fake-ig-token"
DATA = {"accounts": [{
    "user_id": "17841400000000001", "access_token": TOKEN, "username": "millbrook_primary",
    "followers_count": 9,
    "media": [{"id": str(17900000000000000 + n), "caption": f"Post {n}",
               "timestamp": f"2026-11-{n + 1:02d}T09:00:00+0000",
               "comments": [{"id": str(17950000000000000 + n), "text": "Hi",
                             "timestamp": f"2026-11-{n + 1:02d}T10:00:00Z", "username": "p",
                             "replies": [{"id": str(17960000000000000 + n * 100 + r),
                                          "text": "Yes", "username": "q",
                                          "timestamp": f"2026-11-{n + 1:02d}T11:{r:02d}:00Z"}
                                         for r in range(30)]}]}
              for n in range(3)],
}]}


def get(fake: FakeInstagram, path: str, token: str | None = TOKEN, **params: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return fake(httpx.Request("GET", f"http://sandbox.invalid{path}", params=params,
                              headers=headers))


def test_fields_are_parsed_at_the_top_level() -> None:
    assert parse_fields("id,replies{id,from{id}},text") == {
        "id": None, "replies": "id,from{id}", "text": None}


def test_only_requested_fields_come_back() -> None:
    body = get(FakeInstagram(DATA), "/v25.0/me", fields="username,followers_count,media_count").json()
    assert body == {"username": "millbrook_primary", "followers_count": 9, "media_count": 3,
                    "id": "17841400000000001"}


def test_an_unknown_field_is_the_api_error() -> None:
    response = get(FakeInstagram(DATA), "/v25.0/me", fields="followers")
    assert response.status_code == 400 and response.json()["error"]["code"] == 100


def test_media_pages_newest_first() -> None:
    fake = FakeInstagram(DATA)
    first = get(fake, "/v25.0/17841400000000001/media", fields="id,timestamp,comments_count",
                limit="2").json()
    assert [m["id"] for m in first["data"]] == ["17900000000000002", "17900000000000001"]
    assert first["data"][0]["comments_count"] == 31 and "next" in first["paging"]
    rest = get(fake, "/v25.0/17841400000000001/media", fields="id", limit="2",
               after=first["paging"]["cursors"]["after"]).json()
    assert [m["id"] for m in rest["data"]] == ["17900000000000000"] and "next" not in rest["paging"]


def test_replies_expand_one_page_and_continue_on_their_edge() -> None:
    fake = FakeInstagram(DATA)
    comments = get(fake, "/v25.0/17900000000000001/comments",
                   fields="id,text,replies{id,text}").json()["data"]
    replies = comments[0]["replies"]
    assert len(replies["data"]) == 25 and replies["paging"]["next"]
    more = get(fake, "/v25.0/17950000000000001/replies", fields="id",
               after=replies["paging"]["cursors"]["after"]).json()
    assert len(more["data"]) == 5


@pytest.mark.parametrize("token", [None, "wrong"])
def test_a_missing_or_wrong_token_is_code_190(token: str | None) -> None:
    response = get(FakeInstagram(DATA), "/v25.0/me", token=token)
    assert response.status_code == 400 and response.json()["error"]["code"] == 190


def test_the_token_may_come_as_a_query_parameter() -> None:
    response = get(FakeInstagram(DATA), "/v25.0/me", token=None, access_token=TOKEN)
    assert response.status_code == 200


def test_another_accounts_node_is_unsupported() -> None:
    response = get(FakeInstagram(DATA), "/v25.0/17841400000000999/media")
    assert response.json()["error"]["error_subcode"] == 33


def test_rate_limit_answers_carry_the_usage_headers() -> None:
    fake = FakeInstagram(DATA)
    response = fake.rate_limited(httpx.Request("GET", "http://x/"), 120)
    assert response.json()["error"]["code"] == 4
    assert '"estimated_time_to_regain_access":2' in response.headers["X-Business-Use-Case-Usage"]


@pytest.mark.parametrize("data", [{}, {"accounts": [{"user_id": "1", "username": "a"}]},
                                  {"accounts": [{"user_id": "x", "access_token": "t",
                                                 "username": "a"}]},
                                  {"accounts": [], "extra": 1}])
def test_bad_scenarios_are_config_errors(data: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        FakeInstagram(data)
