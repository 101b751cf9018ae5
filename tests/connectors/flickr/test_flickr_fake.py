"""The Flickr fake answers as Flickr does: signed calls only, its JSON shapes, its query parameters."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from auditor import AccountRef, AuthError, Capability, ConfigError, PlatformResponseError
from auditor.http import new_httpx_client
from auditor.testing import fake_base_url, http_for_fake
from connectors.flickr import FlickrConfig, FlickrConnector
from connectors.flickr.client import FlickrClient, FlickrMethodError, OAuth1Signer
from connectors.flickr.fake import FakeFlickr

SCHOOL = "200000001@N01"
PARENT = "300000001@N01"
DATA: dict[str, Any] = {
    "api_key": "demo-flickr-key", "api_secret": "demo-flickr-secret",
    "users": [
        {"nsid": SCHOOL, "username": "millbrook_school", "oauth_token": "72157-demo-token",
         "oauth_token_secret": "demo-token-secret", "privacy": 1, "geoperms": 1, "importgeoexif": 1},
        {"nsid": PARENT, "username": "a_parent", "oauth_token": "72157-parent-token",
         "oauth_token_secret": "parent-secret", "perms": "none"},
    ],
    "photos": [
        {"id": "53300000001", "title": "Sports day", "ispublic": 1,
         "dateupload": "2026-11-20T09:00:00Z", "exif": {"GPSLatitude": "51 deg 31' 25.32\" N"},
         "comments": [{"id": "1-53300000001-1", "author": PARENT, "authorname": "a_parent",
                       "datecreate": "2026-11-20T10:00:00Z",
                       "text": "Call me on 07700 900123"}]},
        {"id": "53300000002", "title": "Harvest", "isfamily": 1, "dateupload": 1795424400},
        {"id": "53300000003", "title": "Trip", "dateupload": "2026-11-24T09:00:00Z"},
    ],
    "groups": [{"nsid": "400000001@N20", "name": "Year 6", "privacy": 2,
                "members": [{"nsid": SCHOOL, "username": "millbrook_school", "membertype": 4}],
                "pool": [{"photo": "53300000001", "dateadded": "2026-11-21T09:00:00Z"}]}],
}
CREDENTIALS = {"api_key": "demo-flickr-key", "api_secret": "demo-flickr-secret",
               "oauth_token": "72157-demo-token", "oauth_token_secret": "demo-token-secret"}
ACCOUNT = AccountRef(id="flickr", platform="flickr", base_url=fake_base_url("flickr"))


def client_for(fake: FakeFlickr, **credentials: str) -> FlickrClient:
    config = FlickrConfig(**{**CREDENTIALS, **credentials})
    signer = OAuth1Signer(config.api_key, config.api_secret, config.oauth_token,
                          config.oauth_token_secret)
    return FlickrClient(http_for_fake(FlickrConnector, fake), fake_base_url("flickr"), signer)


@pytest.mark.parametrize(("credentials", "code"), [
    ({"api_key": "other-key"}, "error 100"), ({"oauth_token": "unknown"}, "error 98"),
    ({"api_secret": "wrong"}, "error 96"), ({"oauth_token_secret": "wrong"}, "error 96")])
def test_only_correctly_signed_calls_are_answered(credentials: dict[str, str], code: str) -> None:
    with pytest.raises(AuthError, match=code) as caught:
        client_for(FakeFlickr(DATA), **credentials).call("flickr.test.login")
    assert caught.value.status == 401


def test_unsigned_calls_and_other_formats_fail_as_on_flickr() -> None:
    fake = FakeFlickr(DATA)
    with httpx.Client(transport=httpx.MockTransport(fake)) as http:
        unsigned = http.get("http://x/services/rest/", params={
            "method": "flickr.test.login", "format": "json", "nojsoncallback": 1}).json()
        xml = http.get("http://x/services/rest/", params={"method": "flickr.test.login"}).json()
        elsewhere = http.get("http://x/services/upload/")
    assert unsigned == {"stat": "fail", "code": 97, "message": "Missing signature"}
    assert xml["code"] == 111 and elsewhere.status_code == 404


def test_a_token_without_read_permission_gets_99() -> None:
    with pytest.raises(AuthError, match="error 99") as caught:
        client_for(FakeFlickr(DATA), oauth_token="72157-parent-token",
                   oauth_token_secret="parent-secret").call("flickr.prefs.getPrivacy")
    assert caught.value.status == 403


def test_photos_honour_min_upload_date_and_pages() -> None:
    client = client_for(FakeFlickr(DATA))
    first = client.call("flickr.people.getPhotos", {"user_id": "me", "per_page": 1, "page": 1,
                                                    "extras": "date_upload"})
    assert first["photos"]["pages"] == 3 and first["photos"]["photo"][0]["id"] == "53300000003"
    assert first["photos"]["photo"][0]["dateupload"] == "1795510800"
    newer = client.call("flickr.people.getPhotos", {"user_id": SCHOOL, "min_upload_date": 1795424400})
    assert [p["id"] for p in newer["photos"]["photo"]] == ["53300000003", "53300000002"]
    assert "dateupload" not in newer["photos"]["photo"][0]  # extras only when asked for


def test_recently_updated_lists_own_photos_modified_since_min_date() -> None:
    data = copy.deepcopy(DATA)
    data["photos"][2]["lastupdate"] = "2026-11-25T09:00:00Z"   # an edited title
    client = client_for(FakeFlickr(data))
    # The comment of 2026-11-20 10:00 modified photo 1; photo 3 was edited later still.
    since = client.call("flickr.photos.recentlyUpdated",
                        {"min_date": 1795168800, "extras": "last_update,date_upload"})
    photos = since["photos"]["photo"]
    assert [p["id"] for p in photos] == ["53300000003", "53300000002", "53300000001"]
    assert [p["lastupdate"] for p in photos] == ["1795597200", "1795424400", "1795168800"]
    later = client.call("flickr.photos.recentlyUpdated", {"min_date": 1795424401})
    assert [p["id"] for p in later["photos"]["photo"]] == ["53300000003"]
    with pytest.raises(FlickrMethodError) as missing:
        client.call("flickr.photos.recentlyUpdated")
    assert missing.value.code == 1
    with pytest.raises(FlickrMethodError) as bad:
        client.call("flickr.photos.recentlyUpdated", {"min_date": "yesterday"})
    assert bad.value.code == 2


def test_comments_honour_min_comment_date_and_are_absent_when_none() -> None:
    client = client_for(FakeFlickr(DATA))
    found = client.call("flickr.photos.comments.getList", {"photo_id": "53300000001"})
    assert found["comments"]["comment"][0]["_content"] == "Call me on 07700 900123"
    later = client.call("flickr.photos.comments.getList",
                        {"photo_id": "53300000001", "min_comment_date": 1795168801})
    assert later["comments"] == {"photo_id": "53300000001"}
    with pytest.raises(FlickrMethodError) as caught:
        client.call("flickr.photos.comments.getList", {"photo_id": "1"})
    assert caught.value.code == 1


def test_unknown_methods_and_extras_are_refused() -> None:
    client = client_for(FakeFlickr(DATA))
    with pytest.raises(PlatformResponseError, match="error 112"):
        client.call("flickr.photos.delete")
    with pytest.raises(FlickrMethodError, match="Unknown extras"):
        client.call("flickr.people.getPhotos", {"user_id": "me", "extras": "everything"})


def test_the_connector_reads_a_user_from_the_fake() -> None:
    fake = FakeFlickr(DATA)
    http = http_for_fake(FlickrConnector, fake)
    snapshot = FlickrConnector(FlickrConfig(**CREDENTIALS), http).fetch(ACCOUNT, None)
    assert snapshot.settings is not None and snapshot.settings.visibility == "public"
    assert snapshot.settings.location_tagging is True
    assert Capability.MEMBERS not in snapshot.capabilities and not snapshot.missing
    assert {(i.kind, i.id) for i in snapshot.items} == {
        ("photo", "53300000001"), ("photo", "53300000002"), ("photo", "53300000003"),
        ("comment", "1-53300000001-1")}
    sports = next(i for i in snapshot.items if i.id == "53300000001")
    assert sports.media[0].exif == {"GPSLatitude": "51 deg 31' 25.32\" N"}
    before = fake.call_count
    again = FlickrConnector(FlickrConfig(**CREDENTIALS), http).fetch(ACCOUNT, snapshot.cursor)
    assert again.items == () and again.cursor == snapshot.cursor
    assert fake.call_count - before == 4  # three preferences, one recentlyUpdated


def test_a_new_comment_on_an_old_photo_is_found_on_the_repeat_audit() -> None:
    fake = FakeFlickr(DATA)
    http = http_for_fake(FlickrConnector, fake)
    first = FlickrConnector(FlickrConfig(**CREDENTIALS), http).fetch(ACCOUNT, None)
    # A parent comments, a day after the audit, on the oldest photo.
    fake.photos["53300000001"]["comments"].append(
        {"id": "1-53300000001-2", "author": PARENT, "authorname": "a_parent", "realname": "",
         "datecreate": 1795600000, "text": "Is that my child?"})
    fake.photos["53300000001"]["lastupdate"] = 1795600000

    again = FlickrConnector(FlickrConfig(**CREDENTIALS), http).fetch(ACCOUNT, first.cursor)

    comments = [i for i in again.items if i.kind == "comment"]
    assert [(c.id, c.parent_id) for c in comments] == [("1-53300000001-2", "53300000001")]
    assert again.cursor is not None and again.cursor["comments_after"] == 1795600000


def test_the_connector_reads_the_fake_through_the_loopback_sandbox() -> None:
    from auditor.sandbox import Sandbox

    config = FlickrConfig(**CREDENTIALS, kind="group", group_id="400000001@N20")
    with Sandbox({"platforms": {"flickr": DATA}}, {"flickr": FlickrConnector}) as sandbox, \
            new_httpx_client() as http:
        account = AccountRef(id="g", platform="flickr", base_url=sandbox.base_url("flickr"))
        snapshot = FlickrConnector(config, http).fetch(account, None)
    assert snapshot.missing == {}
    assert snapshot.settings is not None and snapshot.settings.join_policy == "invite"
    assert snapshot.members is not None and [m.role for m in snapshot.members] == ["admin"]
    assert [(i.kind, i.id) for i in snapshot.items] == [("photo", "53300000001"),
                                                        ("comment", "1-53300000001-1")]


@pytest.mark.parametrize(("change", "key"), [
    (lambda d: d.pop("users"), "flickr.users"),
    (lambda d: d["users"][0].pop("oauth_token"), "flickr.users[0].oauth_token"),
    (lambda d: d["photos"][0].update(dateupload="yesterday"), "flickr.photos[0].dateupload"),
    (lambda d: d["groups"][0]["pool"][0].update(photo="9"), "flickr.groups[0].pool[0].photo"),
    (lambda d: d["groups"][0].update(privacy=4), "flickr.groups[0].privacy"),
    (lambda d: d["users"][0].update(privacy="public"), "flickr.users[0].privacy"),
])
def test_bad_scenarios_name_the_key(change: Any, key: str) -> None:
    data = copy.deepcopy(DATA)
    change(data)
    with pytest.raises(ConfigError) as caught:
        FakeFlickr(data)
    assert caught.value.key == key
