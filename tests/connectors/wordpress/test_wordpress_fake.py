"""The WordPress connector against FakeWordPress in-process, and the fake's own behaviour."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from auditor import AccountRef, AuthError, Capability, ConfigError, PlatformResponseError
from auditor.testing import fake_base_url, http_for_fake
from connectors.wordpress import WordPressConfig, WordPressConnector
from connectors.wordpress.fake import FakeWordPress

PASSWORD = "abcd efgh ijkl mnop qrst uvwx"
CONFIG = WordPressConfig(site_url="https://year6.school.example", username="auditor",
                         application_password=PASSWORD)
ACCOUNT = AccountRef(id="year6-blog", platform="wordpress",
                     base_url=fake_base_url("wordpress") + "/year6")
ROUTES = ("posts", "pages", "comments", "users", "settings")


def scenario(**changes: Any) -> dict[str, Any]:
    year6: dict[str, Any] = {
        "name": "Year 6 Class Blog",
        "url": "https://year6.school.example",
        "private": True,
        "username": "auditor",
        "application_password": PASSWORD,
        "settings": {"default_comment_status": "closed"},
        "users": [
            {"id": 1, "username": "auditor", "name": "Auditor", "roles": ["administrator"],
             "registered_date": "2023-09-01T08:00:00"},
            {"id": 2, "username": "mrteacher", "name": "Mr Teacher", "roles": ["editor"],
             "registered_date": "2023-09-02T08:00:00"},
            {"id": 3, "username": "sam.parent", "name": "Sam P", "roles": ["subscriber"],
             "registered_date": "2024-02-02T08:00:00"},
        ],
        "posts": [
            {"id": 10, "title": "Sports day", "content": "<p>We ran &amp; jumped.</p>",
             "date_gmt": "2024-06-14T09:00:00", "author": 2},
            {"id": 11, "title": "Trip letter", "content": "<p>Coaches at 8:45.</p>",
             "status": "private", "date_gmt": "2024-06-10T09:00:00", "author": 1},
            {"id": 12, "title": "Photos", "content": "<p>For parents.</p>", "password": "owls",
             "date_gmt": "2024-06-12T09:00:00", "modified_gmt": "2024-06-16T09:00:00",
             "author": 2},
            {"id": 13, "title": "Leavers", "content": "<p>Draft.</p>", "status": "draft",
             "modified_gmt": "2024-06-15T09:00:00", "author": 2},
        ],
        "pages": [{"id": 7, "title": "About", "content": "<h2>Welcome</h2>",
                   "date_gmt": "2023-09-04T08:00:00", "author": 1}],
        "comments": [
            {"id": 100, "post": 10, "author_name": "A parent", "content": "<p>Well done!</p>",
             "date_gmt": "2024-06-14T18:00:00"},
            {"id": 101, "post": 10, "author": 3, "author_name": "Sam P",
             "content": "<p>Call 07700 900123</p>", "status": "hold",
             "date_gmt": "2024-06-15T07:00:00"},
            {"id": 102, "post": 10, "author_name": "Spammer", "content": "<p>buy</p>",
             "status": "spam", "date_gmt": "2024-06-15T08:00:00"},
        ],
    }
    year6.update(changes)
    return {"sites": {"year6": year6, "open-day": {
        "username": "editor", "application_password": "zzzz zzzz zzzz zzzz zzzz zzzz",
        "posts": [{"id": 1, "title": "Open day", "date_gmt": "2024-01-01T09:00:00"}],
    }}}


@pytest.fixture
def fake() -> FakeWordPress:
    return FakeWordPress(scenario())


@pytest.fixture
def http(fake: FakeWordPress) -> Iterator[httpx.Client]:
    with http_for_fake(WordPressConnector, fake) as client:
        yield client


@pytest.fixture
def connector(http: httpx.Client) -> WordPressConnector:
    return WordPressConnector(CONFIG, http)


def calls(fake: FakeWordPress, site: str = "year6") -> dict[str, int]:
    return {route: fake.calls[f"GET /{site}/wp-json/wp/v2/{route}"] for route in ROUTES}


def test_first_fetch_sees_everything(fake: FakeWordPress, connector: WordPressConnector) -> None:
    snapshot = connector.fetch(ACCOUNT, None)

    assert snapshot.missing == {}
    settings = snapshot.settings
    assert settings is not None
    assert (settings.visibility, settings.comments) == ("private", "off")
    assert settings.raw["title"] == "Year 6 Class Blog"
    assert [a.handle for a in settings.admins or ()] == ["auditor", "mrteacher"]
    assert [(m.handle, m.role) for m in snapshot.members or ()] == [
        ("auditor", "admin"), ("mrteacher", "editor"), ("sam.parent", "member")]
    assert snapshot.member_count == 3
    items = {i.id: i for i in snapshot.items}
    assert sorted(items) == ["10", "11", "12", "13", "7", "comment-100", "comment-101"]
    assert items["10"].text == "Sports day\n\nWe ran & jumped."
    assert items["10"].url == "https://year6.school.example/?p=10"
    assert (items["11"].visibility, items["12"].visibility, items["13"].status) == (
        "private", "members", "draft")
    assert items["12"].text == "Photos\n\nFor parents."  # password content is read in edit context
    assert items["comment-101"].status == "hold"
    assert not items["comment-101"].author.is_account_owner  # a subscriber
    assert snapshot.cursor == {"modified_after": "2024-06-16T09:00:00+00:00",
                               "comments_after": "2024-06-15T07:00:00+00:00"}
    # probe + posts, pages, comments (approved and held in one status=all call), users, settings
    assert calls(fake) == {"posts": 2, "pages": 1, "comments": 1, "users": 1, "settings": 1}
    assert fake.call_count == 6


def test_second_fetch_with_the_cursor_returns_no_items(fake: FakeWordPress,
                                                       connector: WordPressConnector) -> None:
    first = connector.fetch(ACCOUNT, None)
    second = connector.fetch(ACCOUNT, first.cursor)
    assert second.items == ()
    assert second.missing == {}
    assert second.cursor == first.cursor
    assert second.members == first.members and second.settings == first.settings
    # A repeat audit costs what the first did, 6 calls: each route once, every list empty.
    assert calls(fake) == {"posts": 4, "pages": 2, "comments": 2, "users": 2, "settings": 2}
    assert fake.call_count == 12


def test_a_change_after_the_cursor_is_fetched(connector: WordPressConnector) -> None:
    cursor = connector.fetch(ACCOUNT, None).cursor
    changed = scenario()
    site = changed["sites"]["year6"]
    site["posts"][0]["modified_gmt"] = "2024-06-20T12:00:00"
    site["comments"].append({"id": 103, "post": 10, "author": 2, "author_name": "Mr Teacher",
                             "content": "<p>Thanks</p>", "date_gmt": "2024-06-20T13:00:00"})
    later = FakeWordPress(changed)
    with http_for_fake(WordPressConnector, later) as http:
        snapshot = WordPressConnector(CONFIG, http).fetch(ACCOUNT, cursor)
    assert [i.id for i in snapshot.items] == ["10", "comment-103"]
    assert snapshot.items[1].author.is_account_owner
    assert snapshot.cursor == {"modified_after": "2024-06-20T12:00:00+00:00",
                               "comments_after": "2024-06-20T13:00:00+00:00"}


def test_public_site(http: httpx.Client) -> None:
    account = AccountRef(id="open-day", platform="wordpress",
                         base_url=fake_base_url("wordpress") + "/open-day")
    config = WordPressConfig(site_url="https://open.example", username="editor",
                             application_password="zzzzzzzzzzzzzzzzzzzzzzzz")
    snapshot = WordPressConnector(config, http).fetch(account, None)
    assert snapshot.settings is not None
    assert snapshot.settings.visibility == "public"
    assert snapshot.settings.raw["anonymous_probe"] == {"status": 200, "public_posts": 1}
    assert [i.id for i in snapshot.items] == ["1"]


WPCOM = WordPressConfig(site_url="https://year6.school.example", username="auditor",
                        application_password=PASSWORD, hosting="wpcom")
WPCOM_ROUTE = "GET /year6/rest/v1.1/sites/year6.school.example"


@pytest.mark.parametrize(("changes", "visibility", "answer"), [
    ({"private": False}, "public", {"status": 200, "is_private": False, "is_coming_soon": False}),
    ({"private": False, "coming_soon": True}, "private",
     {"status": 200, "is_private": False, "is_coming_soon": True}),
    ({"private": True}, "private", {"status": 403, "is_private": None, "is_coming_soon": None}),
])
def test_a_wordpress_com_site_says_who_can_see_it(changes: dict[str, Any], visibility: str,
                                                  answer: dict[str, Any]) -> None:
    fake = FakeWordPress(scenario(wpcom=True, **changes))
    with http_for_fake(WordPressConnector, fake) as http:
        connector = WordPressConnector(WPCOM, http)
        first = connector.fetch(ACCOUNT, None)
        second = connector.fetch(ACCOUNT, first.cursor)
    assert first.missing == {} and first.settings is not None
    assert first.settings.visibility == visibility
    assert first.settings.raw["wpcom_site"] == answer
    assert "anonymous_probe" not in first.settings.raw
    assert len(first.items) == 7 and second.items == ()
    # WordPress.com's answer replaces the anonymous probe: still 6 calls, first or repeat.
    assert fake.calls[WPCOM_ROUTE] == 2
    assert calls(fake) == {"posts": 2, "pages": 2, "comments": 2, "users": 2, "settings": 2}
    assert fake.call_count == 12


def test_the_fake_serves_wordpress_com_as_to_a_visitor() -> None:
    fake = FakeWordPress(scenario(wpcom=True, private=False, blog_id=4242))
    site = ask(fake, "/year6/rest/v1.1/sites/4242", fields="ID,is_private,is_coming_soon,nope")
    assert body(site) == {"ID": 4242, "is_private": False, "is_coming_soon": False}
    assert body(ask(fake, "/year6/rest/v1.1/sites/year6.school.example"))["URL"] == (
        "https://year6.school.example")
    unknown = ask(fake, "/year6/rest/v1.1/sites/elsewhere.example")
    assert (unknown.status_code, body(unknown)["error"]) == (404, "unknown_blog")
    # A self-hosted site is not on WordPress.com.
    assert ask(fake, "/open-day/rest/v1.1/sites/open-day.example").status_code == 404
    private = ask(FakeWordPress(scenario(wpcom=True)), "/year6/rest/v1.1/sites/4242")
    assert private.status_code == 404  # blog_id defaults to 1
    private = ask(FakeWordPress(scenario(wpcom=True)), "/year6/rest/v1.1/sites/1")
    assert (private.status_code, body(private)["error"]) == (403, "unauthorized")


def test_a_self_hosted_site_named_as_wordpress_com_fails_the_audit(
        fake: FakeWordPress, http: httpx.Client) -> None:
    with pytest.raises(PlatformResponseError, match=r"not a WordPress\.com site"):
        WordPressConnector(WPCOM, http).fetch(ACCOUNT, None)


def test_members_are_paged_by_100() -> None:
    users = [{"id": n, "username": f"user{n}", "roles": ["subscriber"],
              "registered_date": "2024-01-01T00:00:00"} for n in range(1, 151)]
    fake = FakeWordPress(scenario(users=users))
    with http_for_fake(WordPressConnector, fake) as http:
        snapshot = WordPressConnector(CONFIG, http).fetch(ACCOUNT, None)
    assert snapshot.member_count == 150
    assert [m.id for m in snapshot.members or ()] == [str(n) for n in range(1, 151)]
    assert calls(fake)["users"] == 2


def test_wrong_password_stops_the_fetch(fake: FakeWordPress, http: httpx.Client) -> None:
    config = WordPressConfig(site_url=CONFIG.site_url, username="auditor",
                             application_password="wrong")
    connector = WordPressConnector(config, http)
    with pytest.raises(AuthError) as caught:
        connector.check_credentials(ACCOUNT)
    assert "incorrect_password" in str(caught.value)
    with pytest.raises(AuthError):
        connector.fetch(ACCOUNT, None)


def test_a_user_without_list_users_leaves_members_missing(http: httpx.Client) -> None:
    fake = FakeWordPress(scenario(deny=["users", "settings"]))
    with http_for_fake(WordPressConnector, fake) as http:
        snapshot = WordPressConnector(CONFIG, http).fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.MEMBERS}
    assert snapshot.settings is not None
    assert (snapshot.settings.visibility, snapshot.settings.comments) == ("private", None)
    assert len(snapshot.items) == 7


def test_check_credentials(fake: FakeWordPress, connector: WordPressConnector) -> None:
    connector.check_credentials(ACCOUNT)
    assert fake.calls["GET /year6/wp-json/wp/v2/users/me"] == 1


def test_an_editor_account_is_not_enough() -> None:
    fake = FakeWordPress(scenario(username="mrteacher"))
    config = WordPressConfig(site_url=CONFIG.site_url, username="mrteacher",
                             application_password=PASSWORD)
    with http_for_fake(WordPressConnector, fake) as http, pytest.raises(AuthError) as caught:
        WordPressConnector(config, http).check_credentials(ACCOUNT)
    assert caught.value.status == 403 and "list_users" in str(caught.value)


# The fake on its own, as the sandbox serves it.
def ask(fake: FakeWordPress, path: str, *, auth: tuple[str, str] | None = None,
        **params: str) -> httpx.Response:
    headers = {}
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(":".join(auth).encode()).decode()
    return fake(httpx.Request("GET", f"http://sandbox.invalid{path}", params=params,
                              headers=headers))


def body(response: httpx.Response) -> Any:
    return json.loads(response.content)


@pytest.mark.parametrize(("path", "params", "code"), [
    ("/year6/wp-json/wp/v2/posts", {}, "rest_unauthorized"),
    ("/open-day/wp-json/wp/v2/posts", {"context": "edit"}, "rest_forbidden_context"),
    ("/open-day/wp-json/wp/v2/posts", {"status": "draft"}, "rest_forbidden_status"),
    ("/open-day/wp-json/wp/v2/comments", {"status": "hold"}, "rest_forbidden_param"),
    ("/open-day/wp-json/wp/v2/users", {}, "rest_user_cannot_view"),
    ("/open-day/wp-json/wp/v2/users/me", {}, "rest_not_logged_in"),
    ("/open-day/wp-json/wp/v2/settings", {}, "rest_forbidden"),
])
def test_anonymous_requests_are_refused_as_wordpress_does(fake: FakeWordPress, path: str,
                                                          params: dict[str, str],
                                                          code: str) -> None:
    response = fake(httpx.Request("GET", f"http://sandbox.invalid{path}", params=params))
    assert response.status_code == 401
    assert body(response) == {"code": code, "message": body(response)["message"],
                              "data": {"status": 401}}


def test_public_posts_for_anonymous_visitors(fake: FakeWordPress) -> None:
    response = ask(fake, "/open-day/wp-json/wp/v2/posts", per_page="1")
    assert response.status_code == 200
    assert (response.headers["X-WP-Total"], response.headers["X-WP-TotalPages"]) == ("1", "1")
    post, = body(response)
    assert post["title"] == {"rendered": "Open day"}
    assert "password" not in post and "raw" not in post["content"]


def test_query_parameters(fake: FakeWordPress) -> None:
    auth = ("auditor", PASSWORD.replace(" ", ""))
    first = ask(fake, "/year6/wp-json/wp/v2/posts", auth=auth, per_page="2", page="1",
                status="publish,private,draft", orderby="id", order="asc", _fields="id,status")
    assert body(first) == [{"id": 10, "status": "publish"}, {"id": 11, "status": "private"}]
    assert (first.headers["X-WP-Total"], first.headers["X-WP-TotalPages"]) == ("4", "2")
    newer = ask(fake, "/year6/wp-json/wp/v2/posts", auth=auth, status="any", _fields="id",
                orderby="modified", modified_after="2024-06-14T09:00:00+00:00")
    assert body(newer) == [{"id": 12}, {"id": 13}]  # newest first, as WordPress sorts
    held = ask(fake, "/year6/wp-json/wp/v2/comments", auth=auth, status="hold",
               after="2024-06-15T00:00:00Z")
    assert [c["id"] for c in body(held)] == [101]
    assert ask(fake, "/year6/wp-json/wp/v2/posts", auth=auth, per_page="101").status_code == 400
    past_end = ask(fake, "/year6/wp-json/wp/v2/posts", auth=auth, page="9")
    assert body(past_end)["code"] == "rest_post_invalid_page_number"
    edit = ask(fake, "/year6/wp-json/wp/v2/users", auth=auth, context="edit")
    assert body(edit)[0]["registered_date"] == "2023-09-01T08:00:00+00:00"


@pytest.mark.parametrize(("status", "ids"), [
    ("all", [100, 101]), ("approve", [100]), ("hold", [101]), ("1", [100]), ("0", [101]),
    ("spam", [102]), ("any", [100, 101, 102]), ("ALL", [100, 101]),
    # The REST API passes ``status`` through sanitize_key: no lists, unknown values match nothing.
    ("approve,hold", []), ("approved", []),
])
def test_comment_statuses_as_wp_comment_query_reads_them(fake: FakeWordPress, status: str,
                                                         ids: list[int]) -> None:
    auth = ("auditor", PASSWORD)
    answer = ask(fake, "/year6/wp-json/wp/v2/comments", auth=auth, status=status,
                 context="edit", orderby="id", order="asc", _fields="id,status")
    assert answer.status_code == 200
    assert [c["id"] for c in body(answer)] == ids
    assert answer.headers["X-WP-Total"] == str(len(ids))


def test_all_comments_need_credentials(fake: FakeWordPress) -> None:
    for params in ({"status": "all"}, {"context": "edit"}):
        refused = ask(fake, "/open-day/wp-json/wp/v2/comments", **params)
        assert refused.status_code == 401
    assert ask(fake, "/open-day/wp-json/wp/v2/comments").status_code == 200


def test_error_shapes(fake: FakeWordPress) -> None:
    request = httpx.Request("GET", "http://sandbox.invalid/year6/wp-json/wp/v2/posts")
    assert body(fake.error(request, 500)) == {
        "code": "internal_server_error",
        "message": "There has been a critical error on this website.", "data": {"status": 500}}
    assert body(ask(fake, "/year6/wp-json/wp/v2/media"))["code"] == "rest_no_route"
    assert ask(fake, "/nowhere/wp-json/wp/v2/posts").status_code == 404
    wrong_user = ask(fake, "/year6/wp-json/wp/v2/posts", auth=("someone", PASSWORD))
    assert body(wrong_user)["code"] == "invalid_username"


@pytest.mark.parametrize("data", [
    {}, {"sites": []}, {"sites": {"a": {"username": "x"}}},
    {"sites": {"a": {"username": "x", "application_password": "y", "posts": [{"id": 1}]}}},
    {"sites": {"a": {"username": "x", "application_password": "y", "users": [{"name": "n"}]}}},
    {"sites": {"a": {"username": "x", "application_password": "y", "blog_id": "one"}}},
])
def test_bad_scenarios_are_config_errors(data: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        FakeWordPress(data)
