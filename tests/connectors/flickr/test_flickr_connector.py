"""The Flickr connector over HTTP, against recorded responses served by respx."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from authlib.oauth1.rfc5849.signature import generate_signature_base_string, hmac_sha1_signature
from pydantic import ValidationError

import connectors.flickr
from auditor import (
    AccountRef,
    AuthError,
    Capability,
    ConfigError,
    ConnectorError,
    PlatformResponseError,
    PlatformUnavailableError,
    RateLimitedError,
)
from auditor.testing import FixtureAnswer, FixtureRouter
from connectors.flickr import FlickrConfig, FlickrConnector
from connectors.flickr.client import SignedRequest

FIXTURES = Path(connectors.flickr.__file__).parent / "fixtures"
KEY = "0123456789abcdef0123456789abcdef"
APP_SECRET = "app-secret-f00d"
TOKEN = "72157720000000000-0a1b2c3d4e5f6a7b"
TOKEN_SECRET = "token-secret-beef"
SECRETS = (APP_SECRET, TOKEN, TOKEN_SECRET)
CREDENTIALS = {"api_key": KEY, "api_secret": APP_SECRET, "oauth_token": TOKEN,
               "oauth_token_secret": TOKEN_SECRET}
USER = FlickrConfig(**CREDENTIALS)
GROUP = FlickrConfig(**CREDENTIALS, kind="group", group_id="400000001@N20")
ACCOUNT = AccountRef(id="flickr-school", platform="flickr", handle="millbrook_school")
SCHOOL = "200000001@N01"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def ok(name: str) -> Callable[[], httpx.Response]:
    body = load(name)
    return lambda: httpx.Response(200, json=body)


class FixtureFlickr(FixtureRouter):
    """Recorded Flickr answers, one per method (``method:page`` for pages, ``method:photo``)."""

    def __init__(self) -> None:
        super().__init__({
            "flickr.test.login": ok("test_login.json"),
            "flickr.prefs.getPrivacy": ok("prefs_privacy.json"),
            "flickr.prefs.getGeoPerms": ok("prefs_geoperms.json"),
            "flickr.prefs.getHidden": ok("prefs_hidden.json"),
            "flickr.people.getPhotos:1": ok("people_photos_page1.json"),
            "flickr.people.getPhotos:2": ok("people_photos_page2.json"),
            "flickr.photos.comments.getList:53300000003": ok("comments.json"),
            "flickr.photos.comments.getList": ok("comments_empty.json"),
            "flickr.photos.getExif:53300000003": ok("exif.json"),
            "flickr.photos.getExif": ok("exif_none.json"),
            "flickr.groups.getInfo": ok("groups_getinfo.json"),
            "flickr.groups.members.getList:1": ok("group_members.json"),
            "flickr.groups.pools.getPhotos:1": ok("pool_photos.json"),
            "flickr.photos.recentlyUpdated:1": ok("recently_updated.json"),
        })

    def key(self, request: httpx.Request) -> str:
        params = request.url.params
        method = params["method"]
        keys = [f"{method}:{params.get('page', '')}", f"{method}:{params.get('photo_id', '')}"]
        return next((k for k in keys if k in self.answers), method)

    def params(self, key: str) -> list[dict[str, str]]:
        """The query parameters of the requests calling method ``key``, whatever their page or photo."""
        return [dict(r.url.params) for r in self.requests if r.url.params["method"] == key]


@pytest.fixture
def flickr(respx_mock: respx.MockRouter) -> FixtureFlickr:
    fixture = FixtureFlickr()
    respx_mock.route(host="www.flickr.com", path="/services/rest/").mock(side_effect=fixture)
    return fixture


#: What the first audit of ACCOUNT leaves for the next one to start from.
REPEAT = {"updated_after": 1795428000, "comments_after": 1795428000,
          "account": {"nsid": SCHOOL, "handle": "millbrook_school"}}


def test_full_fetch_of_a_user(flickr: FixtureFlickr, http: httpx.Client) -> None:
    snapshot = FlickrConnector(USER, http).fetch(ACCOUNT, None)

    assert snapshot.missing == {}
    assert snapshot.capabilities == {Capability.SETTINGS, Capability.CONTENT, Capability.MEDIA}
    assert not snapshot.observed(Capability.MEMBERS)
    assert snapshot.members is None
    settings = snapshot.settings
    assert settings is not None
    assert (settings.visibility, settings.location_tagging, settings.discoverable) == \
        ("public", True, True)
    assert settings.raw["geoperms"] == 1 and settings.raw["importgeoexif"] == 1

    photos = {i.id: i for i in snapshot.items if i.kind in ("photo", "video")}
    assert set(photos) == {"53300000001", "53300000002", "53300000003"}
    harvest = photos["53300000003"]
    assert harvest.visibility == "public"
    assert "Amelia Wright read a poem & sang." in harvest.text and "Tags: harvest year2" in harvest.text
    assert harvest.location is not None and harvest.location.latitude == pytest.approx(51.5237)
    assert harvest.created_at == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert harvest.author.is_account_owner and harvest.url == \
        f"https://www.flickr.com/photos/{SCHOOL}/53300000003/"
    exif = harvest.media[0].exif
    assert exif is not None and exif["GPSLatitude"] == "51 deg 31' 25.32\" N"
    assert photos["53300000002"].kind == "video" and photos["53300000002"].visibility == "members"
    assert photos["53300000002"].media[0].exif is None  # videos are not asked for EXIF
    assert photos["53300000001"].visibility == "private" and photos["53300000001"].location is None
    assert photos["53300000001"].media[0].exif == {}

    comments = [i for i in snapshot.items if i.kind == "comment"]
    assert [c.parent_id for c in comments] == ["53300000003", "53300000003"]
    assert comments[0].text == "Lovely! Call me on 07700 900123 about the photos"
    assert not comments[0].author.is_account_owner and comments[1].author.is_account_owner
    assert comments[0].visibility == "public"
    assert snapshot.cursor == {"updated_after": 1795431600, "comments_after": 1795431600,
                               "account": {"nsid": SCHOOL, "handle": "millbrook_school"}}

    # Two pages of photos, a comment call per photo, EXIF per still photo.
    pages = flickr.params("flickr.people.getPhotos")
    assert [p["page"] for p in pages] == ["1", "2"] and pages[0]["per_page"] == "500"
    assert pages[0]["user_id"] == SCHOOL and "min_upload_date" not in pages[0]
    assert {"date_upload", "last_update", "description", "geo", "url_m", "tags"} <= \
        set(pages[0]["extras"].split(","))
    assert len(flickr.params("flickr.photos.comments.getList")) == 3
    assert [p["photo_id"] for p in flickr.params("flickr.photos.getExif")] == \
        ["53300000003", "53300000001"]
    assert len(flickr.requests) == 11  # 1 login + 3 preferences + 2 pages + 3 comments + 2 EXIF


def test_requests_are_signed_with_oauth1(flickr: FixtureFlickr, http: httpx.Client) -> None:
    FlickrConnector(USER, http).check_credentials(ACCOUNT)

    (request,) = flickr.requests
    assert dict(request.url.params) == {"method": "flickr.test.login", "format": "json",
                                        "nojsoncallback": "1"}
    header = request.headers["Authorization"]
    signed = SignedRequest("GET", str(request.url), headers={"Authorization": header})
    assert (signed.client_id, signed.token, signed.signature_method) == (KEY, TOKEN, "HMAC-SHA1")
    expected = hmac_sha1_signature(generate_signature_base_string(signed), APP_SECRET, TOKEN_SECRET)
    assert hmac.compare_digest(expected, signed.signature)
    assert APP_SECRET not in header and TOKEN_SECRET not in header
    assert all(secret not in str(request.url) for secret in SECRETS)


def test_a_repeat_fetch_asks_what_was_updated_since_the_cursor(flickr: FixtureFlickr,
                                                               http: httpx.Client) -> None:
    snapshot = FlickrConnector(USER, http).fetch(ACCOUNT, REPEAT)

    (query,) = flickr.params("flickr.photos.recentlyUpdated")
    assert query["min_date"] == "1795428000" and query["per_page"] == "500"
    assert "last_update" in query["extras"].split(",")
    assert flickr.params("flickr.people.getPhotos") == []
    assert [p["min_comment_date"] for p in flickr.params("flickr.photos.comments.getList")] == \
        ["1795428000"]
    # The photo modified since the cursor is read again (with its EXIF), and only the comment
    # newer than the cursor is reported.
    assert [(i.kind, i.id) for i in snapshot.items] == [
        ("photo", "53300000003"), ("comment", "200000001-53300000003-72157700000000002")]
    assert snapshot.items[0].media[0].exif is not None
    assert snapshot.cursor == {**REPEAT, "updated_after": 1795431600, "comments_after": 1795431600}


def test_the_preferences_vouch_for_the_token_so_login_is_not_asked_again(
        flickr: FixtureFlickr, http: httpx.Client) -> None:
    flickr.answers["flickr.photos.recentlyUpdated:1"] = ok("people_photos_empty.json")

    snapshot = FlickrConnector(USER, http).fetch(ACCOUNT, REPEAT)

    assert snapshot.items == () and snapshot.missing == {}
    assert snapshot.cursor == REPEAT
    assert flickr.requested() == ["flickr.prefs.getPrivacy", "flickr.prefs.getGeoPerms",
                                  "flickr.prefs.getHidden", "flickr.photos.recentlyUpdated:1"]


@pytest.mark.parametrize("cursor", [
    {**REPEAT, "account": {"nsid": SCHOOL, "handle": "another_handle"}},   # handle changed
    {k: v for k, v in REPEAT.items() if k != "account"},                   # older cursor
])
def test_login_is_asked_when_the_cursor_cannot_vouch(flickr: FixtureFlickr, http: httpx.Client,
                                                     cursor: dict[str, Any]) -> None:
    flickr.answers["flickr.photos.recentlyUpdated:1"] = ok("people_photos_empty.json")

    snapshot = FlickrConnector(USER, http).fetch(ACCOUNT, cursor)

    assert "flickr.test.login" in flickr.requested()
    assert snapshot.cursor is not None and snapshot.cursor["account"] == REPEAT["account"]


def test_login_is_asked_when_the_preferences_could_not_be_read(flickr: FixtureFlickr,
                                                               http: httpx.Client) -> None:
    flickr.answers["flickr.prefs.getHidden"] = ok("error_service_unavailable.json")
    flickr.answers["flickr.photos.recentlyUpdated:1"] = ok("people_photos_empty.json")

    snapshot = FlickrConnector(USER, http).fetch(ACCOUNT, REPEAT)

    assert set(snapshot.missing) == {Capability.SETTINGS}
    assert "flickr.test.login" in flickr.requested()


def test_a_token_of_another_account_on_repeat_is_refused(flickr: FixtureFlickr,
                                                         http: httpx.Client) -> None:
    other = {"person": {"nsid": "999999999@N01", "privacy": 1}, "stat": "ok"}
    flickr.answers["flickr.prefs.getPrivacy"] = lambda: httpx.Response(200, json=other)

    snapshot = FlickrConnector(USER, http).fetch(ACCOUNT, REPEAT)

    # The three answers disagree about whose they are: settings are not trusted, and
    # test.login (the school's own token here) says whose photos to read.
    assert set(snapshot.missing) == {Capability.SETTINGS}
    assert "flickr.test.login" in flickr.requested()


def test_a_cursor_of_another_account_is_not_used(flickr: FixtureFlickr, http: httpx.Client) -> None:
    cursor = {**REPEAT, "account": {"nsid": "999999999@N01", "handle": "millbrook_school"}}

    snapshot = FlickrConnector(USER, http).fetch(ACCOUNT, cursor)

    assert flickr.params("flickr.photos.recentlyUpdated") == []
    assert len(flickr.params("flickr.people.getPhotos")) == 2  # read in full
    assert snapshot.cursor is not None and snapshot.cursor["account"]["nsid"] == SCHOOL


def test_a_new_comment_on_an_old_photo_is_found(flickr: FixtureFlickr, http: httpx.Client) -> None:
    # Photo 53300000003 was uploaded a year before the cursor; a comment modified it since.
    old = load("recently_updated.json")
    old["photos"]["photo"][0]["dateupload"] = "1763888400"
    flickr.answers["flickr.photos.recentlyUpdated:1"] = lambda: httpx.Response(200, json=old)

    snapshot = FlickrConnector(USER, http).fetch(ACCOUNT, REPEAT)

    comments = [i for i in snapshot.items if i.kind == "comment"]
    assert [c.id for c in comments] == ["200000001-53300000003-72157700000000002"]
    assert comments[0].parent_id == "53300000003"


def test_a_group(flickr: FixtureFlickr, http: httpx.Client) -> None:
    account = AccountRef(id="flickr-year6", platform="flickr", handle="400000001@N20")

    snapshot = FlickrConnector(GROUP, http).fetch(account, None)

    assert snapshot.missing == {} and snapshot.capabilities == FlickrConnector.capabilities
    settings = snapshot.settings
    assert settings is not None
    assert (settings.visibility, settings.join_policy, settings.discoverable) == \
        ("public", "invite", True)
    assert settings.admins is not None
    assert [(m.handle, m.role) for m in settings.admins] == [("millbrook_school", "admin"),
                                                             ("dpatel_millbrook", "editor")]
    assert snapshot.members is not None and len(snapshot.members) == 3
    assert snapshot.member_count == 3
    (photo,) = snapshot.items
    assert photo.author.id == "300000001@N01" and not photo.author.is_account_owner
    assert photo.created_at == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # added, not uploaded
    assert flickr.params("flickr.groups.members.getList")[0]["group_id"] == "400000001@N20"
    assert flickr.params("flickr.groups.pools.getPhotos")[0]["group_id"] == "400000001@N20"
    assert flickr.params("flickr.prefs.getPrivacy") == []


def test_every_pool_page_is_read_and_only_changed_photos_kept(flickr: FixtureFlickr,
                                                              http: httpx.Client) -> None:
    page2 = load("pool_photos.json")
    page2["photos"].update(page=2, pages=2, total=2)
    page2["photos"]["photo"][0].update(id="53300000008", dateadded="1700000000",
                                       lastupdate="1700000000")
    first = load("pool_photos.json")
    first["photos"].update(pages=2, total=2)
    flickr.answers["flickr.groups.pools.getPhotos:1"] = lambda: httpx.Response(200, json=first)
    flickr.answers["flickr.groups.pools.getPhotos:2"] = lambda: httpx.Response(200, json=page2)
    cursor = {"updated_after": 1795427000, "comments_after": 1795427000}

    snapshot = FlickrConnector(GROUP, http).fetch(AccountRef(id="g", platform="flickr"), cursor)

    assert len(flickr.params("flickr.groups.pools.getPhotos")) == 2
    assert [i.id for i in snapshot.items] == ["53300000009"]
    assert [p["photo_id"] for p in flickr.params("flickr.photos.comments.getList")] == ["53300000009"]
    assert snapshot.cursor == {"updated_after": 1795428000, "comments_after": 1795427000}


def test_an_unchanged_group_costs_four_calls(flickr: FixtureFlickr, http: httpx.Client) -> None:
    cursor = {"updated_after": 1795428000, "comments_after": 1795428000}

    snapshot = FlickrConnector(GROUP, http).fetch(AccountRef(id="g", platform="flickr"), cursor)

    assert snapshot.items == () and snapshot.cursor == cursor
    assert flickr.requested() == ["flickr.test.login", "flickr.groups.getInfo",
                                  "flickr.groups.members.getList:1",
                                  "flickr.groups.pools.getPhotos:1"]


@pytest.mark.parametrize(("fixture", "status"), [("error_invalid_token.json", 401),
                                                 ("error_invalid_key.json", 401),
                                                 ("error_insufficient_permissions.json", 403)])
def test_rejected_credentials(flickr: FixtureFlickr, http: httpx.Client, fixture: str,
                              status: int) -> None:
    flickr.answers["flickr.test.login"] = ok(fixture)

    with pytest.raises(AuthError) as caught:
        FlickrConnector(USER, http).fetch(ACCOUNT, None)

    assert caught.value.status == status
    assert all(secret not in str(caught.value) for secret in SECRETS)


def test_a_token_rejected_mid_audit_stops_it(flickr: FixtureFlickr, http: httpx.Client) -> None:
    flickr.answers["flickr.people.getPhotos:1"] = ok("error_invalid_token.json")

    with pytest.raises(AuthError):
        FlickrConnector(USER, http).fetch(ACCOUNT, None)


def test_a_refused_preference_marks_settings_missing(flickr: FixtureFlickr,
                                                     http: httpx.Client) -> None:
    flickr.answers["flickr.prefs.getGeoPerms"] = ok("error_insufficient_permissions.json")

    snapshot = FlickrConnector(USER, http).fetch(ACCOUNT, None)

    assert set(snapshot.missing) == {Capability.SETTINGS} and snapshot.settings is None
    assert "error 99" in snapshot.missing[Capability.SETTINGS]
    assert len(snapshot.items) == 5


def test_members_failing_marks_members_missing(flickr: FixtureFlickr, http: httpx.Client) -> None:
    flickr.answers["flickr.groups.members.getList:1"] = ok("error_service_unavailable.json")

    snapshot = FlickrConnector(GROUP, http).fetch(AccountRef(id="g", platform="flickr"), None)

    assert set(snapshot.missing) == {Capability.MEMBERS}
    assert snapshot.settings is not None and snapshot.settings.admins is None
    assert snapshot.member_count == 3 and len(snapshot.items) == 1


def test_content_failing_keeps_the_cursor(flickr: FixtureFlickr, http: httpx.Client) -> None:
    flickr.answers["flickr.photos.recentlyUpdated:1"] = ok("error_service_unavailable.json")

    snapshot = FlickrConnector(USER, http).fetch(ACCOUNT, REPEAT)

    assert set(snapshot.missing) == {Capability.CONTENT, Capability.MEDIA}
    assert snapshot.items == () and snapshot.cursor == REPEAT
    assert snapshot.settings is not None


def test_exif_failing_marks_media_missing_and_holds_the_photo_cursor(
        flickr: FixtureFlickr, http: httpx.Client) -> None:
    flickr.answers["flickr.photos.getExif"] = lambda: httpx.Response(502, text="<html>Bad Gateway</html>")

    snapshot = FlickrConnector(USER, http).fetch(ACCOUNT, None)

    assert set(snapshot.missing) == {Capability.MEDIA}
    assert all(i.media[0].exif is None for i in snapshot.items if i.kind == "photo")
    # Photos are read again next time; their comments, already reported, are not.
    assert snapshot.cursor == {"comments_after": 1795431600,
                               "account": {"nsid": SCHOOL, "handle": "millbrook_school"}}


def test_exif_not_shared_and_deleted_photos_are_skipped(flickr: FixtureFlickr,
                                                        http: httpx.Client) -> None:
    flickr.answers["flickr.photos.getExif"] = ok("error_exif_permission_denied.json")
    flickr.answers["flickr.photos.comments.getList"] = ok("error_photo_not_found.json")

    snapshot = FlickrConnector(USER, http).fetch(ACCOUNT, None)

    assert snapshot.missing == {}
    photo = next(i for i in snapshot.items if i.id == "53300000001")
    assert photo.media[0].exif is None
    assert len([i for i in snapshot.items if i.kind == "comment"]) == 2


@pytest.mark.parametrize(("answer", "error"), [
    (lambda: httpx.Response(429, headers={"Retry-After": "120"}), RateLimitedError),
    (lambda: httpx.Response(503, text="<html>down</html>"), PlatformUnavailableError),
    (lambda: httpx.Response(401, text="no"), AuthError),
    (lambda: httpx.Response(403, text="no"), AuthError),
    (ok("error_service_unavailable.json"), PlatformUnavailableError),
    (httpx.ReadTimeout("timed out"), PlatformUnavailableError),
    (httpx.ConnectError("refused"), PlatformUnavailableError),
    (lambda: httpx.Response(200, content=(FIXTURES / "malformed.txt").read_bytes()),
     PlatformResponseError),
    (lambda: httpx.Response(200, json={"user": {"id": SCHOOL}}), PlatformResponseError),
    (lambda: httpx.Response(200, json={"stat": "fail", "code": 116, "message": "Bad URL found"}),
     PlatformResponseError),
    (lambda: httpx.Response(200, json={"stat": "fail", "message": "?"}), PlatformResponseError),
    (lambda: httpx.Response(200, json={"stat": "ok"}), PlatformResponseError),
    (lambda: httpx.Response(302, headers={"Location": "https://evil.example/"}), PlatformResponseError),
])
def test_failures_are_mapped(flickr: FixtureFlickr, http: httpx.Client, answer: FixtureAnswer,
                             error: type[ConnectorError], caplog: pytest.LogCaptureFixture) -> None:
    flickr.answers["flickr.test.login"] = answer
    caplog.set_level(logging.DEBUG)

    with pytest.raises(error) as caught:
        FlickrConnector(USER, http).fetch(ACCOUNT, None)

    assert caught.value.platform == "flickr"
    if isinstance(caught.value, RateLimitedError):
        assert caught.value.retry_after == 120
    for secret in SECRETS:
        assert secret not in str(caught.value) and secret not in caplog.text


def test_a_token_of_another_account_is_refused(flickr: FixtureFlickr, http: httpx.Client) -> None:
    with pytest.raises(ConfigError, match="another Flickr account"):
        FlickrConnector(USER, http).fetch(AccountRef(id="a", platform="flickr", handle="otherschool"),
                                          None)


def test_config_rules_and_hidden_secrets() -> None:
    with pytest.raises(ValidationError, match="group_id"):
        FlickrConfig(**CREDENTIALS, kind="group")
    with pytest.raises(ValidationError, match="group_id"):
        FlickrConfig(**CREDENTIALS, group_id="400000001@N20")
    with pytest.raises(ValidationError):
        FlickrConfig(**CREDENTIALS, kind="page")
    for secret in SECRETS:
        assert secret not in repr(USER) and secret not in str(GROUP.model_dump())
    assert "***" in repr(FlickrConnector(USER, httpx.Client()).client(ACCOUNT)._auth)


def test_an_undocumented_photo_marks_content_missing(flickr: FixtureFlickr,
                                                     http: httpx.Client) -> None:
    page = load("people_photos_page2.json")
    del page["photos"]["photo"][0]["owner"]
    flickr.answers["flickr.people.getPhotos:2"] = lambda: httpx.Response(200, json=page)

    snapshot = FlickrConnector(USER, http).fetch(ACCOUNT, None)

    assert set(snapshot.missing) == {Capability.CONTENT, Capability.MEDIA}
    assert "has no owner" in snapshot.missing[Capability.CONTENT]
    assert snapshot.items == () and snapshot.settings is not None
    assert snapshot.cursor == {"account": {"nsid": SCHOOL, "handle": "millbrook_school"}}
