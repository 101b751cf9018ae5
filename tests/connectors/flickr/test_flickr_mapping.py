"""Pure mapping of recorded Flickr payloads to snapshot types."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import connectors.flickr
from auditor import Member, PlatformResponseError
from connectors.flickr import mapping

FIXTURES = Path(connectors.flickr.__file__).parent / "fixtures"
SCHOOL = "200000001@N01"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def person(**fields: Any) -> dict[str, Any]:
    return {"person": {"nsid": SCHOOL, **fields}, "stat": "ok"}


def test_login_user() -> None:
    assert mapping.login_user(load("test_login.json")) == (SCHOOL, "millbrook_school")
    with pytest.raises(PlatformResponseError):
        mapping.login_user({"user": {"username": {"_content": "x"}}})


@pytest.mark.parametrize(("privacy", "visibility"), [(1, "public"), (2, "members"), (3, "members"),
                                                     (4, "members"), (5, "private")])
def test_account_visibility(privacy: int, visibility: str) -> None:
    assert mapping.account_visibility(privacy) == visibility


def test_user_settings_from_the_recorded_preferences() -> None:
    settings = mapping.user_settings(load("prefs_privacy.json"), load("prefs_geoperms.json"),
                                     load("prefs_hidden.json"))
    assert settings.visibility == "public" and settings.discoverable is True
    assert settings.location_tagging is True
    assert settings.join_policy is None and settings.comments is None and settings.admins is None
    assert settings.raw == {"kind": "user", "privacy": 1, "geoperms": 1, "importgeoexif": 1,
                            "hidden": 0}


@pytest.mark.parametrize(("geoperms", "import_exif", "tagging"), [
    (0, 0, False), (6, 0, False), (6, 1, True), (1, 0, True), (2, 0, True), (5, 0, True)])
def test_location_tagging(geoperms: int, import_exif: int, tagging: bool) -> None:
    settings = mapping.user_settings(person(privacy=5), person(geoperms=geoperms,
                                                               importgeoexif=import_exif),
                                     person(hidden=1))
    assert settings.location_tagging is tagging
    assert settings.visibility == "private" and settings.discoverable is False


def test_a_public_account_hidden_from_search_is_not_discoverable() -> None:
    settings = mapping.user_settings(person(privacy=1), person(geoperms=0), person(hidden=1))
    assert settings.discoverable is False


@pytest.mark.parametrize("bad", [person(privacy=9), person(privacy="x"), {"stat": "ok"}])
def test_undocumented_privacy_is_a_response_error(bad: dict[str, Any]) -> None:
    with pytest.raises(PlatformResponseError):
        mapping.user_settings(bad, person(geoperms=0), person(hidden=0))


@pytest.mark.parametrize(("privacy", "expected"), [
    ("1", ("members", "invite", False)), ("2", ("public", "invite", True)),
    ("3", ("public", "open", True))])
def test_group_settings(privacy: str, expected: tuple[str, str, bool]) -> None:
    body = load("groups_getinfo.json")
    body["group"]["privacy"] = {"_content": privacy}
    admins = [Member(id="a", role="admin"), Member(id="b", role="member"), Member(id="c", role="editor")]
    settings = mapping.group_settings(body, admins)
    assert (settings.visibility, settings.join_policy, settings.discoverable) == expected
    assert settings.admins is not None and [m.id for m in settings.admins] == ["a", "c"]
    assert settings.raw["name"] == "Millbrook Year 6" and settings.raw["ispoolmoderated"] == 1
    assert mapping.group_settings(body, None).admins is None
    assert mapping.group_member_count(body) == 3


def test_group_privacy_out_of_range() -> None:
    body = load("groups_getinfo.json")
    body["group"]["privacy"] = {"_content": "7"}
    with pytest.raises(PlatformResponseError):
        mapping.group_settings(body, None)


def test_members_and_their_roles() -> None:
    members = [mapping.member_from_group(m) for m in load("group_members.json")["members"]["member"]]
    assert [(m.id, m.handle, m.role) for m in members] == [
        (SCHOOL, "millbrook_school", "admin"), ("200000002@N01", "dpatel_millbrook", "editor"),
        ("300000001@N01", "a_parent", "member")]
    with pytest.raises(PlatformResponseError):
        mapping.member_from_group({"username": "x"})


@pytest.mark.parametrize(("flags", "visibility"), [
    ({"ispublic": 1, "isfriend": 0, "isfamily": 0}, "public"),
    ({"ispublic": 0, "isfriend": 1, "isfamily": 0}, "members"),
    ({"ispublic": 0, "isfriend": 0, "isfamily": 1}, "members"),
    ({"ispublic": 0, "isfriend": 0, "isfamily": 0}, "private"),
    ({"ispublic": "1"}, "public")])
def test_photo_visibility(flags: dict[str, Any], visibility: str) -> None:
    assert mapping.photo_visibility(flags) == visibility


def test_photo_item() -> None:
    photo = load("people_photos_page1.json")["photos"]["photo"][0]
    exif = mapping.exif_from(load("exif.json"))
    item = mapping.photo_item(photo, SCHOOL, exif)
    assert item.id == "53300000003" and item.kind == "photo" and item.visibility == "public"
    assert item.text == ("Harvest festival\n\nThank you to everyone who brought food.\n"
                         "Amelia Wright read a poem & sang.\n\nTags: harvest year2")
    assert item.created_at == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert item.location is not None and (item.location.latitude, item.location.longitude) == \
        (51.5237, -0.1585)
    assert item.author.is_account_owner and item.author.handle == "millbrook_school"
    (media,) = item.media
    assert media.url == "https://live.staticflickr.com/65535/53300000003_1a2b3c4d5e.jpg"
    assert media.type == "image" and media.exif is not None
    assert media.exif["GPSLongitude"] == "0 deg 9' 30.60\" W"
    assert media.exif["GPSLatitudeRef"] == "North" and media.exif["Camera"] == "Apple iPhone 13"


def test_a_video_without_location() -> None:
    video = mapping.photo_item(load("people_photos_page1.json")["photos"]["photo"][1], SCHOOL)
    assert video.kind == "video" and video.location is None and video.media[0].type == "video"
    assert video.media[0].exif is None and video.text == "Class assembly"


def test_a_pool_photo_is_dated_by_when_it_was_added() -> None:
    photo = load("pool_photos.json")["photos"]["photo"][0]
    item = mapping.photo_item(photo, SCHOOL)
    assert item.created_at == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert not item.author.is_account_owner and item.author.display_name == "a_parent"


@pytest.mark.parametrize("broken", [{"owner": SCHOOL, "ispublic": 1, "dateupload": "1"},
                                    {"id": "1", "ispublic": 1, "dateupload": "1"},
                                    {"id": "1", "owner": SCHOOL, "ispublic": 1},
                                    {"id": "1", "owner": SCHOOL, "dateupload": "1"},
                                    {"id": "1", "owner": SCHOOL, "ispublic": 1, "dateupload": "x"}])
def test_a_photo_missing_documented_fields(broken: dict[str, Any]) -> None:
    with pytest.raises(PlatformResponseError):
        mapping.photo_item(broken, SCHOOL)


def test_comment_items() -> None:
    first, second = (mapping.comment_item(c, "53300000003", SCHOOL, "members")
                     for c in load("comments.json")["comments"]["comment"])
    assert first.id == "200000001-53300000003-72157700000000001" and first.kind == "comment"
    assert first.text == "Lovely! Call me on 07700 900123 about the photos"
    assert first.parent_id == "53300000003" and first.visibility == "members"
    assert first.created_at == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert first.author.id == "300000001@N01" and first.author.display_name == "A Parent"
    assert not first.author.is_account_owner and second.author.is_account_owner
    assert first.url is not None and first.url.endswith("#comment72157700000000001")
    with pytest.raises(PlatformResponseError):
        mapping.comment_item({"author": "x", "datecreate": "1"}, "1", SCHOOL)


def test_exif_without_tags_and_malformed_exif() -> None:
    assert mapping.exif_from(load("exif_none.json")) == {}
    with pytest.raises(PlatformResponseError):
        mapping.exif_from({"photo": {"exif": "none"}})
    with pytest.raises(PlatformResponseError):
        mapping.exif_from({"photo": {"exif": [{"label": "no tag"}]}})


def test_html_to_text() -> None:
    assert mapping.html_to_text("<p>Hello&nbsp;<b>Amelia</b>\n  Wright</p><p>Bye &amp; thanks</p>") \
        == "Hello Amelia Wright\nBye & thanks"


def test_the_preferences_name_the_token_owner() -> None:
    answers = [load(n) for n in ("prefs_privacy.json", "prefs_geoperms.json", "prefs_hidden.json")]
    assert mapping.prefs_owner(*answers) == "200000001@N01"
    other = {"person": {"nsid": "999999999@N01", "hidden": 0}, "stat": "ok"}
    with pytest.raises(PlatformResponseError, match="different people"):
        mapping.prefs_owner(answers[0], other)
    with pytest.raises(PlatformResponseError, match="no person nsid"):
        mapping.prefs_owner({"person": {"privacy": 1}})


def test_a_photo_changes_when_it_came_or_was_last_updated() -> None:
    (photo,) = load("recently_updated.json")["photos"]["photo"]
    assert mapping.photo_changed(photo) == datetime(2026, 11, 23, 11, 0, tzinfo=UTC)
    assert mapping.photo_changed({**photo, "lastupdate": "0"}) == mapping.photo_time(photo)
    # A pool photo added after its last update changed when it was added.
    added = {**photo, "dateadded": "1795600000"}
    assert mapping.photo_changed(added) == mapping.photo_time(added)
