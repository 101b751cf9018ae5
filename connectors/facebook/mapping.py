"""Pure functions from Graph API payloads (Page, roles, posts, comments, photos) to snapshot types."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
from connectors.facebook.client import PLATFORM

__all__ = [
    "PAGE_FIELDS",
    "admins_from_roles",
    "comment_item",
    "member_count",
    "parse_time",
    "photo_item",
    "post_item",
    "settings_from",
]

Payload = Mapping[str, Any]

#: Page fields read for settings (all documented on the Page node).
PAGE_FIELDS = ("id", "name", "username", "link", "is_published", "followers_count", "fan_count",
               "has_transitioned_to_new_page_experience")
# Page tasks (roles in the New Pages Experience) that let someone act as the Page.
_ADMIN_TASKS = frozenset({"MANAGE"})
_EDITOR_TASKS = frozenset({"CREATE_CONTENT", "MODERATE", "MESSAGING"})


def settings_from(page: Payload, roles: Iterable[Payload] | None,
                  roles_unreadable: str | None = None) -> Settings:
    """Settings of a Page: public by design once published; admins from its roles.

    A published Page can be seen and followed by anyone and is found by search; an
    unpublished one is seen only by the people with a role on it. Comments and
    location tagging have no Page-wide setting in the API, so they stay ``None``.
    """
    if not isinstance(page.get("id"), str) or not page["id"]:
        raise _bad("page: id is missing")
    raw: dict[str, Any] = dict(page)
    role_list = list(roles) if roles is not None else None
    if role_list is not None:
        raw["roles"] = [{"id": r.get("id"), "name": r.get("name"), "tasks": r.get("tasks")}
                        for r in role_list]
    if roles_unreadable:
        raw["roles_unreadable"] = roles_unreadable
    admins = admins_from_roles(role_list) if role_list is not None else None
    published = page.get("is_published")
    if not isinstance(published, bool):
        return Settings(admins=admins, raw=raw)
    return Settings(
        visibility="public" if published else "private",
        join_policy="open" if published else "closed",
        discoverable=published,
        admins=admins,
        raw=raw,
    )


def admins_from_roles(roles: Iterable[Payload]) -> tuple[Member, ...]:
    """People who can act as the Page: MANAGE is ``admin``; posting, moderating or
    messaging as the Page is ``editor``. Advertisers and analysts are left out."""
    admins: dict[str, Member] = {}
    for entry in roles:
        if not isinstance(entry, Mapping):
            raise _bad("roles: an entry of data is not an object")
        uid = _text(entry, "id", "role")
        tasks = entry.get("tasks")
        if not isinstance(tasks, list):
            raise _bad("roles: tasks is not a list")
        granted = {str(t).upper() for t in tasks}
        role: Literal["admin", "editor"]
        if granted & _ADMIN_TASKS:
            role = "admin"
        elif granted & _EDITOR_TASKS:
            role = "editor"
        else:
            continue
        # The API has no username for people; the id is what auditor.yaml records as the handle.
        admins[uid] = Member(id=uid, handle=uid, display_name=_optional(entry, "name"), role=role)
    return tuple(admins.values())


def member_count(page: Payload) -> int | None:
    """``followers_count`` (New Pages Experience), else ``fan_count``, when readable."""
    for key in ("followers_count", "fan_count"):
        value = page.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def post_item(post: Payload, page_id: str) -> ContentItem:
    """A post of the Page's feed: by the Page, or by a visitor."""
    pid = _text(post, "id", "post")
    text = [_optional(post, "message") or _optional(post, "story") or ""]
    media: list[Media] = []
    for attachment in _attachments(post):
        for key in ("title", "description"):
            value = _optional(attachment, key)
            if value and value not in text:
                text.append(value)
        found = _attachment_media(attachment)
        if found is not None:
            media.append(found)
    if not media and _optional(post, "full_picture"):
        media.append(Media(url=post["full_picture"], type="photo"))
    return ContentItem(
        id=pid, kind="post", author=_author(post, page_id), text="\n".join(t for t in text if t),
        created_at=parse_time(post, "created_time"), url=_optional(post, "permalink_url"),
        visibility="private" if post.get("is_hidden") is True else "public",
        status=_status(post), location=_place(post.get("place")), media=tuple(media),
    )


def comment_item(comment: Payload, post_id: str, page_id: str) -> ContentItem:
    """A comment on a post (``comment``), or a reply to a comment (``reply``)."""
    cid = _text(comment, "id", "comment")
    parent = comment.get("parent")
    parent_id = parent.get("id") if isinstance(parent, Mapping) else None
    return ContentItem(
        id=cid, kind="reply" if parent_id else "comment", author=_author(comment, page_id),
        text=_optional(comment, "message") or "", created_at=parse_time(comment, "created_time"),
        url=_optional(comment, "permalink_url"),
        # A hidden comment is still seen by its author and their friends.
        visibility="private" if comment.get("is_hidden") is True else "public",
        parent_id=str(parent_id) if parent_id else post_id, status=_status(comment),
    )


def photo_item(photo: Payload, page_id: str) -> ContentItem:
    """A photo the Page uploaded, with its caption, largest image, alt text and place."""
    pid = _text(photo, "id", "photo")
    images = [i for i in photo.get("images") or () if isinstance(i, Mapping) and i.get("source")]
    largest = max(images, key=lambda i: _number(i.get("width")), default=None)
    url = str(largest["source"]) if largest else _optional(photo, "picture")
    return ContentItem(
        id=pid, kind="photo", author=_author(photo, page_id), text=_optional(photo, "name") or "",
        created_at=parse_time(photo, "created_time"), url=_optional(photo, "link"),
        visibility="public", location=_place(photo.get("place")),
        media=(Media(url=url, type="photo", alt_text=_optional(photo, "alt_text")),),
    )


def parse_time(obj: Payload, key: str) -> datetime:
    """A Graph API time (``2026-11-20T09:00:00+0000``) as aware UTC."""
    value = obj.get(key)
    if not isinstance(value, str):
        raise _bad(f"{key} is missing")
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise _bad(f"{key} is not an ISO 8601 time") from None
    if when.tzinfo is None:
        raise _bad(f"{key} has no time zone")
    return when.astimezone(UTC)


def _author(obj: Payload, page_id: str) -> Author:
    who = obj.get("from")
    if not isinstance(who, Mapping):
        # Without ``from`` the writer is unknown; never assume it was the school.
        return Author()
    uid = _optional(who, "id")
    return Author(id=uid, handle=uid, display_name=_optional(who, "name"),
                  is_account_owner=uid == page_id)


def _status(obj: Payload) -> str:
    return "hidden" if obj.get("is_hidden") is True else "published"


def _attachments(post: Payload) -> list[Payload]:
    attachments = post.get("attachments")
    if attachments is None:
        return []
    data = attachments.get("data") if isinstance(attachments, Mapping) else None
    if not isinstance(data, list):
        raise _bad("post: attachments.data is not a list")
    found: list[Payload] = []
    for attachment in data:
        if not isinstance(attachment, Mapping):
            raise _bad("post: an attachment is not an object")
        found.append(attachment)
        found.extend(_attachments({"attachments": attachment.get("subattachments")})
                     if attachment.get("subattachments") else [])
    return found


def _attachment_media(attachment: Payload) -> Media | None:
    media_type = _optional(attachment, "media_type")
    media = attachment.get("media")
    image = media.get("image") if isinstance(media, Mapping) else None
    src = image.get("src") if isinstance(image, Mapping) else None
    if src is None and media_type not in ("photo", "video", "album"):
        return None
    if media_type == "album":
        return None  # its photos come as subattachments
    return Media(url=str(src) if src else None, type=media_type or "unknown")


def _place(place: Any) -> Location | None:
    if not isinstance(place, Mapping):
        return None
    where = place.get("location")
    latitude = longitude = None
    if isinstance(where, Mapping):
        latitude, longitude = _coordinate(where.get("latitude")), _coordinate(where.get("longitude"))
    name = place.get("name")
    return Location(latitude=latitude, longitude=longitude,
                    place_name=name if isinstance(name, str) else None)


def _coordinate(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _text(obj: Payload, key: str, what: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise _bad(f"{what}: {key} is missing")
    return value


def _optional(obj: Payload, key: str) -> str | None:
    value = obj.get(key)
    return value if isinstance(value, str) and value else None


def _bad(message: str) -> PlatformResponseError:
    return PlatformResponseError(PLATFORM, message)
