"""The Mastodon connector over HTTP, against recorded responses served by respx."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from pydantic import ValidationError

import connectors.mastodon
from auditor import (
    FULL_READ_EVERY,
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


def content_cursor(cursor: Mapping[str, Any] | None) -> dict[str, Any]:
    """The cursor without its change signals: where content reading resumes."""
    return {k: v for k, v in (cursor or {}).items() if k != "signals"}


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
                               "notifications_since_id": "48213",
                               "signals": {"settings": {
                                   "signal": "follow_requests_count=1",
                                   "read_at": snapshot.fetched_at.isoformat()}}}

    assert [r.url.path.rsplit("/", 1)[1] for r in server.requests] == [
        "verify_credentials", "notifications", "statuses", "follow_requests", "followers",
        "followers"]
    assert all(r.url.host == HOST for r in server.requests)
    page1, page2 = server.query("followers:1") + server.query("followers:2")
    assert page1["limit"] == "80" and "max_id" not in page1
    assert page2["max_id"] == "7486869" and page2["limit"] == "80"
    (statuses,) = server.query("statuses")
    assert statuses["exclude_reblogs"] == "true" and statuses["limit"] == "40"
    assert "since_id" not in statuses
    (notes,) = server.query("notifications")
    assert notes.get_list("types[]") == ["mention", "follow", "follow_request"]
    assert notes["include_filtered"] == "true"
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
    assert content_cursor(snapshot.cursor) == {"since_id": "111478200000000003",
                                               "notifications_since_id": "48213"}


def test_nothing_new_keeps_the_cursor(server: FixtureServer,
                                      connector: MastodonConnector) -> None:
    server.answers["statuses"] = reply(200, [])
    server.answers["notifications"] = reply(200, [])
    snapshot = connector.fetch(ACCOUNT, CURSOR)
    assert snapshot.items == ()
    assert content_cursor(snapshot.cursor) == CURSOR


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
    assert content_cursor(snapshot.cursor) == CURSOR
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
    # The pending requests were read before the followers failed: they are still shown.
    assert snapshot.settings is not None
    assert snapshot.settings.raw["follow_requests"][0]["acct"] == "new_parent"
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


# -- carrying the followers of an unlocked account -----------------------------------------

def unlocked(**changes: Any) -> Callable[[], httpx.Response]:
    """verify_credentials of the same account, not locked, with ``changes`` applied."""
    me = load("verify_credentials.json") | {"locked": False}
    me["source"] = me["source"] | changes.pop("source", {})
    return reply(200, me | changes)


def repeat_of(server: FixtureServer, connector: MastodonConnector) -> dict[str, Any]:
    """The cursor a first audit of the unlocked account leaves, and the log of requests reset."""
    server.answers["verify_credentials"] = unlocked()
    first = connector.fetch(ACCOUNT, None)
    assert first.cursor is not None and first.members is not None
    server.requests.clear()
    server.answers["statuses"] = reply(200, [])
    server.answers["notifications"] = reply(200, [])
    return dict(first.cursor)


def paths(server: FixtureServer) -> list[str]:
    return [r.url.path.rsplit("/", 1)[1] for r in server.requests]


def test_unchanged_followers_are_carried_in_three_calls(server: FixtureServer,
                                                        connector: MastodonConnector) -> None:
    cursor = repeat_of(server, connector)
    assert cursor["signals"]["members"]["signal"] == \
        "followers_count=3, follow_requests_count=1"

    again = connector.fetch(ACCOUNT, cursor)

    assert paths(server) == ["verify_credentials", "notifications", "statuses"]
    assert again.members is None and again.missing == {}
    assert "follow or follow-request notification" in again.unchanged[Capability.MEMBERS]
    assert again.member_count == 3 and again.settings is not None
    # Settings are read on every audit; the requesters' names come with a full read only.
    assert again.settings.join_policy == "open" and "follow_requests" not in again.settings.raw
    # Carried, the signal keeps the time of the full read it stands on.
    assert again.cursor is not None
    assert again.cursor["signals"] == cursor["signals"]


@pytest.mark.parametrize("changes", [{"followers_count": 4}, {"followers_count": 2},
                                     {"source": {"follow_requests_count": 2}}])
def test_a_changed_count_reads_the_followers(server: FixtureServer, connector: MastodonConnector,
                                             changes: dict[str, Any]) -> None:
    cursor = repeat_of(server, connector)
    server.answers["verify_credentials"] = unlocked(**changes)
    again = connector.fetch(ACCOUNT, cursor)
    assert "followers" in paths(server) and again.members is not None
    assert Capability.MEMBERS not in again.unchanged
    assert again.cursor is not None
    assert again.cursor["signals"]["members"]["signal"] != cursor["signals"]["members"]["signal"]


def test_a_follow_notification_reads_the_followers_though_the_counts_match(
        server: FixtureServer, connector: MastodonConnector) -> None:
    # One follower left and another followed: the count is the same, the notification is not.
    cursor = repeat_of(server, connector)
    server.answers["notifications"] = reply(200, load("notifications_follows.json")[:1])
    again = connector.fetch(ACCOUNT, cursor)
    # A follow is no follow request: the pending requests are still carried.
    assert paths(server) == ["verify_credentials", "notifications", "statuses", "followers",
                             "followers"]
    assert again.members is not None and not again.unchanged
    assert again.cursor is not None and again.cursor["notifications_since_id"] == "48230"
    assert again.items == ()  # a follow is not content


def test_a_follow_request_notification_reads_the_followers(server: FixtureServer,
                                                           connector: MastodonConnector) -> None:
    cursor = repeat_of(server, connector)
    server.answers["notifications"] = reply(200, load("notifications_follows.json")[1:])
    again = connector.fetch(ACCOUNT, cursor)
    assert "followers" in paths(server) and again.members is not None


def test_a_full_read_older_than_a_day_is_done_again(server: FixtureServer,
                                                    connector: MastodonConnector) -> None:
    cursor = repeat_of(server, connector)
    stale = datetime.now(UTC) - FULL_READ_EVERY - timedelta(minutes=1)
    cursor["signals"]["members"]["read_at"] = stale.isoformat()
    again = connector.fetch(ACCOUNT, cursor)
    assert "followers" in paths(server) and again.members is not None
    assert again.cursor is not None
    assert datetime.fromisoformat(again.cursor["signals"]["members"]["read_at"]) > stale


def test_a_failed_follower_read_is_not_recorded(server: FixtureServer,
                                                connector: MastodonConnector) -> None:
    cursor = repeat_of(server, connector)
    server.answers["verify_credentials"] = unlocked(followers_count=4)
    server.answers["followers:1"] = reply(503, {"error": "Service Unavailable"})
    failed = connector.fetch(ACCOUNT, cursor)
    assert set(failed.missing) == {Capability.MEMBERS} and not failed.unchanged
    assert failed.cursor is not None and "members" not in failed.cursor["signals"]

    # The next audit reads them in full, though the count has not moved since.
    server.answers["followers:1"] = FixtureServer().answers["followers:1"]
    server.requests.clear()
    again = connector.fetch(ACCOUNT, failed.cursor)
    assert "followers" in paths(server) and again.members is not None


def test_unreadable_notifications_miss_content_only_and_read_the_followers(
        server: FixtureServer, connector: MastodonConnector) -> None:
    cursor = repeat_of(server, connector)
    server.answers["notifications"] = reply(403, load("error_403.json"))
    again = connector.fetch(ACCOUNT, cursor)
    assert set(again.missing) == {Capability.CONTENT}
    assert paths(server) == ["verify_credentials", "notifications", "follow_requests",
                             "followers", "followers"]
    assert again.members is not None and not again.unchanged
    # Content's cursor stays where it was, so nothing is skipped next time.
    assert again.cursor is not None
    assert {k: again.cursor[k] for k in ("since_id", "notifications_since_id")} == \
        {k: cursor[k] for k in ("since_id", "notifications_since_id")}


def test_a_new_reply_to_an_old_post_is_found_on_a_repeat_audit(
        server: FixtureServer, connector: MastodonConnector) -> None:
    cursor = repeat_of(server, connector)
    old_post = load("statuses.json")[-1]["id"]
    mention = load("notifications_mentions.json")[0]
    mention = mention | {"id": "48300", "status": mention["status"] | {
        "id": "111490000000000001", "in_reply_to_id": old_post}}
    server.answers["notifications"] = reply(200, [mention])
    again = connector.fetch(ACCOUNT, cursor)
    assert [(i.id, i.parent_id) for i in again.items] == [("111490000000000001", old_post)]
    assert Capability.MEMBERS in again.unchanged
    assert paths(server) == ["verify_credentials", "notifications", "statuses"]
    assert again.cursor is not None and again.cursor["notifications_since_id"] == "48300"


def locked_repeat(server: FixtureServer, connector: MastodonConnector) -> dict[str, Any]:
    """The cursor a first audit of the locked account leaves, and the log of requests reset."""
    first = connector.fetch(ACCOUNT, None)
    assert first.cursor is not None and "members" not in first.cursor["signals"]
    assert first.cursor["signals"]["settings"]["signal"] == "follow_requests_count=1"
    server.requests.clear()
    server.answers["statuses"] = reply(200, [])
    server.answers["notifications"] = reply(200, [])
    return dict(first.cursor)


def test_a_locked_account_lists_its_followers_every_time(server: FixtureServer,
                                                         connector: MastodonConnector) -> None:
    cursor = locked_repeat(server, connector)
    again = connector.fetch(ACCOUNT, cursor)
    assert again.members is not None and not again.unchanged
    assert paths(server) == ["verify_credentials", "notifications", "statuses", "followers",
                             "followers"]


# -- carrying the pending follow requests ------------------------------------------------

def test_unchanged_follow_requests_are_not_listed_again(server: FixtureServer,
                                                        connector: MastodonConnector) -> None:
    cursor = locked_repeat(server, connector)
    again = connector.fetch(ACCOUNT, cursor)
    assert "follow_requests" not in paths(server)
    assert again.settings is not None
    raw = again.settings.raw
    # No stale names: the count is today's, and raw says the list was not read again.
    assert "follow_requests" not in raw and raw["follow_requests_count"] == 1
    assert "follow_requests_count=1 and no follow-request notification" in \
        raw["follow_requests_unchanged"]
    assert not again.missing and Capability.SETTINGS not in again.unchanged
    # Carried, the signal keeps the time of the full read it stands on; no handle is kept.
    assert again.cursor is not None and again.cursor["signals"] == cursor["signals"]
    assert "new_parent" not in json.dumps(again.cursor)


def test_a_new_request_with_the_count_unchanged_lists_them_again(
        server: FixtureServer, connector: MastodonConnector) -> None:
    # One request was approved (-1) and another arrived (+1): the count is the same, but the
    # new request has its notification.
    cursor = locked_repeat(server, connector)
    server.answers["notifications"] = reply(200, load("notifications_follows.json")[1:])
    again = connector.fetch(ACCOUNT, cursor)
    assert paths(server).count("follow_requests") == 1
    assert again.settings is not None and "follow_requests" in again.settings.raw
    assert "follow_requests_unchanged" not in again.settings.raw


@pytest.mark.parametrize("count", [0, 2])
def test_a_changed_request_count_lists_them_again(server: FixtureServer,
                                                  connector: MastodonConnector,
                                                  count: int) -> None:
    # Withdrawn, approved or rejected: the count moves, and no notification says so.
    cursor = locked_repeat(server, connector)
    me = load("verify_credentials.json")
    me["source"]["follow_requests_count"] = count
    server.answers["verify_credentials"] = reply(200, me)
    again = connector.fetch(ACCOUNT, cursor)
    assert paths(server).count("follow_requests") == (1 if count else 0)
    assert again.settings is not None and "follow_requests_unchanged" not in again.settings.raw
    assert again.cursor is not None
    assert again.cursor.get("signals", {}).get("settings", {}).get("signal") != \
        "follow_requests_count=1"


def test_requests_listed_more_than_a_day_ago_are_listed_again(
        server: FixtureServer, connector: MastodonConnector) -> None:
    cursor = locked_repeat(server, connector)
    stale = datetime.now(UTC) - FULL_READ_EVERY - timedelta(minutes=1)
    cursor["signals"]["settings"]["read_at"] = stale.isoformat()
    again = connector.fetch(ACCOUNT, cursor)
    assert "follow_requests" in paths(server)
    assert again.cursor is not None
    assert datetime.fromisoformat(again.cursor["signals"]["settings"]["read_at"]) > stale


def test_unreadable_notifications_list_the_requests_again(server: FixtureServer,
                                                          connector: MastodonConnector) -> None:
    cursor = locked_repeat(server, connector)
    server.answers["notifications"] = reply(503, {"error": "Service Unavailable"})
    again = connector.fetch(ACCOUNT, cursor)
    assert set(again.missing) == {Capability.CONTENT}
    assert "follow_requests" in paths(server)
    assert again.settings is not None and "follow_requests" in again.settings.raw


def test_a_failed_request_read_is_not_recorded(server: FixtureServer,
                                               connector: MastodonConnector) -> None:
    cursor = locked_repeat(server, connector)
    server.answers["notifications"] = reply(200, load("notifications_follows.json")[1:])
    server.answers["follow_requests"] = reply(503, {"error": "Service Unavailable"})
    failed = connector.fetch(ACCOUNT, cursor)
    # Read as one with the followers (as before): members are missing, followers not read.
    assert set(failed.missing) == {Capability.MEMBERS} and failed.members is None
    assert "followers" not in paths(server)
    assert failed.settings is not None and "follow_requests" not in failed.settings.raw
    assert "follow_requests_unchanged" not in failed.settings.raw
    assert failed.cursor is not None and "settings" not in failed.cursor.get("signals", {})

    # The next audit lists them, though nothing has moved since.
    server.answers["follow_requests"] = FixtureServer().answers["follow_requests"]
    server.answers["notifications"] = reply(200, [])
    server.requests.clear()
    again = connector.fetch(ACCOUNT, failed.cursor)
    assert "follow_requests" in paths(server) and not again.missing
