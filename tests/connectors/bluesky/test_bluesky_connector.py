"""The Bluesky connector over HTTP, against recorded XRPC responses served by respx."""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from pydantic import SecretStr, ValidationError

import connectors.bluesky
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
from connectors.bluesky import BlueskyConfig, BlueskyConnector
from connectors.bluesky.sessions import SESSIONS, Session, SessionCache, token_expiry

FIXTURES = Path(connectors.bluesky.__file__).parent / "fixtures"
PASSWORD = "mb7k-q2xz-9fwp-a4rt"
XRPC = "https://bsky.social/xrpc/"
SCHOOL = "did:plc:m2llbrookschoolaa345abcd"
ACCOUNT = AccountRef(id="millbrook-bsky", platform="bluesky", handle="@millbrook.bsky.social")


def with_exp(token: str, exp: float) -> str:
    """A recorded JWT with its ``exp`` claim moved (the signature is not checked here)."""
    head, claims, signature = token.split(".")
    body = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))
    encoded = base64.urlsafe_b64encode(json.dumps(body | {"exp": int(exp)}).encode())
    return ".".join((head, encoded.decode().rstrip("="), signature))


#: The recorded tokens, made good for two hours from now (a PDS's access token lifetime).
RECORDED = json.loads((FIXTURES / "create_session.json").read_text())
ACCESS = with_exp(RECORDED["accessJwt"], time.time() + 7200)
REFRESH = RECORDED["refreshJwt"]
ROTATED = json.loads((FIXTURES / "refresh_session.json").read_text())
REFRESHED = with_exp(ROTATED["accessJwt"], time.time() + 7200)
FEED_CURSOR = "2026-11-19T15:30:00.870Z"
FOLLOWERS_CURSOR = "3lbzq7yzfp22e"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def ok(name: str) -> httpx.Response:
    return httpx.Response(200, json=load(name))


def error(status: int, name: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=load(name), headers=headers)


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=XRPC, assert_all_called=False) as router:
        router.post("com.atproto.server.createSession", name="session").mock(
            side_effect=lambda _: httpx.Response(200, json=RECORDED | {"accessJwt": ACCESS}))
        router.post("com.atproto.server.refreshSession", name="refresh").mock(
            side_effect=lambda _: httpx.Response(200, json=ROTATED | {"accessJwt": REFRESHED}))
        router.get("app.bsky.actor.getProfile", name="profile").mock(
            return_value=ok("profile.json"))
        router.get("app.bsky.graph.getFollowers", params={"cursor": FOLLOWERS_CURSOR},
                   name="followers2").mock(return_value=ok("followers_page2.json"))
        router.get("app.bsky.graph.getFollowers", name="followers1").mock(
            return_value=ok("followers_page1.json"))
        router.get("app.bsky.feed.getAuthorFeed", params={"cursor": FEED_CURSOR},
                   name="feed2").mock(return_value=ok("author_feed_page2.json"))
        router.get("app.bsky.feed.getAuthorFeed", name="feed1").mock(
            return_value=ok("author_feed_page1.json"))
        router.get("app.bsky.notification.listNotifications", name="notes").mock(
            return_value=ok("notifications.json"))
        yield router


def connector() -> BlueskyConnector:
    return BlueskyConnector(BlueskyConfig(app_password=PASSWORD), new_httpx_client())


def assert_secret_free(*texts: object) -> None:
    for text in texts:
        assert PASSWORD not in str(text) and ACCESS not in str(text)


def test_full_fetch(api: respx.MockRouter) -> None:
    snapshot = connector().fetch(ACCOUNT, None)

    session = api["session"].calls.last.request
    assert json.loads(session.content) == {"identifier": "millbrook.bsky.social",
                                           "password": PASSWORD}
    assert "authorization" not in session.headers
    for name in ("followers1", "followers2", "feed1", "feed2", "notes"):
        request = api[name].calls.last.request
        assert request.headers["authorization"] == f"Bearer {ACCESS}", name
    # The profile comes from getFollowers' subject: getProfile is not called.
    assert api["profile"].call_count == 0
    assert api["followers1"].calls.last.request.url.params["actor"] == SCHOOL
    feed = api["feed1"].calls.last.request.url.params
    assert (feed["actor"], feed["filter"], feed["limit"]) == (SCHOOL, "posts_with_replies", "100")
    notes = api["notes"].calls.last.request.url.params
    assert notes.get_list("reasons") == ["reply", "mention", "quote"]
    assert "seenAt" not in notes  # reading never marks notifications as seen

    assert snapshot.capabilities == BlueskyConnector.capabilities and not snapshot.missing
    assert snapshot.settings is not None
    assert (snapshot.settings.visibility, snapshot.settings.join_policy) == ("public", "open")
    assert snapshot.settings.comments == "everyone"
    assert snapshot.member_count == 3
    raw = snapshot.settings.raw
    assert (raw["did"], raw["handle"]) == (SCHOOL, "millbrook.bsky.social")
    assert raw["description"] == "News from Millbrook CE Primary School."
    assert raw["chat_allow_incoming"] == "following"
    assert (raw["followers_count"], raw["followers_count_source"]) == (3, "listed")
    assert raw["follows_count"] is None and raw["posts_count"] is None
    assert [m.handle for m in snapshot.members or ()] == [
        "parent-one.bsky.social", "nan-wright.bsky.social", "millbrook-news.bsky.social"]
    kinds = [(i.kind, i.id.rsplit("/", 1)[1]) for i in snapshot.items]
    assert kinds == [("post", "3lbwclosedx22"), ("post", "3lbxsportsd22"),
                     ("reply", "3lbytimesxx22"), ("reply", "3lbyreplyxx22"),
                     ("post", "3lbzconcert22"), ("comment", "3lbzmentio22"),
                     ("comment", "3lbzquoteq22")]
    assert snapshot.cursor == {"feed_since": "2026-11-20T12:00:00.301000+00:00",
                               "notifications_since": "2026-11-20T18:00:00.650000+00:00"}


def test_incremental_fetch_stops_at_the_cursor(api: respx.MockRouter) -> None:
    cursor = {"feed_since": "2026-11-19T15:30:00.870000+00:00",
              "notifications_since": "2026-11-19T16:00:00.330000+00:00"}
    snapshot = connector().fetch(ACCOUNT, cursor)
    assert api["feed1"].call_count == 1 and api["feed2"].call_count == 0
    assert "cursor" not in api["feed1"].calls.last.request.url.params
    assert [i.id.rsplit("/", 1)[1] for i in snapshot.items] == [
        "3lbzconcert22", "3lbzmentio22", "3lbzquoteq22"]
    # Threadgates come from every top-level post read, new or not.
    assert snapshot.settings is not None and snapshot.settings.comments == "everyone"
    assert snapshot.cursor == {"feed_since": "2026-11-20T12:00:00.301000+00:00",
                               "notifications_since": "2026-11-20T18:00:00.650000+00:00"}


def test_a_repeat_fetch_reads_nothing_new(api: respx.MockRouter) -> None:
    first = connector().fetch(ACCOUNT, None)
    again = connector().fetch(ACCOUNT, first.cursor)
    assert again.items == () and again.cursor == first.cursor and not again.missing


def test_calls_of_a_first_and_a_repeat_audit(api: respx.MockRouter) -> None:
    names = ("session", "profile", "followers1", "followers2", "feed1", "feed2", "notes")
    first = connector().fetch(ACCOUNT, None)
    # Two pages of followers and of the feed, one of notifications; no getProfile.
    assert [api[n].call_count for n in names] == [1, 0, 1, 1, 1, 1, 1]
    assert len(api.calls) == 6
    connector().fetch(ACCOUNT, first.cursor)
    # Repeat in the same process: the kept session (no sign-in), every follower page
    # again, one page each of feed and notifications.
    assert [api[n].call_count for n in names] == [1, 0, 2, 2, 2, 1, 2]
    assert len(api.calls) == 10
    # From cron (a new process, no kept session): the sign-in again.
    SESSIONS.clear()
    connector().fetch(ACCOUNT, first.cursor)
    assert api["session"].call_count == 2 and len(api.calls) == 15


def test_pagination_cursors_are_sent(api: respx.MockRouter) -> None:
    connector().fetch(ACCOUNT, None)
    assert api["followers2"].calls.last.request.url.params["cursor"] == FOLLOWERS_CURSOR
    assert api["feed2"].calls.last.request.url.params["cursor"] == FEED_CURSOR


def test_base_url_replaces_the_service(api: respx.MockRouter) -> None:
    local = "http://127.0.0.1:8765/bluesky"
    with respx.mock(base_url=local + "/xrpc/") as router:
        router.post("com.atproto.server.createSession").mock(return_value=ok("create_session.json"))
        router.get("app.bsky.graph.getFollowers").mock(return_value=ok("followers_page2.json"))
        router.get("app.bsky.feed.getAuthorFeed").mock(return_value=ok("author_feed_page2.json"))
        router.get("app.bsky.notification.listNotifications").mock(
            return_value=ok("notifications_empty.json"))
        account = AccountRef(id="a", platform="bluesky", handle="millbrook.bsky.social",
                             base_url=local)
        snapshot = connector().fetch(account, None)
    assert len(snapshot.items) == 2 and not snapshot.missing


def test_rejected_password_raises_auth_error(api: respx.MockRouter,
                                             caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    api["session"].mock(return_value=error(401, "error_invalid_password.json"))
    with pytest.raises(AuthError) as caught:
        connector().fetch(ACCOUNT, None)
    assert caught.value.status == 401
    assert "AuthenticationRequired" in str(caught.value)
    assert_secret_free(caught.value, caplog.text)
    assert api["profile"].call_count == 0


def test_expired_token_is_an_auth_error(api: respx.MockRouter) -> None:
    api["followers1"].mock(return_value=error(400, "error_expired_token.json"))
    with pytest.raises(AuthError) as caught:
        connector().fetch(ACCOUNT, None)
    assert caught.value.status == 401
    assert_secret_free(caught.value)


def test_check_credentials_signs_in_once(api: respx.MockRouter) -> None:
    connector().check_credentials(ACCOUNT)
    assert api["session"].call_count == 1 and api["profile"].call_count == 0
    api["session"].mock(return_value=error(401, "error_invalid_password.json"))
    with pytest.raises(AuthError):
        connector().check_credentials(ACCOUNT)


def test_deactivated_account_is_refused(api: respx.MockRouter) -> None:
    body = {**load("create_session.json"), "active": False, "status": "deactivated"}
    api["session"].mock(return_value=httpx.Response(200, json=body))
    with pytest.raises(AuthError, match="deactivated") as caught:
        connector().fetch(ACCOUNT, None)
    assert caught.value.status == 403


def test_forbidden_followers_mark_only_members_missing(api: respx.MockRouter) -> None:
    api["followers1"].mock(return_value=httpx.Response(
        403, json={"error": "Forbidden", "message": "Forbidden"}))
    snapshot = connector().fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.MEMBERS}
    assert "403" in snapshot.missing[Capability.MEMBERS]
    assert snapshot.members is None and snapshot.member_count == 3
    assert len(snapshot.items) == 7
    # Without the followers' subject the detailed profile is read instead, once.
    assert api["profile"].call_count == 1
    assert api["profile"].calls.last.request.url.params["actor"] == SCHOOL
    assert snapshot.settings is not None
    raw = snapshot.settings.raw
    assert (raw["followers_count"], raw["followers_count_source"]) == (3, "profile")
    assert (raw["follows_count"], raw["posts_count"]) == (12, 4)


def test_rate_limit_on_content_keeps_the_cursor(api: respx.MockRouter) -> None:
    reset = str(int(time.time()) + 120)
    api["notes"].mock(return_value=error(429, "error_rate_limit.json", {
        "RateLimit-Limit": "3000", "RateLimit-Remaining": "0", "RateLimit-Reset": reset,
        "RateLimit-Policy": "3000;w=300"}))
    old = {"feed_since": "2026-11-01T00:00:00+00:00", "notifications_since": "2026-11-01T00:00:00+00:00"}
    snapshot = connector().fetch(ACCOUNT, old)
    assert set(snapshot.missing) == {Capability.CONTENT}
    assert "retry after" in snapshot.missing[Capability.CONTENT]
    assert snapshot.cursor == old and snapshot.items == ()
    # Without content there are no top-level posts to read threadgates from.
    assert snapshot.settings is not None and snapshot.settings.comments is None


def test_rate_limit_on_sign_in_raises_with_the_reset(api: respx.MockRouter) -> None:
    api["session"].mock(return_value=error(429, "error_rate_limit.json", {
        "ratelimit-reset": str(int(time.time()) + 600)}))
    with pytest.raises(RateLimitedError) as caught:
        connector().fetch(ACCOUNT, None)
    assert 590 <= caught.value.retry_after <= 600


def test_rate_limit_without_headers_waits_five_minutes(api: respx.MockRouter) -> None:
    api["session"].mock(return_value=error(429, "error_rate_limit.json"))
    with pytest.raises(RateLimitedError) as caught:
        connector().fetch(ACCOUNT, None)
    assert caught.value.retry_after == 300


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_unavailable(api: respx.MockRouter, status: int) -> None:
    api["followers1"].mock(return_value=error(status, "error_upstream.json"))
    api["profile"].mock(return_value=error(status, "error_upstream.json"))
    with pytest.raises(PlatformUnavailableError) as caught:
        connector().fetch(ACCOUNT, None)
    assert caught.value.status == status
    assert api["profile"].call_count == 1


def test_a_subject_that_is_not_the_account_falls_back_to_the_profile(
        api: respx.MockRouter) -> None:
    page = load("followers_page1.json")
    page["subject"] = {**page["subject"], "did": "did:plc:someoneelse2345abcdefghij"}
    api["followers1"].mock(return_value=httpx.Response(200, json=page))
    snapshot = connector().fetch(ACCOUNT, None)
    assert "not the signed-in account" in snapshot.missing[Capability.MEMBERS]
    assert api["profile"].call_count == 1 and snapshot.member_count == 3


def test_a_page_without_a_subject_is_a_response_error(api: respx.MockRouter) -> None:
    page = {k: v for k, v in load("followers_page1.json").items() if k != "subject"}
    api["followers1"].mock(return_value=httpx.Response(200, json=page))
    snapshot = connector().fetch(ACCOUNT, None)
    assert "subject is not an object" in snapshot.missing[Capability.MEMBERS]
    assert api["profile"].call_count == 1


def test_timeouts_are_unavailable(api: respx.MockRouter) -> None:
    api["session"].mock(side_effect=httpx.ReadTimeout("timed out"))
    with pytest.raises(PlatformUnavailableError, match="timed out"):
        connector().fetch(ACCOUNT, None)


def test_connection_errors_on_content_mark_it_missing(api: respx.MockRouter) -> None:
    api["feed1"].mock(side_effect=httpx.ConnectError("refused"))
    snapshot = connector().fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.CONTENT}
    assert "ConnectError" in snapshot.missing[Capability.CONTENT]


def test_malformed_feed_marks_content_missing(api: respx.MockRouter) -> None:
    api["feed1"].mock(return_value=httpx.Response(
        200, content=(FIXTURES / "malformed.txt").read_bytes(),
        headers={"Content-Type": "application/json"}))
    snapshot = connector().fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.CONTENT}
    assert "not valid JSON" in snapshot.missing[Capability.CONTENT]


@pytest.mark.parametrize("body", [[], {"did": SCHOOL}, {"accessJwt": "x", "handle": "h"}])
def test_undocumented_session_is_a_response_error(api: respx.MockRouter, body: Any) -> None:
    api["session"].mock(return_value=httpx.Response(200, json=body))
    with pytest.raises(PlatformResponseError):
        connector().fetch(ACCOUNT, None)


def test_feed_without_a_list_is_a_response_error(api: respx.MockRouter) -> None:
    api["feed1"].mock(return_value=httpx.Response(200, json={"feed": {"post": {}}}))
    snapshot = connector().fetch(ACCOUNT, None)
    assert "feed is not a list" in snapshot.missing[Capability.CONTENT]


def test_a_cursor_that_does_not_advance_is_a_response_error(api: respx.MockRouter) -> None:
    api["followers2"].mock(return_value=httpx.Response(
        200, json={**load("followers_page2.json"), "cursor": FOLLOWERS_CURSOR}))
    snapshot = connector().fetch(ACCOUNT, None)
    assert "does not advance" in snapshot.missing[Capability.MEMBERS]


def test_unknown_profile_is_a_connector_error(api: respx.MockRouter) -> None:
    api["followers1"].mock(return_value=error(400, "error_profile_not_found.json"))
    api["profile"].mock(return_value=error(400, "error_profile_not_found.json"))
    with pytest.raises(ConnectorError) as caught:
        connector().fetch(ACCOUNT, None)
    assert caught.value.status == 400 and type(caught.value) is ConnectorError


def test_secrets_never_reach_logs(api: respx.MockRouter, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    api["notes"].mock(return_value=error(502, "error_upstream.json"))
    snapshot = connector().fetch(ACCOUNT, None)
    assert_secret_free(caplog.text, snapshot.missing, snapshot.settings, repr(connector().config))


def test_unreadable_cursor_is_a_full_read(api: respx.MockRouter) -> None:
    snapshot = connector().fetch(ACCOUNT, {"feed_since": "last week", "notifications_since": 3})
    assert len(snapshot.items) == 7


def test_account_needs_a_handle() -> None:
    with pytest.raises(ConfigError, match="handle"):
        connector().fetch(AccountRef(id="x", platform="bluesky"), None)


def test_config_wants_an_app_password_and_hides_the_input() -> None:
    with pytest.raises(ValidationError) as caught:
        BlueskyConfig(app_password="my main Passw0rd!")
    assert "my main Passw0rd!" not in str(caught.value)
    assert "app password" in str(caught.value)


@pytest.mark.parametrize("url", ["http://pds.school.example", "https://pds.example/xrpc",
                                 "https://user:pw@pds.example"])
def test_config_wants_an_https_origin(url: str) -> None:
    with pytest.raises(ValidationError):
        BlueskyConfig(app_password=PASSWORD, service_url=url)
    assert BlueskyConfig(app_password=PASSWORD,
                         service_url="https://pds.school.example/").service_url == \
        "https://pds.school.example"


# -- the session kept in the process ---------------------------------------------------------

def bearer(api: respx.MockRouter, name: str) -> str:
    return str(api[name].calls.last.request.headers["authorization"])


def kept() -> Session:
    """The session the process keeps for the test account."""
    session = SESSIONS.get(SESSIONS.key("https://bsky.social", "millbrook.bsky.social",
                                        SecretStr(PASSWORD)))
    assert session is not None
    return session


def sign_in_first(api: respx.MockRouter) -> None:
    """A first audit: signs in and keeps the session; the route counters start again."""
    connector().fetch(ACCOUNT, None)
    assert len(SESSIONS) == 1
    api.reset()


def test_the_kept_session_is_reused(api: respx.MockRouter) -> None:
    sign_in_first(api)
    connector().fetch(ACCOUNT, None)
    assert api["session"].call_count == 0 and api["refresh"].call_count == 0
    assert bearer(api, "followers1") == bearer(api, "notes") == f"Bearer {ACCESS}"


def test_an_expired_session_is_refreshed_before_use(api: respx.MockRouter) -> None:
    expired = with_exp(RECORDED["accessJwt"], time.time() - 60)
    api["session"].mock(return_value=httpx.Response(200, json=RECORDED | {"accessJwt": expired}))
    sign_in_first(api)
    connector().fetch(ACCOUNT, None)
    # Its exp has passed: refreshed with the refresh token, no request wasted on the old one.
    assert api["refresh"].call_count == 1 and api["session"].call_count == 0
    assert bearer(api, "refresh") == f"Bearer {REFRESH}"
    assert api["refresh"].calls.last.request.content == b""
    assert bearer(api, "followers1") == f"Bearer {REFRESHED}"
    # The rotated refresh token is the one kept for next time.
    session = kept()
    assert session.refresh is not None
    assert session.refresh.get_secret_value() == ROTATED["refreshJwt"]


@pytest.mark.parametrize("rejection", [(400, "error_expired_token.json"),
                                       (401, "error_invalid_password.json")])
def test_a_rejected_kept_token_is_refreshed_once_and_the_read_sent_again(
        api: respx.MockRouter, rejection: tuple[int, str]) -> None:
    sign_in_first(api)
    api["followers1"].mock(side_effect=[error(*rejection), ok("followers_page1.json")])
    snapshot = connector().fetch(ACCOUNT, None)
    assert not snapshot.missing and snapshot.member_count == 3
    assert api["refresh"].call_count == 1 and api["session"].call_count == 0
    assert api["followers1"].call_count == 2
    assert bearer(api, "followers1") == bearer(api, "notes") == f"Bearer {REFRESHED}"


def test_a_refused_refresh_signs_in_again(api: respx.MockRouter) -> None:
    sign_in_first(api)
    api["followers1"].mock(side_effect=[error(400, "error_expired_token.json"),
                                        ok("followers_page1.json")])
    api["refresh"].mock(return_value=error(400, "error_revoked_token.json"))
    snapshot = connector().fetch(ACCOUNT, None)
    assert not snapshot.missing
    assert (api["refresh"].call_count, api["session"].call_count) == (1, 1)
    assert bearer(api, "followers1") == f"Bearer {ACCESS}"


def test_a_rejected_password_behind_a_kept_session_is_one_auth_error(
        api: respx.MockRouter, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    sign_in_first(api)
    api["followers1"].mock(return_value=error(400, "error_expired_token.json"))
    api["refresh"].mock(return_value=error(400, "error_revoked_token.json"))
    api["session"].mock(return_value=error(401, "error_invalid_password.json"))
    with pytest.raises(AuthError) as caught:
        connector().fetch(ACCOUNT, None)
    assert caught.value.status == 401 and "AuthenticationRequired" in str(caught.value)
    # Each step once, then IT is told; nothing is kept, so the next audit asks again.
    assert (api["followers1"].call_count, api["refresh"].call_count,
            api["session"].call_count) == (1, 1, 1)
    assert len(SESSIONS) == 0
    assert_secret_free(caught.value, caplog.text)
    assert REFRESH not in caplog.text and REFRESHED not in caplog.text


def test_a_rate_limited_refresh_is_not_a_new_sign_in(api: respx.MockRouter) -> None:
    expired = with_exp(RECORDED["accessJwt"], time.time() - 60)
    api["session"].mock(return_value=httpx.Response(200, json=RECORDED | {"accessJwt": expired}))
    sign_in_first(api)
    api["refresh"].mock(return_value=error(429, "error_rate_limit.json",
                                           {"ratelimit-reset": str(int(time.time()) + 60)}))
    with pytest.raises(RateLimitedError):
        connector().fetch(ACCOUNT, None)
    assert api["session"].call_count == 0


def test_a_changed_password_never_reuses_a_session(api: respx.MockRouter) -> None:
    sign_in_first(api)
    other = BlueskyConnector(BlueskyConfig(app_password="zz9z-q2xz-9fwp-a4rt"),
                             new_httpx_client())
    other.fetch(ACCOUNT, None)
    assert api["session"].call_count == 1
    assert json.loads(api["session"].calls.last.request.content)["password"] == \
        "zz9z-q2xz-9fwp-a4rt"
    assert len(SESSIONS) == 2


def test_another_service_never_reuses_a_session(api: respx.MockRouter) -> None:
    sign_in_first(api)
    elsewhere = AccountRef(id="millbrook-bsky", platform="bluesky",
                           handle="@millbrook.bsky.social", base_url="https://pds.example")
    with respx.mock(base_url="https://pds.example/xrpc/", assert_all_called=False) as router:
        router.post("com.atproto.server.createSession", name="session").mock(
            return_value=error(401, "error_invalid_password.json"))
        with pytest.raises(AuthError):
            connector().fetch(elsewhere, None)
        assert router["session"].call_count == 1


def test_check_credentials_always_asks_the_pds(api: respx.MockRouter) -> None:
    sign_in_first(api)
    connector().check_credentials(ACCOUNT)
    assert api["session"].call_count == 1


def test_sessions_stay_in_memory(api: respx.MockRouter,
                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    first = connector().fetch(ACCOUNT, None)
    again = connector().fetch(ACCOUNT, first.cursor)
    stored = json.dumps([first.cursor, again.cursor])
    key = SESSIONS.key("https://bsky.social", "millbrook.bsky.social", SecretStr(PASSWORD))
    for token in (ACCESS, REFRESH, PASSWORD):
        assert token not in stored and token not in caplog.text
        assert token not in repr(SESSIONS) and token not in repr(kept())
        assert token not in repr(key)  # the password only as a keyed digest
    assert "session reused" in caplog.text


def test_the_cache_is_shared_safely_between_threads() -> None:
    cache = SessionCache()
    password = SecretStr(PASSWORD)
    key = cache.key("https://bsky.social/", "@Millbrook.bsky.social", password)
    assert key == cache.key("https://bsky.social", "millbrook.bsky.social", password)
    sessions = [Session(did=SCHOOL, handle="millbrook.bsky.social", access=SecretStr(f"a{i}"),
                        refresh=None, expires_at=None) for i in range(50)]

    def churn(session: Session) -> Session | None:
        cache.put(key, session)
        found = cache.get(key)
        cache.drop(key, session)
        return found

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(found is not None for found in pool.map(churn, sessions))
    # drop() only forgets the session it was given, never a newer one.
    cache.put(key, sessions[0])
    cache.drop(key, sessions[1])
    assert cache.get(key) is sessions[0]


def test_a_token_without_a_readable_exp_is_simply_tried() -> None:
    assert token_expiry("not-a-jwt") is None
    assert token_expiry("a.!!!.c") is None
    expiry = token_expiry(ACCESS)
    assert expiry is not None and expiry > time.time()
