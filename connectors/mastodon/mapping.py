"""Pure functions from Mastodon REST API payloads to the auditor's snapshot types.

Statuses keep Mastodon's own id (own posts and statuses by others share one id
space). Ids are strings "cast from an integer, but not guaranteed to be a number":
they are compared by :func:`id_key`, which orders numeric ids by value.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any, Literal

from auditor import Author, ContentItem, Media, Member, PlatformResponseError, Settings

__all__ = [
    "PLATFORM",
    "account_from_credentials",
    "check_notifications",
    "follow_notifications",
    "follow_request_notifications",
    "follow_requests_count",
    "html_to_text",
    "id_key",
    "item_from_status",
    "member_count",
    "member_from_account",
    "members_from_accounts",
    "mention_statuses",
    "newest_id",
    "settings_from_account",
    "status_visibility",
]

log = logging.getLogger(__name__)

PLATFORM = "mastodon"

Payload = Mapping[str, Any]
Visibility = Literal["public", "unlisted", "private"]

#: A status's documented ``visibility`` -> the auditor's. Followers-only is "private";
#: a direct message, seen only by the accounts it mentions, is more private still.
_VISIBILITY: Mapping[str, Visibility] = {
    "public": "public", "unlisted": "unlisted", "private": "private", "direct": "private"}
#: Raw account fields kept in ``settings.raw`` (the profile text and images are left out).
_RAW_FIELDS = ("id", "username", "acct", "url", "display_name", "locked", "bot", "group",
               "discoverable", "indexable", "noindex", "hide_collections", "created_at",
               "followers_count", "following_count", "statuses_count", "last_status_at")
_BLOCKS = frozenset({"br", "p", "li", "blockquote", "pre", "ol", "ul", "h1", "h2", "h3", "h4",
                     "h5", "h6"})


def _bad(message: str) -> PlatformResponseError:
    return PlatformResponseError(PLATFORM, message)


class _TextExtractor(HTMLParser):
    """Collects the readable text of a status's HTML ``content``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS and tag != "br":  # <br /> is one break, not two
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(value: str) -> str:
    """Plain text from Mastodon's HTML: tags dropped, entities decoded, paragraphs kept."""
    parser = _TextExtractor()
    parser.feed(value)
    parser.close()
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def id_key(value: str) -> tuple[int, str]:
    """A sort key for Mastodon ids: shorter first, then by text, so numeric ids sort by value."""
    return (len(value), value)


def newest_id(ids: Iterable[str], previous: str | None) -> str | None:
    """The newest of ``ids`` and ``previous``."""
    every = [*ids, *([previous] if previous else [])]
    return max(every, key=id_key) if every else None


def _text(obj: Payload, key: str, what: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise _bad(f"{what}: {key} is missing")
    return value


def _bool(obj: Payload, key: str, what: str) -> bool | None:
    """A documented boolean, ``None`` when the server does not send it (older versions)."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise _bad(f"{what}: {key} is not a boolean")
    return value


def _timestamp(obj: Payload, key: str, what: str) -> datetime:
    value = _text(obj, key, what)
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise _bad(f"{what}: {key} is not an ISO 8601 time") from None
    if when.tzinfo is None:
        raise _bad(f"{what}: {key} has no time zone")
    return when.astimezone(UTC)


def account_from_credentials(body: Any) -> Payload:
    """The CredentialAccount of ``verify_credentials``, checked for the fields relied on."""
    if not isinstance(body, Mapping):
        raise _bad("verify_credentials: expected an account object")
    for key in ("id", "username", "acct"):
        _text(body, key, "account")
    for key in ("locked", "discoverable", "indexable", "noindex", "hide_collections"):
        _bool(body, key, "account")
    source = body.get("source")
    if source is not None and not isinstance(source, Mapping):
        raise _bad("account: source is not an object")
    return body


def _default_privacy(account: Payload) -> str | None:
    source = account.get("source")
    privacy = source.get("privacy") if isinstance(source, Mapping) else None
    return privacy if isinstance(privacy, str) else None


def follow_requests_count(account: Payload) -> int | None:
    """``source.follow_requests_count``: how many follow requests wait for approval."""
    source = account.get("source")
    count = source.get("follow_requests_count") if isinstance(source, Mapping) else None
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def member_count(account: Payload) -> int | None:
    """``followers_count``; ``None`` when the server hides it (it then reports -1)."""
    count = account.get("followers_count")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        return None
    return count


def settings_from_account(account: Payload,
                          follow_requests: Iterable[Member] | None = None,
                          requests_unchanged: str | None = None) -> Settings:
    """Settings from the token's own account.

    ``locked`` says whether followers must be approved; with it, a default posting
    visibility of followers-only makes the account private. Each status carries its own
    visibility, on its ContentItem. ``discoverable`` (profile directory) and
    ``indexable`` (search; ``noindex`` before 4.2) together say whether it can be found.

    ``follow_requests`` are the pending requesters when they were listed this audit. When
    they were not listed because nothing says they changed, ``requests_unchanged`` names
    that signal: ``raw`` then says so and gives the (fresh) count, never stale names.
    """
    locked = _bool(account, "locked", "account")
    privacy = _default_privacy(account)
    visibility: Literal["public", "private"] | None = None
    if locked is False:
        visibility = "public"  # anyone may follow, then read followers-only posts
    elif locked:
        visibility = "private" if privacy in ("private", "direct") else \
            ("public" if privacy in ("public", "unlisted") else None)

    indexed = _bool(account, "indexable", "account")
    if indexed is None:
        noindex = _bool(account, "noindex", "account")
        indexed = None if noindex is None else not noindex
    listed = _bool(account, "discoverable", "account")
    discoverable = True if True in (listed, indexed) else \
        (False if listed is False and indexed is False else None)

    raw: dict[str, Any] = {key: account[key] for key in _RAW_FIELDS if key in account}
    raw["default_privacy"] = privacy
    raw["follow_requests_count"] = follow_requests_count(account)
    if follow_requests is not None:
        raw["follow_requests"] = [{"id": m.id, "acct": m.handle, "display_name": m.display_name}
                                  for m in follow_requests]
    elif requests_unchanged is not None:
        raw["follow_requests_unchanged"] = requests_unchanged
    return Settings(
        visibility=visibility,
        join_policy=None if locked is None else ("request" if locked else "open"),
        discoverable=discoverable,
        raw=raw,
    )


def member_from_account(account: Any, role: Literal["follower", "member"] = "follower") -> Member:
    """A follower (or a pending requester) from an Account; the API does not say since when."""
    if not isinstance(account, Mapping):
        raise _bad("an entry of the list is not an account object")
    display = account.get("display_name")
    return Member(id=_text(account, "id", "account"), handle=_text(account, "acct", "account"),
                  display_name=display if isinstance(display, str) and display else None,
                  role=role)


def members_from_accounts(accounts: Iterable[Any]) -> tuple[Member, ...]:
    """Followers as Members, each once."""
    found: dict[str, Member] = {}
    for account in accounts:
        member = member_from_account(account)
        found.setdefault(member.id, member)
    return tuple(found.values())


def status_visibility(status: Payload) -> Visibility | None:
    """The auditor's visibility for one status; ``None`` for a value Mastodon does not document."""
    value = status.get("visibility")
    mapped = _VISIBILITY.get(value) if isinstance(value, str) else None
    if mapped is None:
        log.warning("mastodon: status %s has an undocumented visibility %r",
                    status.get("id"), value)
    return mapped


def _status_text(status: Payload) -> str:
    content = status.get("content")
    if not isinstance(content, str):
        raise _bad("status: content is missing")
    parts = []
    spoiler = status.get("spoiler_text")
    if isinstance(spoiler, str) and spoiler.strip():
        parts.append(spoiler.strip())  # the content warning shows first, and is public text too
    parts.append(html_to_text(content))
    poll = status.get("poll")
    if isinstance(poll, Mapping):
        parts.extend(str(o.get("title", "")) for o in poll.get("options") or ()
                     if isinstance(o, Mapping))
    return "\n".join(p for p in parts if p)


def _media(status: Payload) -> tuple[Media, ...]:
    attachments = status.get("media_attachments")
    if attachments is None:
        return ()
    if not isinstance(attachments, list):
        raise _bad("status: media_attachments is not a list")
    found = []
    for item in attachments:
        if not isinstance(item, Mapping):
            raise _bad("status: a media attachment is not an object")
        url = item.get("url") or item.get("remote_url") or item.get("preview_url")
        found.append(Media(url=url if isinstance(url, str) else None,
                           type=str(item.get("type") or "unknown"),
                           alt_text=item.get("description") or None))
    return tuple(found)


def item_from_status(status: Any, owner_id: str) -> ContentItem:
    """A status as a ContentItem: ``reply`` when it answers another status, else ``post``
    (the account's own) or ``comment`` (someone else's status mentioning the account)."""
    if not isinstance(status, Mapping):
        raise _bad("a status is not an object")
    sid = _text(status, "id", "status")
    author = status.get("account")
    if not isinstance(author, Mapping):
        raise _bad("status: account is missing")
    author_id = _text(author, "id", "status account")
    own = author_id == owner_id
    parent = status.get("in_reply_to_id")
    kind: Literal["post", "reply", "comment"] = \
        "reply" if parent else ("post" if own else "comment")
    display = author.get("display_name")
    url = status.get("url") or status.get("uri")
    return ContentItem(
        id=sid, kind=kind,
        author=Author(id=author_id, handle=author.get("acct"),
                      display_name=display if isinstance(display, str) and display else None,
                      is_account_owner=own),
        text=_status_text(status),
        created_at=_timestamp(status, "created_at", "status"),
        url=url if isinstance(url, str) else None,
        visibility=status_visibility(status),
        parent_id=str(parent) if parent else None,
        media=_media(status),
    )


def mention_statuses(notifications: Iterable[Any]) -> list[Payload]:
    """The statuses inside ``mention`` notifications; a mention whose status is gone is skipped."""
    statuses = []
    for notification in notifications:
        if not isinstance(notification, Mapping):
            raise _bad("notifications: an entry is not a notification object")
        _text(notification, "id", "notification")
        if notification.get("type") != "mention":
            continue
        status = notification.get("status")
        if status is None:
            log.debug("mastodon: mention %s carries no status (deleted)", notification["id"])
            continue
        if not isinstance(status, Mapping):
            raise _bad("notification: status is not an object")
        statuses.append(status)
    return statuses


def check_notifications(notifications: Iterable[Any]) -> None:
    """Refuse a notification list whose entries lack the documented ``id`` and ``type``."""
    for notification in notifications:
        if not isinstance(notification, Mapping):
            raise _bad("notifications: an entry is not a notification object")
        _text(notification, "id", "notification")
        _text(notification, "type", "notification")


def follow_notifications(notifications: Iterable[Payload]) -> list[str]:
    """The ids of ``follow`` and ``follow_request`` notifications: someone joined or asked to."""
    return [str(n["id"]) for n in notifications if n.get("type") in ("follow", "follow_request")]


def follow_request_notifications(notifications: Iterable[Payload]) -> list[str]:
    """The ids of ``follow_request`` notifications: someone asked to follow."""
    return [str(n["id"]) for n in notifications if n.get("type") == "follow_request"]
