"""Pure functions from Flickr REST API payloads (``format=json``) to the auditor's snapshot types.

Flickr's JSON mirrors its XML: attributes become keys, element text becomes
``{"_content": ...}``, numbers often arrive as strings. Item ids: photos keep
Flickr's photo id; comments keep Flickr's comment id, which is globally unique
(``<n>-<photo id>-<n>``), with ``parent_id`` the photo's id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from html.parser import HTMLParser
from typing import Any, Literal

from auditor import (
    Author,
    ContentItem,
    Location,
    Media,
    Member,
    PlatformResponseError,
    Settings,
    utc_from_epoch,
)

__all__ = [
    "PLATFORM",
    "account_visibility",
    "comment_item",
    "content",
    "epoch",
    "exif_from",
    "group_member_count",
    "group_settings",
    "html_to_text",
    "login_user",
    "member_from_group",
    "photo_changed",
    "photo_item",
    "photo_time",
    "photo_visibility",
    "prefs_owner",
    "user_settings",
]

PLATFORM = "flickr"

Visibility = Literal["public", "members", "private"]
Role = Literal["admin", "editor", "member"]

# flickr.prefs.getPrivacy: 1 public, 2 friends, 3 family, 4 friends and family, 5 private.
_ACCOUNT_PRIVACY: Mapping[int, Visibility] = {1: "public", 2: "members", 3: "members",
                                              4: "members", 5: "private"}
# flickr.prefs.getGeoPerms: 0 no default, 1 public, 2 contacts, 3 friends and family,
# 4 friends, 5 family, 6 private. Who may see a photo's location by default.
_GEO_SHARED = frozenset({1, 2, 3, 4, 5})
# flickr.groups.getInfo privacy: 1 private, 2 public (invite only), 3 public (open).
_GROUP_PRIVACY: Mapping[int, tuple[Visibility, Literal["invite", "open"], bool]] = {
    1: ("members", "invite", False),
    2: ("public", "invite", True),
    3: ("public", "open", True),
}
# flickr.groups.members.getList membertype: 2 member, 3 moderator, 4 admin.
_MEMBER_TYPES: Mapping[str, Role] = {"2": "member", "3": "editor", "4": "admin"}
_SPACES = re.compile(r"\s+")
_BLOCKS = frozenset({"br", "p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"})


def _bad(message: str) -> PlatformResponseError:
    return PlatformResponseError(PLATFORM, message)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        # A bare newline is not a break: a name split across lines must still read as one.
        self.parts.append(_SPACES.sub(" ", data))


def html_to_text(html: str) -> str:
    """Flickr's HTML (descriptions, comments) as plain text: tags dropped, entities unescaped,
    spaces collapsed (no-break spaces too), one line per ``<br>`` or block."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def content(value: Any) -> str:
    """The text of a Flickr element (``{"_content": ...}``), or a plain string; else ''."""
    if isinstance(value, Mapping):
        value = value.get("_content")
    return value if isinstance(value, str) else ""


def _int(value: Any, what: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = content(value)
    if text.strip().lstrip("-").isdigit():
        return int(text)
    raise _bad(f"{what} is not a number")


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def epoch(value: Any, what: str) -> datetime:
    """A tz-aware UTC datetime from Flickr's unix timestamps (``dateupload``, ``datecreate``)."""
    return utc_from_epoch(_int(value, what))


def _object(body: Mapping[str, Any], key: str, method: str) -> Mapping[str, Any]:
    value = body.get(key)
    if not isinstance(value, Mapping):
        raise _bad(f"{method}: no {key!r} object")
    return value


def login_user(body: Mapping[str, Any]) -> tuple[str, str | None]:
    """The calling user's NSID and username, from ``flickr.test.login``."""
    user = _object(body, "user", "flickr.test.login")
    nsid = user.get("id")
    if not isinstance(nsid, str) or not nsid:
        raise _bad("flickr.test.login: no user id")
    return nsid, content(user.get("username")) or None


def account_visibility(privacy: int) -> Visibility:
    """The default privacy of new photos (``flickr.prefs.getPrivacy``) as a visibility."""
    if privacy not in _ACCOUNT_PRIVACY:
        raise _bad(f"flickr.prefs.getPrivacy: unknown privacy {privacy}")
    return _ACCOUNT_PRIVACY[privacy]


def user_settings(privacy: Mapping[str, Any], geo: Mapping[str, Any],
                  hidden: Mapping[str, Any]) -> Settings:
    """Settings of a user account from ``prefs.getPrivacy``, ``prefs.getGeoPerms`` and ``prefs.getHidden``.

    ``location_tagging`` is true when new photos' locations are shown to anyone but the
    owner by default, or when locations are taken from the photos' EXIF on upload.
    ``discoverable`` is false when photos are hidden from public searches.
    """
    level = _int(_object(privacy, "person", "flickr.prefs.getPrivacy").get("privacy"),
                 "flickr.prefs.getPrivacy privacy")
    person = _object(geo, "person", "flickr.prefs.getGeoPerms")
    geoperms = _int(person.get("geoperms"), "flickr.prefs.getGeoPerms geoperms")
    import_exif = _int(person.get("importgeoexif", 0), "flickr.prefs.getGeoPerms importgeoexif")
    is_hidden = _int(_object(hidden, "person", "flickr.prefs.getHidden").get("hidden"),
                     "flickr.prefs.getHidden hidden")
    visibility = account_visibility(level)
    return Settings(
        visibility=visibility,
        join_policy=None,
        discoverable=visibility == "public" and not is_hidden,
        comments=None,
        location_tagging=geoperms in _GEO_SHARED or import_exif == 1,
        admins=None,
        raw={"kind": "user", "privacy": level, "geoperms": geoperms,
             "importgeoexif": import_exif, "hidden": is_hidden},
    )


def prefs_owner(*answers: Mapping[str, Any]) -> str:
    """The NSID every ``flickr.prefs.*`` answer names as its ``person``: the token's owner.

    The preference methods answer for the calling user only, so their ``person.nsid``
    says whose token this is as surely as ``flickr.test.login`` does.
    """
    owners = {_object(answer, "person", "flickr.prefs").get("nsid") for answer in answers}
    if len(owners) != 1:
        raise _bad("flickr.prefs: the preferences name different people")
    (owner,) = owners
    if not isinstance(owner, str) or not owner:
        raise _bad("flickr.prefs: no person nsid")
    return owner


def group_settings(body: Mapping[str, Any], admins: Iterable[Member] | None) -> Settings:
    """Settings of a group from ``flickr.groups.getInfo`` (and its admins and moderators)."""
    group = _object(body, "group", "flickr.groups.getInfo")
    privacy = _int(group.get("privacy"), "flickr.groups.getInfo privacy")
    if privacy not in _GROUP_PRIVACY:
        raise _bad(f"flickr.groups.getInfo: unknown privacy {privacy}")
    visibility, join, discoverable = _GROUP_PRIVACY[privacy]
    restrictions = group.get("restrictions")
    raw: dict[str, Any] = {
        "kind": "group", "id": group.get("id") or group.get("nsid"),
        "name": content(group.get("name")), "privacy": privacy,
        "ispoolmoderated": group.get("ispoolmoderated"),
        "restrictions": dict(restrictions) if isinstance(restrictions, Mapping) else None,
    }
    return Settings(
        visibility=visibility,
        join_policy=join,
        discoverable=discoverable,
        comments=None,
        location_tagging=None,
        admins=None if admins is None else tuple(m for m in admins if m.role in ("admin", "editor")),
        raw=raw,
    )


def group_member_count(body: Mapping[str, Any]) -> int | None:
    """The member count ``flickr.groups.getInfo`` reports, if any."""
    members = content(_object(body, "group", "flickr.groups.getInfo").get("members"))
    return int(members) if members.isdigit() else None


def member_from_group(member: Mapping[str, Any]) -> Member:
    """A ``flickr.groups.members.getList`` member: 4 admin → admin, 3 moderator → editor."""
    nsid = member.get("nsid")
    if not isinstance(nsid, str) or not nsid:
        raise _bad("flickr.groups.members.getList: a member has no nsid")
    kind = str(member.get("membertype", "2"))
    return Member(id=nsid, handle=member.get("username") or None,
                  display_name=member.get("realname") or member.get("username") or None,
                  role=_MEMBER_TYPES.get(kind, "member"))


def photo_visibility(photo: Mapping[str, Any]) -> Visibility:
    """``ispublic`` → public; ``isfriend``/``isfamily`` → members; neither → private."""
    if _int(photo.get("ispublic"), "photo ispublic"):
        return "public"
    if _int(photo.get("isfriend", 0), "photo isfriend") or \
            _int(photo.get("isfamily", 0), "photo isfamily"):
        return "members"
    return "private"


def photo_time(photo: Mapping[str, Any]) -> datetime:
    """When a photo came to the account: added (group pool) or else uploaded (photostream).

    A pool photo may have been uploaded years before it was added; the pool is ordered,
    and read, by the date it was added.
    """
    for key in ("dateadded", "dateupload"):
        if photo.get(key) not in (None, ""):
            return epoch(photo[key], f"photo {key}")
    raise _bad(f"photo {photo.get('id')} has neither dateupload nor dateadded")


def photo_changed(photo: Mapping[str, Any]) -> datetime:
    """The latest of when a photo came to the account and ``lastupdate`` (extra ``last_update``).

    Flickr moves ``lastupdate`` when the photo's metadata changes or a comment is added,
    which is what ``flickr.photos.recentlyUpdated`` sorts and filters by.
    """
    came = photo_time(photo)
    if photo.get("lastupdate") in (None, "", "0", 0):
        return came
    return max(came, epoch(photo["lastupdate"], f"photo {photo.get('id')} lastupdate"))


def _location(photo: Mapping[str, Any]) -> Location | None:
    # Photos without a location carry latitude/longitude 0 and accuracy 0.
    latitude, longitude = _float(photo.get("latitude")), _float(photo.get("longitude"))
    if latitude is None or longitude is None or (latitude == 0 and longitude == 0):
        return None
    return Location(latitude=latitude, longitude=longitude)


def exif_from(body: Mapping[str, Any]) -> dict[str, str]:
    """``flickr.photos.getExif`` as ``{tag: value}`` (``clean`` where given, else ``raw``).

    GPS tags keep their EXIF names (``GPSLatitude``, ``GPSLongitude``…) so rules can look
    for them; the camera comes as ``Camera``.
    """
    photo = _object(body, "photo", "flickr.photos.getExif")
    tags = photo.get("exif", [])
    if not isinstance(tags, list):
        raise _bad("flickr.photos.getExif: exif is not a list")
    found: dict[str, str] = {}
    if content(photo.get("camera")):
        found["Camera"] = content(photo.get("camera"))
    for tag in tags:
        if not isinstance(tag, Mapping) or not isinstance(tag.get("tag"), str | int):
            raise _bad("flickr.photos.getExif: a tag has no name")
        name = str(tag["tag"])
        if tag.get("tagspace") == "GPS" and not name.startswith("GPS"):
            name = "GPS" + name
        found.setdefault(name, content(tag.get("clean")) or content(tag.get("raw")))
    return found


def photo_item(photo: Mapping[str, Any], account_owner: str | None,
               exif: Mapping[str, str] | None = None) -> ContentItem:
    """A photo or video (``people.getPhotos``/``groups.pools.getPhotos`` with extras) as an item.

    Its text is the title, the description (HTML stripped) and the tags, all of which
    others can read. ``account_owner`` is the NSID whose photos are the school's own.
    """
    photo_id = photo.get("id")
    if not isinstance(photo_id, str) or not photo_id:
        raise _bad("a photo has no id")
    owner = photo.get("owner")
    if not isinstance(owner, str):
        raise _bad(f"photo {photo_id} has no owner")
    kind: Literal["photo", "video"] = "video" if photo.get("media") == "video" else "photo"
    tags = photo.get("tags") if isinstance(photo.get("tags"), str) else ""
    parts = [content(photo.get("title")), html_to_text(content(photo.get("description")))]
    if tags:
        parts.append("Tags: " + tags)
    url_m = photo.get("url_m") if isinstance(photo.get("url_m"), str) else None
    return ContentItem(
        id=photo_id,
        kind=kind,
        author=Author(id=owner, handle=photo.get("pathalias") or None,
                      display_name=photo.get("ownername") or None,
                      is_account_owner=owner == account_owner),
        text="\n\n".join(part for part in parts if part),
        created_at=photo_time(photo),
        url=f"https://www.flickr.com/photos/{owner}/{photo_id}/",
        visibility=photo_visibility(photo),
        location=_location(photo),
        media=(Media(url=url_m, type="video" if kind == "video" else "image",
                     exif=dict(exif) if exif is not None else None),),
    )


def comment_item(comment: Mapping[str, Any], photo_id: str, account_owner: str | None,
                 visibility: Visibility | None = None) -> ContentItem:
    """A ``flickr.photos.comments.getList`` comment; its parent is the photo it was left on."""
    comment_id = comment.get("id")
    if not isinstance(comment_id, str) or not comment_id:
        raise _bad(f"a comment on photo {photo_id} has no id")
    author = comment.get("author")
    return ContentItem(
        id=comment_id,
        kind="comment",
        author=Author(id=author if isinstance(author, str) else None,
                      handle=comment.get("path_alias") or comment.get("authorname") or None,
                      display_name=comment.get("realname") or comment.get("authorname") or None,
                      is_account_owner=author is not None and author == account_owner),
        text=html_to_text(content(comment)),
        created_at=epoch(comment.get("datecreate"), f"comment {comment_id} datecreate"),
        url=comment.get("permalink") if isinstance(comment.get("permalink"), str) else None,
        visibility=visibility,
        parent_id=photo_id,
    )
