"""A fake Graph API serving Facebook Pages from scenario data, for the sandbox and the tests.

It answers what the connector reads, shaped as the Graph API documents it:
``GET /{version}/{page-id}``, ``/{page-id}/roles``, ``/{page-id}/feed``,
``/{page-id}/photos`` and ``/{object-id}/comments``. It honours ``fields`` (top-level
names; nested ``{...}`` selections of plain fields are answered in full), field expansion
of the Page's ``roles`` edge (``roles.limit(100){id,name,tasks}``: its first page nested,
left out when there are none, and the whole request refused with code 200 when denied)
and of a post's ``comments`` edge (``comments.filter(stream).order(reverse_chronological)
.limit(100){id,message,...}``: the edge's own parameters as modifiers, its fields picked,
its first page nested with ``paging.cursors`` and a ``paging.next`` to
``/{post-id}/comments``, left out when there are none, code 10 when denied), ``limit``
(1-100, default 25), ``after`` cursors with ``paging.cursors`` and ``paging.next``,
``since``/``until`` (unix time or ISO 8601) on the feed and on comments, ``filter``
(``toplevel`` or ``stream``) and ``order`` on comments, and ``type`` on photos
(``uploaded``; the default lists profile pictures, of which the fake has none). The
Page access token may come as ``Authorization: Bearer`` or ``access_token``; a wrong
one gets the Graph API's code 190. Errors have the documented body ``{"error":
{"message", "type", "code", "error_subcode", "fbtrace_id"}}``; a rate limit answers
code 80001 with an ``X-Business-Use-Case-Usage`` header.

Scenario data (the ``facebook`` part of a sandbox scenario)::

    page_access_token: sandbox-facebook-token   # optional: when set, only this is accepted
    pages:
      - id: "104857600000001"
        name: Millbrook CE Primary School
        username: millbrookprimary             # optional
        is_published: true                     # optional, default true
        followers_count: 412                   # optional; so is fan_count
        deny: [roles]                          # optional: edges answering a permission error
                                               # (roles, feed, photos, comments)
        roles:
          - {id: "7001", name: Theresa Hale, tasks: [MANAGE, CREATE_CONTENT, MODERATE]}
        posts:                                 # the feed, by the Page or by visitors
          - id: "104857600000001_2001"         # optional: default <page id>_<2001+n>
            message: Sports day today!
            created_time: "2026-11-20T09:00:00Z"
            from: {id: "9001", name: A parent} # optional: default the Page itself
            is_hidden: false                   # optional
            place: {name: Millbrook Park, latitude: 51.52, longitude: -1.21}   # optional
            photo: https://scontent.example/sports.jpg                         # optional
            comments:
              - id: "2001_3001"                # optional
                from: {id: "9002", name: A grandparent}
                message: Well done all!
                created_time: "2026-11-20T10:00:00Z"
                is_hidden: false               # optional
                replies: []                    # same keys as comments
        photos:                                # photos the Page uploaded
          - {id: "5001", name: Year 6 trip, created_time: "2026-11-19T15:00:00Z",
             url: https://scontent.example/trip.jpg, alt_text: Children at the museum,
             place: {name: Science Museum}}

Unknown keys are refused with a :class:`~auditor.ConfigError` naming the key path.
"""

from __future__ import annotations

import base64
import json
import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

import httpx

from auditor import ConfigError, FakePlatform, json_response, scenario_digits, scenario_mapping, scenario_time

__all__ = ["FakeFacebook"]

Json = dict[str, Any]

_TOP = frozenset({"page_access_token", "pages"})
_PAGE = frozenset({"id", "name", "username", "is_published", "followers_count", "fan_count",
                   "deny", "roles", "posts", "photos"})
_POST = frozenset({"id", "message", "created_time", "from", "is_hidden", "place", "photo",
                   "comments"})
_COMMENT = frozenset({"id", "message", "created_time", "from", "is_hidden", "replies"})
_PHOTO = frozenset({"id", "name", "created_time", "url", "alt_text", "place"})
_PLACE = frozenset({"id", "name", "latitude", "longitude"})
_EDGES = frozenset({"roles", "feed", "photos", "comments"})
# Documented fields per node type, and what comes back when ``fields`` is not given.
_FIELDS = {
    "Page": frozenset({"id", "name", "username", "link", "is_published", "followers_count",
                       "fan_count", "has_transitioned_to_new_page_experience", "category",
                       "about", "roles"}),
    "Post": frozenset({"id", "message", "story", "created_time", "updated_time", "from",
                       "permalink_url", "place", "is_hidden", "is_published", "full_picture",
                       "attachments", "status_type", "comments"}),
    "Comment": frozenset({"id", "message", "created_time", "from", "parent", "is_hidden",
                          "permalink_url", "like_count", "comment_count"}),
    "Photo": frozenset({"id", "name", "created_time", "updated_time", "from", "images", "link",
                        "place", "alt_text", "picture"}),
    "User": frozenset({"id", "name", "tasks"}),
}
_DEFAULTS = {"Page": ("id", "name"), "Post": ("id", "message", "created_time"),
             "Comment": ("id", "message", "created_time", "from"),
             "Photo": ("id", "name", "created_time"), "User": ("id", "name", "tasks")}
_VERSION = re.compile(r"^v[0-9]+\.[0-9]+$")
# Parameters of the comments edge, also accepted as field-expansion modifiers.
_COMMENT_PARAMS = frozenset({"filter", "order", "limit", "since", "until"})
_MODIFIER = re.compile(r"\.([a-z_]+)\(([^()]*)\)")
# An edge nested in a field list: its node, and a function answering it for one object.
Expand = Mapping[str, Any]


class _GraphError(Exception):
    """A request the Graph API would refuse, carried to :meth:`FakeFacebook.route`."""

    def __init__(self, status: int, code: int, message: str, kind: str = "OAuthException",
                 subcode: int | None = None, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        error: Json = {"message": message, "type": kind, "code": code,
                       "fbtrace_id": "AbCdEfGhIjK"}
        if subcode is not None:
            error["error_subcode"] = subcode
        if code in (1, 2, 4, 17, 32, 80001):
            error["is_transient"] = True
        self.response = json_response(status, {"error": error}, headers)


class FakeFacebook(FakePlatform):
    """Facebook Pages behind a fake Graph API."""

    platform: ClassVar[str] = "facebook"

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__(data)
        scenario_mapping(data, _TOP, "facebook")
        token = data.get("page_access_token")
        self.token = None if token is None else str(token)
        self.pages: dict[str, Json] = {}
        self.posts: dict[str, Json] = {}  # post id -> post, with its page id
        for n, page in enumerate(data.get("pages") or ()):
            self._add_page(page, f"pages[{n}]")

    # -- scenario ----------------------------------------------------------------
    def _add_page(self, data: Any, where: str) -> None:
        scenario_mapping(data, _PAGE, where)
        pid = scenario_digits(data.get("id"), f"{where}.id")
        deny = set(data.get("deny") or ())
        if not deny <= _EDGES:
            raise ConfigError(f"deny takes {', '.join(sorted(_EDGES))}", key=f"{where}.deny")
        node: Json = {"id": pid, "name": str(data.get("name") or pid),
                      "link": f"https://www.facebook.com/{data.get('username') or pid}",
                      "is_published": bool(data.get("is_published", True)),
                      "has_transitioned_to_new_page_experience": True, "category": "School"}
        for key in ("username", "followers_count", "fan_count"):
            if key in data:
                node[key] = data[key]
        owner = {"id": pid, "name": node["name"]}
        roles = [{"id": scenario_digits(r.get("id"), f"{where}.roles[{i}].id"), "name": str(r.get("name")),
                  "tasks": [str(t) for t in r.get("tasks") or ()]}
                 for i, r in enumerate(data.get("roles") or ())]
        posts = [self._post(p, f"{where}.posts[{i}]", pid, owner, i)
                 for i, p in enumerate(data.get("posts") or ())]
        photos = [_photo(p, f"{where}.photos[{i}]", owner) for i, p in enumerate(data.get("photos") or ())]
        self.pages[pid] = {"node": node, "deny": deny, "roles": roles,
                           "posts": sorted(posts, key=lambda p: p["created_time"], reverse=True),
                           "photos": sorted(photos, key=lambda p: p["created_time"], reverse=True)}

    def _post(self, data: Any, where: str, page_id: str, owner: Json, n: int) -> Json:
        scenario_mapping(data, _POST, where)
        pid = str(data.get("id") or f"{page_id}_{2001 + n}")
        number = pid.rpartition("_")[2]
        post: Json = {"id": pid, "created_time": _time(data.get("created_time"), f"{where}.created_time"),
                      "from": _person(data.get("from"), f"{where}.from") if "from" in data else owner,
                      "permalink_url": f"https://www.facebook.com/{page_id}/posts/{number}",
                      "is_hidden": bool(data.get("is_hidden", False)), "is_published": True,
                      "status_type": "added_photos" if "photo" in data else "mobile_status_update"}
        if "message" in data:
            post["message"] = str(data["message"])
        if "place" in data:
            post["place"] = _place(data["place"], f"{where}.place")
        if "photo" in data:
            url = str(data["photo"])
            post["full_picture"] = url
            post["attachments"] = {"data": [{"media_type": "photo", "type": "photo",
                                             "media": {"image": {"height": 720, "width": 960,
                                                                 "src": url}},
                                             "url": post["permalink_url"]}]}
        comments: list[Json] = []
        for i, c in enumerate(data.get("comments") or ()):
            comments.extend(_comments(c, f"{where}.comments[{i}]", post, None, number, len(comments)))
        self.posts[pid] = {"post": post, "page": page_id, "comments": comments}
        return post

    # -- requests ----------------------------------------------------------------
    def route(self, request: httpx.Request) -> httpx.Response:
        """Answer one Graph API request."""
        try:
            return self._route(request)
        except _GraphError as refusal:
            return refusal.response

    def _route(self, request: httpx.Request) -> httpx.Response:
        parts = [p for p in request.url.path.split("/") if p]
        if request.method != "GET" or len(parts) not in (2, 3) or not _VERSION.match(parts[0]):
            raise _GraphError(400, 100, "Unsupported get request.", "GraphMethodException", 33)
        self._authenticate(request)
        query = request.url.params
        node_id, edge = parts[1], (parts[2] if len(parts) == 3 else None)
        if node_id in self.pages:
            page = self.pages[node_id]
            if edge is None:
                return json_response(200, _pick(page["node"], query.get("fields"), "Page",
                                                self._page_expanders(parts[0], page)))
            if edge in page["deny"]:
                raise _GraphError(403, 200, "(#200) The user does not have permission for this.")
            if edge == "roles":
                return _list(request, page["roles"], "User")
            if edge == "feed":
                return _list(request, _between(page["posts"], query), "Post",
                             self._expanders(parts[0]))
            if edge == "photos":
                photos = page["photos"] if query.get("type") == "uploaded" else []
                return _list(request, photos, "Photo")
        elif node_id in self.posts and edge in (None, "comments"):
            post = self.posts[node_id]
            if edge is None:
                return json_response(200, _pick(post["post"], query.get("fields"), "Post",
                                                self._expanders(parts[0])))
            if "comments" in self.pages[post["page"]]["deny"]:
                raise _GraphError(403, 10, "(#10) This endpoint requires the "
                                  "'pages_read_user_content' permission.")
            return _list(request, _comment_view(post["comments"], query), "Comment")
        if edge is None:
            raise _GraphError(400, 803, f"(#803) Some of the aliases you requested do not exist: "
                              f"{node_id}", "OAuthException")
        raise _GraphError(400, 100, f"(#100) Tried accessing nonexisting field ({edge})",
                          "OAuthException")

    def _page_expanders(self, version: str, page: Json) -> Expand:
        """The edges of a Page that field expansion may nest here: its roles.

        A denied edge refuses the whole request, as the Graph API does for a nested
        edge the token may not read.
        """
        def roles(node: Json, modifiers: dict[str, str], sub: str | None) -> Json | None:
            if "roles" in page["deny"]:
                raise _GraphError(403, 200, "(#200) The user does not have permission for this.")
            unknown = sorted(set(modifiers) - {"limit"})
            if unknown:
                raise _GraphError(400, 100, f"(#100) Unknown modifier ({unknown[0]}) on the "
                                  f"roles edge")
            if not page["roles"]:
                return None  # the Graph API leaves out an expanded edge with no objects
            edge_query = {"fields": sub} if sub else {}
            return _paged(page["roles"], 0, _limit(modifiers.get("limit")),
                          lambda r: _pick(r, sub, "User"),
                          f"https://graph.facebook.com/{version}/{node['id']}/roles", edge_query)
        return {"roles": roles}

    def _expanders(self, version: str) -> Expand:
        """The edges of a Post that field expansion may nest: its comments."""
        def comments(post: Json, modifiers: dict[str, str], sub: str | None) -> Json | None:
            record = self.posts[post["id"]]
            if "comments" in self.pages[record["page"]]["deny"]:
                raise _GraphError(403, 10, "(#10) This endpoint requires the "
                                  "'pages_read_user_content' permission.")
            unknown = sorted(set(modifiers) - _COMMENT_PARAMS)
            if unknown:
                raise _GraphError(400, 100, f"(#100) Unknown modifier ({unknown[0]}) on the "
                                  f"comments edge")
            params = httpx.QueryParams(modifiers)
            entries = _comment_view(record["comments"], params)
            if not entries:
                return None  # the Graph API leaves out an expanded edge with no objects
            edge_query = {k: v for k, v in modifiers.items() if k != "limit"}
            if sub:
                edge_query["fields"] = sub
            return _paged(entries, 0, _limit(params.get("limit")),
                          lambda c: _pick(c, sub, "Comment"),
                          f"https://graph.facebook.com/{version}/{post['id']}/comments",
                          edge_query)
        return {"comments": comments}

    def _authenticate(self, request: httpx.Request) -> None:
        header = request.headers.get("Authorization", "")
        token = header[7:] if header.startswith("Bearer ") else request.url.params.get("access_token")
        if not token:
            raise _GraphError(400, 104, "An access token is required to request this resource.")
        if self.token is not None and token != self.token:
            raise _GraphError(400, 190, "Invalid OAuth access token - Cannot parse access token")

    # -- the platform's own error shapes -----------------------------------------
    def rate_limited(self, request: httpx.Request, retry_after: int) -> httpx.Response:
        """Code 80001 with the BUC usage header saying when access returns."""
        page = next(iter(self.pages), "0")
        usage = json.dumps({page: [{"type": "pages", "call_count": 100, "total_cputime": 12,
                                    "total_time": 15, "estimated_time_to_regain_access":
                                    math.ceil(retry_after / 60)}]})
        return _GraphError(400, 80001, "There have been too many calls to this Page account. Wait a "
                           "bit and try again.", subcode=2446079,
                           headers={"X-Business-Use-Case-Usage": usage}).response

    def error(self, request: httpx.Request, status: int) -> httpx.Response:
        """The Graph API's error body for an HTTP status."""
        if status == 401:
            return _GraphError(401, 190, "Error validating access token: Session has expired.",
                               subcode=463).response
        if status == 403:
            return _GraphError(403, 200, "(#200) Permissions error").response
        if status == 429:
            return _GraphError(429, 4, "(#4) Application request limit reached").response
        if status >= 500:
            code = 2 if status == 503 else 1
            return _GraphError(status, code, "An unexpected error has occurred. Please retry your "
                               "request later.").response
        return _GraphError(status, 100, "(#100) Invalid parameter").response


def _list(request: httpx.Request, entries: list[Json], node_type: str,
          expand: Expand | None = None) -> httpx.Response:
    """One page of an edge with cursors, as the Graph API pages its edges."""
    query = request.url.params
    start = _cursor(query["after"]) if "after" in query else 0
    fields = query.get("fields")
    others = {k: v for k, v in query.multi_items() if k not in ("after", "limit")}
    body = _paged(entries, start, _limit(query.get("limit")),
                  lambda e: _pick(e, fields, node_type, expand),
                  "https://graph.facebook.com" + request.url.path, others)
    return json_response(200, body)


def _limit(value: str | None) -> int:
    limit = "25" if value is None else value
    if not limit.isdigit() or not 1 <= int(limit) <= 100:
        raise _GraphError(400, 100, "(#100) The parameter limit must be between 1 and 100")
    return int(limit)


def _paged(entries: list[Json], start: int, limit: int, pick: Any, url: str,
           query: Mapping[str, str]) -> Json:
    """``{"data", "paging"}`` for ``entries[start:start + limit]``; ``paging.next`` repeats
    ``query`` on ``url`` with the ``after`` cursor, as the Graph API writes it."""
    end = start + limit
    page = entries[start:end]
    body: Json = {"data": [pick(e) for e in page]}
    if page:
        paging: Json = {"cursors": {"before": _encode(start), "after": _encode(end)}}
        if end < len(entries):
            following = httpx.URL(url, params={**query, "limit": str(limit),
                                               "after": _encode(end)})
            paging["next"] = str(following)
        body["paging"] = paging
    return body


def _pick(obj: Json, fields: str | None, node_type: str, expand: Expand | None = None) -> Json:
    specs = _fields(fields) or [(f, {}, None) for f in _DEFAULTS[node_type]]
    unknown = [name for name, _, _ in specs if name not in _FIELDS[node_type]]
    if unknown:
        raise _GraphError(400, 100, f"(#100) Tried accessing nonexisting field ({unknown[0]}) on "
                          f"node type ({node_type})")
    picked: Json = {}
    for name, modifiers, sub in specs:
        if expand is not None and name in expand:
            value = expand[name](obj, modifiers, sub)
            if value is not None:
                picked[name] = value
        elif name in obj:
            picked[name] = obj[name]
    return picked


def _fields(fields: str | None) -> list[tuple[str, dict[str, str], str | None]]:
    """``a,b.limit(5){c,d{e}},f`` -> ``[(a, {}, None), (b, {limit: 5}, "c,d{e}"), (f, {}, None)]``.

    Below the first level, selections of plain fields (``from{id,name}``) are answered in full.
    """
    parts, depth, current = [], 0, ""
    for char in fields or "":
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        depth += (char == "{") - (char == "}")
        current += char
    parts.append(current)
    specs: list[tuple[str, dict[str, str], str | None]] = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        head, brace, rest = part.partition("{")
        sub = rest[:-1] if brace and rest.endswith("}") else None
        name, _, chain = head.partition(".")
        modifiers = {m.group(1): m.group(2) for m in _MODIFIER.finditer("." + chain)} if chain else {}
        specs.append((name.strip(), modifiers, sub))
    return specs


def _between(entries: list[Json], query: httpx.QueryParams) -> list[Json]:
    since, until = _moment(query.get("since")), _moment(query.get("until"))
    return [e for e in entries if (since is None or _parse(e["created_time"]) >= since)
            and (until is None or _parse(e["created_time"]) <= until)]


def _comment_view(comments: list[Json], query: httpx.QueryParams) -> list[Json]:
    shown = comments if query.get("filter") == "stream" else [c for c in comments if "parent" not in c]
    shown = _between(shown, query)
    newest_first = query.get("order") == "reverse_chronological"
    return sorted(shown, key=lambda c: c["created_time"], reverse=newest_first)


def _moment(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        if value.isdigit():
            return datetime.fromtimestamp(int(value), tz=UTC)
        when = datetime.fromisoformat(value)
    except ValueError:
        raise _GraphError(400, 100, f"(#100) Invalid time: {value}") from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


def _parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


def _encode(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _cursor(value: str) -> int:
    try:
        kind, _, offset = base64.urlsafe_b64decode(value.encode()).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        kind, offset = "", ""
    if kind != "offset" or not offset.isdigit():
        raise _GraphError(400, 100, "(#100) The after parameter is not a valid cursor")
    return int(offset)


def _comments(data: Any, where: str, post: Json, parent: Json | None, number: str,
              count: int) -> list[Json]:
    """A comment and its replies, flattened as ``filter=stream`` lists them."""
    scenario_mapping(data, _COMMENT, where)
    if "from" not in data:
        raise ConfigError("a comment needs from: {id, name}", key=f"{where}.from")
    cid = str(data.get("id") or f"{number}_{3001 + count}")
    comment: Json = {"id": cid, "message": str(data.get("message", "")),
                     "created_time": _time(data.get("created_time"), f"{where}.created_time"),
                     "from": _person(data["from"], f"{where}.from"),
                     "is_hidden": bool(data.get("is_hidden", False)),
                     "permalink_url": f"{post['permalink_url']}?comment_id={cid}"}
    if parent is not None:
        comment["parent"] = {"id": parent["id"], "created_time": parent["created_time"],
                             "from": parent["from"], "message": parent["message"]}
    found = [comment]
    for i, reply in enumerate(data.get("replies") or ()):
        found.extend(_comments(reply, f"{where}.replies[{i}]", post, comment, number,
                               count + len(found)))
    return found


def _photo(data: Any, where: str, owner: Json) -> Json:
    scenario_mapping(data, _PHOTO, where)
    pid = scenario_digits(data.get("id"), f"{where}.id")
    url = str(data.get("url") or f"https://scontent.example/{pid}.jpg")
    photo: Json = {"id": pid, "created_time": _time(data.get("created_time"), f"{where}.created_time"),
                   "from": owner, "link": f"https://www.facebook.com/photo.php?fbid={pid}",
                   "images": [{"height": 720, "width": 960, "source": url},
                              {"height": 130, "width": 173, "source": url + "?s=130"}],
                   "picture": url + "?s=130"}
    for key in ("name", "alt_text"):
        if key in data:
            photo[key] = str(data[key])
    if "place" in data:
        photo["place"] = _place(data["place"], f"{where}.place")
    return photo


def _place(data: Any, where: str) -> Json:
    scenario_mapping(data, _PLACE, where)
    place: Json = {"id": str(data.get("id", "110000000000001")), "name": str(data.get("name", ""))}
    if "latitude" in data and "longitude" in data:
        place["location"] = {"latitude": float(data["latitude"]),
                             "longitude": float(data["longitude"])}
    return place


def _person(data: Any, where: str) -> Json:
    scenario_mapping(data, frozenset({"id", "name"}), where)
    return {"id": scenario_digits(data.get("id"), f"{where}.id"), "name": str(data.get("name", ""))}


def _time(value: Any, where: str) -> str:
    """A Graph API time (``2026-11-20T09:00:00+0000``) from a YAML time or ISO 8601 string."""
    return scenario_time(value, where).strftime("%Y-%m-%dT%H:%M:%S+0000")
