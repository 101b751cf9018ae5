"""A fake X API v2 for the sandbox and tests, answered from scenario data.

It answers the four reads the connector makes, shaped as the API documents them:
``GET /2/users/by/username/:username``, ``GET /2/users/:id/followers``,
``GET /2/users/:id/tweets`` and ``GET /2/tweets/search/recent``. It honours
``user.fields``, ``tweet.fields``, ``media.fields``, ``place.fields`` and
``expansions`` (only requested fields come back), ``since_id``, ``max_results``
(with the API's ranges) and ``pagination_token`` / ``next_token``. Unknown query
parameters and field names get the API's 400; a missing or wrong
``Authorization: Bearer`` header gets its 401. As with an app-only token, a
protected account's followers and tweets are refused with a 200 carrying a
``not-authorized-for-resource`` error. Recent search understands ``to:``,
``from:`` and ``-from:`` and, unlike the real API, has no 7-day window.

Scenario data (the ``x`` part of a sandbox scenario)::

    bearer_token: sandbox-x-token   # optional: when set, only this token is accepted
    users:
      - id: "1500000000000000001"
        username: BradfieldY6
        name: Bradfield Year 6
        protected: false                         # optional, default false
        created_at: "2021-09-01T08:00:00Z"
        description: News from Year 6            # optional; so are location, url, verified
        followers:                               # optional
          - {id: "1500000000000000101", username: parent_one, name: Parent One}
        tweets:                                  # optional: the account's own tweets
          - id: "1600000000000000001"
            text: Sports day today!
            created_at: "2022-06-01T09:00:00Z"
            reply_settings: everyone             # optional, default everyone
            in_reply_to: "1599999999999999999"   # optional: the tweet it answers
            media: [{type: photo, url: "https://pbs.twimg.com/media/a.jpg", alt_text: Relay}]
            place: {id: "6416b8512febefc9", full_name: "Bradfield, England"}      # optional
            coordinates: {latitude: 51.45, longitude: -1.13}                      # optional
        replies:                                 # optional: replies to the account by others
          - id: "1600000000000000002"
            text: Well done everyone!
            created_at: "2022-06-01T10:00:00Z"
            author: {id: "1500000000000000101", username: parent_one, name: Parent One}
            in_reply_to: "1600000000000000001"   # optional: default, the newest older tweet

Ids are numeric strings (YAML integers are accepted); a larger id is newer, as on X.
Media entries also take ``media_key`` and ``preview_image_url``; followers and authors may
say ``protected`` and ``created_at``. Unknown keys are refused with a
:class:`~auditor.ConfigError` naming the key path (see :mod:`connectors.x.scenario`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping
from typing import Any

import httpx

from auditor import FakePlatform, json_response
from connectors.x.scenario import Account, Tweet, read_scenario

__all__ = ["FakeX"]

_PROBLEMS = "https://api.twitter.com/2/problems/"

_USER_DEFAULTS = frozenset({"id", "name", "username"})
_TWEET_DEFAULTS = frozenset({"id", "text", "edit_history_tweet_ids"})
_MEDIA_DEFAULTS = frozenset({"media_key", "type"})
_PLACE_DEFAULTS = frozenset({"id", "full_name"})

_USER_FIELDS = frozenset({
    "affiliation", "connection_status", "created_at", "description", "entities", "id",
    "location", "most_recent_tweet_id", "name", "pinned_tweet_id", "profile_banner_url",
    "profile_image_url", "protected", "public_metrics", "receives_your_dm", "subscription_type",
    "url", "username", "verified", "verified_type", "withheld"})
_TWEET_FIELDS = frozenset({
    "article", "attachments", "author_id", "card_uri", "context_annotations", "conversation_id",
    "created_at", "display_text_range", "edit_controls", "edit_history_tweet_ids", "entities",
    "geo", "id", "in_reply_to_user_id", "lang", "media_metadata", "non_public_metrics",
    "note_tweet", "organic_metrics", "possibly_sensitive", "promoted_metrics", "public_metrics",
    "referenced_tweets", "reply_settings", "scopes", "source", "text", "withheld"})
_MEDIA_FIELDS = frozenset({
    "alt_text", "duration_ms", "height", "media_key", "non_public_metrics", "organic_metrics",
    "preview_image_url", "promoted_metrics", "public_metrics", "type", "url", "variants", "width"})
_PLACE_FIELDS = frozenset({
    "contained_within", "country", "country_code", "full_name", "geo", "id", "name",
    "place_type"})
_USER_EXPANSIONS = frozenset({"affiliation.user_id", "most_recent_tweet_id", "pinned_tweet_id"})
_TWEET_EXPANSIONS = frozenset({
    "attachments.media_keys", "attachments.poll_ids", "author_id", "edit_history_tweet_ids",
    "entities.mentions.username", "geo.place_id", "in_reply_to_user_id", "referenced_tweets.id",
    "referenced_tweets.id.author_id"})
_FIELD_PARAMS = {"user.fields": _USER_FIELDS, "tweet.fields": _TWEET_FIELDS,
                 "media.fields": _MEDIA_FIELDS, "place.fields": _PLACE_FIELDS}
_TWEET_LIST_PARAMS = frozenset({"since_id", "max_results", "expansions", "tweet.fields",
                                "user.fields", "media.fields", "place.fields"})
# Expanding an object implies the field on the tweet that points at it.
_EXPANSION_FIELDS = {"author_id": "author_id", "attachments.media_keys": "attachments",
                     "geo.place_id": "geo"}

#: Documented per-app requests per 15 minutes, sent as ``x-rate-limit-limit`` with a 429.
_RATE_LIMITS = (("/followers", 15), ("/tweets/search/recent", 450), ("/tweets", 10000),
                ("/users/by/username/", 300))


class _BadRequest(Exception):
    """A request parameter the API would refuse."""

    def __init__(self, parameter: str, value: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.value = value


class FakeX(FakePlatform):
    """The X API v2 reads the connector makes, answered from scenario data (see the module)."""

    platform = "x"

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__(data)
        self._scenario = read_scenario(data)

    # -- routing --------------------------------------------------------------------------

    def route(self, request: httpx.Request) -> httpx.Response:
        """Answer one request from the scenario data."""
        if not self._authorised(request):
            return self.error(request, 401)
        if request.method != "GET":
            return self.error(request, 405)
        path = request.url.path
        params = request.url.params
        try:
            if match := re.fullmatch(r"/2/users/by/username/([^/]+)", path):
                return self._lookup(match.group(1), params)
            if match := re.fullmatch(r"/2/users/([0-9]+)/followers", path):
                return self._followers(match.group(1), params)
            if match := re.fullmatch(r"/2/users/([0-9]+)/tweets", path):
                return self._timeline(match.group(1), params)
            if path == "/2/tweets/search/recent":
                return self._search(params)
        except _BadRequest as exc:
            return json_response(400, {
                "errors": [{"parameters": {exc.parameter: [exc.value]}, "message": str(exc)}],
                "title": "Invalid Request",
                "detail": "One or more parameters to your request was invalid.",
                "type": _PROBLEMS + "invalid-request"})
        return self.error(request, 404)

    def rate_limited(self, request: httpx.Request, retry_after: int) -> httpx.Response:
        """A 429 as X sends it: a problem body and the ``x-rate-limit-*`` headers."""
        limit = next((n for part, n in _RATE_LIMITS if part in request.url.path), 15)
        return json_response(
            429, _problem(429, "Too Many Requests"),
            {"x-rate-limit-limit": str(limit), "x-rate-limit-remaining": "0",
             "x-rate-limit-reset": str(int(time.time()) + int(retry_after))})

    def error(self, request: httpx.Request, status: int) -> httpx.Response:
        """An error as X v2 sends it: an RFC 7807 problem body."""
        return json_response(status, _problem(status, httpx.codes.get_reason_phrase(status)))

    # -- endpoints ------------------------------------------------------------------------

    def _lookup(self, username: str, params: httpx.QueryParams) -> httpx.Response:
        _allow(params, {"expansions", "tweet.fields", "user.fields"})
        account = self._by_username(username)
        if account is None:
            return _not_found("username", username, f"Could not find user with username: "
                              f"[{username}].")
        expansions = _expansions(params, _USER_EXPANSIONS)
        fields = _fields(params, "user.fields") | (expansions & {"most_recent_tweet_id"})
        user = dict(account.obj)
        # As for a protected account's latest status in v1.1, its newest tweet stays hidden.
        newest = account.tweets[0] if account.tweets and not user["protected"] else None
        if newest is not None:
            user["most_recent_tweet_id"] = newest.obj["id"]
        body: dict[str, Any] = {"data": _pick(user, fields, _USER_DEFAULTS)}
        if newest is not None and "most_recent_tweet_id" in expansions:
            body["includes"] = {"tweets": [_pick(newest.obj, _fields(params, "tweet.fields"),
                                                 _TWEET_DEFAULTS)]}
        return json_response(200, body)

    def _followers(self, user_id: str, params: httpx.QueryParams) -> httpx.Response:
        _allow(params, {"max_results", "pagination_token", "user.fields", "expansions",
                        "tweet.fields"})
        account = self._by_id(user_id)
        if account is None or account.obj["protected"]:
            return self._refused(user_id, account)
        _expansions(params, {"pinned_tweet_id"})
        size = _max_results(params, 1, 1000, 100)
        page, next_token = _page(account.followers, params.get("pagination_token"), size)
        if not page:
            return json_response(200, {"meta": {"result_count": 0}})
        fields = _fields(params, "user.fields")
        meta: dict[str, Any] = {"result_count": len(page)}
        if next_token:
            meta["next_token"] = next_token
        return json_response(200, {"data": [_pick(u, fields, _USER_DEFAULTS) for u in page],
                                   "meta": meta})

    def _timeline(self, user_id: str, params: httpx.QueryParams) -> httpx.Response:
        _allow(params, _TWEET_LIST_PARAMS | {"pagination_token"})
        account = self._by_id(user_id)
        if account is None or account.obj["protected"]:
            return self._refused(user_id, account)
        size = _max_results(params, 5, 100, 10)
        return _tweet_page(account.tweets, params, size, params.get("pagination_token"))

    def _search(self, params: httpx.QueryParams) -> httpx.Response:
        _allow(params, _TWEET_LIST_PARAMS | {"query", "next_token", "pagination_token"})
        query = params.get("query")
        if not query:
            raise _BadRequest("query", "", "The `query` query parameter can not be empty")
        size = _max_results(params, 10, 100, 10)
        matches = [t for t in self._scenario.tweets if _matches(query, t)]
        matches.sort(key=lambda t: t.number, reverse=True)
        token = params.get("next_token") or params.get("pagination_token")
        return _tweet_page(matches, params, size, token)

    # -- scenario -------------------------------------------------------------------------

    def _authorised(self, request: httpx.Request) -> bool:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme != "Bearer" or not token.strip():
            return False
        return self._scenario.bearer_token in (None, token)

    def _by_username(self, username: str) -> Account | None:
        wanted = username.casefold()
        return next((a for a in self._scenario.accounts
                     if a.obj["username"].casefold() == wanted), None)

    def _by_id(self, user_id: str) -> Account | None:
        return next((a for a in self._scenario.accounts if a.obj["id"] == user_id), None)

    def _refused(self, user_id: str, account: Account | None) -> httpx.Response:
        if account is None:
            return _not_found("id", user_id, f"Could not find user with id: [{user_id}].")
        return json_response(200, {"errors": [{
            "resource_id": user_id, "parameter": "id", "resource_type": "user",
            "section": "data", "title": "Authorization Error", "value": user_id,
            "detail": f"Sorry, you are not authorized to see the user with id: [{user_id}].",
            "type": _PROBLEMS + "not-authorized-for-resource"}]})


# -- building responses -------------------------------------------------------------------


def _tweet_page(tweets: list[Tweet], params: httpx.QueryParams, size: int,
                token: str | None) -> httpx.Response:
    """One page of tweets newer than ``since_id``, with its includes and meta."""
    since = params.get("since_id")
    if since is not None:
        if not since.isdigit():
            raise _BadRequest("since_id", since, f"The `since_id` query parameter value "
                              f"[{since}] is not valid")
        tweets = [t for t in tweets if t.number > int(since)]
    page, next_token = _page(tweets, token, size)
    if not page:
        return json_response(200, {"meta": {"result_count": 0}})
    expansions = _expansions(params, _TWEET_EXPANSIONS)
    fields = _fields(params, "tweet.fields") | {
        _EXPANSION_FIELDS[e] for e in expansions if e in _EXPANSION_FIELDS}
    body: dict[str, Any] = {"data": [_pick(t.obj, fields, _TWEET_DEFAULTS) for t in page]}
    includes: dict[str, list[dict[str, Any]]] = {}
    if "author_id" in expansions:
        user_fields = _fields(params, "user.fields")
        authors = {t.author["id"]: t.author for t in page}
        includes["users"] = [_pick(a, user_fields, _USER_DEFAULTS) for a in authors.values()]
    if "attachments.media_keys" in expansions:
        media_fields = _fields(params, "media.fields")
        media = [_pick(m, media_fields, _MEDIA_DEFAULTS) for t in page for m in t.media]
        if media:
            includes["media"] = media
    if "geo.place_id" in expansions:
        place_fields = _fields(params, "place.fields")
        places = {t.place["id"]: t.place for t in page if t.place is not None}
        if places:
            includes["places"] = [_pick(p, place_fields, _PLACE_DEFAULTS)
                                  for p in places.values()]
    if includes:
        body["includes"] = includes
    meta: dict[str, Any] = {"newest_id": page[0].obj["id"], "oldest_id": page[-1].obj["id"],
                            "result_count": len(page)}
    if next_token:
        meta["next_token"] = next_token
    body["meta"] = meta
    return json_response(200, body)


def _page(entries: list[Any], token: str | None, size: int) -> tuple[list[Any], str | None]:
    """``size`` entries from where ``token`` points, and the token of the next page."""
    start = 0
    if token is not None:
        match = re.fullmatch(r"fake([0-9a-z]+)", token)
        if match is None:
            raise _BadRequest("pagination_token", token, "The `pagination_token` query "
                              f"parameter value [{token}] is not valid")
        start = int(match.group(1), 36)
    end = start + size
    return entries[start:end], (_token(end) if end < len(entries) else None)


def _token(offset: int) -> str:
    digits = ""
    while True:
        offset, rest = divmod(offset, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[rest] + digits
        if offset == 0:
            return "fake" + digits


def _matches(query: str, tweet: Tweet) -> bool:
    """Whether ``tweet`` answers a query made of ``to:``, ``from:`` and ``-from:`` terms."""
    for term in query.split():
        negate = term.startswith("-")
        operator, _, value = term.lstrip("-").partition(":")
        if operator not in ("to", "from") or not value:
            raise _BadRequest("query", query, "The fake X search understands only to:, from: "
                              "and -from: terms")
        username = tweet.to_username if operator == "to" else tweet.author["username"]
        hit = username is not None and username.casefold() == value.casefold()
        if hit == negate:
            return False
    return True


def _pick(obj: Mapping[str, Any], fields: Iterable[str], defaults: frozenset[str]
          ) -> dict[str, Any]:
    wanted = defaults | set(fields)
    return {k: v for k, v in obj.items() if k in wanted}


def _allow(params: httpx.QueryParams, allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    for name in params:
        if name not in allowed:
            raise _BadRequest(name, params[name], f"The query parameter [{name}] is not one of "
                              f"[{','.join(sorted(allowed))}]")


def _fields(params: httpx.QueryParams, name: str) -> set[str]:
    return _listed(params, name, _FIELD_PARAMS[name])


def _expansions(params: httpx.QueryParams, allowed: Iterable[str]) -> set[str]:
    return _listed(params, "expansions", frozenset(allowed))


def _listed(params: httpx.QueryParams, name: str, allowed: frozenset[str]) -> set[str]:
    value = params.get(name)
    if not value:
        return set()
    chosen = set(value.split(","))
    unknown = sorted(chosen - allowed)
    if unknown:
        raise _BadRequest(name, unknown[0], f"The `{name}` query parameter value [{unknown[0]}] "
                          f"is not one of [{','.join(sorted(allowed))}]")
    return chosen


def _max_results(params: httpx.QueryParams, low: int, high: int, default: int) -> int:
    value = params.get("max_results")
    if value is None:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise _BadRequest("max_results", value, f"The `max_results` query parameter value "
                          f"[{value}] is not between {low} and {high}")
    return int(value)


def _problem(status: int, title: str) -> dict[str, Any]:
    return {"title": title, "detail": title, "type": "about:blank", "status": status}


def _not_found(parameter: str, value: str, detail: str) -> httpx.Response:
    return json_response(200, {"errors": [{
        "value": value, "detail": detail, "title": "Not Found Error", "resource_type": "user",
        "parameter": parameter, "resource_id": value, "type": _PROBLEMS + "resource-not-found"}]})
