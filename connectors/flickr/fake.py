"""A fake of the Flickr REST API for the sandbox and the tests, answered from scenario data.

It answers ``GET /services/rest/?method=…&format=json&nojsoncallback=1`` for the methods
the connector calls, shaped as Flickr's JSON: ``flickr.test.login``,
``flickr.prefs.getPrivacy``, ``flickr.prefs.getGeoPerms``, ``flickr.prefs.getHidden``,
``flickr.people.getPhotos`` (``user_id``, ``min_upload_date``, ``max_upload_date``,
``extras``, ``per_page`` up to 500, ``page``), ``flickr.photos.recentlyUpdated`` (the
caller's photos whose ``lastupdate`` is at or after ``min_date``, most recent first,
``extras``, ``per_page``, ``page``), ``flickr.groups.getInfo``,
``flickr.groups.members.getList`` (``membertypes``, ``per_page``, ``page``),
``flickr.groups.pools.getPhotos`` (newest added first, ``extras``, ``per_page``, ``page``),
``flickr.photos.comments.getList`` (``min_comment_date``, ``max_comment_date``) and
``flickr.photos.getExif``. Every call must be signed with OAuth 1.0a (HMAC-SHA1, in the
``Authorization`` header): the fake checks the consumer key (else error 100), the token
(else 98) and the signature (else 96) with authlib. Errors come back as Flickr sends them:
HTTP 200 with ``{"stat": "fail", "code": N, "message": "..."}``.

Scenario data (the ``flickr`` part of a sandbox scenario)::

    api_key: demo-flickr-key                 # the app's key and secret
    api_secret: demo-flickr-secret
    users:
      - nsid: "200000001@N01"
        username: millbrook_school
        realname: Millbrook CE Primary School   # optional
        oauth_token: 72157000000000001-abcdef   # this user's access token and its secret
        oauth_token_secret: demo-token-secret
        perms: read                          # optional: read (default) | none (every
                                             # authenticated method answers 99)
        privacy: 1                           # prefs.getPrivacy: 1 public .. 5 private
        geoperms: 1                          # prefs.getGeoPerms: 0 no default .. 6 private
        importgeoexif: 0
        hidden: 0                            # prefs.getHidden: 1 hidden from public search
    photos:
      - id: "53300000001"
        owner: "200000001@N01"
        title: Sports day
        description: "Well done <b>Year 6</b>!"        # HTML allowed, as on Flickr
        tags: sportsday year6                           # optional, space separated
        ispublic: 1                                     # isfriend, isfamily: default 0
        dateupload: "2026-11-20T09:00:00Z"              # ISO 8601 or a unix timestamp
        media: photo                                    # photo (default) | video
        latitude: 51.5237                               # optional: the photo's own geo
        longitude: -0.1585
        exif: {Make: Canon, GPSLatitude: "51 deg 31' 25.32\\" N"}   # optional; tag: value
        exif_hidden: false                   # true: getExif answers 2 (not shared)
        url: "{sandbox}/_media/trip.jpg"     # optional: url_m, where the photo's file is served
        lastupdate: "2026-11-21T08:00:00Z"   # optional: a metadata edit; the photo's lastupdate
                                             # is the latest of this, dateupload and its comments
        comments:
          - {id: "1-53300000001-1", author: "300000001@N01", authorname: a_parent,
             realname: A Parent, datecreate: "2026-11-20T10:00:00Z", text: "Lovely!"}
    groups:
      - nsid: "400000001@N20"
        name: Millbrook Year 6
        description: Photos for Year 6 families
        privacy: 1                           # 1 private, 2 public invite-only, 3 public open
        members:
          - {nsid: "200000001@N01", username: millbrook_school, membertype: 4}
          - {nsid: "300000001@N01", username: a_parent, membertype: 2}
        pool:
          - {photo: "53300000001", dateadded: "2026-11-20T09:05:00Z"}

Photo and comment ids are strings; an omitted ``owner`` is the first user. A scenario
that does not fit raises :class:`~auditor.ConfigError` naming the key.
"""

from __future__ import annotations

import hmac
import json
import math
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import httpx
from authlib.oauth1.rfc5849.signature import (  # type: ignore[import-untyped]
    generate_signature_base_string,
    hmac_sha1_signature,
)

from auditor import ConfigError, FakePlatform, json_response, scenario_time
from connectors.flickr.client import SignedRequest

__all__ = ["FakeFlickr"]

Json = dict[str, Any]
Query = Mapping[str, str]

_REST = "/services/rest/"
_EXTRAS = frozenset({"date_upload", "description", "geo", "url_m", "tags", "media",
                     "owner_name", "path_alias", "license", "date_taken", "last_update",
                     "views", "url_o", "url_s", "url_q", "url_t", "url_sq", "url_n", "url_z",
                     "url_c", "url_l", "machine_tags", "o_dims", "icon_server",
                     "original_format"})


class _Fail(Exception):
    """A Flickr failure: ``stat: fail`` with a code and its documented message."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _epoch(value: Any, key: str) -> int:
    """A Flickr time (epoch seconds), given as such or as a YAML time or ISO 8601 string."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(scenario_time(value, key).timestamp())


def _text(data: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if value is None or isinstance(value, bool | list | dict):
        raise ConfigError("a string is required", key=f"{where}.{key}")
    return str(value)


def _records(data: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise ConfigError("a list of mappings is required", key=f"{where}.{key}")
    return value


class FakeFlickr(FakePlatform):
    """Flickr's REST endpoint for a few users, their photos and groups."""

    platform: ClassVar[str] = "flickr"

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__(data)
        self.api_key = _text(data, "api_key", "flickr")
        self.api_secret = _text(data, "api_secret", "flickr")
        self.users = [self._user(u, f"flickr.users[{i}]")
                      for i, u in enumerate(_records(data, "users", "flickr"))]
        if not self.users:
            raise ConfigError("at least one user is required", key="flickr.users")
        self.photos = {p["id"]: p for p in (self._photo(p, f"flickr.photos[{i}]") for i, p
                                            in enumerate(_records(data, "photos", "flickr")))}
        self.groups = {g["nsid"]: g for g in (self._group(g, f"flickr.groups[{i}]") for i, g
                                              in enumerate(_records(data, "groups", "flickr")))}

    # -- scenario ----------------------------------------------------------------
    @staticmethod
    def _user(data: Mapping[str, Any], where: str) -> Json:
        user: Json = {key: _text(data, key, where) for key in
                      ("nsid", "username", "oauth_token", "oauth_token_secret")}
        user["realname"] = str(data.get("realname") or "")
        user["perms"] = str(data.get("perms") or "read")
        for key, default in (("privacy", 1), ("geoperms", 0), ("importgeoexif", 0), ("hidden", 0)):
            value = data.get(key, default)
            if not isinstance(value, int) or isinstance(value, bool):
                raise ConfigError("an integer is required", key=f"{where}.{key}")
            user[key] = value
        return user

    def _photo(self, data: Mapping[str, Any], where: str) -> Json:
        photo: Json = {
            "id": _text(data, "id", where), "owner": str(data.get("owner") or self.users[0]["nsid"]),
            "title": str(data.get("title") or ""), "description": str(data.get("description") or ""),
            "tags": str(data.get("tags") or ""), "media": str(data.get("media") or "photo"),
            "dateupload": _epoch(data.get("dateupload"), f"{where}.dateupload"),
            "latitude": data.get("latitude", 0), "longitude": data.get("longitude", 0),
            "exif": dict(data.get("exif") or {}), "exif_hidden": bool(data.get("exif_hidden")),
            "url": data.get("url"),
        }
        edited = data.get("lastupdate")
        for flag in ("ispublic", "isfriend", "isfamily"):
            photo[flag] = 1 if data.get(flag) else 0
        photo["comments"] = [
            {"id": _text(c, "id", f"{where}.comments[{i}]"),
             "author": _text(c, "author", f"{where}.comments[{i}]"),
             "authorname": str(c.get("authorname") or ""), "realname": str(c.get("realname") or ""),
             "datecreate": _epoch(c.get("datecreate"), f"{where}.comments[{i}].datecreate"),
             "text": str(c.get("text") or "")}
            for i, c in enumerate(_records(data, "comments", where))]
        # Flickr counts a new comment as a modification of the photo.
        photo["lastupdate"] = max([photo["dateupload"], *(c["datecreate"] for c in photo["comments"]),
                                   *([_epoch(edited, f"{where}.lastupdate")] if edited is not None
                                     else [])])
        return photo

    def _group(self, data: Mapping[str, Any], where: str) -> Json:
        privacy = data.get("privacy", 3)
        if privacy not in (1, 2, 3):
            raise ConfigError("must be 1, 2 or 3", key=f"{where}.privacy")
        pool = []
        for i, entry in enumerate(_records(data, "pool", where)):
            photo_id = _text(entry, "photo", f"{where}.pool[{i}]")
            if photo_id not in self.photos:
                raise ConfigError(f"no photo {photo_id!r} in photos", key=f"{where}.pool[{i}].photo")
            pool.append({"photo": photo_id,
                         "dateadded": _epoch(entry.get("dateadded"), f"{where}.pool[{i}].dateadded")})
        return {"nsid": _text(data, "nsid", where), "name": str(data.get("name") or ""),
                "description": str(data.get("description") or ""), "privacy": privacy,
                "members": [{"nsid": _text(m, "nsid", f"{where}.members[{i}]"),
                             "username": str(m.get("username") or ""),
                             "realname": str(m.get("realname") or ""),
                             "membertype": str(m.get("membertype") or 2)}
                            for i, m in enumerate(_records(data, "members", where))],
                "pool": sorted(pool, key=lambda e: -e["dateadded"])}

    # -- requests ----------------------------------------------------------------
    def route(self, request: httpx.Request) -> httpx.Response:
        """Answer one REST call as Flickr would."""
        if request.method != "GET" or request.url.path != _REST:
            return httpx.Response(404, content=b"<html><body>Not Found</body></html>",
                                  headers={"Content-Type": "text/html"})
        query: Query = dict(request.url.params)
        method = query.get("method", "")
        handlers: dict[str, Callable[[Json, Query], Json]] = {
            "flickr.test.login": self._login, "flickr.prefs.getPrivacy": self._privacy,
            "flickr.prefs.getGeoPerms": self._geoperms, "flickr.prefs.getHidden": self._hidden,
            "flickr.people.getPhotos": self._people_photos, "flickr.groups.getInfo": self._group_info,
            "flickr.photos.recentlyUpdated": self._recently_updated,
            "flickr.groups.members.getList": self._members, "flickr.groups.pools.getPhotos": self._pool,
            "flickr.photos.comments.getList": self._comments, "flickr.photos.getExif": self._exif,
        }
        try:
            if query.get("format") != "json" or query.get("nojsoncallback") != "1":
                raise _Fail(111, f'Format "{query.get("format", "")}" not found')
            user = self._authenticate(request)
            handler = handlers.get(method)
            if handler is None:
                raise _Fail(112, f'Method "{method}" not found')
            if user["perms"] == "none":
                raise _Fail(99, "Insufficient permissions. Method requires read privileges; none granted.")
            return json_response(200, {**handler(user, query), "stat": "ok"})
        except _Fail as fail:
            return json_response(200, {"stat": "fail", "code": fail.code, "message": fail.message})

    def _authenticate(self, request: httpx.Request) -> Json:
        header = request.headers.get("Authorization", "")
        if not header.lower().startswith("oauth "):
            raise _Fail(97, "Missing signature")
        try:
            signed = SignedRequest("GET", str(request.url), headers={"Authorization": header})
        except ValueError:
            raise _Fail(96, "Invalid signature") from None
        if signed.client_id != self.api_key:
            raise _Fail(100, "Invalid API Key (Key not found)")
        user = next((u for u in self.users if hmac.compare_digest(u["oauth_token"],
                                                                  str(signed.token or ""))), None)
        if user is None:
            raise _Fail(98, "Invalid auth token")
        if signed.signature_method != "HMAC-SHA1" or not signed.signature:
            raise _Fail(96, "Invalid signature")
        # The fake sees paths without its mount point; the client signed the full URL.
        mounted = request.url.copy_with(raw_path=f"/{self.platform}".encode() + request.url.raw_path)
        for url in (mounted, request.url):
            candidate = SignedRequest("GET", str(url), headers={"Authorization": header})
            expected = hmac_sha1_signature(generate_signature_base_string(candidate),
                                           self.api_secret, user["oauth_token_secret"])
            if hmac.compare_digest(str(expected), str(signed.signature)):
                return user
        raise _Fail(96, "Invalid signature")

    # -- methods -----------------------------------------------------------------
    @staticmethod
    def _person(user: Json, **fields: Any) -> Json:
        return {"person": {"nsid": user["nsid"], **fields}}

    def _login(self, user: Json, query: Query) -> Json:
        return {"user": {"id": user["nsid"], "username": {"_content": user["username"]},
                         "path_alias": user["username"]}}

    def _privacy(self, user: Json, query: Query) -> Json:
        return self._person(user, privacy=user["privacy"])

    def _geoperms(self, user: Json, query: Query) -> Json:
        return self._person(user, geoperms=user["geoperms"], importgeoexif=user["importgeoexif"])

    def _hidden(self, user: Json, query: Query) -> Json:
        return self._person(user, hidden=user["hidden"])

    def _people_photos(self, user: Json, query: Query) -> Json:
        wanted = query.get("user_id", "")
        if not wanted:
            raise _Fail(1, "Required arguments missing")
        nsid = user["nsid"] if wanted == "me" else wanted
        if nsid not in {u["nsid"] for u in self.users}:
            raise _Fail(2, "Unknown user")
        low = _int_param(query, "min_upload_date", 0)
        high = _int_param(query, "max_upload_date", math.inf)
        chosen = [p for p in self.photos.values() if p["owner"] == nsid
                  and low <= p["dateupload"] <= high
                  and (nsid == user["nsid"] or p["ispublic"])]
        chosen.sort(key=lambda p: (-p["dateupload"], p["id"]))
        return {"photos": self._page(chosen, query, lambda p: self._photo_json(p, query))}

    def _recently_updated(self, user: Json, query: Query) -> Json:
        since = query.get("min_date", "")
        if not since:
            raise _Fail(1, "Required argument missing.")
        if not since.isdigit():
            raise _Fail(2, "Not a valid date")
        chosen = [p for p in self.photos.values()
                  if p["owner"] == user["nsid"] and p["lastupdate"] >= int(since)]
        chosen.sort(key=lambda p: (-p["lastupdate"], p["id"]))
        return {"photos": self._page(chosen, query, lambda p: self._photo_json(p, query))}

    def _group_of(self, query: Query) -> Json:
        group = self.groups.get(query.get("group_id", ""))
        if group is None:
            raise _Fail(1, "Group not found")
        return group

    def _group_info(self, user: Json, query: Query) -> Json:
        group = self._group_of(query)
        return {"group": {
            "id": group["nsid"], "nsid": group["nsid"], "iconserver": "0", "iconfarm": 0,
            "lang": None, "ispoolmoderated": 0, "name": {"_content": group["name"]},
            "description": {"_content": group["description"]},
            "members": {"_content": str(len(group["members"]))},
            "pool_count": {"_content": str(len(group["pool"]))},
            "privacy": {"_content": str(group["privacy"])},
            "throttle": {"mode": "none"},
            "restrictions": {"photos_ok": 1, "videos_ok": 1, "images_ok": 1, "screens_ok": 1,
                             "art_ok": 1, "virtual_ok": 1, "safe_ok": 1, "moderate_ok": 0,
                             "restricted_ok": 0, "has_geo": 0}}}

    def _is_member(self, user: Json, group: Json) -> bool:
        return any(m["nsid"] == user["nsid"] for m in group["members"])

    def _members(self, user: Json, query: Query) -> Json:
        group = self._group_of(query)
        if not self._is_member(user, group):
            raise _Fail(1, "Group not found")
        types = {t for t in query.get("membertypes", "2,3,4").split(",") if t}
        chosen = [m for m in group["members"] if m["membertype"] in types]
        return {"members": self._page(chosen, query, lambda m: {
            "nsid": m["nsid"], "username": m["username"], "realname": m["realname"],
            "iconserver": "0", "iconfarm": 0, "membertype": m["membertype"]}, key="member")}

    def _pool(self, user: Json, query: Query) -> Json:
        group = self._group_of(query)
        if group["privacy"] == 1 and not self._is_member(user, group):
            raise _Fail(2, "You don't have permission to view this pool")
        return {"photos": self._page(group["pool"], query, lambda e: {
            **self._photo_json(self.photos[e["photo"]], query), "dateadded": str(e["dateadded"])})}

    def _photo_for(self, user: Json, query: Query) -> Json:
        photo = self.photos.get(query.get("photo_id", ""))
        if photo is None:
            raise _Fail(1, "Photo not found")
        return photo

    def _comments(self, user: Json, query: Query) -> Json:
        photo = self._photo_for(user, query)
        low = _int_param(query, "min_comment_date", 0)
        high = _int_param(query, "max_comment_date", math.inf)
        chosen = [c for c in photo["comments"] if low <= c["datecreate"] <= high]
        body: Json = {"photo_id": photo["id"]}
        if chosen:  # Flickr leaves "comment" out when there are none
            body["comment"] = [{
                "id": c["id"], "author": c["author"], "author_is_deleted": 0,
                "authorname": c["authorname"], "iconserver": "0", "iconfarm": 0,
                "datecreate": str(c["datecreate"]),
                "permalink": f"https://www.flickr.com/photos/{photo['owner']}/{photo['id']}/"
                             f"#comment{c['id'].rsplit('-', 1)[-1]}",
                "path_alias": c["authorname"], "realname": c["realname"], "_content": c["text"],
            } for c in sorted(chosen, key=lambda c: c["datecreate"])]
        return {"comments": body}

    def _exif(self, user: Json, query: Query) -> Json:
        photo = self._photo_for(user, query)
        if photo["exif_hidden"] and photo["owner"] != user["nsid"]:
            raise _Fail(2, "Permission denied")
        tags = [{"tagspace": "GPS" if str(tag).startswith("GPS") else "ExifIFD",
                 "tagspaceid": 0, "tag": str(tag), "label": str(tag),
                 "raw": {"_content": str(value)}} for tag, value in photo["exif"].items()]
        make = photo["exif"].get("Make")
        return {"photo": {"id": photo["id"], "secret": "0000000000", "server": "65535",
                          "farm": 66, "camera": str(make or ""), "exif": tags}}

    # -- shapes ------------------------------------------------------------------
    @staticmethod
    def _photo_json(photo: Json, query: Query) -> Json:
        extras = {e.strip() for e in query.get("extras", "").split(",") if e.strip()}
        unknown = extras - _EXTRAS
        if unknown:
            raise _Fail(1, f"Unknown extras: {', '.join(sorted(unknown))}")
        body: Json = {"id": photo["id"], "owner": photo["owner"], "secret": "0000000000",
                      "server": "65535", "farm": 66, "title": photo["title"],
                      "ispublic": photo["ispublic"], "isfriend": photo["isfriend"],
                      "isfamily": photo["isfamily"]}
        if "description" in extras:
            body["description"] = {"_content": photo["description"]}
        if "date_upload" in extras:
            body["dateupload"] = str(photo["dateupload"])
        if "last_update" in extras:
            body["lastupdate"] = str(photo["lastupdate"])
        if "owner_name" in extras:
            body["ownername"] = photo["owner"]
        if "path_alias" in extras:
            body["pathalias"] = None
        if "tags" in extras:
            body["tags"] = photo["tags"]
        if "media" in extras:
            body.update({"media": photo["media"], "media_status": "ready"})
        if "geo" in extras:
            located = bool(photo["latitude"] or photo["longitude"])
            body.update({"latitude": photo["latitude"], "longitude": photo["longitude"],
                         "accuracy": 16 if located else 0, "context": 0})
            if located:
                body.update({"place_id": "", "woeid": "", "geo_is_public": photo["ispublic"],
                             "geo_is_contact": 0, "geo_is_friend": 0, "geo_is_family": 0})
        if "url_m" in extras:
            body.update({"url_m": photo["url"]
                         or f"https://live.staticflickr.com/65535/{photo['id']}_0000000000.jpg",
                         "height_m": 375, "width_m": 500})
        return body

    @staticmethod
    def _page(records: list[Any], query: Query, render: Callable[[Any], Json],
              key: str = "photo") -> Json:
        per_page = min(max(int(_int_param(query, "per_page", 100)), 1), 500)
        page = max(int(_int_param(query, "page", 1)), 1)
        total = len(records)
        chunk = records[(page - 1) * per_page: page * per_page]
        return {"page": page, "pages": math.ceil(total / per_page), "perpage": per_page,
                "total": total, key: [render(r) for r in chunk]}

    # -- error shapes --------------------------------------------------------------
    def error(self, request: httpx.Request, status: int) -> httpx.Response:
        """HTTP-level failures (Flickr's front end): an HTML page, not the API's JSON."""
        reason = httpx.codes.get_reason_phrase(status)
        return httpx.Response(status, content=f"<html><body>{status} {reason}</body></html>".encode(),
                              headers={"Content-Type": "text/html"})

    def rate_limited(self, request: httpx.Request, retry_after: int) -> httpx.Response:
        """Too many requests: 429 with ``Retry-After``."""
        return httpx.Response(429, content=json.dumps(
            {"stat": "fail", "code": 429, "message": "Too Many Requests"}).encode(),
            headers={"Content-Type": "application/json", "Retry-After": str(retry_after)})


def _int_param(query: Query, key: str, default: float) -> float:
    value = query.get(key)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise _Fail(1, f"Invalid {key}") from None
