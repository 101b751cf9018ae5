"""A fake Mastodon server's REST API for the sandbox and tests, answered from scenario data.

It answers the reads the connector makes, shaped as docs.joinmastodon.org documents them:
``GET /api/v1/accounts/verify_credentials``, ``GET /api/v1/accounts/:id/followers``,
``GET /api/v1/follow_requests``, ``GET /api/v1/accounts/:id/statuses`` and
``GET /api/v1/notifications``. Lists come newest first and honour ``limit`` (clamped to
the documented maximum, as Mastodon does), ``max_id``, ``since_id`` and ``min_id``, with a
``Link`` header (``rel="next"`` when the page is full, ``rel="prev"``); statuses honour
``exclude_reblogs``, ``exclude_replies``, ``only_media`` and ``pinned``; notifications honour
``types[]``, ``exclude_types[]`` and ``account_id``. Each scenario account has its own access
token: ``Authorization: Bearer <token>`` signs in as it, anything else gets Mastodon's 401.
Another account's followers are hidden when it hides its collections, and only its public
and unlisted statuses are shown. Every answer carries the ``X-RateLimit-*`` headers
(300 requests per 5 minutes); a rate limit is a 429 with ``X-RateLimit-Reset`` as ISO 8601.

Scenario data (the ``mastodon`` part of a sandbox scenario)::

    domain: mastodon.millbrook.example      # optional: the server's host, for URLs
    accounts:
      - id: "110000000000000001"
        username: MillbrookY6
        display_name: Millbrook Year 6        # optional, default the username
        access_token: demo-mastodon-token     # the account's own token
        locked: true                          # optional, default false; so are the next three
        discoverable: false
        indexable: false
        hide_collections: true
        default_privacy: private              # public|unlisted|private|direct, default public
        note: News from Year 6                # optional profile text
        followers:                            # optional, newest first
          - {id: "110000000000000101", acct: parent_one, display_name: Parent One}
          - {id: "110000000000000102", acct: gran@elsewhere.example}
        follow_requests:                      # optional: pending, not yet followers
          - {id: "110000000000000103", acct: stranger@elsewhere.example,
             notification_id: 90005}          # optional, default counted from 85000
        statuses:                             # optional: the account's own
          - id: "111000000000000001"
            text: Sports day today!           # plain text (or content: as HTML)
            created_at: "2026-11-20T09:00:00Z"
            visibility: private               # optional, default default_privacy
            spoiler_text: Sports day          # optional content warning
            in_reply_to_id: "110999999999999999"   # optional
            media: [{type: image, url: "https://mastodon.millbrook.example/m/1.jpg",
                     description: Relay race}]
        mentions:                             # optional: statuses by others naming the account
          - id: "111000000000000002"
            text: "@MillbrookY6 Well done!"
            created_at: "2026-11-20T10:00:00Z"
            visibility: public                # optional, default public
            author: {id: "110000000000000101", acct: parent_one, display_name: Parent One}
            in_reply_to_id: "111000000000000001"   # optional
            notification_id: 90001            # optional, default counted from 90000

Notifications are as Mastodon keeps them: a ``mention`` per mention; a ``follow`` per follower
of an unlocked account (its id counted from 80000, or the follower's ``notification_id``);
none for the followers of a locked account, as approving a request makes no follow
notification and deletes the request's; a ``follow_request`` per pending request.

Ids are numeric strings (YAML integers are accepted); a larger id is newer, as on Mastodon.
Unknown keys are refused with a :class:`~auditor.ConfigError` naming the key path.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx

from auditor import FakePlatform, json_response
from connectors.mastodon.scenario import Account, read_scenario

__all__ = ["FakeMastodon"]

T = TypeVar("T")

RATE_LIMIT = 300
RATE_WINDOW = 300  # seconds
_ERRORS = {
    401: "The access token is invalid",
    403: "This action is outside the authorized scopes",
    404: "Record not found",
    422: "This method requires an authenticated user",
    429: "Too many requests",
}


class FakeMastodon(FakePlatform):
    """A Mastodon server's REST API reads, answered from scenario data (see the module)."""

    platform = "mastodon"

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        self._scenario = read_scenario(data)

    # -- routing --------------------------------------------------------------------------

    def route(self, request: httpx.Request) -> httpx.Response:
        """Answer one request from the scenario data."""
        me = self._signed_in(request)
        if me is None:
            return self.error(request, 401)
        if request.method != "GET":
            return self.error(request, 404)
        path = request.url.path
        if path == "/api/v1/accounts/verify_credentials":
            return self._answer(200, me.obj)
        if match := re.fullmatch(r"/api/v1/accounts/([^/]+)/followers", path):
            return self._followers(request, me, match.group(1))
        if path == "/api/v1/follow_requests":
            return self._page(request, me.requests, key=lambda f: f[0], size=(40, 80),
                              render=lambda f: f[1])
        if match := re.fullmatch(r"/api/v1/accounts/([^/]+)/statuses", path):
            return self._statuses(request, me, match.group(1))
        if path == "/api/v1/notifications":
            return self._notifications(request, me)
        return self._answer(404, {"error": _ERRORS[404]})

    def rate_limited(self, request: httpx.Request, retry_after: int) -> httpx.Response:
        """A 429 as Mastodon's Rack::Attack sends it: the window resets at an ISO 8601 time."""
        reset = datetime.fromtimestamp(time.time() + retry_after, tz=UTC)
        return json_response(429, {"error": _ERRORS[429]}, {
            "X-RateLimit-Limit": str(RATE_LIMIT), "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": reset.isoformat(timespec="milliseconds").replace("+00:00", "Z")})

    def error(self, request: httpx.Request, status: int) -> httpx.Response:
        """An error as Mastodon sends it: ``{"error": "..."}``."""
        return self._answer(status, {"error": _ERRORS.get(
            status, httpx.codes.get_reason_phrase(status))})

    # -- endpoints ------------------------------------------------------------------------

    def _followers(self, request: httpx.Request, me: Account, account_id: str) -> httpx.Response:
        account = self._by_id(account_id)
        if account is None:
            return self.error(request, 404)
        follows = account.follows
        if account.hides_collections and account is not me:
            follows = []
        return self._page(request, follows, key=lambda f: f[0], size=(40, 80),
                          render=lambda f: f[1])

    def _statuses(self, request: httpx.Request, me: Account, account_id: str) -> httpx.Response:
        account = self._by_id(account_id)
        if account is None:
            return self.error(request, 404)
        params = request.url.params
        statuses = account.statuses
        if account is not me:
            statuses = [s for s in statuses if s["visibility"] in ("public", "unlisted")]
        if _true(params.get("pinned")):
            statuses = []  # the scenario pins nothing
        if _true(params.get("exclude_replies")):
            statuses = [s for s in statuses if s["in_reply_to_id"] is None]
        if _true(params.get("only_media")):
            statuses = [s for s in statuses if s["media_attachments"]]
        # exclude_reblogs: the scenario has no boosts, so there is nothing to leave out.
        return self._page(request, statuses, key=lambda s: int(s["id"]), size=(20, 40),
                          render=lambda s: s)

    def _notifications(self, request: httpx.Request, me: Account) -> httpx.Response:
        params = request.url.params
        types = set(params.get_list("types[]"))
        excluded = set(params.get_list("exclude_types[]"))
        notes = [n for n in me.notifications
                 if (not types or n.obj["type"] in types) and n.obj["type"] not in excluded]
        if "account_id" in params:
            notes = [n for n in notes if n.obj["account"]["id"] == params["account_id"]]
        return self._page(request, notes, key=lambda n: n.id, size=(40, 80),
                          render=lambda n: n.obj)

    # -- helpers --------------------------------------------------------------------------

    def _page(self, request: httpx.Request, entries: Sequence[T], *, key: Callable[[T], int],
              size: tuple[int, int], render: Callable[[T], Any]) -> httpx.Response:
        """One page of ``entries`` (newest first) by Mastodon's id cursors, with its Link header."""
        params = request.url.params
        default, largest = size
        limit_text = params.get("limit", "")
        limit = min(int(limit_text), largest) if limit_text.isdigit() and int(limit_text) > 0 \
            else default
        chosen = list(entries)
        if "max_id" in params:
            chosen = [e for e in chosen if key(e) < _as_id(params["max_id"])]
        if "since_id" in params:
            chosen = [e for e in chosen if key(e) > _as_id(params["since_id"])]
        if "min_id" in params:
            # Immediately newer than min_id: the oldest ``limit`` of them, newest first.
            chosen = [e for e in chosen if key(e) > _as_id(params["min_id"])][-limit:]
        page = chosen[:limit]
        links = []
        base = str(request.url.copy_with(query=None))
        if len(page) == limit:
            links.append(f'<{base}?limit={limit}&max_id={key(page[-1])}>; rel="next"')
        if page:
            links.append(f'<{base}?limit={limit}&min_id={key(page[0])}>; rel="prev"')
        headers = {"Link": ", ".join(links)} if links else {}
        return self._answer(200, [render(e) for e in page], headers)

    def _answer(self, status: int, body: Any, headers: dict[str, str] | None = None,
                ) -> httpx.Response:
        now = time.time()
        reset = datetime.fromtimestamp(now - now % RATE_WINDOW + RATE_WINDOW, tz=UTC)
        used = self.call_count % RATE_LIMIT
        return json_response(status, body, {
            "X-RateLimit-Limit": str(RATE_LIMIT),
            "X-RateLimit-Remaining": str(RATE_LIMIT - used),
            "X-RateLimit-Reset": reset.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            **(headers or {})})

    def _signed_in(self, request: httpx.Request) -> Account | None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme != "Bearer" or not token.strip():
            return None
        return next((a for a in self._scenario.accounts if a.token == token.strip()), None)

    def _by_id(self, account_id: str) -> Account | None:
        return next((a for a in self._scenario.accounts if a.obj["id"] == account_id), None)


def _as_id(value: str) -> int:
    """An id parameter as the database compares it: text that is not a number counts as 0."""
    return int(value) if value.isdigit() else 0


def _true(value: str | None) -> bool:
    return value is not None and value.lower() in ("true", "1")
