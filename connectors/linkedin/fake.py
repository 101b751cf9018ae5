"""A fake of LinkedIn's Community Management API (versioned ``/rest``), for the sandbox and tests.

It answers the four reads the connector makes, shaped as LinkedIn documents them:
``GET /rest/networkSizes/{organization urn}?edgeType=COMPANY_FOLLOWED_BY_MEMBER``,
``GET /rest/organizationAcls?q=organization&organization=...``,
``GET /rest/posts?author=...&q=author`` and ``GET /rest/socialActions/{post urn}/comments``.
Collections honour ``start`` and ``count`` (1-100) with ``paging.total`` and a ``next``
link; posts come newest first by ``sortBy`` (``CREATED`` or ``LAST_MODIFIED``, the
default). Every request needs ``Authorization: Bearer <token>`` (else 401 with
``serviceErrorCode`` 65600), a ``LinkedIn-Version: YYYYMM`` header (else 400
``VERSION_MISSING``) and ``X-Restli-Protocol-Version: 2.0.0``; URNs in the path must be
percent-encoded as Rest.li 2.0 requires, and unknown query parameters get a 400.
A 429 carries a ``Retry-After`` header, which LinkedIn itself does not send: it lets the
sandbox's injected wait be honoured instead of the real wait until midnight UTC.

Scenario data (the ``linkedin`` part of a sandbox scenario)::

    access_token: sandbox-linkedin-token   # optional: when set, only this token is accepted
    organizations:
      - id: 90210001                       # the Page's organisation id
        followers: 212                     # networkSizes firstDegreeSize
        admins:                            # optional: organizationAcls entries
          - {person: AbC123xyz, role: ADMINISTRATOR}   # role default ADMINISTRATOR
        deny: [organizationAcls]           # optional: reads answered 403 (organizationAcls,
                                           # posts, comments, networkSizes)
        posts:
          - id: 7260000000000000001        # urn:li:share:<id>
            text: "Harvest festival (Year 2) #proud"   # plain text; served in "little" format
            created_at: "2026-11-20T09:00:00Z"
            published_at: "2026-11-20T09:00:00Z"       # optional, default created_at
            visibility: PUBLIC             # PUBLIC (default), LOGGED_IN, CONNECTIONS, CONTAINER
            lifecycle_state: PUBLISHED     # optional, default PUBLISHED
            media: [{type: image, alt_text: Pupils at the harvest table}]   # optional
            comments:
              - id: 7260000000000000101
                actor: urn:li:person:ZxY987  # or urn:li:organization:<id> for the Page itself
                text: Lovely photos!
                created_at: "2026-11-20T10:00:00Z"

Times are ISO 8601 (UTC when no zone is given). A scenario that does not fit raises
:class:`~auditor.ConfigError` naming the key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlencode

import httpx

from auditor import ConfigError, FakePlatform, json_response, scenario_digits, scenario_mapping, scenario_time
from connectors.linkedin.mapping import RESERVED

__all__ = ["FakeLinkedIn"]

Json = dict[str, Any]

_TOP = frozenset({"access_token", "organizations"})
_ORG = frozenset({"id", "followers", "admins", "deny", "posts"})
_ADMIN = frozenset({"person", "role", "state"})
_POST = frozenset({"id", "text", "created_at", "published_at", "visibility", "lifecycle_state",
                   "media", "comments"})
_MEDIA = frozenset({"type", "alt_text"})
_COMMENT = frozenset({"id", "actor", "text", "created_at"})
_DENIABLE = frozenset({"networkSizes", "organizationAcls", "posts", "comments"})
_VISIBILITIES = frozenset({"PUBLIC", "LOGGED_IN", "CONNECTIONS", "CONTAINER"})
_MESSAGES = {
    400: ("ILLEGAL_ARGUMENT", 0, "Invalid request"),
    401: ("INVALID_ACCESS_TOKEN", 65600, "Invalid access token"),
    403: ("ACCESS_DENIED", 100, "Not enough permissions to access this resource"),
    404: ("NOT_FOUND", 0, "Not Found"),
    429: ("TOO_MANY_REQUESTS", 101,
          "Resource level throttle APPLICATION DAY limit for calls to this resource is reached."),
    500: ("INTERNAL_SERVER_ERROR", 0, "Internal Server Error"),
    503: ("SERVICE_UNAVAILABLE", 0, "Service Unavailable"),
}


class _BadRequest(Exception):
    """A request LinkedIn would refuse with a 400."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class FakeLinkedIn(FakePlatform):
    """LinkedIn's Community Management reads, answered from scenario data (see the module)."""

    platform = "linkedin"

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__(data)
        scenario_mapping(data, _TOP, "linkedin")
        token = data.get("access_token")
        self.access_token = None if token is None else str(token)
        self.organizations: dict[str, _Organization] = {}
        for n, org in enumerate(data.get("organizations") or ()):
            parsed = _Organization(org, f"linkedin.organizations[{n}]")
            self.organizations[parsed.urn] = parsed

    # -- routing --------------------------------------------------------------------------

    def route(self, request: httpx.Request) -> httpx.Response:
        """Answer one request from the scenario data."""
        if not self._authorised(request):
            return self.error(request, 401)
        if request.method != "GET":
            return self.error(request, 405)
        raw_path = request.url.raw_path.decode().split("?", 1)[0]
        params = request.url.params
        try:
            _check_headers(request)
            if match := re.fullmatch(r"/rest/networkSizes/([^/]+)", raw_path):
                return self._network_size(request, _urn(match.group(1)), params)
            if raw_path == "/rest/organizationAcls":
                return self._acls(request, params)
            if raw_path == "/rest/posts":
                return self._posts(request, params)
            if match := re.fullmatch(r"/rest/socialActions/([^/]+)/comments", raw_path):
                return self._comments(request, _urn(match.group(1)), params)
        except _BadRequest as exc:
            return _error_body(400, exc.code, 0, str(exc))
        return self.error(request, 404)

    def rate_limited(self, request: httpx.Request, retry_after: int) -> httpx.Response:
        """A 429 as LinkedIn sends it, plus the sandbox's ``Retry-After`` (see the module)."""
        code, service, message = _MESSAGES[429]
        return _error_body(429, code, service, message, {"Retry-After": str(retry_after)})

    def error(self, request: httpx.Request, status: int) -> httpx.Response:
        """An error as LinkedIn sends it: status, serviceErrorCode, code and message."""
        code, service, message = _MESSAGES.get(
            status, ("ERROR", 0, httpx.codes.get_reason_phrase(status)))
        return _error_body(status, code, service, message)

    # -- endpoints ------------------------------------------------------------------------

    def _network_size(self, request: httpx.Request, urn: str,
                      params: httpx.QueryParams) -> httpx.Response:
        _allow(params, {"edgeType"})
        if params.get("edgeType") != "COMPANY_FOLLOWED_BY_MEMBER":
            raise _BadRequest("ILLEGAL_ARGUMENT", "edgeType must be COMPANY_FOLLOWED_BY_MEMBER")
        org = self.organizations.get(urn)
        if org is None:
            return self.error(request, 404)
        if "networkSizes" in org.deny:
            return self.error(request, 403)
        return json_response(200, {"firstDegreeSize": org.followers})

    def _acls(self, request: httpx.Request, params: httpx.QueryParams) -> httpx.Response:
        _allow(params, {"q", "organization", "role", "state", "start", "count"})
        if params.get("q") != "organization":
            raise _BadRequest("ILLEGAL_ARGUMENT", "q must be organization")
        org = self.organizations.get(params.get("organization", ""))
        if org is None:
            return self.error(request, 404)
        if "organizationAcls" in org.deny:
            return self.error(request, 403)
        acls = [a for a in org.admins
                if params.get("role") in (None, a["role"])
                and params.get("state") in (None, a["state"])]
        return _page(request, acls, params)

    def _posts(self, request: httpx.Request, params: httpx.QueryParams) -> httpx.Response:
        _allow(params, {"author", "q", "sortBy", "start", "count", "viewContext"})
        if params.get("q") != "author":
            raise _BadRequest("ILLEGAL_ARGUMENT", "q must be author")
        sort = params.get("sortBy", "LAST_MODIFIED")
        if sort not in ("CREATED", "LAST_MODIFIED"):
            raise _BadRequest("ILLEGAL_ARGUMENT", f"sortBy {sort} is not CREATED or LAST_MODIFIED")
        org = self.organizations.get(params.get("author", ""))
        if org is None:
            return _page(request, [], params)
        if "posts" in org.deny:
            return self.error(request, 403)
        key = "createdAt" if sort == "CREATED" else "lastModifiedAt"
        posts = sorted(org.posts.values(), key=lambda p: p[key], reverse=True)
        return _page(request, posts, params)

    def _comments(self, request: httpx.Request, urn: str,
                  params: httpx.QueryParams) -> httpx.Response:
        _allow(params, {"start", "count"})
        for org in self.organizations.values():
            if urn in org.posts:
                if "comments" in org.deny:
                    return self.error(request, 403)
                return _page(request, org.comments.get(urn, []), params)
        return self.error(request, 404)

    def _authorised(self, request: httpx.Request) -> bool:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme != "Bearer" or not token.strip():
            return False
        return self.access_token in (None, token)


class _Organization:
    """One Page of the scenario, with its posts and comments as LinkedIn serves them."""

    def __init__(self, data: Any, where: str) -> None:
        scenario_mapping(data, _ORG, where)
        self.id = scenario_digits(data.get("id"), f"{where}.id")
        self.urn = f"urn:li:organization:{self.id}"
        followers = data.get("followers", 0)
        if not isinstance(followers, int) or isinstance(followers, bool) or followers < 0:
            raise ConfigError("followers must be a count", key=f"{where}.followers")
        self.followers = followers
        deny = [str(d) for d in data.get("deny") or ()]
        unknown = sorted(set(deny) - _DENIABLE)
        if unknown:
            raise ConfigError(f"cannot deny {unknown[0]} (allowed: {', '.join(sorted(_DENIABLE))})",
                              key=f"{where}.deny")
        self.deny = frozenset(deny)
        self.admins = [self._admin(a, f"{where}.admins[{n}]")
                       for n, a in enumerate(data.get("admins") or ())]
        self.posts: dict[str, Json] = {}
        self.comments: dict[str, list[Json]] = {}
        for n, post in enumerate(data.get("posts") or ()):
            self._post(post, f"{where}.posts[{n}]")

    def _admin(self, data: Any, where: str) -> Json:
        scenario_mapping(data, _ADMIN, where)
        person = str(data.get("person", ""))
        if not person:
            raise ConfigError("an admin needs a person id", key=f"{where}.person")
        if not person.startswith("urn:li:person:"):
            person = f"urn:li:person:{person}"
        return {"role": str(data.get("role", "ADMINISTRATOR")), "roleAssignee": person,
                "state": str(data.get("state", "APPROVED")), "organization": self.urn}

    def _post(self, data: Any, where: str) -> None:
        scenario_mapping(data, _POST, where)
        number = scenario_digits(data.get("id"), f"{where}.id")
        urn = f"urn:li:share:{number}"
        text = data.get("text", "")
        if not isinstance(text, str):
            raise ConfigError("text must be a string", key=f"{where}.text")
        visibility = str(data.get("visibility", "PUBLIC"))
        if visibility not in _VISIBILITIES:
            raise ConfigError(f"one of {', '.join(sorted(_VISIBILITIES))}",
                              key=f"{where}.visibility")
        created = _millis(data.get("created_at"), f"{where}.created_at")
        published = _millis(data["published_at"], f"{where}.published_at") \
            if "published_at" in data else created
        post: Json = {
            "id": urn, "author": self.urn, "commentary": _little(text),
            "visibility": visibility,
            "lifecycleState": str(data.get("lifecycle_state", "PUBLISHED")),
            "createdAt": created, "publishedAt": published,
            "lastModifiedAt": max(created, published),
            "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [],
                             "thirdPartyDistributionChannels": []},
            "isReshareDisabledByAuthor": False,
            "lifecycleStateInfo": {"isEditedByAuthor": False},
        }
        media = [self._media(m, number, k, f"{where}.media[{k}]")
                 for k, m in enumerate(data.get("media") or ())]
        if len(media) == 1:
            post["content"] = {"media": media[0]}
        elif media:
            post["content"] = {"multiImage": {"images": media}}
        self.posts[urn] = post
        self.comments[urn] = sorted(
            (self._comment(c, number, f"{where}.comments[{k}]")
             for k, c in enumerate(data.get("comments") or ())),
            key=lambda c: c["created"]["time"])

    @staticmethod
    def _media(data: Any, number: str, index: int, where: str) -> Json:
        scenario_mapping(data, _MEDIA, where)
        kind = str(data.get("type", "image"))
        if kind not in ("image", "video", "document"):
            raise ConfigError("type is image, video or document", key=f"{where}.type")
        media: Json = {"id": f"urn:li:{kind}:D4E{number}{index}"}
        if "alt_text" in data:
            media["altText"] = str(data["alt_text"])
        return media

    def _comment(self, data: Any, number: str, where: str) -> Json:
        scenario_mapping(data, _COMMENT, where)
        comment_id = scenario_digits(data.get("id"), f"{where}.id")
        actor = str(data.get("actor", ""))
        if not actor.startswith(("urn:li:person:", "urn:li:organization:")):
            raise ConfigError("actor is urn:li:person:<id> or urn:li:organization:<id>",
                              key=f"{where}.actor")
        text = data.get("text")
        if not isinstance(text, str):
            raise ConfigError("a comment needs its text", key=f"{where}.text")
        when = _millis(data.get("created_at"), f"{where}.created_at")
        activity = f"urn:li:activity:{number}"
        stamp = {"actor": actor, "time": when}
        return {
            "actor": actor, "id": comment_id, "object": activity,
            "commentUrn": f"urn:li:comment:({activity},{comment_id})",
            "created": stamp, "lastModified": stamp,
            "message": {"text": text, "attributes": []},
            "likesSummary": {"totalLikes": 0, "likedByCurrentUser": False,
                             "selectedLikes": [], "aggregatedTotalLikes": 0},
            "commentsSummary": {"totalFirstLevelComments": 0, "aggregatedTotalComments": 0},
        }


# -- building responses -------------------------------------------------------------------


def _page(request: httpx.Request, elements: list[Json], params: httpx.QueryParams,
          ) -> httpx.Response:
    """One page of ``elements`` from ``start``, with ``paging`` as Rest.li sends it."""
    start = _int_param(params, "start", 0, 0, None)
    count = _int_param(params, "count", 10, 1, 100)
    page = elements[start:start + count]
    links: list[Json] = []
    if start + count < len(elements):
        query = {**dict(params), "start": start + count, "count": count}
        links.append({"type": "application/json", "rel": "next",
                      "href": f"{request.url.path}?{urlencode(query)}"})
    return json_response(200, {"paging": {"start": start, "count": count, "links": links,
                                          "total": len(elements)},
                               "elements": page})


def _error_body(status: int, code: str, service: int, message: str,
                headers: Mapping[str, str] | None = None) -> httpx.Response:
    body: Json = {"status": status, "code": code, "message": message}
    if service:
        body["serviceErrorCode"] = service
    return json_response(status, body, headers)


def _check_headers(request: httpx.Request) -> None:
    version = request.headers.get("linkedin-version")
    if not version:
        raise _BadRequest("VERSION_MISSING", "A version must be present. Please specify a "
                          "version by adding the LinkedIn-Version header.")
    if not re.fullmatch(r"[0-9]{6}(\.[0-9]{2})?", version):
        raise _BadRequest("NONEXISTENT_VERSION", f"Requested version {version} is not active")
    if request.headers.get("x-restli-protocol-version") != "2.0.0":
        raise _BadRequest("ILLEGAL_ARGUMENT", "X-Restli-Protocol-Version must be 2.0.0")


def _urn(segment: str) -> str:
    if ":" in segment:
        raise _BadRequest("ILLEGAL_ARGUMENT", "the URN in the path is not percent-encoded")
    return unquote(segment)


def _allow(params: httpx.QueryParams, allowed: set[str]) -> None:
    for name in params:
        if name not in allowed:
            raise _BadRequest("ILLEGAL_ARGUMENT", f"Query parameter {name} is not allowed")


def _int_param(params: httpx.QueryParams, name: str, default: int, low: int,
               high: int | None) -> int:
    value = params.get(name)
    if value is None:
        return default
    if not value.isdigit() or int(value) < low or (high is not None and int(value) > high):
        raise _BadRequest("ILLEGAL_ARGUMENT", f"{name}={value} is out of range")
    return int(value)


def _little(text: str) -> str:
    """Plain text in LinkedIn's "little" format: reserved characters backslash-escaped.

    ``#word`` stays a hashtag, written as the ``{hashtag|\\#|word}`` template LinkedIn returns.
    """
    out: list[str] = []
    for part in re.split(r"(#\w+)", text):
        if re.fullmatch(r"#\w+", part):
            out.append("{hashtag|\\#|" + _escape(part[1:]) + "}")
        else:
            out.append(_escape(part))
    return "".join(out)


def _escape(text: str) -> str:
    return "".join("\\" + c if c in RESERVED else c for c in text)


def _millis(value: Any, where: str) -> int:
    """A LinkedIn time (epoch milliseconds) from a YAML time or an ISO 8601 string."""
    when = scenario_time(value, where)
    return int(when.timestamp()) * 1000 + when.microsecond // 1000
