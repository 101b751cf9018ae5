"""The Mastodon connector over HTTP, against recorded responses served by respx."""

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

import connectors.mastodon
from auditor import (
    AccountRef,
    AuthError,
    Capability,
    ConnectorError,
    PlatformResponseError,
    PlatformUnavailableError,
    RateLimitedError,
)
from auditor.testing import FixtureRouter
from connectors.mastodon import MastodonConfig, MastodonConnector
from connectors.mastodon.client import retry_after

FIXTURES = Path(connectors.mastodon.__file__).parent / "fixtures"
HOST = "mastodon.school.example"
ORIGIN = f"https://{HOST}"
TOKEN = "ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0"
CONFIG = MastodonConfig(instance_url=ORIGIN + "/", access_token=TOKEN)
ACCOUNT = AccountRef(id="year6", platform="mastodon", handle="@BradfieldY6")
OWNER = "110245736382412301"
CURSOR = {"since_id": "111478000000000001", "notifications_since_id": "48177"}


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def reply(status: int, body: Any, headers: dict[str, str] | None = None,
          ) -> Callable[[], httpx.Response]:
    """A fresh response each time it is asked for, with Mastodon's rate-limit headers."""
    extra = {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "297",
             "X-RateLimit-Reset": "2026-11-23T21:20:00.000Z", **(headers or {})}
    return lambda: httpx.Response(status, json=body, headers=extra)


def next_link(path: str, max_id: str) -> dict[str, str]:
    return {"Link": f'<{ORIGIN}{path}?limit=2&max_id={max_id}>; rel="next", '
                    f'<{ORIGIN}{path}?limit=2&since_id=7489740>; rel="prev"'}


FOLLOWERS = f"/api/v1/accounts/{OWNER}/followers"
STATUSES = f"/api/v1/accounts/{OWNER}/statuses"


class FixtureServer(FixtureRouter):
    """A recorded Mastodon server: one answer per route, replaceable by each test."""

    def __init__(self) -> None:
        super().__init__({
            "verify_credentials": reply(200, load("verify_credentials.json")),
            "followers:1": reply(200, load("followers_page1.json"),
                                 next_link(FOLLOWERS, "7486869")),
            "followers:2": reply(200, load("followers_page2.json")),
            "follow_requests": reply(200, load("follow_requests.json")),
            "statuses": reply(200, load("statuses.json")),
            "notifications": reply(200, load("notifications_mentions.json")),
        })

    def key(self, request: httpx.Request) -> str:
        path = request.url.path
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"
        if path == FOLLOWERS:
            return "followers:2" if "max_id" in request.url.params else "followers:1"
        if path == STATUSES:
            return "statuses"
        return path.rsplit("/", 1)[1]


@pytest.fixture
def server(respx_mock: respx.MockRouter) -> FixtureServer:
    fixture = FixtureServer()
    respx_mock.route(host=HOST).mock(side_effect=fixture)
    return fixture


@pytest.fixture
def connector(http: httpx.Client) -> MastodonConnector:
    return MastodonConnector(CONFIG, http)


def test_full_fetch(server: FixtureServer, connector: MastodonConnector) -> None:
    snapshot = connector.fetch(ACCOUNT, None)

    assert snapshot.missing == {}
    assert snapshot.capabilities == {Capability.SETTINGS, Capability.MEMBERS, Capability.CONTENT}
    assert snapshot.settings is not None
    assert (snapshot.settings.visibility, snapshot.settings.join_policy,
            snapshot.settings.discoverable) == ("private", "request", False)
    assert snapshot.settings.raw["follow_requests"][0]["acct"] == "new_parent"
    assert snapshot.member_count == 3
    assert snapshot.members is not None
    assert [m.handle for m in snapshot.members] == [
        "parent_one", "bradfieldpta@social.example.org", "stranger_danger@elsewhere.example"]
    assert all(m.role == "follower" for m in snapshot.members)
    assert [(i.kind, i.id, i.visibility) for i in snapshot.items] == [
        ("post", "111470000000000000", "unlisted"), ("post", "111478000000000001", "private"),
        ("reply", "111478100000000002", "private"), ("reply", "111478200000000003", "private"),
        ("comment", "111480000000000010", "private")]
    assert snapshot.cursor == {"since_id": "111478200000000003",
                               "notifications_since_id": "48213"}

    assert [r.url.path.rsplit("/", 1)[1] for r in server.requests] == [
        "verify_credentials", "followers", "followers", "follow_requests", "statuses",
        "notifications"]
    assert all(r.url.host == HOST for r in server.requests)
    page1, page2 = server.query("followers:1") + server.query("followers:2")
    assert page1["limit"] == "80" and "max_id" not in page1
    assert page2["max_id"] == "7486869" and page2["limit"] == "80"
    (statuses,) = server.query("statuses")
    assert statuses["exclude_reblogs"] == "true" and statuses["limit"] == "40"
    assert "since_id" not in statuses
    (notes,) = server.query("notifications")
    assert notes.get_list("types[]") == ["mention"] and notes["include_filtered"] == "true"
    assert "since_id" not in notes


def test_incremental_fetch_sends_the_cursor(server: FixtureServer,
                                            connector: MastodonConnector) -> None:
    server.answers["statuses"] = reply(200, load("statuses.json")[:1])
    server.answers["notifications"] = reply(200, load("notifications_mentions.json")[:1])

    snapshot = connector.fetch(ACCOUNT, CURSOR)

    (statuses,) = server.query("statuses")
    assert statuses["since_id"] == "111478000000000001"
    (notes,) = server.query("notifications")
    assert notes["since_id"] == "48177"
    assert [i.id for i in snapshot.items] == ["111478200000000003", "111480000000000010"]
    assert snapshot.cursor == {"since_id": "111478200000000003",
                               "notifications_since_id": "48213"}


def test_nothing_new_keeps_the_cursor(server: FixtureServer,
                                      connector: MastodonConnector) -> None:
    server.answers["statuses"] = reply(200, [])
    server.answers["notifications"] = reply(200, [])
    snapshot = connector.fetch(ACCOUNT, CURSOR)
    assert snapshot.items == ()
    assert snapshot.cursor == CURSOR


def test_pagination_keeps_since_id(server: FixtureServer, connector: MastodonConnector) -> None:
    pages = iter([
        httpx.Response(200, json=load("statuses.json")[:2],
                       headers=next_link(STATUSES, "111478000000000001")),
        httpx.Response(200, json=load("statuses.json")[2:]),
    ])
    server.answers["statuses"] = lambda: next(pages)
    snapshot = connector.fetch(ACCOUNT, {"since_id": "111460000000000000"})
    first, second = server.query("statuses")
    assert second["max_id"] == "111478000000000001"
    assert first["since_id"] == second["since_id"] == "111460000000000000"
    assert len([i for i in snapshot.items if i.author.is_account_owner]) == 3


def test_a_link_that_does_not_advance_is_malformed(server: FixtureServer,
                                                   connector: MastodonConnector) -> None:
    server.answers["followers:2"] = reply(200, load("followers_page2.json"),
                                          next_link(FOLLOWERS, "7486869"))
    snapshot = connector.fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.MEMBERS}
    assert "does not advance" in snapshot.missing[Capability.MEMBERS]


def test_follow_requests_are_read_only_when_pending(server: FixtureServer,
                                                    connector: MastodonConnector) -> None:
    body = load("verify_credentials.json")
    body["source"]["follow_requests_count"] = 0
    server.answers["verify_credentials"] = reply(200, body)
    snapshot = connector.fetch(ACCOUNT, None)
    assert server.query("follow_requests") == []
    assert snapshot.settings is not None and snapshot.settings.raw["follow_requests"] == []


def test_base_url_overrides_instance_url(respx_mock: respx.MockRouter,
                                         connector: MastodonConnector) -> None:
    route = respx_mock.get("http://127.0.0.1:8765/mastodon/api/v1/accounts/verify_credentials")
    route.mock(return_value=httpx.Response(200, json=load("verify_credentials.json")))
    connector.check_credentials(AccountRef(id="y6", platform="mastodon",
                                           base_url="http://127.0.0.1:8765/mastodon"))
    assert route.called


def test_a_token_of_another_account_is_refused(server: FixtureServer,
                                               connector: MastodonConnector) -> None:
    other = AccountRef(id="y5", platform="mastodon", handle="BradfieldY5@mastodon.school.example")
    with pytest.raises(ConnectorError, match="belongs to @BradfieldY6, not @BradfieldY5"):
        connector.fetch(other, None)


@pytest.mark.parametrize(("status", "fixture", "error", "code"), [
    (401, "error_401.json", AuthError, 401),
    (403, "error_403.json", AuthError, 403),
    (422, "error_422.json", AuthError, 401),
    (500, None, PlatformUnavailableError, 500),
    (503, None, PlatformUnavailableError, 503),
    (302, None, PlatformResponseError, 302),
    (404, None, ConnectorError, 404),
])
def test_errors_on_the_account_raise(server: FixtureServer, connector: MastodonConnector,
                                     status: int, fixture: str | None,
                                     error: type[ConnectorError], code: int) -> None:
    if fixture:
        server.answers["verify_credentials"] = reply(status, load(fixture))
    else:
        server.answers["verify_credentials"] = lambda: httpx.Response(
            status, content=(FIXTURES / "error_500.html").read_bytes(),
            headers={"Content-Type": "text/html", "Location": "https://elsewhere.example/"})
    with pytest.raises(error) as caught:
        connector.fetch(ACCOUNT, None)
    assert caught.value.status == code
    assert TOKEN not in str(caught.value)
    if fixture:
        assert load(fixture)["error"] in str(caught.value)


def test_rate_limits_carry_the_reset_time(server: FixtureServer,
                                          connector: MastodonConnector) -> None:
    reset = datetime.now(UTC).timestamp() + 120
    iso = datetime.fromtimestamp(reset, tz=UTC).isoformat(timespec="milliseconds")
    server.answers["verify_credentials"] = reply(429, load("error_429.json"), {
        "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": iso.replace("+00:00", "Z")})
    with pytest.raises(RateLimitedError) as caught:
        connector.fetch(ACCOUNT, None)
    assert 110 <= caught.value.retry_after <= 120


def test_retry_after() -> None:
    now = datetime(2026, 11, 23, 21, 0, tzinfo=UTC).timestamp()
    assert retry_after({"X-RateLimit-Reset": "2026-11-23T21:04:30.123Z"}, now) == pytest.approx(270.123)
    assert retry_after({"X-RateLimit-Reset": "2026-11-23T20:59:00Z"}, now) == 0
    assert retry_after({"X-RateLimit-Reset": "soon", "Retry-After": "42"}, now) == 42
    assert retry_after({}, now) == 300


@pytest.mark.parametrize("answer", [
    lambda: httpx.Response(429, json=load("error_429.json")),
    lambda: httpx.Response(503, content=b"Service Unavailable"),
    lambda: httpx.Response(200, content=(FIXTURES / "malformed.txt").read_bytes()),
    lambda: httpx.Response(200, json={"error": "not a list"}),
    lambda: httpx.Response(200, json=[{"id": "1", "content": "<p>no account</p>"}]),
    lambda: httpx.Response(403, json=load("error_403.json")),
])
def test_a_failing_content_read_is_missing_and_keeps_the_cursor(
        server: FixtureServer, connector: MastodonConnector,
        answer: Callable[[], httpx.Response]) -> None:
    server.answers["statuses"] = answer
    snapshot = connector.fetch(ACCOUNT, CURSOR)
    assert set(snapshot.missing) == {Capability.CONTENT}
    assert snapshot.items == ()
    assert snapshot.cursor == CURSOR
    assert snapshot.members is not None and snapshot.settings is not None


def test_a_401_on_followers_stops_the_fetch(server: FixtureServer,
                                            connector: MastodonConnector) -> None:
    server.answers["followers:1"] = reply(401, load("error_401.json"))
    with pytest.raises(AuthError):
        connector.fetch(ACCOUNT, None)


def test_a_403_on_followers_marks_members_missing(server: FixtureServer,
                                                  connector: MastodonConnector) -> None:
    server.answers["followers:1"] = reply(403, load("error_403.json"))
    snapshot = connector.fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.MEMBERS}
    assert snapshot.members is None
    assert snapshot.settings is not None and "follow_requests" not in snapshot.settings.raw
    assert snapshot.member_count == 3


@pytest.mark.parametrize("failure", [httpx.ReadTimeout("timed out"),
                                     httpx.ConnectError(f"cannot reach {TOKEN}")])
def test_network_failures_are_unavailable(server: FixtureServer, connector: MastodonConnector,
                                          failure: Exception) -> None:
    server.answers["verify_credentials"] = failure
    with pytest.raises(PlatformUnavailableError) as caught:
        connector.fetch(ACCOUNT, None)
    assert TOKEN not in str(caught.value)


def test_secrets_never_show(server: FixtureServer, connector: MastodonConnector,
                            caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    connector.fetch(ACCOUNT, None)
    server.answers["statuses"] = reply(401, load("error_401.json"))
    with pytest.raises(AuthError) as caught:
        connector.fetch(ACCOUNT, None)
    assert TOKEN not in str(caught.value) and TOKEN not in caplog.text
    assert TOKEN not in repr(CONFIG) and TOKEN not in str(CONFIG.model_dump())


@pytest.mark.parametrize("url", ["http://mastodon.school.example", "mastodon.school.example",
                                 "https://mastodon.school.example/api/v1",
                                 "https://user:pw@mastodon.school.example"])
def test_config_needs_an_https_origin(url: str) -> None:
    with pytest.raises(ValidationError):
        MastodonConfig(instance_url=url, access_token=TOKEN)
