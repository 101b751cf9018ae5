"""A fake of the Instagram API with Instagram Login (graph.instagram.com), for the sandbox and the tests.

It answers the reads the connector makes, shaped as the Graph API documents them:
``GET /{version}/{ig-user-id|me}``, ``GET /{version}/{ig-user-id}/media``,
``GET /{version}/{ig-media-id}/comments`` and ``GET /{version}/{ig-comment-id}/replies``.
It honours ``fields`` (only requested fields come back; ``children{...}``, ``from{...}``
and ``replies{...}`` expand; an unknown field is the API's ``(#100)`` error), ``limit``
(1-100, default 25) and ``after`` (opaque cursors in ``paging.cursors``, with
``paging.next`` only when there is another page). Lists are newest first. The token is
read from ``Authorization: Bearer`` or ``access_token``; a missing or wrong one gets the
API's code 190, and a node of another account the ``(#100)`` unsupported get request.

Scenario data (the ``instagram`` part of a sandbox scenario)::

    accounts:
      - user_id: "17841400000000001"          # the professional account's id
        access_token: sandbox-instagram-token  # the Instagram user token for it
        username: millbrook_primary
        name: Millbrook CE Primary School      # optional
        account_type: BUSINESS                 # optional: BUSINESS or MEDIA_CREATOR
        followers_count: 212                   # optional, default 0; so is follows_count
        media:                                 # optional; media_count is their number
          - id: "17900000000000001"
            caption: Harvest festival!         # optional
            timestamp: "2026-11-20T09:00:00+0000"
            media_type: IMAGE                  # optional: IMAGE, VIDEO or CAROUSEL_ALBUM
            media_product_type: FEED           # optional: FEED or REELS
            is_comment_enabled: true           # optional, default true
            media_url: https://...             # optional; so are permalink, thumbnail_url
            children: [{id: "17900000000000002", media_type: IMAGE}]   # albums only
            comments:
              - id: "17950000000000001"
                text: Lovely photos
                timestamp: "2026-11-20T10:00:00+0000"
                username: a_parent
                from_id: "5550001"             # optional: the commenter's IGSID
                hidden: false                  # optional, default false
                replies: [{id: "...", text: ..., timestamp: ..., username: ...}]

Ids are numeric strings (YAML integers are accepted). A mistake in the scenario is a
:class:`~auditor.ConfigError` naming its key path.
"""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

import httpx

from auditor import ConfigError, FakePlatform, json_response, scenario_digits, scenario_mapping, scenario_time

__all__ = ["FakeInstagram", "parse_fields"]

Json = dict[str, Any]

_ACCOUNT = frozenset({"user_id", "id", "access_token", "username", "name", "account_type",
                      "followers_count", "follows_count", "media"})
_MEDIA = frozenset({"id", "caption", "timestamp", "media_type", "media_product_type",
                    "is_comment_enabled", "media_url", "permalink", "thumbnail_url",
                    "children", "comments"})
_CHILD = frozenset({"id", "media_type", "media_url", "thumbnail_url"})
_COMMENT = frozenset({"id", "text", "timestamp", "username", "from_id", "hidden", "replies"})
_USER_FIELDS = frozenset({"id", "user_id", "username", "name", "account_type",
                          "profile_picture_url", "followers_count", "follows_count",
                          "media_count"})
_MEDIA_FIELDS = frozenset({"id", "caption", "media_type", "media_product_type", "media_url",
                           "thumbnail_url", "permalink", "timestamp", "is_comment_enabled",
                           "comments_count", "like_count", "username", "owner", "shortcode",
                           "children"})
_COMMENT_FIELDS = frozenset({"id", "text", "timestamp", "username", "from", "hidden",
                             "like_count", "media", "parent_id", "replies"})
_NESTED_PAGE = 25
_ERRORS: dict[int, tuple[int, str, str, int | None]] = {
    400: (100, "OAuthException", "(#100) Invalid parameter", None),
    401: (190, "OAuthException", "Invalid OAuth access token - Cannot parse access token", None),
    403: (10, "OAuthException", "(#10) Application does not have permission for this action",
          None),
    404: (100, "GraphMethodException", "Unsupported get request. Object with ID 'x' does not "
          "exist, cannot be loaded due to missing permissions, or does not support this "
          "operation.", 33),
}


def parse_fields(value: str) -> dict[str, str | None]:
    """``a,b{c,d},e`` as ``{"a": None, "b": "c,d", "e": None}`` (top level only)."""
    fields: dict[str, str | None] = {}
    depth, start = 0, 0
    for position, char in enumerate(value + ","):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            part = value[start:position].strip()
            start = position + 1
            if not part:
                continue
            name, _, rest = part.partition("{")
            fields[name.strip()] = rest[:-1] if rest.endswith("}") else None
    return fields


class _Refusal(Exception):
    """A request the Graph API would refuse, carried to :meth:`FakeInstagram.route`."""

    def __init__(self, status: int, code: int, kind: str, message: str,
                 subcode: int | None = None) -> None:
        super().__init__(message)
        self.response = _graph_error(status, code, kind, message, subcode)


def _graph_error(status: int, code: int, kind: str, message: str, subcode: int | None = None,
                 headers: Mapping[str, str] | None = None, transient: bool = False,
                 ) -> httpx.Response:
    error: Json = {"message": message, "type": kind, "code": code, "is_transient": transient,
                   "fbtrace_id": "AbCdEfGhIjKlMnOpQrStUv"}
    if subcode is not None:
        error["error_subcode"] = subcode
    return json_response(status, {"error": error}, headers)


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode().rstrip("=")


def _offset(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        text = ""
    match = re.fullmatch(r"offset:(\d+)", text)
    if not match:
        raise _Refusal(400, 100, "OAuthException", "(#100) The parameter after is invalid")
    return int(match.group(1))


def _stamp(value: Any, where: str) -> str:
    """A Graph API time (``2026-11-20T09:00:00+0000``) from a YAML time or ISO 8601 string."""
    return scenario_time(value, where).strftime("%Y-%m-%dT%H:%M:%S+0000")


class _Account:
    """One scenario account, its media and their comments normalised once."""

    def __init__(self, data: Any, where: str) -> None:
        record = scenario_mapping(data, _ACCOUNT, where)
        self.user_id = scenario_digits(record.get("user_id"), f"{where}.user_id")
        self.id = scenario_digits(record.get("id"), f"{where}.id") if "id" in record else self.user_id
        token = record.get("access_token")
        if not isinstance(token, str) or not token:
            raise ConfigError("a non-empty string is required", key=f"{where}.access_token")
        self.token = token
        username = record.get("username")
        if not isinstance(username, str) or not username:
            raise ConfigError("a non-empty string is required", key=f"{where}.username")
        self.media = [self._media(m, f"{where}.media[{n}]")
                      for n, m in enumerate(record.get("media") or ())]
        self.media.sort(key=lambda m: m["timestamp"], reverse=True)
        self.node: Json = {
            "id": self.id, "user_id": self.user_id, "username": username,
            "name": str(record.get("name") or username),
            "account_type": str(record.get("account_type") or "BUSINESS"),
            "profile_picture_url": f"https://scontent.cdninstagram.example/{self.user_id}.jpg",
            "followers_count": int(record.get("followers_count") or 0),
            "follows_count": int(record.get("follows_count") or 0),
            "media_count": len(self.media),
        }

    def _media(self, data: Any, where: str) -> Json:
        record = scenario_mapping(data, _MEDIA, where)
        media_id = scenario_digits(record.get("id"), f"{where}.id")
        media_type = str(record.get("media_type") or "IMAGE")
        extension = "mp4" if media_type == "VIDEO" else "jpg"
        node: Json = {
            "id": media_id, "media_type": media_type,
            "media_product_type": str(record.get("media_product_type") or "FEED"),
            "timestamp": _stamp(record.get("timestamp"), f"{where}.timestamp"),
            "is_comment_enabled": bool(record.get("is_comment_enabled", True)),
            "permalink": str(record.get("permalink")
                             or f"https://www.instagram.com/p/{media_id}/"),
            "username": None,  # filled in when answered
        }
        if record.get("caption") is not None:
            node["caption"] = str(record["caption"])
        if media_type != "CAROUSEL_ALBUM" or record.get("media_url"):
            node["media_url"] = str(record.get("media_url")
                                    or f"https://scontent.cdninstagram.example/{media_id}.{extension}")
        if media_type == "VIDEO":
            node["thumbnail_url"] = str(record.get("thumbnail_url")
                                        or f"https://scontent.cdninstagram.example/{media_id}.jpg")
        children = []
        for n, child in enumerate(record.get("children") or ()):
            entry = scenario_mapping(child, _CHILD, f"{where}.children[{n}]")
            child_id = scenario_digits(entry.get("id"), f"{where}.children[{n}].id")
            children.append({"id": child_id, "media_type": str(entry.get("media_type") or "IMAGE"),
                             "media_url": str(entry.get("media_url") or
                                              f"https://scontent.cdninstagram.example/{child_id}.jpg")})
        if children:
            node["children"] = children
        comments = [self._comment(c, f"{where}.comments[{n}]", media_id, None)
                    for n, c in enumerate(record.get("comments") or ())]
        comments.sort(key=lambda c: c["timestamp"], reverse=True)
        node["comments"] = comments
        node["comments_count"] = len(comments) + sum(len(c["replies"]) for c in comments)
        return node

    def _comment(self, data: Any, where: str, media_id: str, parent: str | None) -> Json:
        record = scenario_mapping(data, _COMMENT, where)
        comment_id = scenario_digits(record.get("id"), f"{where}.id")
        username = str(record.get("username") or "someone")
        node: Json = {
            "id": comment_id, "text": str(record.get("text") or ""),
            "timestamp": _stamp(record.get("timestamp"), f"{where}.timestamp"),
            "username": username,
            "from": {"id": str(record.get("from_id") or
                               f"55{zlib.crc32(username.encode()):010d}"), "username": username},
            "hidden": bool(record.get("hidden", False)), "like_count": 0,
            "media": {"id": media_id},
        }
        if parent is not None:
            node["parent_id"] = parent
            if record.get("replies"):
                raise ConfigError("a reply cannot have replies", key=f"{where}.replies")
        replies = [self._comment(r, f"{where}.replies[{n}]", media_id, comment_id)
                   for n, r in enumerate(record.get("replies") or ())]
        replies.sort(key=lambda r: r["timestamp"])
        node["replies"] = replies
        return node


class FakeInstagram(FakePlatform):
    """Instagram business and creator accounts behind graph.instagram.com."""

    platform: ClassVar[str] = "instagram"

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__(data)
        accounts = data.get("accounts")
        if not isinstance(accounts, Sequence) or isinstance(accounts, str):
            raise ConfigError("a list of accounts is required", key="accounts")
        scenario_mapping(data, {"accounts"}, "instagram")
        self.accounts = [_Account(a, f"accounts[{n}]") for n, a in enumerate(accounts)]
        self._by_token = {a.token: a for a in self.accounts}

    # Error shapes: the Graph API's ``{"error": {...}}`` body.
    def error(self, request: httpx.Request, status: int) -> httpx.Response:
        """The Graph API's error body for ``status``."""
        if status >= 500:
            return _graph_error(status, 2, "OAuthException", "An unexpected error has occurred. "
                                "Please retry your request later.", transient=True)
        code, kind, message, subcode = _ERRORS.get(status, _ERRORS[400])
        return _graph_error(status, code, kind, message, subcode)

    def rate_limited(self, request: httpx.Request, retry_after: int) -> httpx.Response:
        """Throttled: code 4 with the usage headers, the wait in whole minutes."""
        minutes = max(1, -(-retry_after // 60))
        usage = ('{"17841400000000001":[{"type":"instagram","call_count":100,'
                 f'"total_cputime":12,"total_time":15,"estimated_time_to_regain_access":{minutes}}}]}}')
        return _graph_error(400, 4, "OAuthException", "(#4) Application request limit reached",
                            headers={"X-Business-Use-Case-Usage": usage,
                                     "X-App-Usage": '{"call_count":100,"total_cputime":12,'
                                                    '"total_time":15}'},
                            transient=True)

    def route(self, request: httpx.Request) -> httpx.Response:
        """Answer ``GET /{version}/{node}[/{edge}]`` as the Graph API would."""
        parts = request.url.path.strip("/").split("/")
        try:
            if request.method != "GET" or not 2 <= len(parts) <= 3 \
                    or not re.fullmatch(r"v\d+\.\d+", parts[0]):
                raise _Refusal(400, 2500, "IGApiException", "Unknown path components")
            account = self._authenticate(request)
            query = dict(request.url.params)
            edge = parts[2] if len(parts) == 3 else None
            return self._answer(request, account, parts[1], edge, query)
        except _Refusal as refusal:
            return refusal.response

    def _authenticate(self, request: httpx.Request) -> _Account:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if not header:
            token = request.url.params.get("access_token", "")
        elif scheme.lower() not in ("bearer", "oauth"):
            token = ""
        account = self._by_token.get(token.strip())
        if account is None:
            raise _Refusal(400, 190, "OAuthException",
                           "Invalid OAuth access token - Cannot parse access token")
        return account

    def _answer(self, request: httpx.Request, account: _Account, node: str, edge: str | None,
                query: Mapping[str, str]) -> httpx.Response:
        fields = parse_fields(query.get("fields", ""))
        if node in ("me", account.user_id, account.id):
            if edge is None:
                return json_response(200, _pick(account.node, fields or {"id": None},
                                                _USER_FIELDS, "IGUser"))
            if edge == "media":
                return self._page(request, query, account.media,
                                  lambda m, f: self._media_json(account, m, f),
                                  fields or {"id": None})
            raise _Refusal(400, 2500, "IGApiException", f"Unknown path components: /{edge}")
        media = next((m for m in account.media if m["id"] == node), None)
        if media is not None and edge == "comments":
            return self._page(request, query, media["comments"], self._comment_json,
                              fields or {"id": None, "text": None, "timestamp": None})
        comment = next((c for m in account.media for c in m["comments"] if c["id"] == node), None)
        if comment is not None and edge == "replies":
            return self._page(request, query, comment["replies"], self._comment_json,
                              fields or {"id": None, "text": None, "timestamp": None})
        code, kind, message, subcode = _ERRORS[404]
        raise _Refusal(400, code, kind, message.replace("'x'", f"'{node}'"), subcode)

    def _media_json(self, account: _Account, media: Json, fields: Mapping[str, str | None]) -> Json:
        record = {**media, "username": account.node["username"],
                  "owner": {"id": account.user_id}, "shortcode": media["id"][-11:],
                  "like_count": 0}
        body = _pick(record, {k: v for k, v in fields.items() if k != "children"},
                     _MEDIA_FIELDS, "IGMedia")
        if "children" in fields and media.get("children"):
            wanted = parse_fields(fields["children"] or "id")
            body["children"] = {"data": [_pick(c, wanted, _MEDIA_FIELDS, "IGMedia")
                                         for c in media["children"]]}
        return body

    def _comment_json(self, comment: Json, fields: Mapping[str, str | None]) -> Json:
        body = _pick(comment, {k: v for k, v in fields.items() if k != "replies"},
                     _COMMENT_FIELDS, "IGComment")
        if "replies" in fields and comment["replies"]:
            wanted = parse_fields(fields["replies"] or "id,text,timestamp")
            shown = comment["replies"][:_NESTED_PAGE]
            replies: Json = {"data": [_pick(r, wanted, _COMMENT_FIELDS, "IGComment")
                                      for r in shown]}
            if len(comment["replies"]) > _NESTED_PAGE:
                replies["paging"] = {
                    "cursors": {"before": _cursor(0), "after": _cursor(_NESTED_PAGE)},
                    "next": f"https://graph.instagram.com/{comment['id']}/replies"
                            f"?after={_cursor(_NESTED_PAGE)}"}
            body["replies"] = replies
        return body

    @staticmethod
    def _page(request: httpx.Request, query: Mapping[str, str], records: list[Json],
              render: Callable[[Json, Mapping[str, str | None]], Json],
              fields: Mapping[str, str | None]) -> httpx.Response:
        raw_limit = query.get("limit", "25")
        if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= 100:
            raise _Refusal(400, 100, "OAuthException", "(#100) The parameter limit is invalid")
        limit = int(raw_limit)
        start = _offset(query["after"]) if "after" in query else 0
        chunk = records[start:start + limit]
        body: Json = {"data": [render(r, fields) for r in chunk]}
        if chunk:
            end = start + len(chunk)
            paging: Json = {"cursors": {"before": _cursor(start), "after": _cursor(end)}}
            if end < len(records):
                paging["next"] = str(request.url.copy_merge_params({"after": _cursor(end)}))
            body["paging"] = paging
        return json_response(200, body)


def _pick(record: Mapping[str, Any], fields: Mapping[str, str | None], known: frozenset[str],
          node_type: str) -> Json:
    """The requested fields of ``record``; an unknown one is the API's ``(#100)``."""
    body: Json = {}
    for name in fields:
        if name not in known:
            raise _Refusal(400, 100, "IGApiException",
                           f"(#100) Tried accessing nonexisting field ({name}) on node type "
                           f"({node_type})")
        if record.get(name) is not None:
            body[name] = record[name]
    body.setdefault("id", record["id"])
    return body
