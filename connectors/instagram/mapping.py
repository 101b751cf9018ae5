"""Pure functions from Instagram Graph API payloads to the auditor's snapshot types."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Literal

from auditor import Author, ContentItem, Media, PlatformResponseError, Settings
from connectors.instagram.client import PLATFORM

__all__ = [
    "PROFESSIONAL_ACCOUNT_TYPES",
    "account_user",
    "comment_items",
    "media_item",
    "member_count",
    "owner_author",
    "parse_time",
    "settings_from",
]

Payload = Mapping[str, Any]

#: ``account_type`` values of the accounts the API serves: business and creator.
PROFESSIONAL_ACCOUNT_TYPES = frozenset({"BUSINESS", "MEDIA_CREATOR"})
_KIND: dict[str, Literal["photo", "video", "post"]] = {
    "IMAGE": "photo", "VIDEO": "video", "CAROUSEL_ALBUM": "post"}


def account_user(user: Payload) -> Payload:
    """The IG User object, checked for the fields the connector relies on."""
    _text(user, "id", "account")
    _text(user, "username", "account")
    for key in ("followers_count", "follows_count", "media_count"):
        if key in user and not _is_int(user[key]):
            raise _bad(f"account: {key} is not a number")
    return user


def owner_author(user: Payload) -> Author:
    """The account itself as the author of its media."""
    return Author(id=str(user.get("user_id") or user["id"]), handle=user["username"],
                  display_name=user.get("name"), is_account_owner=True)


def member_count(user: Payload) -> int | None:
    """``followers_count``: the API has no follower list, only this number."""
    count = user.get("followers_count")
    return count if _is_int(count) else None


def settings_from(user: Payload, recent_media: Iterable[Payload] | None) -> Settings:
    """Settings of a business or creator account, which Instagram makes public by design.

    Anyone can see such an account and follow it without approval; Instagram does not let
    a professional account be private. Comments are set per post: ``everyone`` when any
    recent post takes comments, ``off`` when none does, ``None`` when no post was read.
    """
    raw: dict[str, Any] = {k: user[k] for k in ("id", "user_id", "username", "name",
                                                "account_type", "followers_count",
                                                "follows_count", "media_count") if k in user}
    comments: Literal["everyone", "off"] | None = None
    if recent_media is not None:
        enabled = {str(m["id"]): m.get("is_comment_enabled") for m in recent_media}
        raw["is_comment_enabled_by_media"] = enabled
        raw["recent_media_read"] = len(enabled)
        known = [v for v in enabled.values() if isinstance(v, bool)]
        if known:
            comments = "everyone" if any(known) else "off"
    return Settings(visibility="public", join_policy="open", comments=comments, raw=raw)


def media_item(media: Payload, owner: Author) -> ContentItem:
    """A post, reel or album as a ``photo``, ``video`` or ``post`` item written by the account."""
    media_id = _text(media, "id", "media")
    media_type = _text(media, "media_type", "media")
    kind = _KIND.get(media_type, "post")
    if media.get("media_product_type") == "REELS":
        kind = "video"
    caption = media.get("caption")
    if caption is not None and not isinstance(caption, str):
        raise _bad("media: caption is not text")
    return ContentItem(
        id=media_id, kind=kind, author=owner, text=caption or "",
        created_at=parse_time(media, "media"), url=_optional_text(media, "permalink"),
        visibility="public", media=_attachments(media),
    )


def comment_items(comment: Payload, media: Payload, owner: Author,
                  replies: Iterable[Payload]) -> list[ContentItem]:
    """A top-level comment and its replies, as ``comment`` and ``reply`` items.

    Comments have no address of their own; each links to the post it is on.
    """
    media_id = _text(media, "id", "media")
    url = _optional_text(media, "permalink")
    comment_id = _text(comment, "id", "comment")
    items = [_comment(comment, "comment", media_id, url, owner)]
    for reply in replies:
        parent = reply.get("parent_id")
        items.append(_comment(reply, "reply", str(parent) if parent else comment_id, url, owner))
    return items


def parse_time(obj: Payload, what: str, key: str = "timestamp") -> datetime:
    """An ISO 8601 time as the Graph API writes it (``2026-11-20T09:00:00+0000``), in UTC."""
    value = _text(obj, key, what)
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise _bad(f"{what}: {key} is not an ISO 8601 time") from None
    if when.tzinfo is None:
        raise _bad(f"{what}: {key} has no time zone")
    return when.astimezone(UTC)


def _comment(comment: Payload, kind: Literal["comment", "reply"], parent_id: str,
             url: str | None, owner: Author) -> ContentItem:
    comment_id = _text(comment, "id", kind)
    text = comment.get("text")
    if not isinstance(text, str):
        raise _bad(f"{kind}: text is missing")
    sender = comment.get("from")
    author_id = str(sender["id"]) if isinstance(sender, Mapping) and sender.get("id") else None
    handle = comment.get("username")
    if not isinstance(handle, str) and isinstance(sender, Mapping):
        handle = sender.get("username")
    handle = handle if isinstance(handle, str) and handle else None
    is_owner = (author_id is not None and author_id == owner.id) or \
        (handle is not None and owner.handle is not None and handle.lower() == owner.handle.lower())
    hidden = comment.get("hidden")
    return ContentItem(
        id=comment_id, kind=kind,
        author=Author(id=author_id, handle=handle, is_account_owner=is_owner),
        text=text, created_at=parse_time(comment, kind), url=url, visibility="public",
        parent_id=parent_id,
        status="hidden" if hidden is True else "visible" if hidden is False else None,
    )


def _attachments(media: Payload) -> tuple[Media, ...]:
    children = media.get("children")
    if isinstance(children, Mapping):
        entries = children.get("data")
        if not isinstance(entries, list):
            raise _bad("media: children.data is not a list")
        return tuple(_one_attachment(child) for child in entries if isinstance(child, Mapping))
    return (_one_attachment(media),)


def _one_attachment(media: Payload) -> Media:
    # media_url is left out for media with copyrighted music; it is then reported without a URL.
    media_type = str(media.get("media_type") or "unknown").lower()
    return Media(url=_optional_text(media, "media_url") or _optional_text(media, "thumbnail_url"),
                 type={"image": "photo"}.get(media_type, media_type))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(obj: Payload, key: str, what: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise _bad(f"{what}: {key} is missing")
    return value


def _optional_text(obj: Payload, key: str) -> str | None:
    value = obj.get(key)
    return value if isinstance(value, str) and value else None


def _bad(message: str) -> PlatformResponseError:
    return PlatformResponseError(PLATFORM, message)
