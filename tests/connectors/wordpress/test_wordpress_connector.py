"""The WordPress connector over HTTP, against recorded responses served by respx."""

from __future__ import annotations

import base64
import json
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from pydantic import ValidationError

import connectors.wordpress
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
from connectors.wordpress import WordPressConfig, WordPressConnector

FIXTURES = Path(connectors.wordpress.__file__).parent / "fixtures"
SITE = "https://year6.school.example"
SECRET = "abcd EFGH ijkl MNOP qrst UVWX"
CONFIG = WordPressConfig(site_url=SITE + "/", username="auditor", application_password=SECRET)
ACCOUNT = AccountRef(id="year6-blog", platform="wordpress")
BASIC = "Basic " + base64.b64encode(f"auditor:{SECRET}".encode()).decode()


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def wp(status: int, body: Any, *, total: int | None = None, pages: int | None = None,
       headers: dict[str, str] | None = None) -> Callable[[], httpx.Response]:
    """A fresh response each time it is asked for, with WordPress's pagination headers."""
    extra = dict(headers or {})
    if total is not None:
        extra.update({"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)})
    return lambda: httpx.Response(status, json=body, headers=extra)


def raw(status: int, content: bytes, headers: dict[str, str] | None = None,
        ) -> Callable[[], httpx.Response]:
    return lambda: httpx.Response(status, content=content, headers=headers)


class FixtureSite(FixtureRouter):
    """A recorded WordPress site: one answer per route, replaceable by each test."""

    def __init__(self) -> None:
        super().__init__({
            "probe": wp(401, load("error_rest_forbidden.json")),
            "settings": wp(200, load("settings.json")),
            "users:1": wp(200, load("users_page1.json"), total=4, pages=2),
            "users:2": wp(200, load("users_page2.json"), total=4, pages=2),
            "posts": wp(200, load("posts.json"), total=4, pages=1),
            "pages": wp(200, load("pages.json"), total=1, pages=1),
            # status=all: WordPress answers approved and held comments in one collection.
            "comments:all": wp(200, load("comments_approved.json") + load("comments_hold.json"),
                               total=3, pages=1),
            "users/me": wp(200, load("users_page1.json")[0]),
        })

    def key(self, request: httpx.Request) -> str:
        route = request.url.path.split("/wp-json/wp/v2/", 1)[1]
        params = request.url.params
        if "Authorization" not in request.headers:
            assert route == "posts", f"{route} was asked for without credentials"
            return "probe"
        assert request.headers["Authorization"] == BASIC
        if route == "users":
            return f"users:{params['page']}"
        if route == "comments":
            return f"comments:{params['status']}"
        return route


@pytest.fixture
def site(respx_mock: respx.MockRouter) -> FixtureSite:
    fixture = FixtureSite()
    respx_mock.route(host="year6.school.example").mock(side_effect=fixture)
    return fixture


@pytest.fixture
def connector(http: httpx.Client) -> WordPressConnector:
    return WordPressConnector(CONFIG, http)


def test_full_fetch(site: FixtureSite, connector: WordPressConnector) -> None:
    snapshot = connector.fetch(ACCOUNT, None)

    assert snapshot.missing == {}
    assert snapshot.capabilities == {Capability.SETTINGS, Capability.MEMBERS, Capability.CONTENT}
    assert snapshot.fetched_at.tzinfo is not None
    settings = snapshot.settings
    assert settings is not None
    assert (settings.visibility, settings.comments, settings.join_policy, settings.discoverable) == (
        "private", "everyone", None, None)
    assert [a.handle for a in settings.admins or ()] == ["head", "mrteacher"]
    assert settings.raw["title"] == "Year 6 Class Blog"
    assert settings.raw["anonymous_probe"] == {"status": 401, "public_posts": None}

    # Members come from both pages that X-WP-TotalPages announced.
    assert [m.handle for m in snapshot.members or ()] == ["head", "mrteacher", "ta.jones",
                                                          "jsmith2013"]
    assert snapshot.member_count == 4
    assert [p["page"] for p in site.params("users:1") + site.params("users:2")] == ["1", "2"]

    assert [(i.kind, i.id, i.status) for i in snapshot.items] == [
        ("post", "101", "publish"), ("post", "102", "private"), ("post", "103", "publish"),
        ("post", "104", "draft"), ("page", "7", "publish"),
        ("comment", "comment-501", "approved"), ("comment", "comment-502", "approved"),
        ("comment", "comment-503", "hold")]
    assert snapshot.cursor == {"modified_after": "2024-06-15T07:20:45+00:00",
                               "comments_after": "2024-06-15T06:55:00+00:00"}

    # 1 probe + 1 settings + 2 users + posts + pages + comments (approved and held together).
    assert len(site.requests) == 7
    probe, = site.params("probe")
    assert probe == {"per_page": "1", "_fields": "id"}
    posts, = site.params("posts")
    assert posts["context"] == "edit"
    assert posts["status"] == "publish,future,draft,pending,private"
    assert posts["per_page"] == "100"
    assert "modified_after" not in posts
    assert site.params("users:1")[0]["context"] == "edit"
    comments, = site.params("comments:all")
    assert (comments["status"], comments["context"], comments["per_page"]) == ("all", "edit", "100")
    assert "after" not in comments
    assert all(str(r.url).startswith(SITE + "/wp-json/wp/v2/") for r in site.requests)


def test_incremental_fetch_sends_the_cursor(site: FixtureSite,
                                            connector: WordPressConnector) -> None:
    cursor = {"modified_after": "2024-06-14T10:02:11+00:00",
              "comments_after": "2024-06-14T18:01:05+00:00"}
    snapshot = connector.fetch(ACCOUNT, cursor)

    # A day of overlap covers sites that compare in local time; what was seen is dropped.
    for key in ("posts", "pages"):
        assert site.params(key)[0]["modified_after"] == "2024-06-13T10:02:11+00:00"
    assert site.params("comments:all")[0]["after"] == "2024-06-13T18:01:05+00:00"
    assert [i.id for i in snapshot.items] == ["104", "comment-503"]
    assert snapshot.cursor == {"modified_after": "2024-06-15T07:20:45+00:00",
                               "comments_after": "2024-06-15T06:55:00+00:00"}


def test_unchanged_site_returns_no_items_and_keeps_the_cursor(
        site: FixtureSite, connector: WordPressConnector) -> None:
    cursor = {"modified_after": "2024-06-15T07:20:45+00:00",
              "comments_after": "2024-06-15T06:55:00+00:00"}
    snapshot = connector.fetch(ACCOUNT, cursor)
    assert snapshot.items == ()
    assert snapshot.cursor == cursor


@pytest.mark.parametrize(("status", "visibility"), [(200, "public"), (401, "private"),
                                                    (403, "private")])
def test_anonymous_probe_decides_visibility(site: FixtureSite, connector: WordPressConnector,
                                            status: int, visibility: str) -> None:
    body = [{"id": 101}] if status == 200 else load("error_rest_forbidden.json")
    site.answers["probe"] = wp(status, body, total=3, pages=3)
    settings = connector.fetch(ACCOUNT, None).settings
    assert settings is not None
    assert settings.visibility == visibility
    assert settings.raw["anonymous_probe"]["status"] == status


@pytest.mark.parametrize("answer", [
    wp(500, {"code": "internal_server_error", "message": "x", "data": {"status": 500}}),
    httpx.ConnectError("connection refused"),
    raw(200, b"<html>Welcome to our blog</html>", {"X-WP-Total": "1", "X-WP-TotalPages": "1"}),
    wp(404, {"code": "rest_no_route", "message": "No route", "data": {"status": 404}}),
])
def test_the_fetch_raises_when_the_probe_fails(site: FixtureSite, connector: WordPressConnector,
                                               answer: FixtureAnswer) -> None:
    site.answers["probe"] = answer
    with pytest.raises((PlatformUnavailableError, PlatformResponseError)):
        connector.fetch(ACCOUNT, None)


@pytest.mark.parametrize("route", ["settings", "users:1", "posts", "comments:all"])
def test_rejected_credentials_raise_auth_error(site: FixtureSite, connector: WordPressConnector,
                                               route: str) -> None:
    site.answers[route] = wp(401, load("error_incorrect_password.json"))
    with pytest.raises(AuthError) as caught:
        connector.fetch(ACCOUNT, None)
    assert caught.value.status == 401
    assert "incorrect_password" in str(caught.value)


def test_403_on_users_marks_only_members_missing(site: FixtureSite,
                                                 connector: WordPressConnector) -> None:
    site.answers["users:1"] = wp(403, load("error_forbidden_context.json"))
    snapshot = connector.fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.MEMBERS}
    assert "403 rest_forbidden_context" in snapshot.missing[Capability.MEMBERS]
    assert snapshot.members is None and snapshot.member_count is None
    assert snapshot.settings is not None and snapshot.settings.admins is None
    assert snapshot.settings.visibility == "private"
    assert len(snapshot.items) == 8
    # Without the user list a logged-in commenter counts as the site.
    assert snapshot.items[-1].author.is_account_owner
    with pytest.raises(AuthError) as caught:
        connector.client(ACCOUNT).get_all("users", {"context": "edit"})
    assert caught.value.status == 403


def test_a_user_who_cannot_moderate_is_refused_not_shown_part(
        site: FixtureSite, connector: WordPressConnector) -> None:
    # context=edit makes WordPress refuse the comments outright when the user lacks
    # moderate_comments, rather than answer status=all with the approved ones only.
    site.answers["comments:all"] = wp(403, {
        "code": "rest_forbidden_context", "message": "Sorry, you are not allowed to edit comments.",
        "data": {"status": 403}})
    snapshot = connector.fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.CONTENT}
    assert "GET comments: HTTP 403 rest_forbidden_context" in snapshot.missing[Capability.CONTENT]
    assert snapshot.items == () and snapshot.cursor is None


def test_403_on_settings_keeps_the_probe(site: FixtureSite, connector: WordPressConnector) -> None:
    site.answers["settings"] = wp(403, {"code": "rest_forbidden", "message": "no",
                                        "data": {"status": 403}})
    snapshot = connector.fetch(ACCOUNT, None)
    assert snapshot.missing == {}
    settings = snapshot.settings
    assert settings is not None
    assert (settings.visibility, settings.comments) == ("private", None)
    assert "rest_forbidden" in settings.raw["settings_unreadable"]


@pytest.mark.parametrize(("status", "headers", "retry_after"), [
    (429, {"Retry-After": "120"}, 120.0),
    (503, {"Retry-After": "30"}, 30.0),
    (429, {}, 60.0),
])
def test_rate_limits(site: FixtureSite, connector: WordPressConnector, status: int,
                     headers: dict[str, str], retry_after: float) -> None:
    site.answers["posts"] = raw(status, b"Too Many Requests", headers)
    snapshot = connector.fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {Capability.CONTENT}
    assert f"retry after {retry_after:.0f}s" in snapshot.missing[Capability.CONTENT]

    with pytest.raises(RateLimitedError) as caught:
        connector.client(ACCOUNT).get_all("posts", {})
    assert caught.value.retry_after == retry_after


def test_503_without_retry_after_is_unavailable(site: FixtureSite,
                                                connector: WordPressConnector) -> None:
    site.answers["settings"] = raw(503, b"maintenance")
    with pytest.raises(PlatformUnavailableError) as caught:
        connector.client(ACCOUNT).get_object("settings")
    assert caught.value.status == 503


def test_500_and_timeout_mark_capabilities_missing(site: FixtureSite,
                                                   connector: WordPressConnector) -> None:
    site.answers["comments:all"] = wp(500, {"code": "internal_server_error",
                                            "message": "critical", "data": {"status": 500}})
    site.answers["users:2"] = httpx.ReadTimeout("timed out")
    cursor = {"modified_after": "2024-01-01T00:00:00+00:00", "comments_after": None}
    snapshot = connector.fetch(ACCOUNT, cursor)
    assert snapshot.missing == {
        Capability.MEMBERS: "wordpress: GET users: timed out",
        Capability.CONTENT: "wordpress: GET comments: HTTP 500 internal_server_error",
    }
    assert snapshot.items == ()
    assert snapshot.cursor == cursor  # nothing read, so the next audit starts from the same place
    assert snapshot.settings is not None and snapshot.settings.visibility == "private"


@pytest.mark.parametrize(("route", "answer", "capability", "reason"), [
    ("posts", raw(200, (FIXTURES / "malformed_body.txt").read_bytes(),
                  {"X-WP-Total": "1", "X-WP-TotalPages": "1"}),
     Capability.CONTENT, "not valid JSON"),
    ("pages", wp(200, {"id": 7}, total=1, pages=1), Capability.CONTENT, "JSON array"),
    ("posts", wp(200, [{"id": 101, "status": "publish"}], total=1, pages=1),
     Capability.CONTENT, "title.rendered"),
    ("users:1", wp(200, load("users_page1.json")), Capability.MEMBERS, "X-WP-Total"),
    ("users:1", wp(200, [1, 2], total=2, pages=1), Capability.MEMBERS, "JSON array"),
])
def test_payload_not_as_documented(site: FixtureSite, connector: WordPressConnector, route: str,
                                   answer: FixtureAnswer, capability: Capability, reason: str) -> None:
    site.answers[route] = answer
    snapshot = connector.fetch(ACCOUNT, None)
    assert set(snapshot.missing) == {capability}
    assert reason in snapshot.missing[capability]


def test_malformed_settings_leave_comments_unknown(site: FixtureSite,
                                                   connector: WordPressConnector) -> None:
    site.answers["settings"] = raw(200, (FIXTURES / "malformed_body.txt").read_bytes())
    settings = connector.fetch(ACCOUNT, None).settings
    assert settings is not None and settings.comments is None
    with pytest.raises(PlatformResponseError, match="not valid JSON"):
        connector.client(ACCOUNT).get_object("settings")


def test_check_credentials_wants_what_a_full_audit_reads(site: FixtureSite,
                                                        connector: WordPressConnector,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    editor = load("users_page1.json")[1]
    site.answers["users/me"] = wp(200, editor)
    with pytest.raises(AuthError) as caught:
        connector.check_credentials(ACCOUNT)
    assert caught.value.status == 403
    assert "list_users" in str(caught.value) and "moderate_comments" not in str(caught.value)

    admin = load("users_page1.json")[0]
    del admin["capabilities"]["manage_options"]
    site.answers["users/me"] = wp(200, admin)
    connector.check_credentials(ACCOUNT)
    assert "manage_options" in caplog.text


def test_redirects_are_not_followed(site: FixtureSite, connector: WordPressConnector) -> None:
    site.answers["users/me"] = raw(301, b"", {"Location": "https://elsewhere.example/"})
    with pytest.raises(PlatformResponseError, match="redirected"):
        connector.check_credentials(ACCOUNT)
    assert len(site.requests) == 1


def test_check_credentials(site: FixtureSite, connector: WordPressConnector) -> None:
    connector.check_credentials(ACCOUNT)
    me, = site.requests
    assert me.url.path == "/wp-json/wp/v2/users/me"
    assert me.url.params["context"] == "edit"
    site.answers["users/me"] = wp(401, load("error_incorrect_password.json"))
    with pytest.raises(AuthError):
        connector.check_credentials(ACCOUNT)


def test_base_url_overrides_site_url(respx_mock: respx.MockRouter,
                                     connector: WordPressConnector) -> None:
    fixture = FixtureSite()
    respx_mock.route(host="127.0.0.1", port=8765).mock(side_effect=fixture)
    account = AccountRef(id="year6-blog", platform="wordpress",
                         base_url="http://127.0.0.1:8765/wordpress/year6/")
    connector.check_credentials(account)
    assert str(fixture.requests[0].url) == (
        "http://127.0.0.1:8765/wordpress/year6/wp-json/wp/v2/users/me?context=edit")


def test_the_password_never_leaks(site: FixtureSite, connector: WordPressConnector,
                                  caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    spaceless = SECRET.replace(" ", "")
    assert SECRET not in repr(CONFIG) and SECRET not in str(CONFIG)
    assert SECRET not in repr(connector.client(ACCOUNT).__dict__)
    # Even a server that echoes the password back does not get it into a message.
    echo = {"code": "incorrect_password", "message": f"bad password {SECRET}",
            "data": {"status": 401, "password": SECRET}}
    errors: list[ConnectorError] = []
    for answer in (wp(401, echo), wp(403, echo), wp(500, echo), raw(200, SECRET.encode()),
                   httpx.ConnectError(f"https://auditor:{SECRET}@year6.school.example")):
        site.answers["settings"] = answer
        site.answers["users/me"] = answer
        with pytest.raises(ConnectorError) as caught:
            connector.check_credentials(ACCOUNT)
        errors.append(caught.value)
    site.answers["users:1"] = wp(403, echo)
    snapshot = connector.fetch(ACCOUNT, None)
    texts = [str(e) for e in errors] + [repr(e) for e in errors]
    texts += [*snapshot.missing.values(), str(snapshot.settings), caplog.text]
    assert all(SECRET not in t and spaceless not in t for t in texts)


def test_config_requires_https_and_hides_the_secret() -> None:
    assert CONFIG.site_url == SITE
    assert CONFIG.application_password.get_secret_value() == SECRET
    for bad in ("http://year6.school.example", "year6.school.example",
                "https://auditor:pw@year6.school.example", "https://year6.school.example/?a=1"):
        with pytest.raises(ValidationError):
            WordPressConfig(site_url=bad, username="auditor", application_password=SECRET)
    with pytest.raises(ValidationError):
        WordPressConfig.model_validate({"site_url": SITE, "username": "auditor",
                                        "application_password": SECRET, "token": "x"})
    with pytest.raises(ValidationError):
        WordPressConfig(site_url=SITE, username="", application_password=SECRET)


WPCOM_SITE = "https://public-api.wordpress.com/rest/v1.1/sites/year6.school.example"


@pytest.mark.parametrize(("status", "answer", "visibility"), [
    (200, {"ID": 7, "URL": SITE, "is_private": False, "is_coming_soon": False}, "public"),
    (200, {"ID": 7, "URL": SITE, "is_private": True, "is_coming_soon": False}, "private"),
    (200, {"ID": 7, "URL": SITE, "is_private": False, "is_coming_soon": True}, "private"),
    (403, {"error": "unauthorized", "message": "User cannot access this private blog."},
     "private"),
])
def test_wordpress_com_hosting_asks_wordpress_com(site: FixtureSite, http: httpx.Client,
                                                  respx_mock: respx.MockRouter, status: int,
                                                  answer: dict[str, Any], visibility: str) -> None:
    wpcom = respx_mock.get(WPCOM_SITE).mock(return_value=httpx.Response(status, json=answer))
    config = WordPressConfig(site_url=SITE, username="auditor", application_password=SECRET,
                             hosting="wpcom")
    snapshot = WordPressConnector(config, http).fetch(ACCOUNT, None)
    assert snapshot.missing == {} and snapshot.settings is not None
    assert snapshot.settings.visibility == visibility
    assert "anonymous_probe" not in snapshot.settings.raw
    assert snapshot.settings.raw["wpcom_site"]["status"] == status
    request, = [call.request for call in wpcom.calls]
    assert dict(request.url.params) == {"fields": "ID,URL,is_private,is_coming_soon"}
    assert "Authorization" not in request.headers  # the password only ever goes to the site
    assert site.params("probe") == []  # WordPress.com's answer replaces the probe
    assert len(site.requests) + len(wpcom.calls) == 7  # 2 users pages: 6 + 1


@pytest.mark.parametrize(("status", "answer", "error", "reason"), [
    (200, {"ID": 7, "is_private": "no", "is_coming_soon": False}, PlatformResponseError,
     "is_private and is_coming_soon must be true or false"),
    (200, {"ID": 7}, PlatformResponseError, "is_private and is_coming_soon"),
    (200, [1], PlatformResponseError, "expected a JSON object"),
    (404, {"error": "unknown_blog", "message": "Unknown blog"}, PlatformResponseError,
     "HTTP 404 unknown_blog: not a WordPress.com site"),
    (500, {"error": "oops", "message": "x"}, PlatformUnavailableError, "HTTP 500 oops"),
])
def test_wordpress_com_answers_not_as_documented_fail_the_audit(
        site: FixtureSite, http: httpx.Client, respx_mock: respx.MockRouter, status: int,
        answer: Any, error: type[ConnectorError], reason: str) -> None:
    respx_mock.get(WPCOM_SITE).mock(return_value=httpx.Response(status, json=answer))
    config = WordPressConfig(site_url=SITE, username="auditor", application_password=SECRET,
                             hosting="wpcom")
    with pytest.raises(error, match=re.escape(reason)) as caught:
        WordPressConnector(config, http).fetch(ACCOUNT, None)
    assert "GET wpcom sites/year6.school.example" in str(caught.value)


def test_wordpress_com_config() -> None:
    assert CONFIG.hosting == "self"
    wpcom = WordPressConfig(site_url="https://year6.wordpress.com/", username="auditor",
                            application_password=SECRET, hosting="wpcom")
    assert wpcom.domain == "year6.wordpress.com"
    for bad in ({"site_url": "https://example.com/blog", "hosting": "wpcom"},
                {"site_url": SITE, "hosting": "jetpack"}):
        with pytest.raises(ValidationError):
            WordPressConfig.model_validate({"username": "auditor",
                                            "application_password": SECRET, **bad})


def test_connector_declares_itself() -> None:
    assert WordPressConnector.platform == "wordpress"
    assert WordPressConnector.display_name == "WordPress"
    assert WordPressConnector.http_library == "httpx"
    assert WordPressConnector.config_model is WordPressConfig
    assert WordPressConnector.fake == "connectors.wordpress.fake:FakeWordPress"
    assert any("register" in text for text in WordPressConnector.limitations)
