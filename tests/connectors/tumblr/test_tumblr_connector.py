"""The Tumblr connector over HTTP, against recorded responses served by respx."""

from __future__ import annotations

import copy
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

import connectors.tumblr
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
from connectors.tumblr import TumblrConfig, TumblrConnector
from connectors.tumblr.client import SignedRequest, retry_after
from connectors.tumblr.fake import FakeTumblr

FIXTURES = Path(connectors.tumblr.__file__).parent / "fixtures"
TOKEN = "tumblr-oauth2-SECRET-token"
CONFIG = TumblrConfig(blog="millbrook-year6.tumblr.com", access_token=TOKEN)
ACCOUNT = AccountRef(id="y6", platform="tumblr")
BLOG = "/v2/blog/millbrook-year6.tumblr.com/"
# Fixture times: posts 2026-11-20 09:00 and 2026-11-09; replies up to 2026-11-20 11:00.
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def answer(status: int, body: Any, headers: dict[str, str] | None = None,
           ) -> Callable[[], httpx.Response]:
    return lambda: httpx.Response(status, json=body, headers=headers)


class FixtureTumblr(FixtureRouter):
    """Recorded Tumblr answers, one per route (and page), replaceable by each test."""

    def __init__(self) -> None:
        super().__init__({
            "user/info": answer(200, load("user_info.json")),
            "info": answer(200, load("blog_info.json")),
            "followers:0": answer(200, load("followers_page1.json")),
            "followers:20": answer(200, load("followers_page2.json")),
            "posts:0": answer(200, load("posts.json")),
            "posts/queue:0": answer(200, load("posts_queue.json")),
            "posts/draft:": answer(200, load("posts_draft.json")),
            "posts/draft:736500000000000004": answer(200, load("posts_empty.json")),
            "notes:": answer(200, load("notes_page1.json")),
            "notes:1795168800000000": answer(200, load("notes_page2.json")),
        })

    def params(self, key: str) -> list[dict[str, str]]:
        """The query parameters of the requests whose key starts with ``key``."""
        return [dict(r.url.params) for r in self.requests if self.key(r).startswith(key)]

    def key(self, request: httpx.Request) -> str:
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"
        path, params = request.url.path, request.url.params
        if path == "/v2/user/info":
            return "user/info"
        assert path.startswith(BLOG), path
        route = path.removeprefix(BLOG)
        if route in ("followers", "posts", "posts/queue"):
            return f"{route}:{params['offset']}"
        if route == "posts/draft":
            return f"posts/draft:{params.get('before_id', '')}"
        if route == "notes":
            assert params["mode"] == "conversation"
            return f"notes:{params.get('before_timestamp', '')}"
        return route


@pytest.fixture
def api(respx_mock: respx.MockRouter, monkeypatch: pytest.MonkeyPatch) -> FixtureTumblr:
    fixture = FixtureTumblr()
    respx_mock.route(host="api.tumblr.com").mock(side_effect=fixture)
    monkeypatch.setattr(connectors.tumblr.connector, "datetime", _FrozenDatetime)
    return fixture


class _FrozenDatetime(datetime):
    @classmethod
    def now(cls, tz: Any = None) -> _FrozenDatetime:
        return cls.fromtimestamp(NOW.timestamp(), tz)


@pytest.fixture
def connector(http: httpx.Client) -> TumblrConnector:
    return TumblrConnector(CONFIG, http)


def test_full_fetch(api: FixtureTumblr, connector: TumblrConnector) -> None:
    snapshot = connector.fetch(ACCOUNT, None)
    assert snapshot.capabilities == {Capability.SETTINGS, Capability.MEMBERS, Capability.CONTENT}
    assert not snapshot.missing
    assert snapshot.settings is not None
    assert (snapshot.settings.visibility, snapshot.settings.join_policy) == ("private", "closed")
    # settings.raw is the blog object of /posts, documented as the equivalent of /info.
    assert snapshot.settings.raw["ask"] is True and snapshot.settings.raw["type"] == "private"
    assert snapshot.member_count == 23
    assert snapshot.members is not None and len(snapshot.members) == 23
    assert [(i.kind, i.status) for i in snapshot.items] == [
        ("post", "private"), ("post", "published"), ("reply", "reblog"), ("reply", "reply"),
        ("reply", "reply"), ("post", "queued"), ("post", "draft")]
    assert any("07700 900123" in i.text for i in snapshot.items)
    assert snapshot.cursor == {
        "posts_after": 1795165200.0, "unpublished_after": 1795255200.0,
        "unpublished_read_at": NOW.timestamp(), "replies_after": 1795172400.0,
        # both posts are inside the 14-day reply window
        "note_counts": {"735000000000000002": 3, "734000000000000001": 0}}
    # The private post has no notes: no /notes call for it; the other's notes take 2 pages.
    assert [p["id"] for p in api.params("notes")] == ["735000000000000002"] * 2
    assert api.params("posts:")[0] == {"npf": "true", "limit": "20", "offset": "0"}
    # /v2/blog/{blog}/info is not asked: user/info and the blog object of /posts cover it.
    assert api.requested() == ["user/info", "followers:0", "followers:20", "posts:0", "posts/queue:0",
                               "posts/draft:", "posts/draft:736500000000000004",
                               "notes:", "notes:1795168800000000"]


def test_followers_are_paged_with_offset(api: FixtureTumblr, connector: TumblrConnector) -> None:
    connector.fetch(ACCOUNT, None)
    assert [p["offset"] for p in api.params("followers")] == ["0", "20"]
    assert {p["limit"] for p in api.params("followers")} == {"20"}


def test_posts_are_paged_until_a_short_page(api: FixtureTumblr, connector: TumblrConnector) -> None:
    page = load("posts.json")
    template = page["response"]["posts"][0]
    full = copy.deepcopy(page)
    full["response"]["total_posts"] = 22
    full["response"]["posts"] = [
        {**template, "id": 735000000000000100 - n, "id_string": str(735000000000000100 - n),
         "timestamp": template["timestamp"] - n, "note_count": 0} for n in range(20)]
    api.answers["posts:0"] = answer(200, full)
    api.answers["posts:20"] = answer(200, page)
    snapshot = connector.fetch(ACCOUNT, None)
    assert [p["offset"] for p in api.params("posts:")] == ["0", "20"]
    assert len([i for i in snapshot.items if i.kind == "post"]) == 24


def test_incremental_fetch_stops_at_the_cursor(api: FixtureTumblr,
                                               connector: TumblrConnector) -> None:
    cursor = {"posts_after": 1795165200, "unpublished_after": 1795255200,
              "replies_after": 1795168800, "note_counts": {"735000000000000002": 2}}
    snapshot = connector.fetch(ACCOUNT, cursor)
    # The note count changed (2 -> 3): the post's notes are read, newer than replies_after only.
    assert [(i.kind, i.author.handle) for i in snapshot.items] == [("reply", "millbrook-year6")]
    assert [p.get("before_timestamp") for p in api.params("notes")] == [None]
    assert snapshot.cursor is not None and snapshot.cursor["replies_after"] == 1795172400.0


def test_unchanged_blog_returns_no_items_and_keeps_the_cursor(
        api: FixtureTumblr, connector: TumblrConnector) -> None:
    first = connector.fetch(ACCOUNT, None)
    api.requests.clear()
    again = connector.fetch(ACCOUNT, first.cursor)
    assert again.items == () and not again.missing
    assert again.cursor == first.cursor
    assert not api.params("notes")
    # The queue and drafts were read less than a day ago: 23 followers take two pages.
    assert api.requested() == ["user/info", "followers:0", "followers:20", "posts:0"]


def test_queue_and_drafts_are_read_again_once_a_day(
        api: FixtureTumblr, connector: TumblrConnector, monkeypatch: pytest.MonkeyPatch) -> None:
    first = connector.fetch(ACCOUNT, None)
    assert first.cursor is not None
    api.requests.clear()
    draft = load("posts_draft.json")
    newer = {**draft["response"]["posts"][0], "id": 736500000000000009,
             "id_string": "736500000000000009", "timestamp": 1795300000}
    draft["response"]["posts"].insert(0, newer)
    api.answers["posts/draft:"] = answer(200, draft)
    # Within the day the new draft is not looked for ...
    assert connector.fetch(ACCOUNT, first.cursor).items == ()
    assert not api.params("posts/queue") and not api.params("posts/draft")

    class _NextDay(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> _NextDay:
            return cls.fromtimestamp(NOW.timestamp() + 86400, tz)

    monkeypatch.setattr(connectors.tumblr.connector, "datetime", _NextDay)
    api.requests.clear()
    later = connector.fetch(ACCOUNT, first.cursor)
    # ... a day later it is.
    assert [(i.id, i.status) for i in later.items] == [("736500000000000009", "draft")]
    assert api.requested() == ["user/info", "followers:0", "followers:20", "posts:0", "posts/queue:0",
                               "posts/draft:", "posts/draft:736500000000000004"]
    assert later.cursor is not None
    assert later.cursor["unpublished_read_at"] == NOW.timestamp() + 86400
    assert later.cursor["unpublished_after"] == 1795300000.0


class _Later(datetime):
    @classmethod
    def now(cls, tz: Any = None) -> _Later:
        return cls.fromtimestamp(datetime(2027, 1, 1, tzinfo=UTC).timestamp(), tz)


def test_old_posts_are_not_read_again(api: FixtureTumblr, connector: TumblrConnector,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # Weeks after the posts: the reply window has passed, so the scan stops at the cursor.
    monkeypatch.setattr(connectors.tumblr.connector, "datetime", _Later)
    snapshot = connector.fetch(ACCOUNT, {"posts_after": 1795165200, "unpublished_after": 1795255200,
                                         "replies_after": 1795172400, "note_counts": {}})
    assert snapshot.items == ()
    assert snapshot.cursor is not None and snapshot.cursor["note_counts"] == {}
    assert not api.params("notes")


def test_rejected_token_raises_auth_error(api: FixtureTumblr, connector: TumblrConnector) -> None:
    api.answers["user/info"] = answer(401, load("error_401.json"))
    with pytest.raises(AuthError) as caught:
        connector.fetch(ACCOUNT, None)
    assert caught.value.status == 401
    assert "HTTP 401 (Unauthorized, code 1016)" in str(caught.value)


def test_a_blog_the_token_cannot_post_to_is_refused(api: FixtureTumblr,
                                                    connector: TumblrConnector) -> None:
    user = load("user_info.json")
    user["response"]["user"]["blogs"].pop()
    api.answers["user/info"] = answer(200, user)
    with pytest.raises(AuthError) as caught:
        connector.check_credentials(ACCOUNT)
    assert caught.value.status == 403 and "cannot post to millbrook-year6" in str(caught.value)


def test_a_blog_named_by_uuid_is_found_through_info(api: FixtureTumblr, http: httpx.Client) -> None:
    # user/info does not document blogs[].uuid: without it, /info names the blog.
    user = load("user_info.json")
    for entry in user["response"]["user"]["blogs"]:
        del entry["uuid"]
    api.answers["user/info"] = answer(200, user)
    config = TumblrConfig(blog="t:TWlsbGJyb29rWWVhcjY", access_token=TOKEN)
    api.key = lambda request: _uuid_key(api, request)  # type: ignore[method-assign]
    snapshot = TumblrConnector(config, http).fetch(ACCOUNT, None)
    assert snapshot.settings is not None and snapshot.settings.visibility == "private"
    assert api.requested()[:3] == ["user/info", "info", "followers:0"]


def _uuid_key(api: FixtureTumblr, request: httpx.Request) -> str:
    path = request.url.path.replace("/v2/blog/t:twlsbgjyb29rwwvhcjy/", BLOG)
    inner = httpx.Request(request.method, request.url.copy_with(path=path), headers=request.headers)
    return FixtureTumblr.key(api, inner)


def test_unknown_blog_is_a_404_connector_error(api: FixtureTumblr,
                                               connector: TumblrConnector) -> None:
    # A blog not among the user's blogs is looked up (/info) to tell 404 from 403.
    user = load("user_info.json")
    user["response"]["user"]["blogs"].pop()
    api.answers["user/info"] = answer(200, user)
    api.answers["info"] = answer(404, load("error_404.json"))
    with pytest.raises(ConnectorError) as caught:
        connector.fetch(ACCOUNT, None)
    assert caught.value.status == 404 and type(caught.value) is ConnectorError


def test_403_on_followers_marks_only_members_missing(api: FixtureTumblr,
                                                     connector: TumblrConnector) -> None:
    api.answers["followers:0"] = answer(403, load("error_403.json"))
    snapshot = connector.fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.MEMBERS}
    assert snapshot.members is None and snapshot.member_count == 23  # from /user/info
    assert snapshot.items


def test_rate_limit_uses_tumblrs_headers(api: FixtureTumblr, connector: TumblrConnector) -> None:
    api.answers["user/info"] = answer(429, load("error_429.json"), {
        "X-Ratelimit-Perhour-Limit": "1000", "X-Ratelimit-Perhour-Remaining": "0",
        "X-Ratelimit-Perhour-Reset": "1800", "X-Ratelimit-Perday-Remaining": "4000",
        "X-Ratelimit-Perday-Reset": "80000"})
    with pytest.raises(RateLimitedError) as caught:
        connector.fetch(ACCOUNT, None)
    assert caught.value.retry_after == 1800


def test_retry_after_prefers_the_header_then_the_exhausted_window() -> None:
    assert retry_after({"Retry-After": "30", "X-Ratelimit-Perhour-Reset": "900"}) == 30
    assert retry_after({"X-Ratelimit-Perday-Remaining": "0", "X-Ratelimit-Perday-Reset": "7200",
                        "X-Ratelimit-Perhour-Remaining": "10", "X-Ratelimit-Perhour-Reset": "60"}) \
        == 7200
    assert retry_after({}) == 60


def test_rate_limit_on_content_marks_content_missing_and_keeps_the_cursor(
        api: FixtureTumblr, connector: TumblrConnector) -> None:
    api.answers["notes:"] = answer(429, load("error_429.json"))
    cursor = {"posts_after": 1, "unpublished_after": 1, "replies_after": 1, "note_counts": {}}
    snapshot = connector.fetch(ACCOUNT, cursor)
    assert set(snapshot.missing) == {Capability.CONTENT} and snapshot.items == ()
    assert snapshot.cursor == cursor


@pytest.mark.parametrize("failure", [
    answer(500, {"meta": {"status": 500, "msg": "Server Error"}, "response": []}),
    answer(503, {"meta": {"status": 503, "msg": "Service Unavailable"}, "response": []}),
    httpx.ReadTimeout("timed out"),
    httpx.ConnectError("refused"),
])
def test_server_errors_and_timeouts_are_unavailable(api: FixtureTumblr, connector: TumblrConnector,
                                                    failure: FixtureAnswer) -> None:
    api.answers["posts/queue:0"] = failure
    snapshot = connector.fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.CONTENT}
    api.answers["user/info"] = failure
    with pytest.raises(PlatformUnavailableError):
        connector.fetch(ACCOUNT, None)


@pytest.mark.parametrize("route, body", [
    ("user/info", (FIXTURES / "malformed.txt").read_bytes()),
    ("info", json.dumps(load("no_response.json")).encode()),
    ("info", b'{"meta": {"status": 200, "msg": "OK"}, "response": []}'),
])
def test_settings_payloads_not_as_documented_fail_the_fetch(
        api: FixtureTumblr, connector: TumblrConnector, route: str, body: bytes) -> None:
    api.answers[route] = lambda: httpx.Response(200, content=body)
    if route == "info":
        # /info is asked only for a blog that is not among the user's blogs.
        user = load("user_info.json")
        user["response"]["user"]["blogs"].pop()
        api.answers["user/info"] = answer(200, user)
    with pytest.raises(PlatformResponseError):
        connector.fetch(ACCOUNT, None)


@pytest.mark.parametrize("route, body, capability, reason", [
    ("posts:0", b'{"meta": {"status": 200}, "response": {"posts": {}}}', Capability.CONTENT,
     "response.posts is not a list"),
    ("followers:0", b'{"meta": {"status": 200}, "response": {"users": []}}', Capability.MEMBERS,
     "response.total_users is not a number"),
    ("notes:", b'{"meta": {"status": 200}, "response": {"notes": [{"type": "reply", '
     b'"reply_text": "Hi"}]}}', Capability.CONTENT, "has no numeric timestamp"),
    ("notes:", b'{"meta": {"status": 200}, "response": {"notes": [], "_links": {"next": {}}}}',
     Capability.CONTENT, "_links.next has no query_params"),
    ("posts/draft:", (FIXTURES / "malformed.txt").read_bytes(), Capability.CONTENT, "not JSON"),
])
def test_capability_payloads_not_as_documented_mark_it_missing(
        api: FixtureTumblr, connector: TumblrConnector, route: str, body: bytes,
        capability: Capability, reason: str) -> None:
    api.answers[route] = lambda: httpx.Response(200, content=body)
    snapshot = connector.fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {capability}
    assert reason in snapshot.missing[capability]


def test_notes_pages_that_do_not_advance_are_response_errors(
        api: FixtureTumblr, connector: TumblrConnector) -> None:
    stuck = load("notes_page1.json")
    stuck["response"]["_links"]["next"]["query_params"] = {"id": "735000000000000002",
                                                           "mode": "conversation"}
    api.answers["notes:"] = answer(200, stuck)
    snapshot = connector.fetch(ACCOUNT, None)
    assert "does not advance" in snapshot.missing[Capability.CONTENT]


def test_the_token_never_leaks(api: FixtureTumblr, connector: TumblrConnector,
                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    api.answers["followers:0"] = answer(403, load("error_403.json"))
    api.answers["notes:"] = httpx.ConnectError(f"Bearer {TOKEN} refused")
    snapshot = connector.fetch(ACCOUNT, None)
    for reason in snapshot.missing.values():
        assert TOKEN not in reason
    assert TOKEN not in caplog.text
    assert TOKEN not in repr(connector.config) and TOKEN not in str(connector.config.model_dump())
    api.answers["user/info"] = answer(401, load("error_401.json"))
    with pytest.raises(AuthError) as caught:
        connector.fetch(ACCOUNT, None)
    assert TOKEN not in str(caught.value)


def test_base_url_overrides_the_api_origin(respx_mock: respx.MockRouter,
                                           http: httpx.Client) -> None:
    fixture = FixtureTumblr()
    respx_mock.route(host="127.0.0.1").mock(side_effect=lambda r: _strip(fixture, r))
    account = AccountRef(id="y6", platform="tumblr", base_url="http://127.0.0.1:8765/tumblr")
    TumblrConnector(CONFIG, http).check_credentials(account)
    assert [str(r.url.host) for r in fixture.requests] == ["127.0.0.1"]


def _strip(fixture: FixtureTumblr, request: httpx.Request) -> httpx.Response:
    inner = httpx.Request(request.method, request.url.copy_with(
        path=request.url.path.removeprefix("/tumblr")), headers=request.headers)
    return fixture(inner)


def test_oauth1_requests_are_signed_with_hmac_sha1(respx_mock: respx.MockRouter,
                                                   http: httpx.Client) -> None:
    seen: list[httpx.Request] = []
    respx_mock.route(host="api.tumblr.com").mock(side_effect=lambda r: (
        seen.append(r), httpx.Response(401, json=load("error_401.json")))[1])
    config = TumblrConfig(blog="millbrook-year6", consumer_key="ck", consumer_secret="cs-SECRET",
                          oauth_token="tok", oauth_token_secret="ts-SECRET")
    with pytest.raises(AuthError):
        TumblrConnector(config, http).check_credentials(ACCOUNT)
    header = seen[0].headers["Authorization"]
    assert header.startswith("OAuth ") and "SECRET" not in header
    signed = SignedRequest("GET", str(seen[0].url), headers={"Authorization": header})
    assert (signed.client_id, signed.token, signed.signature_method) == ("ck", "tok", "HMAC-SHA1")
    # A fake holding the same credentials accepts the request; one with another secret refuses it.
    accepted = {"consumer_key": "ck", "consumer_secret": "cs-SECRET", "oauth_token": "tok",
                "oauth_token_secret": "ts-SECRET"}
    assert FakeTumblr({"oauth1": accepted})(seen[0]).status_code == 200
    wrong = {**accepted, "oauth_token_secret": "another"}
    assert FakeTumblr({"oauth1": wrong})(seen[0]).status_code == 401


def test_config_needs_one_kind_of_credential_and_hides_it() -> None:
    with pytest.raises(ValidationError):
        TumblrConfig(blog="millbrook-year6")
    with pytest.raises(ValidationError):
        TumblrConfig(blog="millbrook-year6", access_token="a", consumer_key="b")
    with pytest.raises(ValidationError):
        TumblrConfig(blog="millbrook-year6", consumer_key="b", consumer_secret="c")
    with pytest.raises(ValidationError):
        TumblrConfig(blog="millbrook-year6/posts", access_token="a")
    config = TumblrConfig(blog=" https://Millbrook-Year6.tumblr.com/ ", access_token=TOKEN)
    assert config.blog == "millbrook-year6.tumblr.com"
    assert TOKEN not in repr(config) and TOKEN not in repr(config.credentials())


def test_connector_declares_itself() -> None:
    assert TumblrConnector.platform == "tumblr" and TumblrConnector.display_name == "Tumblr"
    assert TumblrConnector.api_origin == "https://api.tumblr.com"
    assert Capability.MEDIA not in TumblrConnector.capabilities


def test_an_old_pinned_post_does_not_end_the_scan(api: FixtureTumblr,
                                                  connector: TumblrConnector) -> None:
    page = load("posts.json")
    posts = page["response"]["posts"]
    pinned = {**posts[1], "id": 700000000000000001, "id_string": "700000000000000001",
              "timestamp": 1700000000, "note_count": 5}
    page["response"]["posts"] = [pinned, *posts]
    api.answers["posts:0"] = answer(200, page)
    cursor = {"posts_after": 1794300000, "unpublished_after": 1795255200,
              "replies_after": 1795172400, "note_counts": {"735000000000000002": 3}}
    snapshot = connector.fetch(ACCOUNT, cursor)
    # The new post behind the pinned one is read (with its notes); the pinned one is neither
    # reported nor has its notes read, and the scan ends at the older private post.
    assert [i.id for i in snapshot.items] == ["735000000000000002"]
    assert [p["id"] for p in api.params("notes")] == ["735000000000000002"]
