"""The fake X's scenario data, read into objects shaped as the X API v2 returns them.

The shape is documented in :mod:`connectors.x.fake`. Every key is checked: a mistake is a
:class:`~auditor.ConfigError` naming its path, such as ``users[0].tweets[1].created_at``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from auditor import ConfigError, scenario_digits, scenario_mapping, scenario_time

__all__ = ["Account", "Scenario", "Tweet", "read_scenario"]

_TOP = frozenset({"bearer_token", "users"})
_USER = frozenset({"id", "username", "name", "protected", "created_at", "description",
                   "location", "url", "verified", "followers", "tweets", "replies"})
_PERSON = frozenset({"id", "username", "name", "protected", "created_at"})
_TWEET = frozenset({"id", "text", "created_at", "reply_settings", "in_reply_to", "media",
                    "place", "coordinates", "lang", "possibly_sensitive"})
_MEDIA = frozenset({"media_key", "type", "url", "preview_image_url", "alt_text"})
_PLACE = frozenset({"id", "full_name", "name", "country", "country_code", "place_type"})


@dataclass
class Tweet:
    """A tweet object, with its author and the media and place its expansions reach."""

    obj: dict[str, Any]
    author: dict[str, Any]
    #: The username it replies to, for ``to:`` searches; None when it is no reply.
    to_username: str | None
    media: list[dict[str, Any]] = field(default_factory=list)
    place: dict[str, Any] | None = None

    @property
    def number(self) -> int:
        """The id as a number: larger is newer."""
        return int(self.obj["id"])


@dataclass(frozen=True)
class Account:
    """A scenario account: its user object, its followers and its own tweets, newest first."""

    obj: dict[str, Any]
    followers: list[dict[str, Any]]
    tweets: list[Tweet]


@dataclass(frozen=True)
class Scenario:
    """Everything the fake serves."""

    bearer_token: str | None
    accounts: tuple[Account, ...]
    #: Every tweet, own or reply, for recent search.
    tweets: tuple[Tweet, ...]


def read_scenario(data: Mapping[str, Any]) -> Scenario:
    """Check ``data`` and build the objects the fake answers with."""
    scenario_mapping(data, _TOP, "x")
    reader = _Reader()
    accounts = tuple(reader.account(user, f"users[{n}]")
                     for n, user in enumerate(data.get("users") or ()))
    token = data.get("bearer_token")
    return Scenario(bearer_token=None if token is None else str(token), accounts=accounts,
                    tweets=tuple(reader.tweets))


class _Reader:
    """Builds accounts one by one, collecting every tweet for search."""

    def __init__(self) -> None:
        self.tweets: list[Tweet] = []

    def account(self, data: Any, where: str) -> Account:
        scenario_mapping(data, _USER, where)
        owner = _person(data, where, account=True)
        owner.update({"description": str(data.get("description", "")),
                      "verified": bool(data.get("verified", False)), "verified_type": "none"})
        owner.update({k: str(data[k]) for k in ("location", "url") if k in data})
        followers = [_person(f, f"{where}.followers[{n}]")
                     for n, f in enumerate(data.get("followers") or ())]
        known: dict[str, Tweet] = {}
        tweets = []
        for n, item in enumerate(data.get("tweets") or ()):
            scenario_mapping(item, _TWEET, f"{where}.tweets[{n}]")
            tweets.append(self.tweet(item, f"{where}.tweets[{n}]", owner, None, known))
        for n, reply in enumerate(data.get("replies") or ()):
            place = f"{where}.replies[{n}]"
            scenario_mapping(reply, _TWEET | {"author"}, place)
            if "author" not in reply:
                raise ConfigError("a reply needs its author", key=f"{place}.author")
            author = _person(reply["author"], f"{place}.author")
            self.tweet(reply, place, author, owner, known, own=tweets)
        tweets.sort(key=lambda t: t.number, reverse=True)
        owner["public_metrics"] = {
            "followers_count": len(followers), "following_count": 0,
            "tweet_count": len(tweets), "listed_count": 0, "like_count": 0,
            "media_count": sum(len(t.media) for t in tweets)}
        return Account(obj=owner, followers=followers, tweets=tweets)

    def tweet(self, data: Mapping[str, Any], where: str, author: dict[str, Any],
              to: dict[str, Any] | None, known: dict[str, Tweet],
              own: list[Tweet] | None = None) -> Tweet:
        """One tweet by ``author``; for a reply, ``to`` is the account and ``own`` its tweets."""
        tid = scenario_digits(data.get("id"), f"{where}.id")
        text = data.get("text")
        if not isinstance(text, str):
            raise ConfigError("a tweet needs its text", key=f"{where}.text")
        obj: dict[str, Any] = {
            "id": tid, "text": text, "edit_history_tweet_ids": [tid],
            "created_at": _timestamp(data.get("created_at"), f"{where}.created_at"),
            "author_id": author["id"], "conversation_id": tid,
            "reply_settings": str(data.get("reply_settings", "everyone")),
            "lang": str(data.get("lang", "en")),
            "possibly_sensitive": bool(data.get("possibly_sensitive", False)),
        }
        parent_id = scenario_digits(data["in_reply_to"], f"{where}.in_reply_to") \
            if "in_reply_to" in data else None
        if parent_id is None and own is not None:
            older = [t for t in own if t.number < int(tid)]
            parent_id = max(older, key=lambda t: t.number).obj["id"] if older else None
        to_username = to["username"] if to is not None else None
        if parent_id is not None:
            parent = known.get(parent_id)
            obj["referenced_tweets"] = [{"type": "replied_to", "id": parent_id}]
            obj["in_reply_to_user_id"] = parent.author["id"] if parent else (to or author)["id"]
            obj["conversation_id"] = parent.obj["conversation_id"] if parent else parent_id
            if to_username is None and parent is not None:
                to_username = parent.author["username"]
        tweet = Tweet(obj=obj, author=author, to_username=to_username)
        for n, item in enumerate(data.get("media") or ()):
            scenario_mapping(item, _MEDIA, f"{where}.media[{n}]")
            media = {"media_key": str(item.get("media_key", f"3_{tid}{n}")),
                     "type": str(item.get("type", "photo"))}
            media.update({k: str(item[k]) for k in ("url", "preview_image_url", "alt_text")
                          if k in item})
            tweet.media.append(media)
        if tweet.media:
            obj["attachments"] = {"media_keys": [m["media_key"] for m in tweet.media]}
        _add_geo(tweet, data, where)
        known[tid] = tweet
        self.tweets.append(tweet)
        return tweet


def _person(data: Any, where: str, *, account: bool = False) -> dict[str, Any]:
    """A user object (an account, a follower or a reply's author).

    An account's keys are checked by its caller, and it must say when it was created.
    """
    if not account:
        scenario_mapping(data, _PERSON, where)
    person: dict[str, Any] = {"id": scenario_digits(data.get("id"), f"{where}.id")}
    for key in ("username", "name"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise ConfigError(f"a user needs a {key}", key=f"{where}.{key}")
        person[key] = data[key]
    person["protected"] = bool(data.get("protected", False))
    if account or "created_at" in data:
        person["created_at"] = _timestamp(data.get("created_at"), f"{where}.created_at")
    return person


def _add_geo(tweet: Tweet, data: Mapping[str, Any], where: str) -> None:
    geo: dict[str, Any] = {}
    if "place" in data:
        place = data["place"]
        scenario_mapping(place, _PLACE, f"{where}.place")
        if "id" not in place or "full_name" not in place:
            raise ConfigError("a place needs id and full_name", key=f"{where}.place")
        tweet.place = {k: str(v) for k, v in place.items()}
        geo["place_id"] = tweet.place["id"]
    if "coordinates" in data:
        point = data["coordinates"]
        try:
            lat, lon = float(point["latitude"]), float(point["longitude"])
        except (KeyError, TypeError, ValueError):
            raise ConfigError("coordinates need latitude and longitude",
                              key=f"{where}.coordinates") from None
        geo["coordinates"] = {"type": "Point", "coordinates": [lon, lat]}
    if geo:
        tweet.obj["geo"] = geo


def _timestamp(value: Any, where: str) -> str:
    """An X timestamp (``2022-06-01T09:00:00.000Z``) from a YAML time or an ISO 8601 string."""
    return scenario_time(value, where).strftime("%Y-%m-%dT%H:%M:%S.000Z")
