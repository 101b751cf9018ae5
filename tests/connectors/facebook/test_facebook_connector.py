"""The Facebook Pages connector over HTTP, against recorded Graph API responses served by respx."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from pydantic import ValidationError

import connectors.facebook
from auditor import (
    AccountRef,
    AuthError,
    Capability,
    ConnectorError,
    PlatformResponseError,
    PlatformUnavailableError,
    RateLimitedError,
)
from auditor.testing import FixtureAnswer, FixtureRouter
from connectors.facebook import FacebookConfig, FacebookConnector
from connectors.facebook.connector import (
    COMMENT_FIELDS,
    DEFAULT_API_VERSION,
    FEED_FIELDS,
    POST_FIELDS,
    ROLES_EXPANSION,
)

FIXTURES = Path(connectors.facebook.__file__).parent / "fixtures"
PAGE = "104857600000001"
TOKEN = "EAAGm0PX4ZCpsBAsecretPageTokenZDZD"
CONFIG = FacebookConfig(page_id=PAGE, page_access_token=TOKEN)
ACCOUNT = AccountRef(id="millbrook-fb", platform="facebook")
ROOT = f"/{DEFAULT_API_VERSION}/"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def graph(status: int, body: Any, headers: dict[str, str] | None = None,
          ) -> Callable[[], httpx.Response]:
    return lambda: httpx.Response(status, json=body, headers=headers)


def raw(status: int, content: bytes, headers: dict[str, str] | None = None,
        ) -> Callable[[], httpx.Response]:
    return lambda: httpx.Response(status, content=content, headers=headers)


def stamp(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


class FixtureGraph(FixtureRouter):
    """A recorded Graph API: one answer per edge, replaceable by each test."""

    def __init__(self) -> None:
        super().__init__({
            # The Page with its roles nested (field expansion), and each apart.
            "page+roles": graph(200, load("page_roles.json")),
            "page": graph(200, load("page.json")),
            "roles": graph(200, load("roles.json")),
            "feed:1": graph(200, load("feed_page1.json")),
            "feed:2": graph(200, load("feed_page2.json")),
            # Post 2003's comments beyond the page nested in the feed (2002 and 2001 have none).
            "comments:2003": graph(200, load("comments_2003_more.json")),
            "photos": graph(200, load("photos.json")),
        })

    def key(self, request: httpx.Request) -> str:
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"
        assert TOKEN not in str(request.url)
        path = request.url.path.split(ROOT, 1)[1]
        node, _, edge = path.partition("/")
        if not edge:
            return "page+roles" if "roles" in request.url.params.get("fields", "") else "page"
        if edge == "feed":
            params = request.url.params
            return "feed:2" if "after" in params or "__paging_token" in params else "feed:1"
        if edge == "comments":
            return f"comments:{node.rpartition('_')[2]}"
        return edge


@pytest.fixture
def fb(respx_mock: respx.MockRouter) -> FixtureGraph:
    fixture = FixtureGraph()
    respx_mock.route(host="graph.facebook.com").mock(side_effect=fixture)
    return fixture


@pytest.fixture
def connector(http: httpx.Client) -> FacebookConnector:
    return FacebookConnector(CONFIG, http)


def test_full_fetch(fb: FixtureGraph, connector: FacebookConnector) -> None:
    snapshot = connector.fetch(ACCOUNT, None)

    assert snapshot.missing == {}
    assert snapshot.capabilities == {Capability.SETTINGS, Capability.CONTENT, Capability.MEDIA}
    assert snapshot.members is None and snapshot.member_count == 412
    settings = snapshot.settings
    assert settings is not None
    assert (settings.visibility, settings.join_policy) == ("public", "open")
    assert [(a.id, a.role) for a in settings.admins or ()] == [("7001", "admin"),
                                                              ("7002", "editor")]
    assert [(i.kind, i.id) for i in snapshot.items] == [
        ("post", "104857600000001_2003"), ("post", "104857600000001_2002"),
        ("post", "104857600000001_2001"), ("comment", "2003_3001"), ("reply", "2003_3002"),
        ("comment", "2003_3003"), ("photo", "5003"), ("photo", "5001")]
    assert snapshot.cursor == {"posts_since": stamp("2026-11-21T15:30:12+00:00"),
                               "comments_since": stamp("2026-11-22T07:45:10+00:00"),
                               "photos_since": stamp("2026-11-21T15:29:58+00:00")}

    # page with roles nested + 2 feed pages (comments nested) + post 2003's second comments
    # page + photos.
    assert fb.requested() == ["page+roles", "feed:1", "feed:2", "comments:2003", "photos"]
    assert all(str(r.url).startswith(f"https://graph.facebook.com{ROOT}") for r in fb.requests)
    page, = fb.params("page+roles")
    assert page["fields"] == ("id,name,username,link,is_published,followers_count,fan_count,"
                              "has_transitioned_to_new_page_experience,"
                              "roles.limit(100){id,name,tasks}") == (
        "id,name,username,link,is_published,followers_count,fan_count,"
        f"has_transitioned_to_new_page_experience,{ROLES_EXPANSION}")
    first, second = fb.params("feed:1") + fb.params("feed:2")
    assert "since" not in first and first["limit"] == "100"
    assert second["after"] == "QVFIUmFmdGVy" and second["fields"] == first["fields"]
    assert first["fields"] == FEED_FIELDS == (
        f"{POST_FIELDS},comments.filter(stream).order(reverse_chronological).limit(100)"
        "{id,message,created_time,from{id,name},parent{id},is_hidden,permalink_url}")
    comments, = fb.params("comments:2003")
    assert comments == {"filter": "stream", "order": "reverse_chronological",
                        "fields": COMMENT_FIELDS, "limit": "100", "after": "WTI5dGJXVnVkRG95"}
    assert "parent{id}" in comments["fields"] and "is_hidden" in comments["fields"]
    photos, = fb.params("photos")
    assert photos["type"] == "uploaded" and "place" in photos["fields"]


def test_incremental_fetch_sends_the_cursor(fb: FixtureGraph, http: httpx.Client) -> None:
    connector = FacebookConnector(CONFIG.model_copy(update={"comment_window_days": 1}), http)
    cursor = {"posts_since": stamp("2026-11-19T00:00:00+00:00"),
              "comments_since": stamp("2026-11-21T16:10:00+00:00"),
              "photos_since": stamp("2026-11-20T00:00:00+00:00")}
    snapshot = connector.fetch(ACCOUNT, cursor)

    assert fb.params("feed:1")[0]["since"] == str(cursor["posts_since"])
    # The nested page holds nothing older than comments_since, so the next page is read,
    # and, as it reaches an older comment, no further one.
    assert [p["after"] for p in fb.params("comments:2003")] == ["WTI5dGJXVnVkRG95"]
    # Older posts, comments and photos that the API returns anyway are not reported again.
    assert [i.id for i in snapshot.items] == ["104857600000001_2003", "104857600000001_2002",
                                              "2003_3002", "2003_3003", "5003"]
    assert snapshot.cursor is not None
    assert snapshot.cursor["posts_since"] == stamp("2026-11-21T15:30:12+00:00")


def test_the_comment_window_reaches_back_for_new_comments(fb: FixtureGraph,
                                                          connector: FacebookConnector) -> None:
    recent = int(datetime.now(UTC).timestamp())
    connector.fetch(ACCOUNT, {"posts_since": recent, "comments_since": recent,
                              "photos_since": recent})
    since = int(fb.params("feed:1")[0]["since"])
    assert recent - 28 * 86400 - 60 <= since <= recent - 28 * 86400 + 60


def test_unchanged_page_returns_no_items_and_keeps_the_cursor(
        fb: FixtureGraph, connector: FacebookConnector) -> None:
    first = connector.fetch(ACCOUNT, None)
    assert len(fb.requests) == 5
    again = connector.fetch(ACCOUNT, first.cursor)
    assert again.items == ()
    assert again.cursor == first.cursor
    # page with roles + 2 feed pages + photos: the nested comments reach the cursor.
    assert [fb.key(r) for r in fb.requests[5:]] == ["page+roles", "feed:1", "feed:2", "photos"]


def test_a_new_comment_on_a_recent_post_is_read_from_the_feed(
        fb: FixtureGraph, connector: FacebookConnector) -> None:
    first = connector.fetch(ACCOUNT, None)
    page1 = load("feed_page1.json")
    newest = {"id": "2003_3004", "message": "Lovely!", "created_time": "2026-11-23T08:00:00+0000",
              "from": {"name": "Jo Grandparent", "id": "9001"}, "is_hidden": True}
    page1["data"][0]["comments"]["data"].insert(0, newest)
    fb.answers["feed:1"] = graph(200, page1)
    fb.requests.clear()
    again = connector.fetch(ACCOUNT, first.cursor)
    assert [(i.kind, i.id, i.status) for i in again.items] == [("comment", "2003_3004", "hidden")]
    assert again.cursor is not None
    assert again.cursor["comments_since"] == stamp("2026-11-23T08:00:00+00:00")
    assert "comments:2003" not in [fb.key(r) for r in fb.requests]


def test_more_comments_are_paged_until_one_already_read(
        fb: FixtureGraph, connector: FacebookConnector) -> None:
    page1 = load("feed_page1.json")
    page1["data"][0]["comments"]["paging"] = {"next": (
        "https://graph.facebook.com/v26.0/104857600000001_2003/comments?filter=stream"
        f"&order=reverse_chronological&limit=2&until=1795300000&__paging_token=enc_C1&access_token={TOKEN}")}
    fb.answers["feed:1"] = graph(200, page1)
    more = load("comments_2003_more.json")
    more["paging"] = {"cursors": {"before": "b", "after": "QzI="},
                      "next": "https://graph.facebook.com/v26.0/104857600000001_2003/comments?after=QzI="}
    pages = iter([graph(200, more)(), graph(200, load("empty.json"))()])
    fb.answers["comments:2003"] = lambda: next(pages)
    snapshot = connector.fetch(ACCOUNT, None)
    assert [i.id for i in snapshot.items if i.kind != "post"][:3] == ["2003_3001", "2003_3002",
                                                                        "2003_3003"]
    first, second = fb.params("comments:2003")
    assert (first["until"], first["__paging_token"]) == ("1795300000", "enc_C1")
    assert "access_token" not in first and first["fields"] == COMMENT_FIELDS
    assert second["after"] == "QzI="

def test_time_based_paging_follows_next_without_the_token(fb: FixtureGraph,
                                                          connector: FacebookConnector) -> None:
    page1 = load("feed_page1.json")
    page1["paging"] = {"previous": "https://graph.facebook.com/v26.0/1/feed?since=1",
                       "next": "https://graph.facebook.com/v26.0/104857600000001/feed?"
                               f"limit=100&until=1795100000&__paging_token=enc_AdB&access_token={TOKEN}"}
    fb.answers["feed:1"] = graph(200, page1)
    fb.answers["feed:2"] = graph(200, {"data": [], "paging": {"previous": "x"}})
    snapshot = connector.fetch(ACCOUNT, None)
    second, = fb.params("feed:2")
    assert second["until"] == "1795100000" and second["__paging_token"] == "enc_AdB"
    assert "access_token" not in second
    assert len([i for i in snapshot.items if i.kind == "post"]) == 2


def test_paging_that_does_not_advance_is_a_response_error(fb: FixtureGraph,
                                                          connector: FacebookConnector) -> None:
    looping = load("feed_page1.json")
    fb.answers["feed:2"] = graph(200, looping)
    snapshot = connector.fetch(ACCOUNT, None)
    assert "does not advance" in snapshot.missing[Capability.CONTENT]


@pytest.mark.parametrize("key", ["page+roles", "feed:2", "comments:2003", "photos"])
def test_an_expired_token_raises_auth_error(fb: FixtureGraph, connector: FacebookConnector,
                                            key: str) -> None:
    fb.answers[key] = graph(400, load("error_190_expired.json"))
    with pytest.raises(AuthError) as caught:
        connector.fetch(ACCOUNT, None)
    assert caught.value.status == 401
    assert "code 190/463 OAuthException fbtrace_id A1b2C3d4E5f" in str(caught.value)
    assert "Session has expired" not in str(caught.value)


def test_403_on_roles_leaves_admins_unknown(fb: FixtureGraph,
                                            connector: FacebookConnector) -> None:
    # The nested roles refuse the whole Page request: the Page and its roles are then
    # read apart, so that only the admins are unknown.
    fb.answers["page+roles"] = graph(403, load("error_200_permission.json"))
    fb.answers["roles"] = graph(403, load("error_200_permission.json"))
    snapshot = connector.fetch(ACCOUNT, None)
    assert snapshot.missing == {}
    assert snapshot.settings is not None and snapshot.settings.admins is None
    assert snapshot.settings.visibility == "public" and snapshot.member_count == 412
    assert "HTTP 403 code 200" in snapshot.settings.raw["roles_unreadable"]
    assert fb.requested()[:3] == ["page+roles", "page", "roles"]
    assert fb.params("page")[0]["fields"] == ",".join(
        ["id", "name", "username", "link", "is_published", "followers_count", "fan_count",
         "has_transitioned_to_new_page_experience"])


def test_a_refused_nesting_reads_the_roles_apart(fb: FixtureGraph,
                                                 connector: FacebookConnector) -> None:
    # Code 100 (say, an API version without the nested edge): the roles edge still answers.
    fb.answers["page+roles"] = graph(400, load("error_100_nonexisting_field.json"))
    snapshot = connector.fetch(ACCOUNT, None)
    assert snapshot.settings is not None
    assert [a.id for a in snapshot.settings.admins or ()] == ["7001", "7002"]
    assert fb.requested()[:3] == ["page+roles", "page", "roles"]


@pytest.mark.parametrize("answer", [graph(400, load("error_190_expired.json")),
                                    graph(400, load("error_80001_page_limit.json")),
                                    graph(500, load("error_2_service.json"))])
def test_only_a_refusal_of_the_nesting_is_retried_apart(
        fb: FixtureGraph, connector: FacebookConnector, answer: FixtureAnswer) -> None:
    fb.answers["page+roles"] = answer
    with pytest.raises(ConnectorError):
        connector.fetch(ACCOUNT, None)
    assert fb.requested() == ["page+roles"]


def test_a_page_without_nested_roles_asks_the_roles_edge(fb: FixtureGraph,
                                                         connector: FacebookConnector) -> None:
    # The Graph API leaves out a nested edge with no objects: none, or not shown?
    fb.answers["page+roles"] = graph(200, load("page.json"))
    fb.answers["roles"] = graph(200, load("empty.json"))
    snapshot = connector.fetch(ACCOUNT, None)
    assert snapshot.settings is not None and snapshot.settings.admins == ()
    assert fb.requested()[:2] == ["page+roles", "roles"]


def test_nested_roles_are_paged_on_the_roles_edge(fb: FixtureGraph,
                                                  connector: FacebookConnector) -> None:
    page = load("page_roles.json")
    page["roles"]["paging"]["next"] = (f"https://graph.facebook.com{ROOT}{PAGE}/roles?"
                                       f"access_token={TOKEN}&limit=3&after=QVFIUmM5")
    fb.answers["page+roles"] = graph(200, page)
    more = {"data": [{"id": "7004", "name": "Kim Lowe", "tasks": ["MANAGE"]}],
            "paging": {"cursors": {"before": "QVFIUmM5", "after": "QVFIUmQ2"}}}
    fb.answers["roles"] = graph(200, more)
    snapshot = connector.fetch(ACCOUNT, None)
    assert snapshot.settings is not None
    assert [a.id for a in snapshot.settings.admins or ()] == ["7001", "7002", "7004"]
    roles, = fb.params("roles")
    assert roles == {"fields": "id,name,tasks", "after": "QVFIUmM5", "limit": "100"}
    assert "roles" not in snapshot.settings.raw.get("roles_unreadable", "")


def test_nested_roles_not_as_documented_fail_the_fetch(fb: FixtureGraph,
                                                       connector: FacebookConnector) -> None:
    fb.answers["page+roles"] = graph(200, load("page.json") | {"roles": {"data": "x"}})
    with pytest.raises(PlatformResponseError, match="nested in the Page"):
        connector.fetch(ACCOUNT, None)


def test_a_permission_error_on_the_feed_marks_content_missing(
        fb: FixtureGraph, connector: FacebookConnector) -> None:
    fb.answers["feed:1"] = graph(400, load("error_200_permission.json"))
    cursor = {"posts_since": 1, "comments_since": 2, "photos_since": 3}
    snapshot = connector.fetch(ACCOUNT, cursor)
    assert set(snapshot.missing) == {Capability.CONTENT}
    assert [i.kind for i in snapshot.items] == ["photo", "photo"]
    # Content was not read: its part of the cursor stays; photos advance.
    assert snapshot.cursor is not None
    assert (snapshot.cursor["posts_since"], snapshot.cursor["comments_since"]) == (1, 2)
    assert snapshot.cursor["photos_since"] == stamp("2026-11-21T15:29:58+00:00")


@pytest.mark.parametrize(("answer", "retry_after"), [
    (graph(400, load("error_80001_page_limit.json"), {"X-Business-Use-Case-Usage": json.dumps(
        {PAGE: [{"type": "pages", "call_count": 100, "total_cputime": 20, "total_time": 31,
                 "estimated_time_to_regain_access": 7}]})}), 420.0),
    (graph(403, load("error_4_app_limit.json"),
           {"X-App-Usage": '{"call_count":100,"total_time":25,"total_cputime":25}'}), 3600.0),
    (graph(400, {"error": {"message": "(#32) Page request limit reached", "type": "OAuthException",
                           "code": 32, "fbtrace_id": "x"}}, {"X-Page-Usage": json.dumps(
        {"call_count": 100, "total_cputime": 10, "total_time": 10,
         "estimated_time_to_regain_access": 2})}), 120.0),
    (graph(400, {"error": {"message": "(#17) User request limit reached", "type": "OAuthException",
                           "code": 17}}), 3600.0),
    (graph(400, {"error": {"message": "(#613) Calls to this api have exceeded the rate limit.",
                           "type": "OAuthException", "code": 613}}), 3600.0),
    (raw(429, b"Too Many Requests", {"Retry-After": "30"}), 30.0),
])
def test_rate_limits(fb: FixtureGraph, connector: FacebookConnector, answer: FixtureAnswer,
                     retry_after: float) -> None:
    fb.answers["feed:1"] = answer
    snapshot = connector.fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.CONTENT}
    assert f"retry after {retry_after:.0f}s" in snapshot.missing[Capability.CONTENT]
    fb.answers["page+roles"] = answer
    with pytest.raises(RateLimitedError) as caught:
        connector.fetch(ACCOUNT, None)
    assert caught.value.retry_after == retry_after


@pytest.mark.parametrize("answer", [
    graph(500, load("error_2_service.json")),
    graph(400, load("error_2_service.json")),
    raw(502, b"<html>Bad Gateway</html>"),
    httpx.ConnectError("connection refused"),
    httpx.ReadTimeout("timed out"),
])
def test_server_errors_and_timeouts_are_unavailable(fb: FixtureGraph,
                                                    connector: FacebookConnector,
                                                    answer: FixtureAnswer) -> None:
    fb.answers["photos"] = answer
    cursor = {"posts_since": 1, "comments_since": 2, "photos_since": 3}
    snapshot = connector.fetch(ACCOUNT, cursor)
    assert set(snapshot.missing) == {Capability.MEDIA}
    assert snapshot.cursor is not None and snapshot.cursor["photos_since"] == 3
    fb.answers["page+roles"] = answer
    with pytest.raises(PlatformUnavailableError):
        connector.fetch(ACCOUNT, None)


@pytest.mark.parametrize(("key", "answer", "reason"), [
    ("feed:1", raw(200, (FIXTURES / "malformed.txt").read_bytes()), "not valid JSON"),
    ("feed:1", graph(200, {"posts": []}), "data is not a list"),
    ("comments:2003", graph(200, {"data": [{"id": "1", "message": "x"}]}), "created_time"),
    ("feed:1", graph(200, {"data": [{**load("feed_page1.json")["data"][0],
                                     "comments": {"data": "none"}}]}), "data is not a list"),
    ("feed:1", graph(200, {"data": [{**load("feed_page1.json")["data"][0], "comments": {
        "data": [{"id": "1", "message": "x"}]}}]}), "created_time"),
    ("feed:2", graph(200, {"data": "none"}), "data is not a list"),
])
def test_payload_not_as_documented(fb: FixtureGraph, connector: FacebookConnector, key: str,
                                   answer: FixtureAnswer, reason: str) -> None:
    fb.answers[key] = answer
    snapshot = connector.fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.CONTENT}
    assert reason in snapshot.missing[Capability.CONTENT]
    assert not any(i.kind in ("post", "comment") for i in snapshot.items)


def test_a_malformed_page_fails_the_fetch(fb: FixtureGraph, connector: FacebookConnector) -> None:
    fb.answers["page+roles"] = raw(200, b"[1, 2]")
    with pytest.raises(PlatformResponseError):
        connector.fetch(ACCOUNT, None)
    fb.answers["page+roles"] = raw(302, b"", {"Location": "https://www.facebook.com/login"})
    with pytest.raises(PlatformResponseError, match="not a documented"):
        connector.fetch(ACCOUNT, None)


def test_other_graph_errors_are_connector_errors(fb: FixtureGraph,
                                                 connector: FacebookConnector) -> None:
    fb.answers["page+roles"] = fb.answers["page"] = graph(400, load("error_100_nonexisting_field.json"))
    with pytest.raises(ConnectorError) as caught:
        connector.fetch(ACCOUNT, None)
    assert type(caught.value) is ConnectorError
    assert "HTTP 400 code 100" in str(caught.value)


def test_usage_near_the_limit_is_logged(fb: FixtureGraph, connector: FacebookConnector,
                                        caplog: pytest.LogCaptureFixture) -> None:
    fb.answers["page+roles"] = graph(200, load("page_roles.json"), {"X-Business-Use-Case-Usage": json.dumps(
        {PAGE: [{"type": "pages", "call_count": 91, "total_cputime": 4, "total_time": 9,
                 "estimated_time_to_regain_access": 0}]})})
    connector.fetch(ACCOUNT, None)
    assert "91% of the Graph API rate limit" in caplog.text


def test_check_credentials(fb: FixtureGraph, connector: FacebookConnector) -> None:
    connector.check_credentials(ACCOUNT)
    assert fb.params("page") == [{"fields": "id,name"}]
    fb.answers["page"] = graph(200, {"id": "999", "name": "Another page"})
    with pytest.raises(AuthError) as caught:
        connector.check_credentials(ACCOUNT)
    assert caught.value.status == 403
    fb.answers["page"] = graph(400, load("error_190_expired.json"))
    with pytest.raises(AuthError):
        connector.check_credentials(ACCOUNT)


def test_base_url_overrides_the_graph_origin(respx_mock: respx.MockRouter,
                                            connector: FacebookConnector) -> None:
    fixture = FixtureGraph()
    respx_mock.route(host="127.0.0.1", port=8765).mock(side_effect=fixture)
    account = AccountRef(id="millbrook-fb", platform="facebook",
                         base_url="http://127.0.0.1:8765/facebook/")
    connector.check_credentials(account)
    assert str(fixture.requests[0].url) == (
        f"http://127.0.0.1:8765/facebook{ROOT}{PAGE}?fields=id%2Cname")


def test_the_token_never_leaks(fb: FixtureGraph, connector: FacebookConnector,
                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    assert TOKEN not in repr(CONFIG) and TOKEN not in str(CONFIG)
    assert TOKEN not in repr(connector.client(ACCOUNT))
    echo = {"error": {"message": f"bad token {TOKEN}", "type": TOKEN, "code": 190,
                      "fbtrace_id": TOKEN}}
    errors: list[ConnectorError] = []
    for answer in (graph(400, echo), graph(403, {**echo, "error": {**echo["error"], "code": 200}}),
                   graph(500, echo), raw(200, TOKEN.encode()),
                   httpx.ConnectError(f"https://graph.facebook.com/?access_token={TOKEN}")):
        fb.answers["page+roles"] = fb.answers["page"] = answer
        with pytest.raises(ConnectorError) as caught:
            connector.fetch(ACCOUNT, None)
        errors.append(caught.value)
    fb.answers["page"] = graph(200, load("page.json"))
    fb.answers["page+roles"] = graph(403, echo | {"error": {**echo["error"], "code": 10}})
    fb.answers["roles"] = graph(403, echo | {"error": {**echo["error"], "code": 10}})
    fb.answers["feed:1"] = graph(400, echo | {"error": {**echo["error"], "code": 4}})
    snapshot = connector.fetch(ACCOUNT, None)
    texts = [str(e) for e in errors] + [repr(e) for e in errors]
    texts += [*snapshot.missing.values(), str(snapshot.settings), caplog.text]
    assert all(TOKEN not in t for t in texts)


def test_config_validates_and_hides_the_token() -> None:
    assert CONFIG.api_version == DEFAULT_API_VERSION == "v26.0"
    assert CONFIG.comment_window_days == 28
    assert CONFIG.page_access_token.get_secret_value() == TOKEN
    for bad in ({"page_id": "millbrook"}, {"api_version": "26"}, {"api_version": "v2.1"},
                {"comment_window_days": 0}, {"token": "x"}):
        with pytest.raises(ValidationError):
            FacebookConfig.model_validate({"page_id": PAGE, "page_access_token": TOKEN, **bad})
    with pytest.raises(ValidationError):
        FacebookConfig.model_validate({"page_id": PAGE})


def test_connector_declares_itself() -> None:
    assert FacebookConnector.platform == "facebook"
    assert FacebookConnector.display_name == "Facebook Pages"
    assert Capability.MEMBERS not in FacebookConnector.capabilities
    assert any("Groups API in April 2024" in line for line in FacebookConnector.limitations)


def test_comments_not_listed_newest_first_are_all_paged(fb: FixtureGraph,
                                                        connector: FacebookConnector) -> None:
    # Were the order modifier not applied, the first page would hold the oldest comments:
    # reaching the cursor there must not stop the paging.
    page1 = load("feed_page1.json")
    page1["data"][0]["comments"]["data"].reverse()
    fb.answers["feed:1"] = graph(200, page1)
    newer = {"data": [{"id": "2003_3009", "message": "new", "created_time": "2026-11-23T09:00:00+0000",
                       "from": {"name": "Pat Parent", "id": "9003"}}]}
    fb.answers["comments:2003"] = graph(200, newer)
    cursor = {"posts_since": stamp("2026-11-21T15:30:12+00:00"),
              "comments_since": stamp("2026-11-22T07:45:10+00:00"),
              "photos_since": stamp("2026-11-21T15:29:58+00:00")}
    snapshot = connector.fetch(ACCOUNT, cursor)
    assert [i.id for i in snapshot.items] == ["2003_3009"]
    assert len(fb.params("comments:2003")) == 1
