"""FakeMastodon's own behaviour, and the connector against it in-process."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest

from auditor import AccountRef, AuthError, Capability, ConfigError, RateLimitedError
from auditor.fake import Fault
from auditor.testing import fake_base_url, http_for_fake
from connectors.mastodon import MastodonConfig, MastodonConnector
from connectors.mastodon.fake import FakeMastodon

TOKEN = "fake-test-token"
OTHER_TOKEN = "other-account-token"
BASE = fake_base_url("mastodon")
ACCOUNT = AccountRef(id="y6", platform="mastodon", handle="MillbrookY6", base_url=BASE)
CONFIG = MastodonConfig(instance_url="https://mastodon.millbrook.example", access_token=TOKEN)


def scenario(**changes: Any) -> dict[str, Any]:
    school: dict[str, Any] = {
        "id": "110000000000000001", "username": "MillbrookY6", "display_name": "Millbrook Y6",
        "access_token": TOKEN, "locked": True, "hide_collections": True,
        "default_privacy": "private",
        "followers": [{"id": str(110000000000000100 + n), "acct": f"parent{n}"}
                      for n in range(100)],
        "statuses": [{"id": str(111000000000000000 + n), "text": f"Post {n}\n\nMore",
                      "created_at": f"2026-11-{1 + n % 20:02d}T09:00:00Z"} for n in range(45)],
        "mentions": [{"id": "112000000000000001", "text": "@MillbrookY6 Call 07700 900123",
                      "created_at": "2026-11-21T10:00:00Z", "visibility": "direct",
                      "author": {"id": "110000000000000999", "acct": "nosy@elsewhere.example"}}],
    }
    school.update(changes)
    other = {"id": "110000000000000002", "username": "Neighbour", "access_token": OTHER_TOKEN}
    return {"domain": "mastodon.millbrook.example", "accounts": [school, other]}


@pytest.fixture
def fake() -> FakeMastodon:
    return FakeMastodon(scenario())


@pytest.fixture
def client(fake: FakeMastodon) -> Iterator[httpx.Client]:
    with http_for_fake(MastodonConnector, fake) as http:
        yield http


def get(client: httpx.Client, path: str, token: str = TOKEN, **params: Any) -> httpx.Response:
    return client.get(BASE + path, params=params, headers={"Authorization": f"Bearer {token}"})


def test_the_connector_reads_every_page(fake: FakeMastodon, client: httpx.Client) -> None:
    snapshot = MastodonConnector(CONFIG, client).fetch(ACCOUNT, None)
    assert snapshot.members is not None and len(snapshot.members) == 100
    assert len([i for i in snapshot.items if i.kind == "post"]) == 45
    assert fake.calls["GET /api/v1/accounts/110000000000000001/followers"] == 2
    assert fake.calls["GET /api/v1/accounts/110000000000000001/statuses"] == 2
    assert "GET /api/v1/follow_requests" not in fake.calls  # none pending
    (comment,) = [i for i in snapshot.items if i.kind == "comment"]
    assert comment.visibility == "private" and comment.text == "@MillbrookY6 Call 07700 900123"
    assert snapshot.items[0].text == "Post 0\n\nMore"

    again = MastodonConnector(CONFIG, client).fetch(ACCOUNT, snapshot.cursor)
    assert again.items == () and again.cursor == snapshot.cursor


def test_calls_of_a_first_and_a_repeat_audit() -> None:
    # A small account: fewer than a page of followers, statuses and mentions, none pending.
    data = scenario(followers=[{"id": "110000000000000101", "acct": "parent_one"}],
                    statuses=[{"id": "111000000000000001", "text": "Sports day",
                               "created_at": "2026-11-20T09:00:00Z"}])
    fake = FakeMastodon(data)
    school = "/api/v1/accounts/110000000000000001"
    expected = {"GET /api/v1/accounts/verify_credentials": 1, f"GET {school}/followers": 1,
                f"GET {school}/statuses": 1, "GET /api/v1/notifications": 1}
    with http_for_fake(MastodonConnector, fake) as http:
        first = MastodonConnector(CONFIG, http).fetch(ACCOUNT, None)
        assert dict(fake.calls) == expected and fake.call_count == 4
        again = MastodonConnector(CONFIG, http).fetch(ACCOUNT, first.cursor)
    # A locked account's repeat audit: the same four calls (its followers are listed every
    # time, nothing says they are unchanged), content with since_id.
    assert again.items == () and again.cursor == first.cursor and not again.missing
    assert dict(fake.calls) == {call: 2 for call in expected} and fake.call_count == 8
    assert again.members == first.members and again.settings == first.settings


def test_pending_follow_requests_cost_one_more_call_on_the_first_audit() -> None:
    fake = FakeMastodon(scenario(
        followers=[], statuses=[], mentions=[],
        follow_requests=[{"id": "110000000000000103", "acct": "stranger@elsewhere.example"}]))
    with http_for_fake(MastodonConnector, fake) as http:
        first = MastodonConnector(CONFIG, http).fetch(ACCOUNT, None)
        assert fake.call_count == 5 and fake.calls["GET /api/v1/follow_requests"] == 1
        MastodonConnector(CONFIG, http).fetch(ACCOUNT, first.cursor)
    # Repeat: the count and the follow-request notifications say nothing changed.
    assert fake.call_count == 9 and fake.calls["GET /api/v1/follow_requests"] == 1


def test_lists_page_by_id_with_link_headers(client: httpx.Client) -> None:
    path = "/api/v1/accounts/110000000000000001/statuses"
    first = get(client, path, limit=500)
    assert len(first.json()) == 40  # clamped to the documented maximum
    assert first.json()[0]["id"] == "111000000000000044"
    next_url = httpx.URL(first.links["next"]["url"])
    assert next_url.params["max_id"] == "111000000000000005"
    assert len(get(client, path, max_id="111000000000000005").json()) == 5
    newer = get(client, path, since_id="111000000000000042").json()
    assert [s["id"] for s in newer] == ["111000000000000044", "111000000000000043"]
    oldest_first = get(client, path, min_id="111000000000000000", limit=2).json()
    assert [s["id"] for s in oldest_first] == ["111000000000000002", "111000000000000001"]
    last = get(client, path, max_id="111000000000000002")
    assert "next" not in last.links and len(last.json()) == 2
    assert get(client, path, max_id="abc").json() == []


def test_rate_limit_headers_are_iso_times(client: httpx.Client) -> None:
    response = get(client, "/api/v1/accounts/verify_credentials")
    assert response.headers["X-RateLimit-Limit"] == "300"
    assert datetime.fromisoformat(response.headers["X-RateLimit-Reset"]).tzinfo is not None


def test_the_token_decides_who_is_signed_in(client: httpx.Client) -> None:
    assert get(client, "/api/v1/accounts/verify_credentials").json()["username"] == "MillbrookY6"
    assert get(client, "/api/v1/accounts/verify_credentials", OTHER_TOKEN).json()["source"][
        "privacy"] == "public"
    refused = get(client, "/api/v1/accounts/verify_credentials", "wrong")
    assert refused.status_code == 401
    assert refused.json() == {"error": "The access token is invalid"}


def test_others_see_only_what_the_account_shows(client: httpx.Client) -> None:
    school = "/api/v1/accounts/110000000000000001"
    assert get(client, school + "/followers", OTHER_TOKEN).json() == []  # hide_collections
    assert get(client, school + "/statuses", OTHER_TOKEN).json() == []  # followers-only
    assert get(client, "/api/v1/accounts/42/followers").status_code == 404


def test_notifications_honour_types(client: httpx.Client) -> None:
    mention = get(client, "/api/v1/notifications", **{"types[]": "mention"}).json()
    assert [n["type"] for n in mention] == ["mention"]
    assert mention[0]["status"]["mentions"][0]["acct"] == "MillbrookY6"
    assert get(client, "/api/v1/notifications", **{"types[]": "follow"}).json() == []
    assert get(client, "/api/v1/notifications", **{"exclude_types[]": "mention"}).json() == []
    assert get(client, "/api/v1/notifications", since_id=mention[0]["id"]).json() == []


def test_pending_follow_requests_are_listed() -> None:
    fake = FakeMastodon(scenario(follow_requests=[{"id": "110000000000000500",
                                                   "acct": "stranger@elsewhere.example"}]))
    with http_for_fake(MastodonConnector, fake) as http:
        snapshot = MastodonConnector(CONFIG, http).fetch(ACCOUNT, None)
    assert snapshot.settings is not None
    assert snapshot.settings.raw["follow_requests_count"] == 1
    assert snapshot.settings.raw["follow_requests"][0]["acct"] == "stranger@elsewhere.example"
    assert snapshot.members is not None
    assert "stranger@elsewhere.example" not in {m.handle for m in snapshot.members}


def test_a_public_account() -> None:
    fake = FakeMastodon(scenario(locked=False, discoverable=True, default_privacy="public"))
    with http_for_fake(MastodonConnector, fake) as http:
        snapshot = MastodonConnector(CONFIG, http).fetch(ACCOUNT, None)
    assert snapshot.settings is not None
    assert (snapshot.settings.visibility, snapshot.settings.join_policy,
            snapshot.settings.discoverable) == ("public", "open", True)


def test_rate_limited_answers_carry_the_reset(fake: FakeMastodon) -> None:
    request = httpx.Request("GET", "http://sandbox.invalid/api/v1/notifications")
    response = fake.rate_limited(request, 60)
    assert response.status_code == 429 and response.headers["X-RateLimit-Remaining"] == "0"
    reset = datetime.fromisoformat(response.headers["X-RateLimit-Reset"])
    assert 50 <= reset.timestamp() - time.time() <= 60
    assert response.json() == {"error": "Too many requests"}


def test_connector_raises_on_a_wrong_token(fake: FakeMastodon) -> None:
    config = MastodonConfig(instance_url="https://mastodon.millbrook.example",
                            access_token="nope")
    with http_for_fake(MastodonConnector, fake) as http, pytest.raises(AuthError):
        MastodonConnector(config, http).check_credentials(ACCOUNT)


def test_connector_rate_limited_by_the_fake(fake: FakeMastodon) -> None:
    fault = Fault(platform="mastodon", path=re.compile("verify_credentials"), rate_limit=90)
    with http_for_fake(MastodonConnector, fake, faults=[fault]) as http, \
            pytest.raises(RateLimitedError) as caught:
        MastodonConnector(CONFIG, http).fetch(ACCOUNT, None)
    assert 80 <= caught.value.retry_after <= 90


@pytest.mark.parametrize(("change", "key"), [
    ({"accounts": [{"username": "x", "access_token": "t", "colour": "red", "id": "1"}]},
     "accounts[0].colour"),
    ({"accounts": [{"username": "x", "id": "1"}]}, "accounts[0].access_token"),
    ({"accounts": [{"username": "x", "id": "one", "access_token": "t"}]}, "accounts[0].id"),
    ({"accounts": [{"username": "x", "id": "1", "access_token": "t", "locked": "yes"}]},
     "accounts[0].locked"),
    ({"accounts": [{"username": "x", "id": "1", "access_token": "t",
                    "statuses": [{"id": "2", "text": "hi", "created_at": "soon"}]}]},
     "accounts[0].statuses[0].created_at"),
    ({"accounts": [{"username": "x", "id": "1", "access_token": "t",
                    "mentions": [{"id": "2", "text": "hi", "created_at": "2026-01-01T00:00:00Z"}]}]},
     "accounts[0].mentions[0].author"),
    ({"accounts": [{"username": "x", "id": "1", "access_token": "t",
                    "default_privacy": "secret"}]}, "accounts[0].default_privacy"),
    ({"accounts": [{"username": "x", "id": "1", "access_token": "t"},
                   {"username": "y", "id": "2", "access_token": "t"}]}, "accounts"),
    ({"servers": []}, "mastodon.servers"),
])
def test_scenario_mistakes_name_the_key(change: dict[str, Any], key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        FakeMastodon(change)
    assert caught.value.key == key


def test_an_unlocked_account_repeats_in_three_calls() -> None:
    data = scenario(locked=False, followers=[{"id": "110000000000000101", "acct": "parent_one"}],
                    statuses=[{"id": "111000000000000001", "text": "Sports day",
                               "created_at": "2026-11-20T09:00:00Z"}])
    fake = FakeMastodon(data)
    with http_for_fake(MastodonConnector, fake) as http:
        first = MastodonConnector(CONFIG, http).fetch(ACCOUNT, None)
        assert fake.call_count == 4
        again = MastodonConnector(CONFIG, http).fetch(ACCOUNT, first.cursor)
    assert fake.call_count == 7
    assert fake.calls["GET /api/v1/accounts/110000000000000001/followers"] == 1
    assert again.members is None and Capability.MEMBERS in again.unchanged and not again.missing


def test_a_follower_replaced_by_another_is_seen() -> None:
    # parent_one leaves and a stranger follows: the count stays 1, the follow notification is new.
    before = FakeMastodon(scenario(locked=False, mentions=[],
                                   followers=[{"id": "110000000000000101", "acct": "parent_one"}]))
    after = FakeMastodon(scenario(locked=False, mentions=[], followers=[
        {"id": "110000000000000666", "acct": "stranger@elsewhere.example",
         "notification_id": 90500}]))
    with http_for_fake(MastodonConnector, before) as http:
        first = MastodonConnector(CONFIG, http).fetch(ACCOUNT, None)
    with http_for_fake(MastodonConnector, after) as http:
        again = MastodonConnector(CONFIG, http).fetch(ACCOUNT, first.cursor)
    assert again.members is not None and not again.unchanged
    assert [m.handle for m in again.members] == ["stranger@elsewhere.example"]


def test_follow_notifications_are_as_mastodon_keeps_them() -> None:
    requests = [{"id": "110000000000000500", "acct": "asker@elsewhere.example"}]
    fake = FakeMastodon(scenario(locked=False, follow_requests=requests))
    with http_for_fake(MastodonConnector, fake) as http:
        notes = http.get(f"{BASE}/api/v1/notifications", params={
            "types[]": ["follow", "follow_request"], "limit": 200},
            headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert [n["type"] for n in notes] == ["follow_request"] + ["follow"] * 79  # one page of 80
    assert notes[0]["account"]["acct"] == "asker@elsewhere.example" and "status" not in notes[0]
    # A locked account's followers were approved: approving leaves no follow notification.
    with http_for_fake(MastodonConnector, FakeMastodon(scenario(follow_requests=requests))) as http:
        notes = http.get(f"{BASE}/api/v1/notifications", params={"types[]": "follow"},
                         headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert notes == []
