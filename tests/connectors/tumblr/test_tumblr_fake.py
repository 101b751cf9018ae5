"""The sandbox's fake Tumblr answers as the Tumblr API v2 documents, from scenario data."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest
from authlib.oauth1.rfc5849 import client_auth  # type: ignore[import-untyped]
from pydantic import SecretStr

from auditor import AccountRef, AuthError, ConfigError, ConnectorError
from auditor.testing import fake_base_url, http_for_fake
from connectors.tumblr import TumblrConfig, TumblrConnector
from connectors.tumblr.client import OAuth1Signer, SignedRequest
from connectors.tumblr.fake import FakeTumblr

TOKEN = "sandbox-tumblr-token"
NOTES = [{"type": "reply", "blog_name": f"parent-{n:02d}", "text": f"Reply {n}",
          "timestamp": 1795168800 + n} for n in range(12)]
SCENARIO: dict[str, Any] = {
    "access_token": TOKEN,
    "blogs": [
        {"name": "millbrook-year6", "title": "Millbrook Year 6", "type": "public",
         "followers": [{"name": f"parent-{n:02d}"} for n in range(25)],
         "posts": [
             {"id": 1001, "text": "Sports day", "timestamp": "2026-11-20T09:00:00Z", "notes": NOTES},
             {"id": 1002, "state": "private", "text": "Staff only", "timestamp": 1795170000},
             {"id": 1003, "state": "draft", "text": "Draft", "timestamp": 1795180000},
         ]},
        {"name": "someone-else", "owned": False, "type": "private"},
    ],
}


def get(fake: FakeTumblr, path: str, token: str | None = TOKEN, **params: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return fake(httpx.Request("GET", httpx.URL("http://sandbox.invalid" + path, params=params),
                              headers=headers))


def test_every_request_needs_the_token() -> None:
    fake = FakeTumblr(SCENARIO)
    for token in (None, "wrong"):
        answer = get(fake, "/v2/user/info", token)
        assert answer.status_code == 401
        assert answer.json()["errors"][0]["code"] == 1016
        assert answer.json()["meta"] == {"status": 401, "msg": "Unauthorized"}


def test_user_info_lists_only_the_blogs_the_user_owns() -> None:
    blogs = get(FakeTumblr(SCENARIO), "/v2/user/info").json()["response"]["user"]["blogs"]
    assert [(b["name"], b["type"], b["followers"]) for b in blogs] == [
        ("millbrook-year6", "public", 25)]


def test_blogs_are_found_by_name_hostname_or_uuid() -> None:
    fake = FakeTumblr(SCENARIO)
    for blog in ("millbrook-year6", "millbrook-year6.tumblr.com", "t:millbrook-year6"):
        assert get(fake, f"/v2/blog/{blog}/info").json()["response"]["blog"]["name"] \
            == "millbrook-year6"
    assert get(fake, "/v2/blog/nobody/info").status_code == 404


def test_followers_honour_limit_and_offset() -> None:
    fake = FakeTumblr(SCENARIO)
    page = get(fake, "/v2/blog/millbrook-year6/followers", limit=20, offset=20).json()["response"]
    assert page["total_users"] == 25 and len(page["users"]) == 5
    assert get(fake, "/v2/blog/millbrook-year6/followers", limit=50).status_code == 400
    assert get(fake, "/v2/blog/someone-else/followers").status_code == 403


def test_posts_states_and_paging() -> None:
    fake = FakeTumblr(SCENARIO)
    posts = get(fake, "/v2/blog/millbrook-year6/posts", npf="true").json()["response"]
    assert [p["state"] for p in posts["posts"]] == ["private", "published"]
    assert posts["total_posts"] == 2 and posts["posts"][1]["note_count"] == 12
    assert posts["posts"][1]["content"] == [{"type": "text", "text": "Sports day"}]
    drafts = get(fake, "/v2/blog/millbrook-year6/posts/draft").json()["response"]["posts"]
    assert [p["id_string"] for p in drafts] == ["1003"]
    assert get(fake, "/v2/blog/millbrook-year6/posts/draft", before_id=1003).json()[
        "response"]["posts"] == []
    assert get(fake, "/v2/blog/someone-else/posts").status_code == 401


def test_notes_are_paged_with_links_next() -> None:
    fake = FakeTumblr(SCENARIO)
    first = get(fake, "/v2/blog/millbrook-year6/notes", id="1001",
                mode="conversation").json()["response"]
    assert len(first["notes"]) == 10 and first["notes"][0]["reply_text"] == "Reply 11"
    query = first["_links"]["next"]["query_params"]
    second = get(fake, "/v2/blog/millbrook-year6/notes", **query).json()["response"]
    assert [n["reply_text"] for n in second["notes"]] == ["Reply 1", "Reply 0"]
    assert "_links" not in second
    assert get(fake, "/v2/blog/millbrook-year6/notes", id="999").status_code == 404


def test_the_connector_reads_the_fake_end_to_end() -> None:
    fake = FakeTumblr(SCENARIO)
    http = http_for_fake(TumblrConnector, fake)
    config = TumblrConfig(blog="millbrook-year6", access_token=TOKEN)
    account = AccountRef(id="y6", platform="tumblr", base_url=fake_base_url("tumblr"))
    snapshot = TumblrConnector(config, http).fetch(account, None)
    assert snapshot.settings is not None and snapshot.settings.visibility == "public"
    assert snapshot.members is not None and len(snapshot.members) == 25
    assert len([i for i in snapshot.items if i.kind == "reply"]) == 12
    assert {i.status for i in snapshot.items if i.kind == "post"} == {"published", "private", "draft"}
    with pytest.raises(AuthError):
        TumblrConnector(TumblrConfig(blog="someone-else", access_token=TOKEN),
                        http).fetch(account, None)
    with pytest.raises(ConnectorError) as caught:
        TumblrConnector(TumblrConfig(blog="nobody", access_token=TOKEN), http).fetch(account, None)
    assert caught.value.status == 404


def test_rate_limits_carry_tumblrs_headers() -> None:
    answer = FakeTumblr(SCENARIO).rate_limited(httpx.Request("GET", "http://x/"), 120)
    assert answer.status_code == 429
    assert answer.headers["X-Ratelimit-Perhour-Reset"] == "120"
    assert answer.json()["meta"]["msg"] == "Limit Exceeded"


@pytest.mark.parametrize("scenario, key", [
    ({"tokens": []}, "tumblr.tokens"),
    ({"blogs": [{"name": "Bad Name"}]}, "tumblr.blogs[0].name"),
    ({"blogs": [{"name": "b", "type": "secret"}]}, "tumblr.blogs[0].type"),
    ({"blogs": [{"name": "b", "posts": [{"id": "x", "timestamp": 1}]}]}, "tumblr.blogs[0].posts[0].id"),
    ({"blogs": [{"name": "b", "posts": [{"id": 1}]}]}, "tumblr.blogs[0].posts[0].timestamp"),
    ({"blogs": [{"name": "b", "posts": [{"id": 1, "timestamp": 1, "state": "gone"}]}]},
     "tumblr.blogs[0].posts[0].state"),
    ({"blogs": [{"name": "b", "posts": [{"id": 1, "timestamp": 1,
                                         "notes": [{"type": "poke", "blog_name": "x"}]}]}]},
     "tumblr.blogs[0].posts[0].notes[0].type"),
    ({"oauth1": {"consumer_key": "ck"}}, "tumblr.oauth1"),
])
def test_scenario_mistakes_name_their_key(scenario: dict[str, Any], key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        FakeTumblr(scenario)
    assert caught.value.key == key


OAUTH1 = {"consumer_key": "ck", "consumer_secret": "cs-secret", "oauth_token": "tok",
          "oauth_token_secret": "ts-secret"}
# RFC 5849 section 1.2: the printer's signed request for Jane's photo.
RFC5849_CREDENTIALS = {"consumer_key": "dpf43f3p2l4k3l03", "consumer_secret": "kd94hf93k423kf44",
                       "oauth_token": "nnch734d00sl2jdk", "oauth_token_secret": "pfkkdhi9sl3r4s00"}
RFC5849_URL = "http://photos.example.net/photos?file=vacation.jpg&size=original"
RFC5849_HEADER = ('OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", '
                  'oauth_token="nnch734d00sl2jdk", oauth_signature_method="HMAC-SHA1", '
                  'oauth_timestamp="137131202", oauth_nonce="chapoH", '
                  'oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D"')


def audit(fake: FakeTumblr, cursor: dict[str, Any] | None = None, **connection: Any) -> Any:
    http = http_for_fake(TumblrConnector, fake)
    config = TumblrConfig(blog="millbrook-year6", **(connection or {"access_token": TOKEN}))
    account = AccountRef(id="y6", platform="tumblr", base_url=fake_base_url("tumblr"))
    return TumblrConnector(config, http).fetch(account, cursor)


def test_a_repeat_audit_of_an_unchanged_blog_costs_three_calls() -> None:
    scenario = copy.deepcopy(SCENARIO)
    blog = scenario["blogs"][0]
    blog["followers"] = blog["followers"][:5]
    blog["posts"].append({"id": 1004, "state": "queued", "text": "Soon", "timestamp": 1795190000})
    fake = FakeTumblr(scenario)
    first = audit(fake)
    base = "GET /v2/blog/millbrook-year6"
    # user/info, followers, posts, queue, drafts until an empty page, 2 pages of notes.
    assert fake.calls == {"GET /v2/user/info": 1, f"{base}/followers": 1, f"{base}/posts": 1,
                          f"{base}/posts/queue": 1, f"{base}/posts/draft": 2, f"{base}/notes": 2}
    assert fake.call_count == 8
    fake.calls.clear()
    again = audit(fake, first.cursor)
    assert again.items == () and not again.missing
    assert fake.calls == {"GET /v2/user/info": 1, f"{base}/followers": 1, f"{base}/posts": 1}
    assert fake.call_count == 3
    assert again.settings is not None and again.settings.raw["title"] == "Millbrook Year 6"


def test_oauth1_signatures_are_verified_by_the_fake() -> None:
    fake = FakeTumblr({**SCENARIO, "oauth1": OAUTH1})
    snapshot = audit(fake, **OAUTH1)
    assert not snapshot.missing and snapshot.items
    for key, value in (("consumer_secret", "other"), ("oauth_token_secret", "other"),
                       ("oauth_token", "other")):
        with pytest.raises(AuthError) as caught:
            audit(fake, **{**OAUTH1, key: value})
        assert caught.value.status == 401


def test_a_signed_request_does_not_verify_for_another_url() -> None:
    fake = FakeTumblr({"oauth1": RFC5849_CREDENTIALS})
    request = httpx.Request("GET", RFC5849_URL, headers={"Authorization": RFC5849_HEADER})
    assert fake(request).status_code == 404  # accepted, then no such route
    moved = httpx.Request("GET", RFC5849_URL.replace("original", "small"),
                          headers={"Authorization": RFC5849_HEADER})
    assert fake(moved).status_code == 401
    forged = httpx.Request("GET", RFC5849_URL,
                           headers={"Authorization": RFC5849_HEADER.replace("MdpQ", "MdpR")})
    assert fake(forged).status_code == 401


def test_the_signer_reproduces_the_oauth_core_1_0_example(monkeypatch: pytest.MonkeyPatch) -> None:
    # OAuth Core 1.0, Appendix A.5 (the example RFC 5849 section 1.2 was drawn from), with
    # oauth_version=1.0 as authlib sends it: signature tR3+Ty81lMeYAr/Fid0kMTYa/WM=.
    monkeypatch.setattr(client_auth, "generate_nonce", lambda: "kllo9940pd9333jh")
    monkeypatch.setattr(client_auth, "generate_timestamp", lambda: "1191242096")
    signer = OAuth1Signer(*(SecretStr(RFC5849_CREDENTIALS[k]) for k in (
        "consumer_key", "consumer_secret", "oauth_token", "oauth_token_secret")))
    request = httpx.Request("GET", RFC5849_URL)
    signer.sign(request)
    signed = SignedRequest("GET", RFC5849_URL,
                           headers={"Authorization": request.headers["Authorization"]})
    assert signed.signature == "tR3+Ty81lMeYAr/Fid0kMTYa/WM="
    assert (signed.timestamp, signed.client_id) == ("1191242096", "dpf43f3p2l4k3l03")
    assert repr(signer) == "OAuth1Signer(***)"
