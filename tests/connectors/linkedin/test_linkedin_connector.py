"""The LinkedIn connector over HTTP, against recorded responses served by respx."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
import respx
from pydantic import ValidationError

import connectors.linkedin
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
from connectors.linkedin import LinkedInConfig, LinkedInConnector
from connectors.linkedin.client import THROTTLE_WAIT, seconds_to_utc_midnight

FIXTURES = Path(connectors.linkedin.__file__).parent / "fixtures"
TOKEN = "AQXdSP_W41_UPs5ioT_t8HESyODB4FqbkJ8LrV_5mff4gPODzOYR-secret"
ORG = "urn:li:organization:90210001"
ORG_ENCODED = "urn%3Ali%3Aorganization%3A90210001"
ACCOUNT = AccountRef(id="millbrook-page", platform="linkedin", handle="millbrook-primary")
POST3 = "urn:li:share:7260000000000000003"
POST2 = "urn:li:ugcPost:7260000000000000002"
POST1 = "urn:li:share:7260000000000000001"
#: The cursor a full fetch of the fixtures leaves behind.
CURSOR = {"posts_after": 1795165200000, "comments_after": 1795172400000}


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def reply(status: int, name: str | None = None, body: Any = None,
          headers: dict[str, str] | None = None) -> Callable[[], httpx.Response]:
    if name is not None:
        body = load(name)
    return lambda: httpx.Response(status, json=body, headers=headers)


class SmallPages(LinkedInConnector):
    """Two posts a page, so the three recorded posts take two pages."""

    posts_page_size: ClassVar[int] = 2


class FixturePage(FixtureRouter):
    """A recorded LinkedIn Page: one answer per resource, replaceable by each test."""

    def __init__(self) -> None:
        super().__init__({
            "networkSizes": reply(200, "network_size.json"),
            "organizationAcls": reply(200, "organization_acls.json"),
            "posts:0": reply(200, "posts_page1.json"),
            "posts:2": reply(200, "posts_page2.json"),
            f"comments:{POST3}": reply(200, "comments_post3.json"),
            f"comments:{POST2}": reply(200, "comments_empty.json"),
            f"comments:{POST1}": reply(200, "comments_empty.json"),
        })

    def key(self, request: httpx.Request) -> str:
        path = request.url.path.removeprefix("/linkedin")
        assert path.startswith("/rest/")
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"
        assert request.headers["LinkedIn-Version"] == "202607"
        assert request.headers["X-Restli-Protocol-Version"] == "2.0.0"
        resource = path.split("/")[2]
        if resource == "posts":
            return f"posts:{request.url.params['start']}"
        if resource == "socialActions":
            raw = request.url.raw_path.decode().split("?")[0]
            assert ":" not in raw, "URNs in the path must be percent-encoded"
            return f"comments:{path.split('/')[3]}"
        return resource


@pytest.fixture
def page(respx_mock: respx.MockRouter) -> FixturePage:
    fixture = FixturePage()
    respx_mock.route(host="api.linkedin.com").mock(side_effect=fixture)
    return fixture


def config(**extra: Any) -> LinkedInConfig:
    return LinkedInConfig.model_validate(
        {"access_token": TOKEN, "organization_id": "90210001", **extra})


@pytest.fixture
def connector(http: httpx.Client) -> LinkedInConnector:
    return SmallPages(config(), http)


def test_full_fetch(page: FixturePage, connector: LinkedInConnector) -> None:
    snapshot = connector.fetch(ACCOUNT, None)

    assert snapshot.missing == {}
    assert snapshot.capabilities == {Capability.SETTINGS, Capability.CONTENT}
    assert snapshot.members is None
    assert snapshot.member_count == 212
    settings = snapshot.settings
    assert settings is not None
    assert (settings.visibility, settings.join_policy) == ("public", "open")
    assert [(a.id, a.role) for a in settings.admins or ()] == [
        ("urn:li:person:AbC123xyz", "admin"), ("urn:li:person:DeF456uvw", "editor")]
    assert settings.raw["follower_count"] == 212

    assert [(i.kind, i.id, i.visibility) for i in snapshot.items] == [
        ("post", POST1, "members"), ("post", POST2, "public"), ("post", POST3, "public"),
        ("comment", "urn:li:comment:(urn:li:activity:7260000000000000003,7260000000000000101)",
         "public"),
        ("reply", "urn:li:comment:(urn:li:activity:7260000000000000003,7260000000000000102)",
         "public")]
    assert "Amelia Wright" in snapshot.items[2].text
    assert snapshot.cursor == CURSOR

    assert page.requested() == ["networkSizes", "organizationAcls", "posts:0", "posts:2",
                           f"comments:{POST3}", f"comments:{POST2}", f"comments:{POST1}"]
    first, second = page.params("posts:0") + page.params("posts:2")
    assert first == {"author": ORG, "q": "author", "sortBy": "CREATED", "start": "0", "count": "2"}
    assert second["start"] == "2"
    assert page.params("networkSizes") == [{"edgeType": "COMPANY_FOLLOWED_BY_MEMBER"}]
    assert page.params("organizationAcls")[0]["organization"] == ORG
    raw_paths = [r.url.raw_path.decode() for r in page.requests]
    assert raw_paths[0] == f"/rest/networkSizes/{ORG_ENCODED}?edgeType=COMPANY_FOLLOWED_BY_MEMBER"
    assert f"author={ORG_ENCODED}&q=author" in raw_paths[2]
    assert raw_paths[4].startswith("/rest/socialActions/urn%3Ali%3Ashare%3A7260000000000000003/")


def test_a_repeat_fetch_stops_at_posts_already_read(page: FixturePage,
                                                    connector: LinkedInConnector) -> None:
    snapshot = connector.fetch(ACCOUNT, CURSOR)

    assert snapshot.items == ()
    assert snapshot.cursor == CURSOR
    # Page 1 already holds a post read before: page 2 is not asked for. The comments of
    # the newest posts are read again, since new comments can come at any time.
    assert page.requested() == ["networkSizes", "organizationAcls", "posts:0",
                           f"comments:{POST3}", f"comments:{POST2}"]


def test_an_incremental_fetch_returns_only_what_is_newer(page: FixturePage,
                                                         connector: LinkedInConnector) -> None:
    cursor = {"posts_after": 1795078800000, "comments_after": 1795168800000}
    snapshot = connector.fetch(ACCOUNT, cursor)

    assert [(i.kind, i.id) for i in snapshot.items] == [
        ("post", POST3),
        ("reply", "urn:li:comment:(urn:li:activity:7260000000000000003,7260000000000000102)")]
    assert snapshot.cursor == CURSOR


def test_comment_posts_limits_the_comments_read_again(page: FixturePage,
                                                      http: httpx.Client) -> None:
    snapshot = SmallPages(config(comment_posts=0), http).fetch(ACCOUNT, CURSOR)
    assert snapshot.items == ()
    assert page.requested() == ["networkSizes", "organizationAcls", "posts:0"]


def test_unreadable_cursor_values_mean_a_full_read(page: FixturePage,
                                                   connector: LinkedInConnector) -> None:
    snapshot = connector.fetch(ACCOUNT, {"posts_after": "soon", "comments_after": True})
    assert len(snapshot.items) == 5


def test_requests_go_to_the_accounts_base_url(respx_mock: respx.MockRouter,
                                              http: httpx.Client) -> None:
    fixture = FixturePage()
    respx_mock.route(host="sandbox.invalid").mock(side_effect=fixture)
    account = AccountRef(id="p", platform="linkedin", base_url="http://sandbox.invalid/linkedin")
    LinkedInConnector(config(), http).check_credentials(account)
    assert [str(r.url).split("?")[0] for r in fixture.requests] == [
        f"http://sandbox.invalid/linkedin/rest/networkSizes/{ORG_ENCODED}",
        "http://sandbox.invalid/linkedin/rest/posts"]
    assert fixture.requests[1].url.params["count"] == "1"


def test_paging_without_a_total_follows_next_links(page: FixturePage,
                                                   connector: LinkedInConnector) -> None:
    first = load("posts_page1.json")
    del first["paging"]["total"]
    last = load("posts_page2.json")
    del last["paging"]["total"]
    page.answers["posts:0"] = reply(200, body=first)
    page.answers["posts:2"] = reply(200, body=last)
    snapshot = connector.fetch(ACCOUNT, None)
    assert [k for k in page.requested() if k.startswith("posts")] == ["posts:0", "posts:2"]
    assert len([i for i in snapshot.items if i.kind == "post"]) == 3


@pytest.mark.parametrize(("fixture", "word"), [("error_401_revoked.json", "revoked"),
                                               ("error_401_expired.json", "expired")])
def test_rejected_tokens_raise_auth_error(page: FixturePage, connector: LinkedInConnector,
                                          fixture: str, word: str) -> None:
    page.answers["networkSizes"] = reply(401, fixture)
    with pytest.raises(AuthError) as caught:
        connector.fetch(ACCOUNT, None)
    assert caught.value.status == 401
    assert word in str(caught.value)
    assert "6560" in str(caught.value)
    assert TOKEN not in str(caught.value)


def test_a_401_on_content_stops_the_fetch(page: FixturePage,
                                          connector: LinkedInConnector) -> None:
    page.answers["posts:0"] = reply(401, "error_401_revoked.json")
    with pytest.raises(AuthError):
        connector.fetch(ACCOUNT, None)


def test_a_403_on_the_page_raises(page: FixturePage, connector: LinkedInConnector) -> None:
    page.answers["networkSizes"] = reply(403, "error_403_access_denied.json")
    with pytest.raises(AuthError) as caught:
        connector.fetch(ACCOUNT, None)
    assert caught.value.status == 403
    assert "ACCESS_DENIED" in str(caught.value)


@pytest.mark.parametrize("answer", [
    reply(403, "error_403_access_denied.json"), reply(503, body={"status": 503}),
    reply(429, "error_429.json")])
def test_unreadable_admins_leave_the_rest(page: FixturePage, connector: LinkedInConnector,
                                          answer: FixtureAnswer) -> None:
    page.answers["organizationAcls"] = answer
    snapshot = connector.fetch(ACCOUNT, None)
    assert snapshot.missing == {}
    assert snapshot.settings is not None
    assert snapshot.settings.admins is None
    assert "organizationAcls" in snapshot.settings.raw["admins_unreadable"]
    assert snapshot.settings.visibility == "public"


@pytest.mark.parametrize("key", ["posts:0", "posts:2", f"comments:{POST1}"])
def test_a_content_failure_marks_content_missing_and_keeps_the_cursor(
        page: FixturePage, connector: LinkedInConnector, key: str) -> None:
    page.answers[key] = reply(403, "error_403_access_denied.json")
    old = {"posts_after": 1, "comments_after": 2}
    snapshot = connector.fetch(ACCOUNT, old)
    assert set(snapshot.missing) == {Capability.CONTENT}
    assert snapshot.items == ()
    assert snapshot.cursor == old
    assert snapshot.member_count == 212


def test_429_waits_until_midnight_utc(page: FixturePage, connector: LinkedInConnector) -> None:
    page.answers["networkSizes"] = reply(429, "error_429.json")
    with pytest.raises(RateLimitedError) as caught:
        connector.fetch(ACCOUNT, None)
    gap = abs(caught.value.retry_after - seconds_to_utc_midnight(time.time()))
    assert gap < 5 or gap > 86390  # the second case: midnight passed during the test
    assert caught.value.retry_after <= 86400
    assert caught.value.status == 429


def test_429_honours_retry_after(page: FixturePage, connector: LinkedInConnector) -> None:
    page.answers["networkSizes"] = reply(429, "error_429.json", headers={"Retry-After": "120"})
    with pytest.raises(RateLimitedError) as caught:
        connector.fetch(ACCOUNT, None)
    assert caught.value.retry_after == 120


def test_a_429_that_is_no_daily_limit_waits_minutes(page: FixturePage,
                                                   connector: LinkedInConnector) -> None:
    page.answers["networkSizes"] = reply(429, body={
        "status": 429, "code": "TOO_MANY_REQUESTS", "message": "Too many requests"})
    with pytest.raises(RateLimitedError) as caught:
        connector.fetch(ACCOUNT, None)
    assert caught.value.retry_after == THROTTLE_WAIT


def test_seconds_to_utc_midnight() -> None:
    eleven_pm = datetime(2026, 11, 23, 23, 0, tzinfo=UTC).timestamp()
    assert seconds_to_utc_midnight(eleven_pm) == 3600
    assert seconds_to_utc_midnight(datetime(2026, 11, 23, tzinfo=UTC).timestamp()) == 86400


@pytest.mark.parametrize("answer", [
    reply(500, body={"status": 500, "message": "Internal Server Error"}),
    reply(504, body={"status": 504}),
    httpx.ConnectError("connection refused"),
    httpx.ReadTimeout("timed out"),
])
def test_outages_are_unavailable(page: FixturePage, connector: LinkedInConnector,
                                 answer: FixtureAnswer) -> None:
    page.answers["networkSizes"] = answer
    with pytest.raises(PlatformUnavailableError):
        connector.fetch(ACCOUNT, None)


def test_a_content_outage_is_missing_content(page: FixturePage,
                                             connector: LinkedInConnector) -> None:
    page.answers[f"comments:{POST3}"] = httpx.ReadTimeout("timed out")
    snapshot = connector.fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.CONTENT}
    assert "timed out" in snapshot.missing[Capability.CONTENT]
    assert snapshot.cursor is None


@pytest.mark.parametrize(("key", "answer"), [
    ("networkSizes", lambda: httpx.Response(200, content=(FIXTURES / "malformed.txt").read_bytes())),
    ("networkSizes", reply(200, body=[212])),
    ("networkSizes", reply(200, body={"firstDegreeSize": "many"})),
])
def test_malformed_page_answers_are_response_errors(page: FixturePage,
                                                    connector: LinkedInConnector,
                                                    key: str, answer: FixtureAnswer) -> None:
    page.answers[key] = answer
    with pytest.raises(PlatformResponseError):
        connector.fetch(ACCOUNT, None)


@pytest.mark.parametrize("body", [
    {"paging": {"start": 0}, "elements": {"id": 1}},
    {"paging": [], "elements": []},
    {"paging": {"total": 1}, "elements": [{"id": "urn:li:share:1"}]},
])
def test_malformed_posts_are_missing_content(page: FixturePage, connector: LinkedInConnector,
                                             body: Any) -> None:
    page.answers["posts:0"] = reply(200, body=body)
    snapshot = connector.fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.CONTENT}


def test_a_sunset_version_says_what_to_change(page: FixturePage,
                                              connector: LinkedInConnector) -> None:
    page.answers["networkSizes"] = reply(426, "error_426.json")
    with pytest.raises(ConnectorError) as caught:
        connector.fetch(ACCOUNT, None)
    assert caught.value.status == 426
    assert "api_version" in str(caught.value)


def test_the_token_never_shows_in_messages_or_logs(page: FixturePage,
                                                   connector: LinkedInConnector,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    page.answers["organizationAcls"] = reply(403, "error_403_access_denied.json")
    page.answers["posts:0"] = reply(503, body={"status": 503})
    snapshot = connector.fetch(ACCOUNT, None)
    page.answers["networkSizes"] = reply(401, "error_401_revoked.json")
    with pytest.raises(AuthError) as caught:
        connector.fetch(ACCOUNT, None)
    texts = [caplog.text, str(caught.value), repr(connector.config), str(snapshot.missing),
             str(snapshot.settings)]
    assert all(TOKEN not in text for text in texts)


def test_config_accepts_an_urn_and_rejects_nonsense() -> None:
    assert config(organization_id="urn:li:organization:90210001").organization_id == "90210001"
    assert config(organization_id=90210001).organization_id == "90210001"
    assert config().api_version == "202607"
    assert config(api_version="202603").api_version == "202603"
    for bad in ({"organization_id": "millbrook"}, {"organization_id": "urn:li:person:1"},
                {"api_version": "2026-07"}, {"comment_posts": 500}, {"token": "x"}):
        with pytest.raises(ValidationError):
            config(**bad)
    assert TOKEN not in repr(config()) and TOKEN not in str(config().model_dump())
