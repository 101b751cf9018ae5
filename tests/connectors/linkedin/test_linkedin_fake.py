"""The fake LinkedIn answers as the Community Management API documents, and refuses what it refuses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from auditor import AccountRef, ConfigError
from auditor.testing import http_for_fake
from connectors.linkedin import LinkedInConfig, LinkedInConnector
from connectors.linkedin.fake import FakeLinkedIn

TOKEN = "fake-linkedin-token"
ORG = "urn%3Ali%3Aorganization%3A42"
HEADERS = {"Authorization": f"Bearer {TOKEN}", "LinkedIn-Version": "202607",
           "X-Restli-Protocol-Version": "2.0.0"}
DATA: dict[str, Any] = {
    "access_token": TOKEN,
    "organizations": [{
        "id": 42, "followers": 7,
        "admins": [{"person": "AbC"}, {"person": "urn:li:person:DeF", "role": "ANALYST"}],
        "posts": [
            {"id": n, "text": f"Post {n} (draft) #news", "created_at": f"2026-11-{10 + n}T09:00:00Z",
             "comments": [{"id": 100 + n, "actor": "urn:li:person:ZxY", "text": "Nice",
                           "created_at": f"2026-11-{10 + n}T10:00:00Z"}]}
            for n in (1, 2, 3)],
    }],
}


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(transport=httpx.MockTransport(FakeLinkedIn(DATA)),
                      base_url="http://sandbox.invalid") as http:
        yield http


def get(client: httpx.Client, url: str, **headers: str) -> httpx.Response:
    return client.get(url, headers={**HEADERS, **headers})


def test_network_size(client: httpx.Client) -> None:
    answer = get(client, f"/rest/networkSizes/{ORG}?edgeType=COMPANY_FOLLOWED_BY_MEMBER")
    assert answer.json() == {"firstDegreeSize": 7}


def test_posts_are_paged_newest_first_in_little_format(client: httpx.Client) -> None:
    first = get(client, f"/rest/posts?author={ORG}&q=author&sortBy=CREATED&count=2").json()
    assert [p["id"] for p in first["elements"]] == ["urn:li:share:3", "urn:li:share:2"]
    assert first["paging"]["total"] == 3
    assert first["paging"]["links"][0]["rel"] == "next"
    assert first["elements"][0]["commentary"] == r"Post 3 \(draft\) {hashtag|\#|news}"
    last = get(client, f"/rest/posts?author={ORG}&q=author&count=2&start=2").json()
    assert [p["id"] for p in last["elements"]] == ["urn:li:share:1"]
    assert last["paging"]["links"] == []


def test_comments_and_acls(client: httpx.Client) -> None:
    comments = get(client, "/rest/socialActions/urn%3Ali%3Ashare%3A2/comments").json()
    assert [c["message"]["text"] for c in comments["elements"]] == ["Nice"]
    acls = get(client, f"/rest/organizationAcls?q=organization&organization={ORG}"
                       "&role=ADMINISTRATOR").json()
    assert [a["roleAssignee"] for a in acls["elements"]] == ["urn:li:person:AbC"]


@pytest.mark.parametrize(("url", "headers", "status", "code"), [
    (f"/rest/networkSizes/{ORG}?edgeType=COMPANY_FOLLOWED_BY_MEMBER",
     {"Authorization": "Bearer wrong"}, 401, "INVALID_ACCESS_TOKEN"),
    (f"/rest/networkSizes/{ORG}?edgeType=COMPANY_FOLLOWED_BY_MEMBER",
     {"LinkedIn-Version": ""}, 400, "VERSION_MISSING"),
    (f"/rest/networkSizes/{ORG}?edgeType=COMPANY_FOLLOWED_BY_MEMBER",
     {"X-Restli-Protocol-Version": "1.0.0"}, 400, "ILLEGAL_ARGUMENT"),
    ("/rest/networkSizes/urn:li:organization:42?edgeType=COMPANY_FOLLOWED_BY_MEMBER",
     {}, 400, "ILLEGAL_ARGUMENT"),
    (f"/rest/posts?author={ORG}&q=author&count=500", {}, 400, "ILLEGAL_ARGUMENT"),
    (f"/rest/posts?author={ORG}&q=author&since=1", {}, 400, "ILLEGAL_ARGUMENT"),
    ("/rest/socialActions/urn%3Ali%3Ashare%3A9/comments", {}, 404, "NOT_FOUND"),
])
def test_refusals(client: httpx.Client, url: str, headers: dict[str, str], status: int,
                  code: str) -> None:
    answer = get(client, url, **headers)
    assert answer.status_code == status
    assert answer.json()["code"] == code
    assert answer.json()["status"] == status


def test_denied_reads_answer_403() -> None:
    data = {"organizations": [{**DATA["organizations"][0], "deny": ["organizationAcls"]}]}
    with httpx.Client(transport=httpx.MockTransport(FakeLinkedIn(data))) as http:
        answer = http.get(f"http://x/rest/organizationAcls?q=organization&organization={ORG}",
                          headers=HEADERS)
    assert answer.status_code == 403
    assert answer.json()["serviceErrorCode"] == 100


def test_the_connector_round_trips_the_fake() -> None:
    fake = FakeLinkedIn(DATA)
    http = http_for_fake(LinkedInConnector, fake)
    connector = LinkedInConnector(
        LinkedInConfig.model_validate({"access_token": TOKEN, "organization_id": "42"}), http)
    account = AccountRef(id="p", platform="linkedin", base_url="http://sandbox.invalid/linkedin")
    snapshot = connector.fetch(account, None)
    assert [i.text for i in snapshot.items if i.kind == "post"] == [
        "Post 1 (draft) #news", "Post 2 (draft) #news", "Post 3 (draft) #news"]
    assert snapshot.member_count == 7
    assert fake.calls["GET /rest/posts"] == 1


@pytest.mark.parametrize(("data", "key"), [
    ({"organisations": []}, "linkedin.organisations"),
    ({"organizations": [{"id": "abc"}]}, "linkedin.organizations[0].id"),
    ({"organizations": [{"id": 1, "deny": ["everything"]}]}, "linkedin.organizations[0].deny"),
    ({"organizations": [{"id": 1, "posts": [{"id": 2, "created_at": "soon"}]}]},
     "linkedin.organizations[0].posts[0].created_at"),
    ({"organizations": [{"id": 1, "posts": [{"id": 2, "created_at": "2026-11-01",
                                             "visibility": "FRIENDS"}]}]},
     "linkedin.organizations[0].posts[0].visibility"),
    ({"organizations": [{"id": 1, "posts": [{"id": 2, "created_at": "2026-11-01", "comments": [
        {"id": 3, "actor": "bob", "text": "hi", "created_at": "2026-11-01"}]}]}]},
     "linkedin.organizations[0].posts[0].comments[0].actor"),
])
def test_bad_scenarios_name_the_key(data: dict[str, Any], key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        FakeLinkedIn(data)
    assert caught.value.key == key


def test_the_connector_reads_the_fake_through_the_loopback_sandbox() -> None:
    from auditor.http import new_httpx_client
    from auditor.sandbox import Sandbox

    scenario = {"platforms": {"linkedin": DATA},
                "faults": [{"platform": "linkedin", "path": "/rest/organizationAcls$",
                            "status": 403}]}
    with Sandbox(scenario, {"linkedin": LinkedInConnector}) as sandbox, \
            new_httpx_client() as http:
        connector = LinkedInConnector(
            LinkedInConfig.model_validate({"access_token": TOKEN, "organization_id": "42"}), http)
        account = AccountRef(id="p", platform="linkedin", base_url=sandbox.base_url("linkedin"))
        snapshot = connector.fetch(account, None)
        again = connector.fetch(account, snapshot.cursor)
    assert len(snapshot.items) == 6 and again.items == ()
    assert snapshot.settings is not None and snapshot.settings.admins is None
