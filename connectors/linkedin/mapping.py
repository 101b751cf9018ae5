"""Pure functions from Community Management API payloads to the auditor's snapshot types."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import quote

from auditor import (
    Author,
    ContentItem,
    Media,
    Member,
    PlatformResponseError,
    Settings,
)

__all__ = [
    "PLATFORM",
    "RESERVED",
    "admins_from_acls",
    "comment_item",
    "comment_ms",
    "created_ms",
    "follower_count",
    "organization_urn",
    "post_item",
    "post_url",
    "settings_for",
    "unescape_little",
    "visibility_of",
]

PLATFORM = "linkedin"

Payload = Mapping[str, Any]
Visibility = Literal["public", "members", "private", "unlisted"]

#: Characters the "little" text format reserves; a backslash before one makes it plain text.
RESERVED = frozenset("\\|{}@[]()<>#*_~")

#: Post ``visibility`` values. LOGGED_IN posts are shown to anyone signed in to LinkedIn,
#: which anyone can be for free: for a school's policy that is public. CONNECTIONS
#: (first-degree network) and CONTAINER (a group or other container) are restricted.
_VISIBILITY: dict[str, Visibility] = {
    "PUBLIC": "public",
    "LOGGED_IN": "public",
    "CONNECTIONS": "members",
    "CONTAINER": "members",
}
#: Page roles that can publish as the Page; the others (analyst, curator, ads poster...) cannot.
_ROLES: dict[str, Literal["admin", "editor"]] = {
    "ADMINISTRATOR": "admin",
    "CONTENT_ADMINISTRATOR": "editor",
}


def organization_urn(organization_id: str) -> str:
    """``urn:li:organization:<id>``."""
    return f"urn:li:organization:{organization_id}"


def post_url(post_urn: str) -> str:
    """The address of a post on linkedin.com."""
    return f"https://www.linkedin.com/feed/update/{post_urn}/"


def follower_count(payload: Payload) -> int:
    """``firstDegreeSize`` of a ``networkSizes`` answer: how many members follow the Page."""
    size = payload.get("firstDegreeSize")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise _bad("networkSizes: firstDegreeSize is not a count")
    return size


def admins_from_acls(elements: Iterable[Payload]) -> tuple[Member, ...]:
    """Approved Page admins (``ADMINISTRATOR``) and content admins (``CONTENT_ADMINISTRATOR``).

    The ACL names each person by URN only; their names would need a profile read the
    token is not allowed to make.
    """
    members: dict[str, Member] = {}
    for acl in elements:
        if not isinstance(acl, Mapping):
            raise _bad("organizationAcls: an element is not an object")
        assignee = _text(acl, "roleAssignee", "organizationAcl")
        role = _ROLES.get(str(acl.get("role")))
        if role is None or acl.get("state", "APPROVED") != "APPROVED":
            continue
        known = members.get(assignee)
        if known is None or (known.role == "editor" and role == "admin"):
            members[assignee] = Member(id=assignee, role=role)
    return tuple(members.values())


def settings_for(org_urn: str, followers: int, admins: tuple[Member, ...] | None, *,
                 admins_unreadable: str | None = None, api_version: str | None = None
                 ) -> Settings:
    """A LinkedIn Page is public by design: anyone can see it and anyone can follow it.

    Whether search engines list it and who may comment are not in the API: ``None``.
    """
    raw: dict[str, Any] = {"organization": org_urn, "follower_count": followers}
    if api_version:
        raw["api_version"] = api_version
    if admins_unreadable:
        raw["admins_unreadable"] = admins_unreadable
    return Settings(visibility="public", join_policy="open", admins=admins, raw=raw)


def created_ms(post: Payload) -> int:
    """``createdAt`` of a post in epoch milliseconds (the order of ``sortBy=CREATED``)."""
    return _epoch_ms(post, "createdAt", "post")


def comment_ms(comment: Payload) -> int:
    """``created.time`` of a comment in epoch milliseconds."""
    created = comment.get("created") if isinstance(comment, Mapping) else None
    if not isinstance(created, Mapping):
        raise _bad("comment: created is missing")
    return _epoch_ms(created, "time", "comment.created")


def post_item(post: Payload, org_urn: str) -> ContentItem:
    """One organisation post as a ``post`` item, its commentary unescaped to plain text."""
    if not isinstance(post, Mapping):
        raise _bad("posts: an element is not an object")
    urn = _text(post, "id", "post")
    author = _text(post, "author", "post")
    commentary = post.get("commentary", "")
    if not isinstance(commentary, str):
        raise _bad("post: commentary is not text")
    created_ms(post)  # documented on every post: check it even when publishedAt is shown
    published = post.get("publishedAt")
    moment = _time(post, "publishedAt" if published is not None else "createdAt", "post")
    reshare = post.get("reshareContext")
    parent = reshare.get("parent") if isinstance(reshare, Mapping) else None
    state = post.get("lifecycleState")
    return ContentItem(
        id=urn, kind="post",
        author=Author(id=author, is_account_owner=author == org_urn),
        text=unescape_little(commentary), created_at=moment, url=post_url(urn),
        visibility=visibility_of(post), parent_id=str(parent) if parent else None,
        media=_post_media(post.get("content")),
        status=state.lower() if isinstance(state, str) else None)


def visibility_of(post: Payload) -> Visibility | None:
    """The auditor's visibility for a post's ``visibility``; None for a value not documented."""
    return _VISIBILITY.get(str(post.get("visibility")))


def comment_item(comment: Payload, post: ContentItem, org_urn: str) -> ContentItem:
    """A comment on ``post`` (a ``reply`` when it answers another comment)."""
    if not isinstance(comment, Mapping):
        raise _bad("comments: an element is not an object")
    actor = _text(comment, "actor", "comment")
    created = comment.get("created")
    if not isinstance(created, Mapping):
        raise _bad("comment: created is missing")
    message = comment.get("message", {})
    text = message.get("text", "") if isinstance(message, Mapping) else None
    if not isinstance(text, str):
        raise _bad("comment: message.text is not text")
    urn = comment.get("commentUrn") or comment.get("$URN")
    if not isinstance(urn, str) or not urn:
        urn = f"urn:li:comment:({post.id},{_text(comment, 'id', 'comment')})"
    parent = comment.get("parentComment")
    return ContentItem(
        id=urn, kind="reply" if parent else "comment",
        author=Author(id=actor, is_account_owner=actor == org_urn),
        text=text, created_at=_time(created, "time", "comment.created"),
        url=f"{post.url}?commentUrn={quote(urn, safe='')}", visibility=post.visibility,
        parent_id=str(parent) if parent else post.id, media=_comment_media(comment.get("content")))


def unescape_little(text: str) -> str:
    """Plain text from LinkedIn's "little" format.

    ``@[Name](urn:li:...)`` mentions become ``Name``, ``{hashtag|\\#|tag}`` templates
    become ``#tag``, and backslash-escaped reserved characters lose their backslash.
    """
    out: list[str] = []
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char == "\\" and i + 1 < size and text[i + 1] in RESERVED:
            out.append(text[i + 1])
            i += 2
            continue
        if text.startswith("@[", i):
            end = _mention_end(text, i)
            if end is not None:
                name_end = _unescaped(text, "]", i + 2)
                out.append(unescape_little(text[i + 2:name_end]))
                i = end
                continue
        if text.startswith("{hashtag|", i):
            close = _unescaped(text, "}", i)
            if close != -1:
                fields = _split_unescaped(text[i + 1:close], "|")
                if len(fields) == 3:
                    out.append("#" + unescape_little(fields[2]))
                    i = close + 1
                    continue
        out.append(char)
        i += 1
    return "".join(out)


def _mention_end(text: str, start: int) -> int | None:
    """The index after ``@[name](urn)`` starting at ``start``, or None if it is not one."""
    name_end = _unescaped(text, "]", start + 2)
    if name_end == -1 or not text.startswith("(", name_end + 1):
        return None
    urn_end = _unescaped(text, ")", name_end + 2)
    if urn_end == -1 or not text[name_end + 2:urn_end].startswith("urn:li:"):
        return None
    return urn_end + 1


def _unescaped(text: str, wanted: str, start: int) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == wanted:
            return i
        i += 1
    return -1


def _split_unescaped(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    start = 0
    while True:
        at = _unescaped(text, separator, start)
        if at == -1:
            parts.append(text[start:])
            return parts
        parts.append(text[start:at])
        start = at + 1


def _post_media(content: Any) -> tuple[Media, ...]:
    """Images, videos and documents of a post; their URNs are not addresses, so ``url`` is None."""
    if not isinstance(content, Mapping):
        return ()
    found: list[Media] = []
    media = content.get("media")
    if isinstance(media, Mapping):
        found.append(Media(url=None, type=_media_type(media.get("id")),
                           alt_text=_optional_text(media.get("altText"))))
    multi = content.get("multiImage")
    if isinstance(multi, Mapping):
        for image in multi.get("images") or ():
            if isinstance(image, Mapping):
                found.append(Media(url=None, type="image",
                                   alt_text=_optional_text(image.get("altText"))))
    article = content.get("article")
    if isinstance(article, Mapping) and article.get("thumbnail"):
        found.append(Media(url=None, type="image",
                           alt_text=_optional_text(article.get("thumbnailAltText"))))
    return tuple(found)


def _comment_media(content: Any) -> tuple[Media, ...]:
    if not isinstance(content, list):
        return ()
    return tuple(Media(url=_optional_text(c.get("url")), type=str(c.get("type", "image")).lower())
                 for c in content if isinstance(c, Mapping))


def _media_type(urn: Any) -> str:
    kind = str(urn).split(":")[2] if str(urn).count(":") >= 3 else ""
    return kind if kind in ("image", "video", "document") else "unknown"


def _optional_text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _text(obj: Payload, key: str, what: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise _bad(f"{what}: {key} is missing")
    return value


def _epoch_ms(obj: Payload, key: str, what: str) -> int:
    value = obj.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _bad(f"{what}: {key} is not a time in epoch milliseconds")
    return value


def _time(obj: Payload, key: str, what: str) -> datetime:
    return datetime.fromtimestamp(_epoch_ms(obj, key, what) / 1000, tz=UTC)


def _bad(message: str) -> PlatformResponseError:
    return PlatformResponseError(PLATFORM, message)
