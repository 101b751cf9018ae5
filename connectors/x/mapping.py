"""Pure functions from X API v2 payloads to the auditor's snapshot types."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Literal

from auditor import (
    Author,
    ContentItem,
    Location,
    Media,
    Member,
    PlatformResponseError,
    Settings,
)
from connectors.x.client import PLATFORM

__all__ = [
    "account_user",
    "latest_tweet",
    "member_count",
    "members_from_followers",
    "newest_id",
    "posts_from_timeline",
    "replies_from_search",
    "settings_from_user",
    "status_url",
]

Payload = Mapping[str, Any]


def account_user(lookup: Payload) -> Payload:
    """The user object of a user lookup response, checked for the fields the connector relies on."""
    user = lookup.get("data")
    if not isinstance(user, Mapping):
        raise _bad("user lookup: data is not a user object")
    for key in ("id", "username", "name"):
        _text(user, key, "user")
    if "protected" in user and not isinstance(user["protected"], bool):
        raise _bad("user: protected is not a boolean")
    return user


def settings_from_user(user: Payload, latest: Payload | None) -> Settings:
    """Settings from the account's user object and its latest tweet (reply settings are per tweet).

    A protected account is seen by its approved followers only, who ask to follow;
    anyone may follow a public one. Nothing else is exposed by the API, so the
    other fields stay ``None``.
    """
    protected = user.get("protected")
    raw = dict(user)
    if latest is not None:
        raw["latest_tweet_id"] = latest.get("id")
        raw["latest_tweet_reply_settings"] = latest.get("reply_settings")
    if protected is None:
        # Not returned: say nothing rather than guess "public".
        return Settings(raw=raw)
    return Settings(
        visibility="private" if protected else "public",
        join_policy="request" if protected else "open",
        raw=raw,
    )


def latest_tweet(lookup: Payload) -> Payload | None:
    """The account's most recent tweet, when the lookup expanded ``most_recent_tweet_id``."""
    wanted = lookup.get("data", {}).get("most_recent_tweet_id")
    if wanted is None:
        return None
    return _index(lookup, "tweets", "id").get(str(wanted))


def member_count(user: Payload) -> int | None:
    """``public_metrics.followers_count``, when the lookup returned it."""
    metrics = user.get("public_metrics")
    if metrics is None:
        return None
    count = metrics.get("followers_count") if isinstance(metrics, Mapping) else None
    if not isinstance(count, int) or isinstance(count, bool):
        raise _bad("user: public_metrics.followers_count is not a number")
    return count


def members_from_followers(users: Iterable[Payload]) -> tuple[Member, ...]:
    """Each follower as a ``Member`` with the role ``follower``; the API does not say since when."""
    members: dict[str, Member] = {}
    for user in users:
        if not isinstance(user, Mapping):
            raise _bad("followers: an entry of data is not a user object")
        uid = _text(user, "id", "follower")
        members[uid] = Member(id=uid, handle=_text(user, "username", "follower"),
                              display_name=user.get("name"), role="follower")
    return tuple(members.values())


def posts_from_timeline(timeline: Payload, owner: Payload) -> tuple[ContentItem, ...]:
    """The account's own tweets as ``post`` items, oldest first."""
    author = Author(id=owner["id"], handle=owner["username"], display_name=owner["name"],
                    is_account_owner=True)
    visibility: Literal["public", "private"] | None = None
    if "protected" in owner:
        visibility = "private" if owner["protected"] else "public"
    return _items(timeline, owner, "post", lambda _tweet: author, visibility)


def replies_from_search(search: Payload, owner: Payload) -> tuple[ContentItem, ...]:
    """Replies to the account found by recent search, as ``reply`` items, oldest first.

    Recent search with an app-only token finds public tweets only, so each is public.
    """
    users = _index(search, "users", "id")

    def author_of(tweet: Payload) -> Author:
        uid = _text(tweet, "author_id", "reply")
        user = users.get(uid, {})
        return Author(id=uid, handle=user.get("username"), display_name=user.get("name"),
                      is_account_owner=uid == owner["id"])

    return _items(search, owner, "reply", author_of, "public")


def newest_id(items: Iterable[ContentItem], previous: str | None) -> str | None:
    """The highest tweet id among ``items`` and ``previous`` (ids compare as integers)."""
    ids = [int(i.id) for i in items]
    if previous is not None:
        ids.append(int(previous))
    return str(max(ids)) if ids else None


def status_url(username: str | None, tweet_id: str) -> str:
    """The public address of a tweet."""
    if username:
        return f"https://x.com/{username}/status/{tweet_id}"
    return f"https://x.com/i/web/status/{tweet_id}"


def _items(payload: Payload, owner: Payload, kind: Literal["post", "reply"],
           author_of: Callable[[Payload], Author], visibility: Literal["public", "private"] | None,
           ) -> tuple[ContentItem, ...]:
    media = _index(payload, "media", "media_key")
    places = _index(payload, "places", "id")
    items = []
    for tweet in payload.get("data", []):
        if not isinstance(tweet, Mapping):
            raise _bad(f"{kind}s: an entry of data is not a tweet object")
        tid = _text(tweet, "id", "tweet")
        author = author_of(tweet)
        items.append(ContentItem(
            id=tid, kind=kind, author=author, text=_plain_text(tweet),
            created_at=_timestamp(tweet, "created_at"),
            url=status_url(author.handle, tid), visibility=visibility,
            parent_id=_parent_id(tweet), location=_location(tweet, places),
            media=_media(tweet, media),
        ))
    return tuple(sorted(items, key=lambda item: int(item.id)))


def _plain_text(tweet: Payload) -> str:
    # Posts longer than 280 characters carry their full text in note_tweet; text is cut short.
    note = tweet.get("note_tweet")
    text = note.get("text") if isinstance(note, Mapping) else None
    if not isinstance(text, str):
        text = _text(tweet, "text", "tweet")
    # v2 escapes &, < and > in text as HTML entities.
    return html.unescape(text)


def _parent_id(tweet: Payload) -> str | None:
    for ref in tweet.get("referenced_tweets") or ():
        if isinstance(ref, Mapping) and ref.get("type") == "replied_to" and ref.get("id"):
            return str(ref["id"])
    conversation = tweet.get("conversation_id")
    if conversation is not None and str(conversation) != str(tweet["id"]):
        return str(conversation)
    return None


def _location(tweet: Payload, places: Mapping[str, Payload]) -> Location | None:
    geo = tweet.get("geo")
    if not isinstance(geo, Mapping) or not geo:
        return None
    latitude = longitude = None
    point = geo.get("coordinates")
    if isinstance(point, Mapping) and point.get("coordinates") is not None:
        try:
            # GeoJSON order: [longitude, latitude].
            longitude, latitude = (float(v) for v in point["coordinates"][:2])
        except (TypeError, ValueError):
            raise _bad("tweet: geo.coordinates is not a GeoJSON point") from None
    place = places.get(str(geo.get("place_id")), {})
    return Location(latitude=latitude, longitude=longitude,
                    place_name=place.get("full_name") or place.get("name"))


def _media(tweet: Payload, media: Mapping[str, Payload]) -> tuple[Media, ...]:
    attachments = tweet.get("attachments")
    keys = attachments.get("media_keys", []) if isinstance(attachments, Mapping) else []
    found = []
    for key in keys:
        item = media.get(str(key))
        if item is None:
            # Attached but not returned (deleted, withheld): still an attachment to report.
            found.append(Media(url=None, type="unknown"))
            continue
        found.append(Media(url=item.get("url") or item.get("preview_image_url"),
                           type=str(item.get("type", "unknown")), alt_text=item.get("alt_text")))
    return tuple(found)


def _index(payload: Payload, kind: str, key: str) -> dict[str, Payload]:
    """``includes.<kind>`` by ``key``."""
    includes = payload.get("includes") or {}
    entries = includes.get(kind, []) if isinstance(includes, Mapping) else None
    if not isinstance(entries, list):
        raise _bad(f"includes.{kind} is not a list")
    return {str(e[key]): e for e in entries if isinstance(e, Mapping) and key in e}


def _text(obj: Payload, key: str, what: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise _bad(f"{what}: {key} is missing")
    return value


def _timestamp(obj: Payload, key: str) -> datetime:
    value = _text(obj, key, "tweet")
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise _bad(f"tweet: {key} is not an ISO 8601 time") from None
    if when.tzinfo is None:
        raise _bad(f"tweet: {key} has no time zone")
    return when.astimezone(UTC)


def _bad(message: str) -> PlatformResponseError:
    return PlatformResponseError(PLATFORM, message)
