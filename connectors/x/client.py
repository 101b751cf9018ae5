"""The X API v2 reads the connector makes, through tweepy, with failures mapped to auditor errors."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import requests
import tweepy
from pydantic import SecretStr
from requests.auth import AuthBase

from auditor import (
    AuthError,
    ConnectorError,
    PlatformResponseError,
    PlatformUnavailableError,
    RateLimitedError,
)

__all__ = [
    "MEDIA_FIELDS",
    "PLACE_FIELDS",
    "PLATFORM",
    "TWEET_FIELDS",
    "USER_FIELDS",
    "Payload",
    "XClient",
]

log = logging.getLogger(__name__)

PLATFORM = "x"
#: Seconds to wait when a 429 carries no ``x-rate-limit-reset``: one 15-minute window.
DEFAULT_RETRY_AFTER = 900.0

Payload = dict[str, Any]

#: Documented user fields the connector asks for (id, name and username always come).
USER_FIELDS = ("created_at", "description", "entities", "location", "most_recent_tweet_id",
               "pinned_tweet_id", "profile_image_url", "protected", "public_metrics", "url",
               "verified", "verified_type", "withheld")
#: Documented tweet fields the connector asks for (id and text always come).
TWEET_FIELDS = ("attachments", "author_id", "conversation_id", "created_at", "geo",
                "in_reply_to_user_id", "lang", "note_tweet", "possibly_sensitive",
                "referenced_tweets", "reply_settings")
MEDIA_FIELDS = ("alt_text", "media_key", "preview_image_url", "type", "url")
PLACE_FIELDS = ("country_code", "full_name", "geo", "id", "name", "place_type")
#: ``author_id`` brings each author's id, name and username (the default user fields).
TWEET_EXPANSIONS = ("attachments.media_keys", "author_id", "geo.place_id")

_NOT_FOUND = "/problems/resource-not-found"
_NOT_AUTHORISED = "/problems/not-authorized-for-resource"
# tweepy writes its request headers to its DEBUG log; it only ever sees this placeholder.
_PLACEHOLDER_TOKEN = "(added by the session, never logged)"  # noqa: S105 - not a secret


class _BearerAuth(AuthBase):
    """Adds the app-only bearer token to each request as requests prepares it."""

    def __init__(self, token: SecretStr) -> None:
        self._token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self._token.get_secret_value()}"
        return request

    def __repr__(self) -> str:
        return "_BearerAuth(token=SecretStr('**********'))"


class _AuthorisedSession:
    """What tweepy sees as its session: the injected one, with the token applied by requests.

    The injected session is left untouched, so it can be shared; tweepy calls only ``request``.
    """

    def __init__(self, session: requests.Session, auth: AuthBase) -> None:
        self._session = session
        self._auth = auth

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Send one request through the injected session."""
        kwargs["auth"] = self._auth
        return self._session.request(method, url, **kwargs)


class XClient:
    """The four X API v2 reads the connector needs; every page is followed.

    Failures come out as the auditor's errors: 401 and 403 as :class:`AuthError`,
    429 as :class:`RateLimitedError` (waiting until ``x-rate-limit-reset``), 5xx and
    network failures as :class:`PlatformUnavailableError`, bodies that are not JSON
    or not shaped as documented as :class:`PlatformResponseError`. No message
    carries the token.
    """

    def __init__(self, bearer_token: SecretStr, session: requests.Session, *,
                 clock: Callable[[], float] = time.time) -> None:
        self._api = tweepy.Client(bearer_token=_PLACEHOLDER_TOKEN, return_type=dict,
                                  wait_on_rate_limit=False)
        self._api.session = _AuthorisedSession(session, _BearerAuth(bearer_token))
        self._clock = clock

    def user_by_username(self, username: str) -> Payload:
        """``GET /2/users/by/username/:username``, with the most recent tweet expanded."""
        payload = self._call("user lookup", self._api.get_user, username=username,
                             user_fields=list(USER_FIELDS), expansions=["most_recent_tweet_id"],
                             tweet_fields=["created_at", "reply_settings"])
        if not isinstance(payload.get("data"), dict):
            raise PlatformResponseError(PLATFORM, "user lookup: the response has no user in data")
        return payload

    def followers(self, user_id: str, *, page_size: int) -> list[Payload]:
        """Every follower: ``GET /2/users/:id/followers``, page after page."""
        users: list[Payload] = []
        for page in self._pages("followers", self._api.get_users_followers, "pagination_token",
                                user_id, max_results=page_size):
            users.extend(page.get("data", []))
        return users

    def user_tweets(self, user_id: str, *, since_id: str | None, page_size: int) -> Payload:
        """The account's tweets newer than ``since_id``: ``GET /2/users/:id/tweets``, pages merged."""
        params = _tweet_params(since_id, page_size)
        return _merge(self._pages("tweets", self._api.get_users_tweets, "pagination_token",
                                  user_id, **params))

    def replies_to(self, username: str, *, since_id: str | None, page_size: int) -> Payload:
        """Replies by others newer than ``since_id``: ``GET /2/tweets/search/recent``, pages merged.

        Recent search covers the last 7 days and refuses an older ``since_id``
        (400); then the whole window is read once more without it.
        """
        query = f"to:{username} -from:{username}"
        params = _tweet_params(since_id, page_size)
        try:
            return _merge(self._pages("reply search", self._api.search_recent_tweets,
                                      "next_token", query, **params))
        except _SinceIdRefused:
            log.warning("x: @%s was last searched more than 7 days ago; replies older than "
                        "the search window could not be read", username)
            params.pop("since_id")
            return _merge(self._pages("reply search", self._api.search_recent_tweets,
                                      "next_token", query, **params))

    def _pages(self, what: str, method: Callable[..., Any], token_param: str,
               *args: Any, **params: Any) -> Iterator[Payload]:
        token: str | None = None
        while True:
            call_params = {**params, token_param: token} if token else params
            payload = self._call(what, method, *args, **call_params)
            if not isinstance(payload.get("data", []), list):
                raise PlatformResponseError(PLATFORM, f"{what}: data is not a list")
            yield payload
            next_token = payload.get("meta", {}).get("next_token")
            if next_token is None:
                return
            if not isinstance(next_token, str) or next_token == token:
                raise PlatformResponseError(PLATFORM, f"{what}: meta.next_token does not advance")
            token = next_token

    def _call(self, what: str, method: Callable[..., Any], *args: Any, **params: Any) -> Payload:
        try:
            payload = method(*args, **params)
        except tweepy.TooManyRequests as exc:
            raise RateLimitedError(PLATFORM, f"{what}: rate limited",
                                   self._retry_after(exc.reset_time)) from exc
        except tweepy.Unauthorized as exc:
            raise AuthError(PLATFORM, f"{what}: the bearer token was rejected "
                            f"(401{_problem(exc.response)})", status=401) from exc
        except tweepy.Forbidden as exc:
            raise AuthError(PLATFORM, f"{what}: access refused (403{_problem(exc.response)})",
                            status=403) from exc
        except tweepy.TwitterServerError as exc:
            status = exc.response.status_code
            raise PlatformUnavailableError(PLATFORM, f"{what}: server error ({status})",
                                           status=status) from exc
        except tweepy.BadRequest as exc:
            if "since_id" in params and _complains_about(exc.response, "since_id"):
                raise _SinceIdRefused(PLATFORM, f"{what}: since_id refused", status=400) from exc
            raise ConnectorError(PLATFORM, f"{what}: request refused (400{_problem(exc.response)})",
                                 status=400) from exc
        except tweepy.HTTPException as exc:
            status = exc.response.status_code
            raise ConnectorError(PLATFORM, f"{what}: HTTP {status}{_problem(exc.response)}",
                                 status=status) from exc
        except requests.Timeout as exc:
            raise PlatformUnavailableError(PLATFORM, f"{what}: timed out") from exc
        except requests.ConnectionError as exc:
            raise PlatformUnavailableError(PLATFORM, f"{what}: could not connect") from exc
        except requests.JSONDecodeError as exc:
            raise PlatformResponseError(PLATFORM, f"{what}: the response is not JSON") from exc
        except requests.RequestException as exc:
            raise PlatformUnavailableError(
                PLATFORM, f"{what}: request failed ({type(exc).__name__})") from exc
        return _checked(what, payload)

    def _retry_after(self, reset_time: int | None) -> float:
        if reset_time is None:
            return DEFAULT_RETRY_AFTER
        return max(0.0, reset_time - self._clock())


class _SinceIdRefused(ConnectorError):
    """Recent search refused ``since_id``: it is older than the 7-day window."""


def _tweet_params(since_id: str | None, page_size: int) -> dict[str, Any]:
    params: dict[str, Any] = {
        "max_results": page_size, "tweet_fields": list(TWEET_FIELDS),
        "expansions": list(TWEET_EXPANSIONS), "media_fields": list(MEDIA_FIELDS),
        "place_fields": list(PLACE_FIELDS),
    }
    if since_id is not None:
        params["since_id"] = since_id
    return params


def _checked(what: str, payload: Any) -> Payload:
    """The payload if it is shaped as documented; a 200 that carries only ``errors`` raises."""
    if not isinstance(payload, dict):
        raise PlatformResponseError(PLATFORM, f"{what}: the response is not a JSON object")
    if not isinstance(payload.get("meta", {}), dict):
        raise PlatformResponseError(PLATFORM, f"{what}: meta is not an object")
    if not isinstance(payload.get("includes", {}), dict):
        raise PlatformResponseError(PLATFORM, f"{what}: includes is not an object")
    errors = payload.get("errors")
    if "data" not in payload and errors:
        raise _inline_error(what, errors)
    if errors:
        # Partial errors (a deleted quoted tweet, a withheld author) leave the data usable.
        log.debug("x: %s came with %d partial errors", what, len(errors))
    return payload


def _inline_error(what: str, errors: Any) -> ConnectorError:
    """The error a 200 response with an ``errors`` array and no ``data`` stands for."""
    first = errors[0] if isinstance(errors, list) and errors else None
    if not isinstance(first, dict):
        return PlatformResponseError(PLATFORM, f"{what}: errors is not a list of problems")
    kind = str(first.get("type", ""))
    detail = _clip(first.get("detail") or first.get("title") or kind)
    if kind.endswith(_NOT_FOUND):
        return ConnectorError(PLATFORM, f"{what}: not found ({detail})", status=404)
    if kind.endswith(_NOT_AUTHORISED):
        return AuthError(PLATFORM, f"{what}: not authorised ({detail})", status=403)
    return ConnectorError(PLATFORM, f"{what}: {detail}")


def _body(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except requests.JSONDecodeError:
        return {}
    return body if isinstance(body, dict) else {}


def _problem(response: requests.Response) -> str:
    """``: title - detail`` from a documented problem body, or nothing."""
    body = _body(response)
    parts = [str(body[k]) for k in ("title", "detail") if isinstance(body.get(k), str)]
    return ": " + _clip(" - ".join(dict.fromkeys(parts))) if parts else ""


def _complains_about(response: requests.Response, parameter: str) -> bool:
    """True when a 400 body names ``parameter`` among the invalid ones."""
    errors = _body(response).get("errors")
    return isinstance(errors, list) and any(
        isinstance(e, dict) and isinstance(e.get("parameters"), dict)
        and parameter in e["parameters"] for e in errors)


def _clip(value: Any, limit: int = 200) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _merge(pages: Iterator[Payload]) -> Payload:
    """One payload from several pages: ``data`` and each ``includes`` list concatenated."""
    data: list[Any] = []
    includes: dict[str, list[Any]] = {}
    for page in pages:
        data.extend(page.get("data", []))
        for key, values in page.get("includes", {}).items():
            if not isinstance(values, list):
                raise PlatformResponseError(PLATFORM, f"includes.{key} is not a list")
            includes.setdefault(key, []).extend(values)
    return {"data": data, "includes": includes}
