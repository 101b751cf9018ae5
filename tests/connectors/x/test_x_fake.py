"""The X connector against its own fake, in-process, as the sandbox runs it."""

from __future__ import annotations

import copy
import json
import re
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from pydantic import SecretStr

import connectors.x.fake
from auditor import AccountRef, AuthError, Capability, ConfigError
from auditor.testing import fake_base_url, http_for_fake
from connectors.x import XConfig, XConnector
from connectors.x.fake import FakeX

TOKEN = "sandbox-x-token"
OWNER_ID = "1500000000000000001"
LOOKUP = "GET /2/users/by/username/BradfieldY6"
FOLLOWERS = f"GET /2/users/{OWNER_ID}/followers"
TWEETS = f"GET /2/users/{OWNER_ID}/tweets"
SEARCH = "GET /2/tweets/search/recent"
ACCOUNT = AccountRef(id="year6", platform="x", handle="@BradfieldY6", base_url=fake_base_url("x"))
PARENT = {"id": "1500000000000000101", "username": "parent_one", "name": "Parent One"}

SCENARIO: dict[str, Any] = {
    "bearer_token": TOKEN,
    "users": [{
        "id": OWNER_ID,
        "username": "BradfieldY6",
        "name": "Bradfield Year 6",
        "protected": False,
        "created_at": "2021-09-01T08:00:00Z",
        "followers": [
            PARENT,
            {"id": "1500000000000000102", "username": "BradfieldPTA", "name": "Bradfield PTA"},
            {"id": "1500000000000000103", "username": "stranger_danger", "name": "Mr Stranger"},
        ],
        "tweets": [
            {"id": "1600000000000000001", "text": "Sports day relay & races!",
             "created_at": "2022-06-01T09:00:00Z", "reply_settings": "following",
             "media": [{"type": "photo", "url": "https://pbs.twimg.com/media/a.jpg",
                        "alt_text": "The relay"}],
             "place": {"id": "6416b8512febefc9", "full_name": "Bradfield, England"}},
            {"id": "1600000000000000005", "text": "Class assembly",
             "created_at": "2022-06-03T09:00:00Z",
             "coordinates": {"latitude": 51.45, "longitude": -1.13}},
        ],
        "replies": [
            {"id": "1600000000000000002", "text": "@BradfieldY6 Well done!",
             "created_at": "2022-06-01T10:00:00Z", "author": PARENT},
            {"id": "1600000000000000009", "text": "@BradfieldY6 Lovely",
             "created_at": "2022-06-03T10:00:00Z", "author": PARENT,
             "in_reply_to": "1600000000000000001"},
        ],
    }, {
        "id": "1500000000000000002",
        "username": "BradfieldStaff",
        "name": "Bradfield Staff Room",
        "protected": True,
        "created_at": "2021-09-01T08:00:00Z",
        "followers": [PARENT],
        "tweets": [{"id": "1600000000000000003", "text": "Inset day",
                    "created_at": "2022-06-02T09:00:00Z"}],
    }],
}


def connect(fake: FakeX, cls: type[XConnector] = XConnector, token: str = TOKEN) -> XConnector:
    return cls(XConfig(bearer_token=SecretStr(token)), http_for_fake(cls, fake))


def get(fake: FakeX, path: str, token: str | None = TOKEN, **params: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return fake(httpx.Request("GET", f"http://sandbox.invalid{path}", params=params,
                              headers=headers))


def test_a_first_fetch_sees_everything_and_a_second_nothing() -> None:
    fake = FakeX(SCENARIO)
    connector = connect(fake)

    first = connector.fetch(ACCOUNT, None)

    assert first.missing == {}
    assert first.settings is not None
    assert (first.settings.visibility, first.settings.join_policy) == ("public", "open")
    assert first.settings.raw["latest_tweet_id"] == "1600000000000000005"
    assert first.settings.raw["latest_tweet_reply_settings"] == "everyone"
    assert first.member_count == 3
    assert first.members is not None
    assert {m.handle for m in first.members} == {"parent_one", "BradfieldPTA", "stranger_danger"}
    assert [(i.kind, i.id) for i in first.items] == [
        ("post", "1600000000000000001"), ("post", "1600000000000000005"),
        ("reply", "1600000000000000002"), ("reply", "1600000000000000009")]
    relay, assembly, well_done, lovely = first.items
    assert relay.text == "Sports day relay & races!"
    assert relay.media[0].url == "https://pbs.twimg.com/media/a.jpg"
    assert relay.media[0].alt_text == "The relay"
    assert relay.location is not None and relay.location.place_name == "Bradfield, England"
    assert assembly.location is not None
    assert (assembly.location.latitude, assembly.location.longitude) == (51.45, -1.13)
    assert well_done.author.handle == "parent_one" and not well_done.author.is_account_owner
    # A reply with no in_reply_to answers the newest older tweet.
    assert well_done.parent_id == "1600000000000000001"
    assert lovely.parent_id == "1600000000000000001"
    assert first.cursor == {"since_id": "1600000000000000005",
                            "replies_since_id": "1600000000000000009"}
    assert fake.calls == Counter({LOOKUP: 1, FOLLOWERS: 1, TWEETS: 1, SEARCH: 1})

    fake.calls.clear()
    second = connector.fetch(ACCOUNT, first.cursor)

    assert second.missing == {}
    assert second.items == ()
    assert second.cursor == first.cursor
    assert second.members == first.members
    # The lookup shows no newer tweet, so the timeline is not read again.
    assert fake.calls == Counter({LOOKUP: 1, FOLLOWERS: 1, SEARCH: 1})


def test_a_later_fetch_sees_only_what_is_new() -> None:
    cursor = connect(FakeX(SCENARIO)).fetch(ACCOUNT, None).cursor
    later = copy.deepcopy(SCENARIO)
    owner = later["users"][0]
    owner["tweets"].append({"id": "1600000000000000020", "text": "Trip tomorrow",
                            "created_at": "2022-06-05T09:00:00Z"})
    owner["replies"].append({"id": "1600000000000000021", "text": "@BradfieldY6 Have fun",
                             "created_at": "2022-06-05T10:00:00Z", "author": PARENT})
    fake = FakeX(later)

    snapshot = connect(fake).fetch(ACCOUNT, cursor)

    assert [(i.kind, i.id) for i in snapshot.items] == [
        ("post", "1600000000000000020"), ("reply", "1600000000000000021")]
    assert snapshot.items[1].parent_id == "1600000000000000020"
    assert snapshot.cursor == {"since_id": "1600000000000000020",
                               "replies_since_id": "1600000000000000021"}
    assert fake.call_count == 4


class SmallPages(XConnector):
    """The smallest pages each endpoint accepts, so that paging is exercised."""

    followers_page_size = 2
    tweets_page_size = 5
    search_page_size = 10


def test_every_page_is_followed() -> None:
    big = copy.deepcopy(SCENARIO)
    owner = big["users"][0]
    owner["followers"] = [{"id": str(1500000000000000200 + n), "username": f"follower{n}",
                           "name": f"Follower {n}"} for n in range(5)]
    owner["tweets"] = [{"id": str(1600000000000000100 + n), "text": f"Post {n}",
                        "created_at": "2022-06-01T09:00:00Z"} for n in range(7)]
    owner["replies"] = [{"id": str(1600000000000000200 + n), "text": f"Reply {n}",
                         "created_at": "2022-06-02T09:00:00Z", "author": PARENT}
                        for n in range(12)]
    fake = FakeX(big)

    snapshot = connect(fake, SmallPages).fetch(ACCOUNT, None)

    assert snapshot.missing == {}
    assert snapshot.members is not None
    assert sorted(m.handle or "" for m in snapshot.members) == [f"follower{n}" for n in range(5)]
    assert sum(i.kind == "post" for i in snapshot.items) == 7
    assert sum(i.kind == "reply" for i in snapshot.items) == 12
    assert fake.calls == Counter({LOOKUP: 1, FOLLOWERS: 3, TWEETS: 2, SEARCH: 2})


def test_a_protected_account_cannot_be_read_with_an_app_only_token() -> None:
    fake = FakeX(SCENARIO)
    account = AccountRef(id="staff", platform="x", handle="BradfieldStaff",
                         base_url=fake_base_url("x"))

    snapshot = connect(fake).fetch(account, None)

    assert snapshot.settings is not None
    assert (snapshot.settings.visibility, snapshot.settings.join_policy) == ("private", "request")
    assert set(snapshot.missing) == {Capability.MEMBERS, Capability.CONTENT}
    assert "not authorised" in snapshot.missing[Capability.MEMBERS]
    assert snapshot.members is None and snapshot.items == ()
    assert snapshot.member_count == 1


def test_a_wrong_token_is_refused() -> None:
    with pytest.raises(AuthError) as caught:
        connect(FakeX(SCENARIO), token="not-the-token").check_credentials(ACCOUNT)
    assert caught.value.status == 401
    assert "not-the-token" not in str(caught.value)


class FlakyX(FakeX):
    """Answers the account's timeline with one of the fake's injected failures."""

    failure = "rate_limited"

    def route(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/tweets"):
            if self.failure == "rate_limited":
                return self.rate_limited(request, 60)
            if self.failure == "error":
                return self.error(request, 503)
            return self.malformed(request)
        return super().route(request)


@pytest.mark.parametrize(("failure", "message"), [
    ("rate_limited", "rate limited"),
    ("error", "server error (503)"),
    ("malformed", "not JSON"),
])
def test_injected_failures_mark_content_missing(failure: str, message: str) -> None:
    fake = FlakyX(SCENARIO)
    fake.failure = failure
    previous = {"since_id": "1", "replies_since_id": "1"}

    snapshot = connect(fake).fetch(ACCOUNT, previous)

    assert set(snapshot.missing) == {Capability.CONTENT}
    assert message in snapshot.missing[Capability.CONTENT]
    assert snapshot.cursor == previous
    if failure == "rate_limited":
        wait = re.search(r"retry after (\d+)s", snapshot.missing[Capability.CONTENT])
        assert wait is not None and 55 <= int(wait.group(1)) <= 60


def test_the_fakes_error_shapes() -> None:
    fake = FakeX(SCENARIO)
    request = httpx.Request("GET", "http://sandbox.invalid/2/users/1/followers")
    limited = fake.rate_limited(request, 30)
    assert limited.status_code == 429
    assert limited.headers["x-rate-limit-limit"] == "15"
    assert limited.headers["x-rate-limit-remaining"] == "0"
    assert int(limited.headers["x-rate-limit-reset"]) > 0
    assert "retry-after" not in limited.headers
    assert limited.json() == {"title": "Too Many Requests", "detail": "Too Many Requests",
                              "type": "about:blank", "status": 429}
    assert get(fake, "/2/users/by/username/BradfieldY6", token=None).json() == {
        "title": "Unauthorized", "detail": "Unauthorized", "type": "about:blank", "status": 401}
    assert get(fake, "/2/nowhere").status_code == 404


def test_the_fake_answers_as_documented() -> None:
    fake = FakeX(SCENARIO)
    lookup = get(fake, "/2/users/by/username/bradfieldy6").json()
    assert lookup == {"data": {"id": OWNER_ID, "name": "Bradfield Year 6",
                               "username": "BradfieldY6"}}
    followers = get(fake, f"/2/users/{OWNER_ID}/followers", max_results="2").json()
    assert followers["meta"]["result_count"] == 2
    page2 = get(fake, f"/2/users/{OWNER_ID}/followers", max_results="2",
                pagination_token=followers["meta"]["next_token"]).json()
    assert page2["data"] == [{"id": "1500000000000000103", "name": "Mr Stranger",
                              "username": "stranger_danger"}]
    assert "next_token" not in page2["meta"]
    tweets = get(fake, f"/2/users/{OWNER_ID}/tweets", since_id="1600000000000000001").json()
    assert tweets == {"data": [{"id": "1600000000000000005", "text": "Class assembly",
                                "edit_history_tweet_ids": ["1600000000000000005"]}],
                      "meta": {"newest_id": "1600000000000000005",
                               "oldest_id": "1600000000000000005", "result_count": 1}}
    assert get(fake, f"/2/users/{OWNER_ID}/tweets", since_id="1600000000000000005").json() == {
        "meta": {"result_count": 0}}
    search = get(fake, "/2/tweets/search/recent", query="from:parent_one",
                 expansions="author_id", **{"user.fields": "protected"}).json()
    assert [t["id"] for t in search["data"]] == ["1600000000000000009", "1600000000000000002"]
    assert search["data"][0]["author_id"] == PARENT["id"]
    assert search["includes"]["users"] == [{**PARENT, "protected": False}]
    missing = get(fake, "/2/users/by/username/nobody").json()
    assert missing["errors"][0]["type"].endswith("/resource-not-found")


@pytest.mark.parametrize(("path", "params", "parameter"), [
    (f"/2/users/{OWNER_ID}/tweets", {"max_results": "2"}, "max_results"),
    (f"/2/users/{OWNER_ID}/followers", {"max_results": "1001"}, "max_results"),
    ("/2/tweets/search/recent", {"query": "to:BradfieldY6", "max_results": "5"}, "max_results"),
    (f"/2/users/{OWNER_ID}/tweets", {"until": "x"}, "until"),
    (f"/2/users/{OWNER_ID}/tweets", {"tweet.fields": "text,colour"}, "tweet.fields"),
    (f"/2/users/{OWNER_ID}/tweets", {"pagination_token": "abc"}, "pagination_token"),
    ("/2/tweets/search/recent", {"query": "school trip"}, "query"),
    ("/2/users/by/username/BradfieldY6", {"expansions": "author_id"}, "expansions"),
])
def test_the_fake_refuses_what_the_api_refuses(path: str, params: dict[str, str],
                                               parameter: str) -> None:
    answer = get(FakeX(SCENARIO), path, **params)
    assert answer.status_code == 400
    body = answer.json()
    assert body["type"] == "https://api.twitter.com/2/problems/invalid-request"
    assert parameter in body["errors"][0]["parameters"]


@pytest.mark.parametrize(("change", "key"), [
    (lambda s: s.update(colour="red"), "x.colour"),
    (lambda s: s["users"][0].update(followers_list=[]), "users[0].followers_list"),
    (lambda s: s["users"][0]["tweets"][0].update(id="abc"), "users[0].tweets[0].id"),
    (lambda s: s["users"][0]["tweets"][0].pop("created_at"), "users[0].tweets[0].created_at"),
    (lambda s: s["users"][0]["replies"][0].pop("author"), "users[0].replies[0].author"),
    (lambda s: s["users"][0]["followers"][0].pop("username"), "users[0].followers[0].username"),
])
def test_the_scenario_is_checked(change: Any, key: str) -> None:
    scenario = copy.deepcopy(SCENARIO)
    change(scenario)
    with pytest.raises(ConfigError) as caught:
        FakeX(scenario)
    assert caught.value.key == key


def documented_scenario() -> Any:
    """The scenario example in the fake's docstring."""
    doc = connectors.x.fake.__doc__ or ""
    block = doc.split("Scenario data", 1)[1].split("::", 1)[1]
    yaml_lines = []
    for line in block.splitlines()[1:]:
        if line and not line.startswith("    "):
            break
        yaml_lines.append(line)
    return yaml.safe_load(textwrap.dedent("\n".join(yaml_lines)))


def test_the_readme_shows_the_documented_scenario() -> None:
    readme = (Path(connectors.x.__file__).parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("Scenario data", 1)[1].split("```yaml", 1)[1].split("```", 1)[0]
    assert yaml.safe_load(block) == documented_scenario()


def test_the_documented_scenario_works() -> None:
    fake = FakeX(json.loads(json.dumps(documented_scenario(), default=str)))
    snapshot = connect(fake, token="sandbox-x-token").fetch(
        AccountRef(id="y6", platform="x", handle="BradfieldY6"), None)
    assert snapshot.missing == {}
    assert [i.kind for i in snapshot.items] == ["post", "reply"]
    assert snapshot.members is not None and len(snapshot.members) == 1
