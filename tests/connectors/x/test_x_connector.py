"""The X connector against recorded API responses, served by the ``responses`` library."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from pydantic import SecretStr
from responses import matchers

import connectors.x
from auditor import (
    AccountRef,
    AuthError,
    Capability,
    ConfigError,
    ConnectorConfig,
    ConnectorError,
    PlatformResponseError,
    PlatformUnavailableError,
    RateLimitedError,
)
from auditor.http import new_requests_session
from connectors.x import XConfig, XConnector
from connectors.x.client import XClient

FIXTURES = Path(connectors.x.__file__).parent / "fixtures"
TOKEN = "AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUifiRBkKG5E2X"
API = "https://api.twitter.com/2"
LOOKUP = f"{API}/users/by/username/BradfieldY6"
FOLLOWERS = f"{API}/users/1500000000000000001/followers"
TWEETS = f"{API}/users/1500000000000000001/tweets"
SEARCH = f"{API}/tweets/search/recent"
NEXT = "7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i"
ACCOUNT = AccountRef(id="year6", platform="x", handle="@BradfieldY6")
OLD_CURSOR = {"since_id": "1700000000000000000", "replies_since_id": "1700000000000000001"}


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def make_connector(target: str | None = None) -> XConnector:
    session = new_requests_session(origin=XConnector.api_origin, target=target)
    return XConnector(XConfig(bearer_token=SecretStr(TOKEN)), session)


def query(call: Any) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(call.request.url).query).items()}


def calls_to(rsps: responses.RequestsMock, url: str) -> list[Any]:
    return [c for c in rsps.calls if c.request.url.split("?")[0] == url]


def assert_no_token(*texts: object) -> None:
    for text in texts:
        assert TOKEN not in str(text)


def retry_seconds(message: str) -> int:
    match = re.search(r"retry after (\d+)s", message)
    assert match, message
    return int(match.group(1))


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


def add(rsps: responses.RequestsMock, url: str, name: str | None = None, *, status: int = 200,
        body: Any = None, headers: dict[str, str] | None = None, **params: str) -> None:
    """Serve fixture ``name`` (or ``body``) at ``url``, for requests carrying ``params``."""
    if name is not None:
        body = (FIXTURES / name).read_text(encoding="utf-8")
    elif not isinstance(body, str | Exception):
        body = json.dumps(body)
    match = [matchers.query_param_matcher(params, strict_match=False)] if params else []
    rsps.add(responses.GET, url, body=body, status=status, headers=headers,
             content_type="application/json", match=match)


def add_lookup(rsps: responses.RequestsMock, most_recent: str = "1800000000000000003") -> None:
    lookup = fixture("user_lookup.json")
    lookup["data"]["most_recent_tweet_id"] = most_recent
    add(rsps, LOOKUP, body=lookup)


def add_followers(rsps: responses.RequestsMock) -> None:
    # The page asked for with the token first: responses answers with the first match.
    add(rsps, FOLLOWERS, "followers_page2.json", pagination_token=NEXT)
    add(rsps, FOLLOWERS, "followers_page1.json")


def test_a_full_fetch(rsps: responses.RequestsMock, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="tweepy")
    add_lookup(rsps)
    add_followers(rsps)
    add(rsps, TWEETS, "tweets.json")
    add(rsps, SEARCH, "search_recent.json")

    snapshot = make_connector().fetch(ACCOUNT, None)

    assert snapshot.missing == {}
    assert snapshot.capabilities == {Capability.SETTINGS, Capability.MEMBERS, Capability.CONTENT}
    assert snapshot.fetched_at.tzinfo is not None
    assert snapshot.settings is not None
    assert (snapshot.settings.visibility, snapshot.settings.join_policy) == ("public", "open")
    assert snapshot.settings.admins is None
    assert snapshot.settings.raw["latest_tweet_reply_settings"] == "everyone"
    assert snapshot.member_count == 3
    assert snapshot.members is not None
    assert [m.handle for m in snapshot.members] == ["parent_one", "BradfieldPTA", "stranger_danger"]
    assert [(i.kind, i.id) for i in snapshot.items] == [
        ("post", "1800000000000000001"), ("post", "1800000000000000002"),
        ("post", "1800000000000000003"), ("reply", "1800000000000000010"),
        ("reply", "1800000000000000011")]
    assert snapshot.cursor == {"since_id": "1800000000000000003",
                               "replies_since_id": "1800000000000000011"}

    assert len(rsps.calls) == 5
    lookup, followers1, followers2, tweets, search = rsps.calls
    assert lookup.request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert {"protected", "public_metrics", "most_recent_tweet_id"} <= set(
        query(lookup)["user.fields"].split(","))
    assert query(lookup)["expansions"] == "most_recent_tweet_id"
    assert query(followers1)["max_results"] == "1000" and "pagination_token" not in query(followers1)
    assert query(followers2)["pagination_token"] == NEXT
    assert "since_id" not in query(tweets)
    assert query(tweets)["max_results"] == "100"
    assert set(query(tweets)["expansions"].split(",")) == {
        "attachments.media_keys", "author_id", "geo.place_id"}
    assert query(search)["query"] == "to:BradfieldY6 -from:BradfieldY6"
    assert "since_id" not in query(search)
    # tweepy logs its request headers at DEBUG: the token must not be among them.
    assert "Making API request" in caplog.text
    assert_no_token(caplog.text)


def test_requests_go_to_the_accounts_base_url(rsps: responses.RequestsMock) -> None:
    base = "http://sandbox.invalid/x"
    add(rsps, f"{base}/2/users/by/username/BradfieldY6", "user_lookup.json")
    make_connector(target=base).check_credentials(ACCOUNT)
    assert len(rsps.calls) == 1


def test_a_repeat_fetch_of_an_unchanged_account_makes_three_calls(
        rsps: responses.RequestsMock) -> None:
    cursor = {"since_id": "1800000000000000003", "replies_since_id": "1800000000000000011"}
    add_lookup(rsps, most_recent="1800000000000000003")
    add(rsps, FOLLOWERS, "followers_page2.json")
    add(rsps, SEARCH, "empty.json")

    snapshot = make_connector().fetch(ACCOUNT, cursor)

    assert snapshot.missing == {}
    assert snapshot.items == ()
    assert snapshot.cursor == cursor
    assert len(rsps.calls) == 3
    assert calls_to(rsps, TWEETS) == []
    assert query(calls_to(rsps, SEARCH)[0])["since_id"] == "1800000000000000011"


def test_an_incremental_fetch_sends_since_id(rsps: responses.RequestsMock) -> None:
    cursor = {"since_id": "1800000000000000003", "replies_since_id": "1800000000000000011"}
    add_lookup(rsps, most_recent="1800000000000000004")
    add(rsps, FOLLOWERS, "followers_page2.json")
    new_tweet = {"id": "1800000000000000004", "text": "Trip to the museum tomorrow",
                 "created_at": "2024-06-15T08:00:00.000Z", "author_id": "1500000000000000001",
                 "edit_history_tweet_ids": ["1800000000000000004"]}
    add(rsps, TWEETS, body={"data": [new_tweet], "meta": {
        "result_count": 1, "newest_id": "1800000000000000004",
        "oldest_id": "1800000000000000004"}}, since_id="1800000000000000003")
    add(rsps, SEARCH, "empty.json", since_id="1800000000000000011")

    snapshot = make_connector().fetch(ACCOUNT, cursor)

    assert [i.id for i in snapshot.items] == ["1800000000000000004"]
    assert snapshot.cursor == {"since_id": "1800000000000000004",
                               "replies_since_id": "1800000000000000011"}
    # The lookup expanded no tweet with that id: the newest tweet read stands in.
    assert snapshot.settings is not None
    assert snapshot.settings.raw["latest_tweet_id"] == "1800000000000000004"


def test_401_on_lookup_raises_auth_error(rsps: responses.RequestsMock) -> None:
    add(rsps, LOOKUP, "error_401.json", status=401)
    with pytest.raises(AuthError) as caught:
        make_connector().fetch(ACCOUNT, None)
    assert caught.value.status == 401
    assert caught.value.platform == "x"
    assert "401" in str(caught.value) and "Unauthorized" in str(caught.value)
    assert_no_token(caught.value, repr(caught.value))


def test_check_credentials(rsps: responses.RequestsMock) -> None:
    add(rsps, LOOKUP, "user_lookup.json")
    add(rsps, LOOKUP, "error_401.json", status=401)
    connector = make_connector()
    connector.check_credentials(ACCOUNT)
    with pytest.raises(AuthError):
        connector.check_credentials(ACCOUNT)


def test_403_on_followers_marks_only_members_missing(rsps: responses.RequestsMock) -> None:
    add_lookup(rsps)
    add(rsps, FOLLOWERS, "error_403_client_forbidden.json", status=403)
    add(rsps, TWEETS, "tweets.json")
    add(rsps, SEARCH, "search_recent.json")

    snapshot = make_connector().fetch(ACCOUNT, None)

    assert set(snapshot.missing) == {Capability.MEMBERS}
    assert "403" in snapshot.missing[Capability.MEMBERS]
    assert "Client Forbidden" in snapshot.missing[Capability.MEMBERS]
    assert snapshot.members is None
    assert not snapshot.observed(Capability.MEMBERS)
    assert snapshot.observed(Capability.CONTENT) and snapshot.observed(Capability.SETTINGS)
    assert len(snapshot.items) == 5
    assert snapshot.member_count == 3
    assert_no_token(*snapshot.missing.values())


def test_429_on_tweets_marks_content_missing_and_keeps_the_cursor(
        rsps: responses.RequestsMock) -> None:
    add_lookup(rsps)
    add_followers(rsps)
    add(rsps, TWEETS, "error_429.json", status=429, headers={
        "x-rate-limit-limit": "10000", "x-rate-limit-remaining": "0",
        "x-rate-limit-reset": str(int(time.time()) + 600)})

    snapshot = make_connector().fetch(ACCOUNT, OLD_CURSOR)

    assert set(snapshot.missing) == {Capability.CONTENT}
    message = snapshot.missing[Capability.CONTENT]
    assert "rate limited" in message
    assert 590 <= retry_seconds(message) <= 600
    assert snapshot.items == ()
    assert snapshot.cursor == OLD_CURSOR
    assert snapshot.members is not None and len(snapshot.members) == 3


def test_missing_content_on_a_first_fetch_leaves_no_cursor(rsps: responses.RequestsMock) -> None:
    add_lookup(rsps)
    add_followers(rsps)
    add(rsps, TWEETS, "tweets.json")
    add(rsps, SEARCH, "error_503.json", status=503)

    snapshot = make_connector().fetch(ACCOUNT, None)

    # The tweets were read but the replies were not: nothing moves on.
    assert set(snapshot.missing) == {Capability.CONTENT}
    assert "server error (503)" in snapshot.missing[Capability.CONTENT]
    assert snapshot.items == ()
    assert snapshot.cursor is None


def test_429_on_lookup_raises_with_the_reset_derived_wait(rsps: responses.RequestsMock) -> None:
    add(rsps, LOOKUP, "error_429.json", status=429, headers={
        "x-rate-limit-limit": "300", "x-rate-limit-remaining": "0",
        "x-rate-limit-reset": str(int(time.time()) + 120)})
    with pytest.raises(RateLimitedError) as caught:
        make_connector().fetch(ACCOUNT, None)
    assert 110 <= caught.value.retry_after <= 120
    assert caught.value.status == 429


def test_retry_after_comes_from_x_rate_limit_reset(rsps: responses.RequestsMock) -> None:
    session = new_requests_session(origin=XConnector.api_origin)
    client = XClient(SecretStr(TOKEN), session, clock=lambda: 1_700_000_000.0)
    add(rsps, LOOKUP, "error_429.json", status=429,
        headers={"x-rate-limit-reset": "1700000120"})
    add(rsps, LOOKUP, "error_429.json", status=429)
    with pytest.raises(RateLimitedError) as first:
        client.user_by_username("BradfieldY6")
    assert first.value.retry_after == 120.0
    with pytest.raises(RateLimitedError) as second:
        client.user_by_username("BradfieldY6")
    assert second.value.retry_after == 900.0


def test_500_on_lookup_raises_platform_unavailable(rsps: responses.RequestsMock) -> None:
    add(rsps, LOOKUP, body={"title": "Internal Server Error", "type": "about:blank",
                            "status": 500, "detail": "Internal Server Error"}, status=500)
    with pytest.raises(PlatformUnavailableError) as caught:
        make_connector().fetch(ACCOUNT, None)
    assert caught.value.status == 500


def test_a_timeout_on_followers_marks_members_missing(rsps: responses.RequestsMock) -> None:
    add_lookup(rsps)
    add(rsps, FOLLOWERS, body=requests.Timeout("read timed out"))
    add(rsps, TWEETS, "tweets.json")
    add(rsps, SEARCH, "search_recent.json")

    snapshot = make_connector().fetch(ACCOUNT, None)

    assert set(snapshot.missing) == {Capability.MEMBERS}
    assert "timed out" in snapshot.missing[Capability.MEMBERS]
    assert len(snapshot.items) == 5


@pytest.mark.parametrize(("failure", "message"), [
    (requests.Timeout("read timed out"), "timed out"),
    (requests.ConnectionError("connection refused"), "could not connect"),
])
def test_network_failures_on_lookup_raise_platform_unavailable(
        rsps: responses.RequestsMock, failure: Exception, message: str) -> None:
    add(rsps, LOOKUP, body=failure)
    with pytest.raises(PlatformUnavailableError, match=message) as caught:
        make_connector().fetch(ACCOUNT, None)
    assert_no_token(caught.value)


def test_malformed_json_on_tweets_marks_content_missing(rsps: responses.RequestsMock) -> None:
    add_lookup(rsps)
    add_followers(rsps)
    add(rsps, TWEETS, "malformed.txt")

    snapshot = make_connector().fetch(ACCOUNT, OLD_CURSOR)

    assert set(snapshot.missing) == {Capability.CONTENT}
    assert "not JSON" in snapshot.missing[Capability.CONTENT]
    assert snapshot.cursor == OLD_CURSOR


@pytest.mark.parametrize("name", ["malformed.txt", "user_missing_fields.json", "empty.json"])
def test_a_malformed_lookup_raises_platform_response_error(
        rsps: responses.RequestsMock, name: str) -> None:
    add(rsps, LOOKUP, name)
    with pytest.raises(PlatformResponseError):
        make_connector().fetch(ACCOUNT, None)


def test_a_tweet_missing_documented_fields_marks_content_missing(
        rsps: responses.RequestsMock) -> None:
    tweets = fixture("tweets.json")
    del tweets["data"][1]["created_at"]
    add_lookup(rsps)
    add_followers(rsps)
    add(rsps, TWEETS, body=tweets)

    snapshot = make_connector().fetch(ACCOUNT, None)

    assert set(snapshot.missing) == {Capability.CONTENT}
    assert "created_at is missing" in snapshot.missing[Capability.CONTENT]


def test_an_unknown_account_raises_not_found(rsps: responses.RequestsMock) -> None:
    add(rsps, LOOKUP, "user_not_found.json")
    with pytest.raises(ConnectorError) as caught:
        make_connector().fetch(ACCOUNT, None)
    assert type(caught.value) is ConnectorError
    assert caught.value.status == 404
    assert "Could not find user" in str(caught.value)


def test_a_protected_accounts_tweets_are_not_authorised(rsps: responses.RequestsMock) -> None:
    add_lookup(rsps)
    add_followers(rsps)
    add(rsps, TWEETS, "tweets_not_authorized.json")

    snapshot = make_connector().fetch(ACCOUNT, None)

    assert set(snapshot.missing) == {Capability.CONTENT}
    assert "not authorised" in snapshot.missing[Capability.CONTENT]


def test_a_since_id_older_than_the_search_window_is_dropped(
        rsps: responses.RequestsMock, caplog: pytest.LogCaptureFixture) -> None:
    cursor = {"since_id": "1800000000000000003", "replies_since_id": "1790000000000000000"}
    add_lookup(rsps)
    add(rsps, FOLLOWERS, "followers_page2.json")
    add(rsps, SEARCH, "error_400_since_id.json", status=400, since_id="1790000000000000000")
    add(rsps, SEARCH, "search_recent.json")

    snapshot = make_connector().fetch(ACCOUNT, cursor)

    assert snapshot.missing == {}
    first, second = calls_to(rsps, SEARCH)
    assert query(first)["since_id"] == "1790000000000000000"
    assert "since_id" not in query(second)
    assert [i.id for i in snapshot.items] == ["1800000000000000010", "1800000000000000011"]
    assert snapshot.cursor == {"since_id": "1800000000000000003",
                               "replies_since_id": "1800000000000000011"}
    assert "more than 7 days ago" in caplog.text


def test_replies_not_newer_than_the_cursor_are_dropped(rsps: responses.RequestsMock) -> None:
    cursor = {"since_id": "1800000000000000003", "replies_since_id": "1800000000000000010"}
    add_lookup(rsps)
    add(rsps, FOLLOWERS, "followers_page2.json")
    add(rsps, SEARCH, "search_recent.json")
    snapshot = make_connector().fetch(ACCOUNT, cursor)
    assert [i.id for i in snapshot.items] == ["1800000000000000011"]


def test_another_bad_request_on_search_marks_content_missing(
        rsps: responses.RequestsMock) -> None:
    add_lookup(rsps)
    add_followers(rsps)
    add(rsps, TWEETS, "empty.json")
    add(rsps, SEARCH, body={"errors": [{"parameters": {"query": ["to:"]}, "message": "bad"}],
                            "title": "Invalid Request", "type": "about:blank"}, status=400)

    snapshot = make_connector().fetch(ACCOUNT, None)

    assert "request refused (400: Invalid Request)" in snapshot.missing[Capability.CONTENT]
    assert len(calls_to(rsps, SEARCH)) == 1


def test_a_next_token_that_does_not_advance_is_refused(rsps: responses.RequestsMock) -> None:
    page = fixture("followers_page1.json")
    add_lookup(rsps)
    add(rsps, FOLLOWERS, body=page, pagination_token=NEXT)
    add(rsps, FOLLOWERS, body=page)
    add(rsps, TWEETS, "empty.json")
    add(rsps, SEARCH, "empty.json")
    snapshot = make_connector().fetch(ACCOUNT, None)
    assert "does not advance" in snapshot.missing[Capability.MEMBERS]


def test_the_token_never_appears_in_messages_or_the_config(
        rsps: responses.RequestsMock) -> None:
    config = XConfig(bearer_token=SecretStr(TOKEN))
    assert_no_token(repr(config), str(config), config.model_dump(), config.model_dump_json())
    messages: list[object] = []
    for status, name in [(401, "error_401.json"), (403, "error_403_client_forbidden.json"),
                         (429, "error_429.json"), (503, "error_503.json"), (200, "malformed.txt"),
                         (200, "user_not_found.json")]:
        rsps.reset()
        add(rsps, LOOKUP, name, status=status)
        with pytest.raises(ConnectorError) as caught:
            make_connector().fetch(ACCOUNT, None)
        messages += [caught.value, repr(caught.value), caught.value.__cause__]
    assert_no_token(*messages)


def test_an_account_needs_a_handle() -> None:
    with pytest.raises(ConfigError, match="handle"):
        make_connector().fetch(AccountRef(id="year6", platform="x", handle="@"), None)


def test_the_config_is_strict() -> None:
    with pytest.raises(ValueError, match="extra"):
        XConfig.model_validate({"bearer_token": "x", "api_key": "y"})
    with pytest.raises(TypeError, match="XConfig"):
        XConnector(ConnectorConfig(), requests.Session())
