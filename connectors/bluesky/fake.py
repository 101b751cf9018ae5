"""A fake Bluesky PDS for the sandbox and tests, answered from scenario data.

It answers the six XRPC calls the connector makes, shaped as the lexicons document them:
``POST /xrpc/com.atproto.server.createSession`` (identifier and app password in, an
access JWT and a refresh JWT out), ``POST /xrpc/com.atproto.server.refreshSession`` (with
``Authorization: Bearer <refreshJwt>``: a new pair out, the old refresh JWT revoked), and,
with ``Authorization: Bearer <accessJwt>``,
``GET /xrpc/app.bsky.actor.getProfile`` (a ``#profileViewDetailed``),
``app.bsky.graph.getFollowers`` (``subject``: a ``#profileView``, without counts),
``app.bsky.feed.getAuthorFeed`` (``filter``, ``includePins``) and
``app.bsky.notification.listNotifications`` (``reasons``, for the signed-in account only).
Lists honour ``limit`` (1 to 100, default 50) and ``cursor``, newest first. Unknown
parameters and values out of range get the XRPC 400 ``InvalidRequest``; a wrong password
the 401 ``AuthenticationRequired``; a missing or unknown token the 401 as well; an access
token past its two hours (``exp``, by :attr:`FakeBluesky.clock`) the 400 ``ExpiredToken``,
and a revoked or unknown refresh token the 400 ``ExpiredToken`` too, as the PDS answers. Errors
carry the XRPC body ``{"error", "message"}``, and a 429 the ``ratelimit-*`` headers.

Scenario data (the ``bluesky`` part of a sandbox scenario)::

    accounts:
      - handle: millbrook.bsky.social
        did: "did:plc:millbrookschool00000000"   # optional: derived from the handle
        display_name: Millbrook CE Primary School
        description: News from Millbrook         # optional
        created_at: "2024-09-01T08:00:00Z"       # optional
        app_password: abcd-efgh-ijkl-mnop        # when set, the only password accepted
        logged_out_hidden: false                 # optional: the !no-unauthenticated label
        followers:                               # optional
          - {handle: parent-one.bsky.social, display_name: Parent One}
        posts:                                   # optional: the account's own posts
          - text: Sports day today!
            created_at: "2026-06-01T09:00:00Z"
            rkey: 3kabcsportsday                 # optional: a TID made from created_at
            threadgate: [followers]              # optional: who may reply (mention,
                                                 # followers, following, list:<at-uri>);
                                                 # [] nobody; absent everyone
            reply_to: 3kabcsportsday             # optional: an own post it answers
            images: [{alt: Relay race, url: "https://cdn.bsky.app/img/..."}]
        replies:                                 # optional: by others, seen as notifications
          - text: Well done everyone!
            created_at: "2026-06-01T10:00:00Z"
            author: {handle: parent-one.bsky.social, display_name: Parent One}
            reason: reply                        # optional: reply, mention or quote
            to: 3kabcsportsday                   # optional: default, the newest older post
            images: [{alt: My child}]

Unknown keys are refused with a :class:`~auditor.ConfigError` naming the key path (see
:mod:`connectors.bluesky.scenario`).
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import httpx

from auditor import FakePlatform, json_response
from connectors.bluesky.scenario import Account, read_scenario

__all__ = ["FakeBluesky"]

_FILTERS = frozenset({"posts_with_replies", "posts_no_replies", "posts_with_media",
                      "posts_and_author_threads", "posts_with_video"})
_REASONS = frozenset({"like", "repost", "follow", "mention", "reply", "quote",
                      "starterpack-joined", "verified", "unverified", "like-via-repost",
                      "repost-via-repost", "subscribed-post"})
_ERROR_NAMES = {400: "InvalidRequest", 401: "AuthenticationRequired", 403: "Forbidden",
                404: "NotFound", 500: "InternalServerError", 501: "MethodNotImplemented",
                502: "UpstreamFailure", 503: "NotEnoughResources", 504: "UpstreamTimeout"}


#: The fields of ``app.bsky.actor.defs#profileView``: no counts, banner or pinned post (those
#: are only in the ``#profileViewDetailed`` that getProfile answers).
_PROFILE_VIEW = frozenset({"did", "handle", "displayName", "pronouns", "description", "avatar",
                           "associated", "indexedAt", "createdAt", "viewer", "labels",
                           "verification", "status"})


def _profile_view(profile: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in profile.items() if k in _PROFILE_VIEW}


class _Invalid(Exception):
    """A request the XRPC server refuses with 400 InvalidRequest."""


class FakeBluesky(FakePlatform):
    """The XRPC calls the Bluesky connector makes, answered from scenario data (see the module)."""

    platform = "bluesky"

    #: Seconds an access token is good for, as on the Bluesky PDS.
    ACCESS_LIFETIME = 7200

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__(data)
        self._scenario = read_scenario(data)
        #: Access token -> (account, when it expires); refresh token -> account.
        self._sessions: dict[str, tuple[Account, float]] = {}
        self._refresh: dict[str, Account] = {}
        #: The fake's time (epoch seconds); tests move it to expire access tokens.
        self.clock: Callable[[], float] = time.time

    def route(self, request: httpx.Request) -> httpx.Response:
        """Answer one request from the scenario data."""
        match = re.fullmatch(r"/xrpc/([a-zA-Z0-9.]+)", request.url.path)
        if match is None:
            return self.error(request, 404)
        nsid = match.group(1)
        params = request.url.params
        try:
            if nsid == "com.atproto.server.createSession":
                if request.method != "POST":
                    raise _Invalid("createSession is a procedure: use POST")
                return self._create_session(request)
            if nsid == "com.atproto.server.refreshSession":
                if request.method != "POST":
                    raise _Invalid("refreshSession is a procedure: use POST")
                return self._refresh_session(request)
            if request.method != "GET":
                raise _Invalid(f"{nsid} is a query: use GET")
            token = _bearer(request)
            if token not in self._sessions:
                return _xrpc(401, "AuthenticationRequired", "Authentication Required")
            account, expires = self._sessions[token]
            if self.clock() >= expires:
                return _xrpc(400, "ExpiredToken", "Token has expired")
            if nsid == "app.bsky.actor.getProfile":
                _allow(params, {"actor"})
                return json_response(200, self._actor(params).profile)
            if nsid == "app.bsky.graph.getFollowers":
                _allow(params, {"actor", "limit", "cursor"})
                owner = self._actor(params)
                page, cursor = _page(owner.followers, params)
                return json_response(200, _with_cursor(
                    {"subject": _profile_view(owner.profile), "followers": page}, cursor))
            if nsid == "app.bsky.feed.getAuthorFeed":
                return self._author_feed(params)
            if nsid == "app.bsky.notification.listNotifications":
                return _notifications(account, params)
        except _Invalid as exc:
            return _xrpc(400, "InvalidRequest", str(exc))
        return _xrpc(501, "MethodNotImplemented", f"Method Not Implemented: {nsid}")

    def rate_limited(self, request: httpx.Request, retry_after: int) -> httpx.Response:
        """A 429 as the Bluesky PDS sends it: an XRPC body and the ``ratelimit-*`` headers."""
        return json_response(429, {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
                             {"ratelimit-limit": "3000", "ratelimit-remaining": "0",
                              "ratelimit-reset": str(int(time.time()) + int(retry_after)),
                              "ratelimit-policy": "3000;w=300"})

    def error(self, request: httpx.Request, status: int) -> httpx.Response:
        """An error as XRPC sends it: ``{"error": name, "message": text}``."""
        reason = httpx.codes.get_reason_phrase(status)
        return _xrpc(status, _ERROR_NAMES.get(status, reason.replace(" ", "")), reason)

    # -- endpoints ------------------------------------------------------------------------

    def _create_session(self, request: httpx.Request) -> httpx.Response:
        try:
            body = json.loads(request.content or b"{}")
        except ValueError:
            raise _Invalid("Request body is not valid JSON") from None
        if not isinstance(body, dict) or not isinstance(body.get("identifier"), str) \
                or not isinstance(body.get("password"), str):
            raise _Invalid("Input must have the properties \"identifier\", \"password\"")
        account = self._find(body["identifier"])
        if account is None or account.app_password not in (None, body["password"]):
            return _xrpc(401, "AuthenticationRequired", "Invalid identifier or password")
        return json_response(200, {
            **self._new_session(account),
            "email": f"office@{account.profile['handle']}", "emailConfirmed": True,
            "emailAuthFactor": False})

    def _refresh_session(self, request: httpx.Request) -> httpx.Response:
        account = self._refresh.pop(_bearer(request), None)  # a refresh token is used once
        if account is None:
            return _xrpc(400, "ExpiredToken", "Token has been revoked")
        return json_response(200, self._new_session(account))

    def _new_session(self, account: Account) -> dict[str, Any]:
        """A new access and refresh token pair for ``account``, and who it is."""
        now = self.clock()
        access = _jwt(account.profile["did"], now=now, lifetime=self.ACCESS_LIFETIME)
        refresh = _jwt(account.profile["did"], "com.atproto.refresh", now=now,
                       lifetime=90 * 86400)
        self._sessions[access] = (account, now + self.ACCESS_LIFETIME)
        self._refresh[refresh] = account
        return {"did": account.profile["did"], "handle": account.profile["handle"],
                "accessJwt": access, "refreshJwt": refresh, "active": True}

    def _author_feed(self, params: httpx.QueryParams) -> httpx.Response:
        _allow(params, {"actor", "limit", "cursor", "filter", "includePins"})
        owner = self._actor(params)
        kind = params.get("filter", "posts_with_replies")
        if kind not in _FILTERS:
            raise _Invalid(f"filter must be one of {', '.join(sorted(_FILTERS))}")
        posts = owner.posts
        if kind in ("posts_no_replies", "posts_and_author_threads"):
            posts = [p for p in posts if p.parent is None]
        elif kind == "posts_with_media":
            posts = [p for p in posts if "embed" in p.view]
        elif kind == "posts_with_video":
            posts = []
        by_uri = {p.view["uri"]: p.view for p in owner.posts}
        entries = []
        for post in posts:
            entry: dict[str, Any] = {"post": post.view}
            if post.parent is not None and post.root is not None:
                entry["reply"] = {"root": by_uri[post.root["uri"]],
                                  "parent": by_uri[post.parent["uri"]]}
            entries.append(entry)
        page, cursor = _page(entries, params)
        return json_response(200, _with_cursor({"feed": page}, cursor))

    # -- scenario -------------------------------------------------------------------------

    def _find(self, actor: str) -> Account | None:
        wanted = actor.strip().lstrip("@").casefold()
        return next((a for a in self._scenario.accounts
                     if wanted in (a.profile["did"].casefold(), a.profile["handle"].casefold())),
                    None)

    def _actor(self, params: httpx.QueryParams) -> Account:
        actor = params.get("actor")
        if not actor:
            raise _Invalid("Params must have the property \"actor\"")
        account = self._find(actor)
        if account is None:
            raise _Invalid("Profile not found")
        return account


def _notifications(account: Account, params: httpx.QueryParams) -> httpx.Response:
    _allow(params, {"limit", "cursor", "reasons", "priority", "seenAt"})
    reasons = params.get_list("reasons")
    unknown = sorted(set(reasons) - _REASONS)
    if unknown:
        raise _Invalid(f"reasons: unknown reason {unknown[0]}")
    notes = [n.view for n in account.notes if not reasons or n.view["reason"] in reasons]
    page, cursor = _page(notes, params)
    return json_response(200, _with_cursor({"notifications": page, "priority": False}, cursor))


def _page(entries: Sequence[Any], params: httpx.QueryParams) -> tuple[list[Any], str | None]:
    """``limit`` entries from where ``cursor`` points, and the cursor of the next page."""
    raw_limit = params.get("limit", "50")
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= 100:
        raise _Invalid("limit must be an integer from 1 to 100")
    start = 0
    token = params.get("cursor")
    if token is not None:
        match = re.fullmatch(r"fake-([0-9]+)", token)
        if match is None:
            raise _Invalid("Malformed cursor")
        start = int(match.group(1))
    end = start + int(raw_limit)
    return list(entries[start:end]), (f"fake-{end}" if end < len(entries) else None)


def _with_cursor(body: dict[str, Any], cursor: str | None) -> dict[str, Any]:
    if cursor is not None:
        body["cursor"] = cursor
    return body


def _allow(params: httpx.QueryParams, allowed: Iterable[str]) -> None:
    unknown = sorted(set(params.keys()) - set(allowed))
    if unknown:
        raise _Invalid(f"Unknown parameter: {unknown[0]}")


def _bearer(request: httpx.Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme == "Bearer" else ""


def _jwt(did: str, scope: str = "com.atproto.appPass", *, now: float, lifetime: int) -> str:
    """A JWT-shaped token (unsigned, random) with ``iat`` and ``exp``: the fake only compares it."""
    def part(obj: Mapping[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")
    typ = "refresh+jwt" if scope == "com.atproto.refresh" else "at+jwt"
    return ".".join((part({"typ": typ, "alg": "ES256K"}),
                     part({"scope": scope, "sub": did, "iat": int(now),
                           "exp": int(now) + lifetime, "jti": secrets.token_urlsafe(8)}),
                     secrets.token_urlsafe(32)))


def _xrpc(status: int, error: str, message: str) -> httpx.Response:
    return json_response(status, {"error": error, "message": message})
