"""The Instagram connector over HTTP, against recorded responses served by respx."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from pydantic import ValidationError

import connectors.instagram
from auditor import (
    AccountRef,
    AuthError,
    Capability,
    ConfigError,
    ConnectorError,
    PlatformResponseError,
    PlatformUnavailableError,
    RateLimitedError,
)
from auditor.http import new_httpx_client
from connectors.instagram import InstagramConfig, InstagramConnector

FIXTURES = Path(connectors.instagram.__file__).parent / "fixtures"
TOKEN = "IGAATsecretTOKEN0123456789abcdef"
API = "https://graph.instagram.com/v25.0"
IG_ID = "17841405822304914"
HARVEST = "17918195224117851"
ACCOUNT = AccountRef(id="millbrook-ig", platform="instagram", handle="millbrook_primary")


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def graph(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=API, assert_all_called=False) as router:
        router.get("/me", name="me").mock(return_value=graph(200, load("me.json")))
        media = router.get(f"/{IG_ID}/media", name="media")
        media.side_effect = lambda request: graph(
            200, load("media_page2.json" if "after" in request.url.params else "media_page1.json"))
        router.get(f"/{HARVEST}/comments", name="comments").mock(
            return_value=graph(200, load("comments.json")))
        router.get("/17873440459141021/replies", name="replies").mock(
            return_value=graph(200, load("replies_page2.json")))
        yield router


def connector(**settings: Any) -> InstagramConnector:
    config = InstagramConfig(access_token=TOKEN, **settings)
    return InstagramConnector(config, new_httpx_client())


def test_a_first_audit_reads_everything(api: respx.MockRouter) -> None:
    snapshot = connector().fetch(ACCOUNT, None)
    assert snapshot.capabilities == {Capability.SETTINGS, Capability.CONTENT}
    assert not snapshot.missing and snapshot.members is None
    assert snapshot.member_count == 212
    assert snapshot.settings is not None and snapshot.settings.visibility == "public"
    assert snapshot.settings.comments == "everyone"
    kinds = sorted((i.kind, i.id) for i in snapshot.items)
    assert kinds == sorted([
        ("post", HARVEST), ("video", "17895695668004550"), ("photo", "17881042411086627"),
        ("comment", "17870913679156914"), ("comment", "17873440459141021"),
        ("reply", "18023456789012345"), ("reply", "18023456789012399")])
    assert snapshot.cursor == {
        "media_after": "2026-11-20T09:15:02+00:00",
        "media": {HARVEST: {"count": 4, "newest": "2026-11-20T20:05:00+00:00"},
                  "17895695668004550": {"count": 0, "newest": None},
                  "17881042411086627": {"count": 0, "newest": None}}}
    # Posts without comments cost no call.
    assert [api[n].call_count for n in ("me", "media", "comments", "replies")] == [1, 2, 1, 1]


def test_requests_carry_the_token_in_a_header_only(api: respx.MockRouter) -> None:
    connector().fetch(ACCOUNT, None)
    for call in api.calls:
        assert call.request.headers["Authorization"] == f"Bearer {TOKEN}"
        assert TOKEN not in str(call.request.url)
    first = api["media"].calls[0].request.url.params
    assert first["limit"] == "50" and "comments_count" in first["fields"]
    assert "is_comment_enabled" in first["fields"]
    assert api["media"].calls[1].request.url.params["after"] == "QVFIUmlKdXBzYWtyUml3"
    assert api["replies"].calls[0].request.url.params["after"] == "QVFIUnhZAbCe"
    assert "replies{" in api["comments"].calls[0].request.url.params["fields"]


def test_a_repeat_audit_reads_the_newest_page_and_nothing_else(api: respx.MockRouter) -> None:
    first = connector().fetch(ACCOUNT, None)
    api.reset()
    quick = connector()
    quick.media_page_size = 1  # the window: the newest post
    again = quick.fetch(ACCOUNT, first.cursor)
    assert again.items == () and not again.missing
    assert [api[n].call_count for n in ("me", "media", "comments", "replies")] == [1, 1, 0, 0]
    assert again.cursor == {"media_after": "2026-11-20T09:15:02+00:00",
                            "media": {HARVEST: {"count": 4, "newest": "2026-11-20T20:05:00+00:00"}}}


def test_new_comments_are_read_where_the_count_changed(api: respx.MockRouter) -> None:
    cursor = {"media_after": "2026-11-20T09:15:02+00:00",
              "media": {HARVEST: {"count": 2, "newest": "2026-11-20T18:20:00+00:00"}}}
    quick = connector()
    quick.media_page_size = 1
    snapshot = quick.fetch(ACCOUNT, cursor)
    assert sorted(i.id for i in snapshot.items) == [
        "17870913679156914", "18023456789012345", "18023456789012399"]
    assert snapshot.cursor is not None
    assert snapshot.cursor["media"][HARVEST] == {"count": 4, "newest": "2026-11-20T20:05:00+00:00"}


def test_new_posts_since_the_cursor(api: respx.MockRouter) -> None:
    cursor = {"media_after": "2026-11-18T15:40:11+00:00",
              "media": {HARVEST: {"count": 4, "newest": "2026-11-20T20:05:00+00:00"}}}
    quick = connector()
    quick.media_page_size = 1
    snapshot = quick.fetch(ACCOUNT, cursor)
    assert [(i.kind, i.id) for i in snapshot.items] == [("post", HARVEST)]
    assert api["media"].call_count == 1 and api["comments"].call_count == 0


def test_an_unreadable_cursor_is_a_first_audit(api: respx.MockRouter) -> None:
    snapshot = connector().fetch(ACCOUNT, {"media_after": "soon", "media": ["x"]})
    assert len(snapshot.items) == 7


def test_a_configured_user_id_is_read(api: respx.MockRouter) -> None:
    api.get(f"/{IG_ID}", name="node").mock(return_value=graph(200, load("me.json")))
    connector(user_id=IG_ID, api_version="v25.0").fetch(ACCOUNT, None)
    assert api["node"].call_count == 1 and api["me"].call_count == 0


def test_the_wrong_account_is_a_config_error(api: respx.MockRouter) -> None:
    with pytest.raises(ConfigError, match="handle"):
        connector().fetch(AccountRef(id="other", platform="instagram", handle="@other_school"),
                          None)


def test_an_expired_token_is_an_auth_error(api: respx.MockRouter) -> None:
    api["me"].mock(return_value=graph(400, load("error_190.json")))
    with pytest.raises(AuthError) as caught:
        connector().fetch(ACCOUNT, None)
    assert caught.value.status == 401 and "190/463" in str(caught.value)


def test_a_missing_permission_on_the_account_is_an_auth_error(api: respx.MockRouter) -> None:
    api["me"].mock(return_value=graph(403, load("error_10.json")))
    with pytest.raises(AuthError) as caught:
        connector().fetch(ACCOUNT, None)
    assert caught.value.status == 403


def test_a_missing_comment_permission_marks_content_missing(api: respx.MockRouter) -> None:
    api["comments"].mock(return_value=graph(400, load("error_10.json")))
    cursor = {"media_after": "2026-01-01T00:00:00+00:00"}
    snapshot = connector().fetch(ACCOUNT, cursor)
    assert set(snapshot.missing) == {Capability.CONTENT}
    assert "permission" in snapshot.missing[Capability.CONTENT]
    assert snapshot.items == () and snapshot.cursor == cursor
    assert snapshot.settings is not None and snapshot.settings.comments is None
    assert snapshot.member_count == 212


def test_rate_limits_wait_as_the_usage_header_says(api: respx.MockRouter) -> None:
    usage = json.dumps({IG_ID: [{"type": "instagram", "call_count": 100, "total_cputime": 20,
                                 "total_time": 30, "estimated_time_to_regain_access": 7}]})
    api["me"].mock(return_value=graph(400, load("error_4.json"),
                                      {"X-Business-Use-Case-Usage": usage}))
    with pytest.raises(RateLimitedError) as caught:
        connector().fetch(ACCOUNT, None)
    assert caught.value.retry_after == 420


@pytest.mark.parametrize("code", [4, 17, 32, 613, 80002])
def test_each_throttling_code_is_a_rate_limit(api: respx.MockRouter, code: int) -> None:
    body = {"error": {**load("error_4.json")["error"], "code": code}}
    api["me"].mock(return_value=graph(403, body, {"X-App-Usage": '{"call_count":100}'}))
    with pytest.raises(RateLimitedError) as caught:
        connector().fetch(ACCOUNT, None)
    assert caught.value.retry_after == 3600  # X-App-Usage gives no time: a rolling hour


def test_a_used_up_limit_on_a_success_stops_further_calls(api: respx.MockRouter) -> None:
    usage = '{"call_count":100,"total_cputime":10,"total_time":12}'
    api["me"].mock(return_value=graph(200, load("me.json"), {"X-App-Usage": usage}))
    snapshot = connector().fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.CONTENT}
    assert "rate limit" in snapshot.missing[Capability.CONTENT]
    assert api["media"].call_count == 0


def test_server_errors_are_unavailable(api: respx.MockRouter) -> None:
    api["me"].mock(return_value=graph(500, load("error_2.json")))
    with pytest.raises(PlatformUnavailableError):
        connector().fetch(ACCOUNT, None)


def test_a_transient_error_on_media_marks_content_missing(api: respx.MockRouter) -> None:
    api["media"].side_effect = None
    api["media"].mock(return_value=graph(400, load("error_2.json")))
    snapshot = connector().fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.CONTENT} and snapshot.cursor is None


def test_timeouts_are_unavailable(api: respx.MockRouter) -> None:
    api["me"].mock(side_effect=httpx.ReadTimeout("timed out"))
    with pytest.raises(PlatformUnavailableError, match="timed out"):
        connector().fetch(ACCOUNT, None)


def test_malformed_bodies_are_response_errors(api: respx.MockRouter) -> None:
    api["me"].mock(return_value=httpx.Response(200, content=(FIXTURES / "malformed.txt").read_bytes()))
    with pytest.raises(PlatformResponseError):
        connector().fetch(ACCOUNT, None)


@pytest.mark.parametrize("page", [{"data": {"id": "1"}}, {"data": [], "paging": []},
                                  {"data": [{"id": "1"}], "paging": {"next": "https://x"}}])
def test_undocumented_pages_are_response_errors(api: respx.MockRouter, page: Any) -> None:
    api["media"].side_effect = None
    api["media"].mock(return_value=graph(200, page))
    snapshot = connector().fetch(ACCOUNT, None)
    assert "instagram:" in snapshot.missing[Capability.CONTENT]


def test_a_wrong_user_id_is_refused_not_an_auth_error(api: respx.MockRouter) -> None:
    api.get("/17841405822304915").mock(return_value=graph(400, load("error_100_33.json")))
    with pytest.raises(ConnectorError) as caught:
        connector(user_id="17841405822304915").fetch(ACCOUNT, None)
    assert not isinstance(caught.value, AuthError) and caught.value.status == 400
    assert "Unsupported get request" in str(caught.value)


def test_the_token_never_shows(api: respx.MockRouter, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    echo = {"error": {**load("error_190.json")["error"],
                      "message": f"Malformed access token {TOKEN}"}}
    api["me"].mock(return_value=graph(400, echo))
    with pytest.raises(AuthError) as caught:
        connector().fetch(ACCOUNT, None)
    assert TOKEN not in str(caught.value) and "**********" in str(caught.value)
    assert TOKEN not in caplog.text
    config = InstagramConfig(access_token=TOKEN)
    assert TOKEN not in repr(config) and TOKEN not in str(config.model_dump())


def test_the_sandbox_base_url_replaces_the_host() -> None:
    with respx.mock(base_url="http://127.0.0.1:8765/instagram/v25.0") as router:
        route = router.get("/me").mock(return_value=graph(200, load("me.json")))
        connector().check_credentials(
            AccountRef(id="a", platform="instagram", base_url="http://127.0.0.1:8765/instagram/"))
    assert route.call_count == 1


@pytest.mark.parametrize("settings", [{"api_version": "25"}, {"user_id": "@school"},
                                      {"page_id": "1"}])
def test_bad_settings_are_refused(settings: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        InstagramConfig.model_validate({"access_token": TOKEN, **settings})
