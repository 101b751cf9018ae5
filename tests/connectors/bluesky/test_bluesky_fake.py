"""The Bluesky connector against its own fake, in-process, as the sandbox runs it."""

from __future__ import annotations

import json
import re
import textwrap
from typing import Any

import httpx
import pytest
import yaml

from auditor import AccountRef, AuthError, Capability, ConfigError
from auditor.fake import Fault
from auditor.testing import fake_base_url, http_for_fake
from connectors.bluesky import BlueskyConfig, BlueskyConnector
from connectors.bluesky.fake import FakeBluesky

PASSWORD = "demo-bsky-2026-mcps"
ACCOUNT = AccountRef(id="millbrook-bluesky", platform="bluesky", handle="millbrook.bsky.social",
                     base_url=fake_base_url("bluesky"))

# The demo scenario, as it appears under ``platforms: bluesky:`` in a sandbox scenario file.
DEMO = yaml.safe_load(textwrap.dedent("""
    accounts:
      - handle: millbrook.bsky.social
        did: "did:plc:m2llbrookschoolaa345abcd"
        display_name: Millbrook CE Primary School
        description: News from Millbrook CE Primary School, millbrook.example
        app_password: demo-bsky-2026-mcps
        followers:
          - {handle: parent-one.bsky.social, display_name: Parent One}
          - {handle: millbrook-pta.bsky.social, display_name: Millbrook PTA}
        posts:
          - rkey: 3lbxsportsd22
            text: Sports day on Friday! Families welcome from 1pm.
            created_at: "2026-11-18T09:00:00Z"
            threadgate: [followers]
            images: [{alt: Relay race on the school field}]
          - text: Well done to Amelia Wright, our reading champion this week!
            created_at: "2026-11-20T12:00:00Z"
        replies:
          - text: Can someone call me on 07700 900123 about the kit?
            created_at: "2026-11-18T10:00:00Z"
            author: {handle: parent-one.bsky.social, display_name: Parent One}
            to: 3lbxsportsd22
"""))


def fetch(data: dict[str, Any], cursor: dict[str, Any] | None = None,
          fake: FakeBluesky | None = None, password: str = PASSWORD) -> Any:
    fake = fake or FakeBluesky(data)
    http = http_for_fake(BlueskyConnector, fake)
    try:
        return BlueskyConnector(BlueskyConfig(app_password=password), http).fetch(ACCOUNT, cursor)
    finally:
        http.close()


def call(fake: FakeBluesky, method: str, nsid: str, token: str | None = None,
         **kwargs: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return fake(httpx.Request(method, f"http://sandbox.invalid/xrpc/{nsid}", headers=headers,
                              **kwargs))


def sign_in(fake: FakeBluesky) -> str:
    answer = call(fake, "POST", "com.atproto.server.createSession",
                  json={"identifier": "millbrook.bsky.social", "password": PASSWORD})
    assert answer.status_code == 200
    token: str = answer.json()["accessJwt"]
    assert token.count(".") == 2
    return token


def test_demo_scenario_shows_its_breaches() -> None:
    fake = FakeBluesky(DEMO)
    snapshot = fetch(DEMO, fake=fake)
    assert not snapshot.missing
    assert snapshot.settings.visibility == "public"
    assert snapshot.settings.comments == "everyone"  # the Amelia Wright post has no threadgate
    texts = {item.kind: item.text for item in snapshot.items}
    assert "07700 900123" in texts["reply"]
    assert any("Amelia Wright" in item.text for item in snapshot.items if item.kind == "post")
    assert snapshot.member_count == 2
    # A first audit: createSession, getFollowers, getAuthorFeed, listNotifications.
    assert dict(fake.calls) == {
        "POST /xrpc/com.atproto.server.createSession": 1,
        "GET /xrpc/app.bsky.graph.getFollowers": 1,
        "GET /xrpc/app.bsky.feed.getAuthorFeed": 1,
        "GET /xrpc/app.bsky.notification.listNotifications": 1}
    assert fake.call_count == 4
    again = fetch(DEMO, snapshot.cursor, fake=fake)
    # A repeat audit of the unchanged account in the same process: the kept session, so
    # three (getFollowers, getAuthorFeed, listNotifications), no getProfile.
    assert again.items == () and fake.call_count == 7
    assert fake.calls["POST /xrpc/com.atproto.server.createSession"] == 1
    assert "GET /xrpc/app.bsky.actor.getProfile" not in fake.calls
    assert again.member_count == 2 and again.settings.raw["followers_count_source"] == "listed"


def test_pages_are_followed() -> None:
    data = {"accounts": [{
        "handle": "millbrook.bsky.social", "app_password": PASSWORD,
        "followers": [{"handle": f"f{n}.bsky.social"} for n in range(230)],
        "posts": [{"text": f"post {n}", "created_at": f"2026-10-{1 + n // 24:02d}T{n % 24:02d}:00:00Z"}
                  for n in range(250)],
    }]}
    fake = FakeBluesky(data)
    snapshot = fetch(data, fake=fake)
    assert len(snapshot.members) == 230 and len(snapshot.items) == 250
    assert fake.calls["GET /xrpc/app.bsky.graph.getFollowers"] == 3
    assert fake.calls["GET /xrpc/app.bsky.feed.getAuthorFeed"] == 3
    again = fetch(data, snapshot.cursor, fake=fake)
    assert again.items == ()
    assert fake.calls["GET /xrpc/app.bsky.feed.getAuthorFeed"] == 4  # page 1 only


def test_a_new_post_and_reply_are_read_next_time() -> None:
    fake = FakeBluesky(DEMO)
    first = fetch(DEMO, fake=fake)
    data = json.loads(json.dumps(DEMO))
    data["accounts"][0]["posts"].append({"text": "Concert tickets on sale",
                                         "created_at": "2026-11-21T09:00:00Z"})
    data["accounts"][0]["replies"].append({
        "text": "Lovely", "created_at": "2026-11-21T10:00:00Z", "reason": "mention",
        "author": {"handle": "parent-one.bsky.social"}})
    again = fetch(data, first.cursor)
    assert [(i.kind, i.text) for i in again.items] == [("post", "Concert tickets on sale"),
                                                      ("comment", "Lovely")]


def test_wrong_app_password_is_refused() -> None:
    with pytest.raises(AuthError) as caught:
        fetch(DEMO, password="wxyz-wxyz-wxyz-wxyz")
    assert caught.value.status == 401 and "wxyz" not in str(caught.value)


def test_queries_need_a_session_token() -> None:
    fake = FakeBluesky(DEMO)
    assert call(fake, "GET", "app.bsky.actor.getProfile?actor=millbrook.bsky.social"
                ).status_code == 401
    assert call(fake, "GET", "app.bsky.actor.getProfile?actor=millbrook.bsky.social",
                token="forged.token.here").status_code == 401
    token = sign_in(fake)
    profile = call(fake, "GET", "app.bsky.actor.getProfile?actor=millbrook.bsky.social", token)
    assert profile.json()["did"] == "did:plc:m2llbrookschoolaa345abcd"


def test_followers_subject_is_a_profile_view_without_counts() -> None:
    fake = FakeBluesky(DEMO)
    token = sign_in(fake)
    detailed = call(fake, "GET", "app.bsky.actor.getProfile?actor=millbrook.bsky.social",
                    token).json()
    subject = call(fake, "GET", "app.bsky.graph.getFollowers?actor=millbrook.bsky.social",
                   token).json()["subject"]
    assert detailed["followersCount"] == 2 and "postsCount" in detailed
    assert not {"followersCount", "followsCount", "postsCount", "banner", "pinnedPost"} & set(subject)
    assert {k: detailed[k] for k in subject} == subject


@pytest.mark.parametrize("query", [
    "app.bsky.graph.getFollowers?actor=millbrook.bsky.social&limit=101",
    "app.bsky.graph.getFollowers?actor=millbrook.bsky.social&cursor=opaque",
    "app.bsky.feed.getAuthorFeed?actor=millbrook.bsky.social&filter=everything",
    "app.bsky.feed.getAuthorFeed?actor=millbrook.bsky.social&since=2026-01-01",
    "app.bsky.notification.listNotifications?reasons=gossip",
    "app.bsky.actor.getProfile?actor=nobody.bsky.social",
])
def test_bad_requests_get_invalid_request(query: str) -> None:
    fake = FakeBluesky(DEMO)
    answer = call(fake, "GET", query, sign_in(fake))
    assert answer.status_code == 400 and answer.json()["error"] == "InvalidRequest"


def test_notification_reasons_filter() -> None:
    fake = FakeBluesky(DEMO)
    token = sign_in(fake)
    replies = call(fake, "GET", "app.bsky.notification.listNotifications?reasons=reply", token)
    likes = call(fake, "GET", "app.bsky.notification.listNotifications?reasons=like", token)
    assert len(replies.json()["notifications"]) == 1 and likes.json()["notifications"] == []


def test_rate_limits_carry_the_bluesky_headers() -> None:
    fake = FakeBluesky(DEMO)
    answer = fake.rate_limited(httpx.Request("GET", "http://sandbox.invalid/xrpc/x"), 60)
    assert answer.status_code == 429 and answer.json()["error"] == "RateLimitExceeded"
    assert {"ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"} <= set(answer.headers)


def test_followers_fail_alone() -> None:
    fake = FakeBluesky(DEMO)
    http = http_for_fake(BlueskyConnector, fake, faults=[
        Fault(platform="bluesky", path=re.compile("getFollowers$"), status=502)])
    snapshot = BlueskyConnector(BlueskyConfig(app_password=PASSWORD), http).fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.MEMBERS}


@pytest.mark.parametrize(("change", "key"), [
    ({"colour": "blue"}, "accounts[0].colour"),
    ({"posts": [{"text": "x"}]}, "accounts[0].posts[0].created_at"),
    ({"posts": [{"text": "x", "created_at": "2026-01-01T00:00:00"}]},
     "accounts[0].posts[0].created_at"),
    ({"posts": [{"text": "x", "created_at": "2026-01-01T00:00:00Z", "threadgate": ["anyone"]}]},
     "accounts[0].posts[0].threadgate"),
    ({"replies": [{"text": "x", "created_at": "2026-01-01T00:00:00Z",
                   "author": {"handle": "a.bsky.social"}, "reason": "like"}]},
     "accounts[0].replies[0].reason"),
])
def test_scenario_mistakes_name_their_key(change: dict[str, Any], key: str) -> None:
    data = {"accounts": [{"handle": "millbrook.bsky.social", **change}]}
    with pytest.raises(ConfigError) as caught:
        FakeBluesky(data)
    assert caught.value.key == key


# -- sessions: expiry, refresh, and a connector that keeps them ------------------------------

PROFILE = "app.bsky.actor.getProfile?actor=millbrook.bsky.social"


def test_an_access_token_expires_after_two_hours() -> None:
    fake = FakeBluesky(DEMO)
    token = sign_in(fake)
    now = fake.clock()
    fake.clock = lambda: now + FakeBluesky.ACCESS_LIFETIME + 1
    expired = call(fake, "GET", PROFILE, token)
    assert expired.status_code == 400 and expired.json()["error"] == "ExpiredToken"


def test_refresh_session_rotates_the_refresh_token() -> None:
    fake = FakeBluesky(DEMO)
    first = call(fake, "POST", "com.atproto.server.createSession",
                 json={"identifier": "millbrook.bsky.social", "password": PASSWORD}).json()
    # The access token is no refresh token.
    assert call(fake, "POST", "com.atproto.server.refreshSession",
                first["accessJwt"]).json()["error"] == "ExpiredToken"
    fresh = call(fake, "POST", "com.atproto.server.refreshSession", first["refreshJwt"])
    assert fresh.status_code == 200
    body = fresh.json()
    assert {"accessJwt", "refreshJwt", "did", "handle"} <= body.keys()
    assert body["refreshJwt"] != first["refreshJwt"]
    assert call(fake, "GET", PROFILE, body["accessJwt"]).status_code == 200
    # The old refresh token was used up.
    revoked = call(fake, "POST", "com.atproto.server.refreshSession", first["refreshJwt"])
    assert (revoked.status_code, revoked.json()["error"]) == (400, "ExpiredToken")
    assert call(fake, "GET", "com.atproto.server.refreshSession",
                body["refreshJwt"]).status_code == 400


def test_a_kept_session_past_its_time_is_refreshed_not_recreated() -> None:
    fake = FakeBluesky(DEMO)
    first = fetch(DEMO, fake=fake)
    now = fake.clock()
    fake.clock = lambda: now + FakeBluesky.ACCESS_LIFETIME + 1
    # The connector reads the token's exp with the real clock, so it still looks good to
    # it: the PDS's ExpiredToken answer is what makes it refresh, once.
    again = fetch(DEMO, first.cursor, fake=fake)
    assert not again.missing and again.items == ()
    assert fake.calls["POST /xrpc/com.atproto.server.refreshSession"] == 1
    assert fake.calls["POST /xrpc/com.atproto.server.createSession"] == 1
    assert fake.call_count == 4 + 5  # getFollowers rejected, refreshSession, then the three


def test_a_session_from_another_fake_is_replaced() -> None:
    # The process keeps a session this PDS never issued: the token and the refresh token
    # are refused, and the connector signs in again.
    fetch(DEMO)
    fake = FakeBluesky(DEMO)
    snapshot = fetch(DEMO, fake=fake)
    assert not snapshot.missing
    assert fake.calls["POST /xrpc/com.atproto.server.refreshSession"] == 1
    assert fake.calls["POST /xrpc/com.atproto.server.createSession"] == 1
