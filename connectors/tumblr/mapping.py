"""Pure functions from Tumblr API v2 payloads (NPF posts, notes, followers) to snapshot types."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Literal

from auditor import (
    Author,
    ContentItem,
    Media,
    Member,
    PlatformResponseError,
    Settings,
    utc_from_epoch,
)

__all__ = [
    "PLATFORM",
    "Blog",
    "blog_from",
    "member_count",
    "members_from_followers",
    "npf_text",
    "post_item",
    "reply_items",
    "settings_from",
]

PLATFORM = "tumblr"

Payload = Mapping[str, Any]
PostVisibility = Literal["public", "private"]

#: Note types that carry words written by someone (conversation mode); likes carry none.
_TEXT_NOTES = {"reply": "reply_text", "reblog": "added_text"}
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


class Blog:
    """The audited blog as the owner's ``/v2/user/info`` shows it, with the ``blog`` object of
    ``/posts`` (the equivalent of ``/v2/blog/{blog}/info``) once that has been read."""

    def __init__(self, name: str, uuid: str | None, url: str | None, type_: str | None,
                 followers: int | None, info: Payload, entry: Payload) -> None:
        self.name = name
        self.uuid = uuid
        self.url = url
        #: ``public`` or ``private``: the documented ``blogs[].type`` of ``/v2/user/info``.
        self.type = type_
        self.followers = followers
        self.info = info
        self.entry = entry

    @property
    def visibility(self) -> PostVisibility | None:
        """Who can see the blog's published posts, from ``type``."""
        if self.type == "private":
            return "private"
        if self.type == "public":
            return "public"
        return None

    def author(self) -> Author:
        """The blog as the author of its own posts."""
        title = _str(self.info.get("title")) or _str(self.entry.get("title"))
        return Author(id=self.uuid or self.name, handle=self.name,
                      display_name=title or None, is_account_owner=True)

    def is_self(self, name: Any, uuid: Any) -> bool:
        """True when a note's blog is the audited blog."""
        return (uuid is not None and uuid == self.uuid) or (name is not None and name == self.name)

    def with_info(self, info: Payload) -> Blog:
        """The same blog with the ``blog`` object of ``/posts`` (or ``/info``) as its info."""
        return Blog(name=self.name, uuid=self.uuid or _str(info.get("uuid")) or None,
                    url=self.url or _str(info.get("url")) or None, type_=self.type,
                    followers=self.followers, info=info, entry=self.entry)


def blog_from(user_info: Payload, blog_info: Payload | None, identifier: str) -> Blog:
    """The audited blog, found among the token owner's blogs (``/v2/user/info``).

    ``blog_info`` (the ``response`` of ``/v2/blog/{blog}/info``) is optional: the entry in
    ``user/info`` names the blog, and ``/posts`` brings the same blog object later. Raises
    :class:`PlatformResponseError` when a payload lacks what the documentation promises;
    returns a Blog with ``entry`` empty when the token's user has no rights on it.
    """
    user = user_info.get("user")
    if not isinstance(user, Mapping) or not isinstance(user.get("blogs"), list):
        raise _bad("user/info: response.user.blogs is missing")
    info: Payload = {}
    name = uuid = None
    if blog_info is not None:
        found = blog_info.get("blog")
        if not isinstance(found, Mapping):
            raise _bad("blog info: response.blog is missing")
        info = found
        name = _str(info.get("name"))
        if not name:
            raise _bad("blog info: blog.name is missing")
        uuid = _str(info.get("uuid")) or None
    entry: Payload = next((b for b in user["blogs"] if isinstance(b, Mapping)
                           and _same_blog(b, name, uuid, identifier)), {})
    if not name:
        name = _str(entry.get("name"))
        if entry and not name:
            raise _bad("user/info: blogs[].name is missing")
        uuid = _str(entry.get("uuid")) or None
        name = name or identifier.removesuffix(".tumblr.com")
    followers = entry.get("followers")
    if followers is not None and not _is_int(followers):
        raise _bad("user/info: blogs[].followers is not a number")
    type_ = entry.get("type", info.get("type"))
    if type_ is not None and type_ not in ("public", "private"):
        raise _bad("user/info: blogs[].type is neither public nor private")
    return Blog(name=name, uuid=uuid, url=_str(info.get("url")) or _str(entry.get("url")) or None,
                type_=type_, followers=followers, info=info, entry=entry)


def settings_from(blog: Blog) -> Settings:
    """Settings from the blog's type: anyone may see and follow a public blog, nobody a private one.

    Tumblr has no join requests: a private blog cannot be followed at all, so its
    ``join_policy`` is ``closed``. Asks, replies and the rest stay in ``raw``.
    """
    source = blog.info or blog.entry
    raw = {key: value for key, value in source.items() if key not in ("avatar", "theme")}
    raw["type"] = blog.type
    visibility = blog.visibility
    join_policy: Literal["open", "closed"] | None = None
    if visibility is not None:
        join_policy = "open" if visibility == "public" else "closed"
    return Settings(visibility=visibility, join_policy=join_policy, raw=raw)


def member_count(blog: Blog, followers_total: int | None) -> int | None:
    """How many follow the blog: ``total_users`` of ``/followers``, else ``blogs[].followers``."""
    return followers_total if followers_total is not None else blog.followers


def members_from_followers(users: Iterable[Any]) -> tuple[Member, ...]:
    """Each follower as a ``Member`` with the role ``follower``; Tumblr does not say since when."""
    members: dict[str, Member] = {}
    for user in users:
        if not isinstance(user, Mapping):
            raise _bad("followers: an entry of users is not an object")
        name = _str(user.get("name"))
        if not name:
            raise _bad("followers: a user has no name")
        members[name] = Member(id=_str(user.get("uuid")) or name, handle=name, role="follower")
    return tuple(members.values())


def post_item(post: Payload, blog: Blog) -> ContentItem:
    """One NPF post (published, private, queued or draft) as a ``post`` item.

    The text is the post's own blocks followed by the reblog trail it shows;
    ``visibility`` is the blog's for a published post and ``private`` otherwise.
    """
    post_id = post_id_of(post)
    state = _str(post.get("state")) or "published"
    blocks = _blocks(post.get("content"), f"post {post_id}")
    for entry in post.get("trail") or ():
        if isinstance(entry, Mapping):
            blocks = blocks + _blocks(entry.get("content"), f"post {post_id} trail")
    visibility: PostVisibility | None = "private"
    if state == "published":
        visibility = blog.visibility
    tags = [t for t in post.get("tags") or () if isinstance(t, str)]
    text = npf_text(blocks)
    if tags:
        text = (text + "\n" if text else "") + " ".join(f"#{t}" for t in tags)
    return ContentItem(
        id=post_id, kind="post", author=blog.author(), text=text,
        created_at=timestamp_of(post, f"post {post_id}"),
        url=_str(post.get("post_url")) or None, visibility=visibility,
        media=_media(blocks), status=state)


def reply_items(notes: Iterable[Any], post: ContentItem, blog: Blog) -> tuple[ContentItem, ...]:
    """Replies and reblogs with added text from ``/notes?mode=conversation``, as ``reply`` items.

    Notes have no id: an item's id is the post id, the note type, its timestamp and its blog.
    """
    items = []
    for note in notes:
        if not isinstance(note, Mapping):
            raise _bad(f"notes of post {post.id}: a note is not an object")
        kind = note.get("type")
        field = _TEXT_NOTES.get(kind) if isinstance(kind, str) else None
        if field is None:
            continue
        text = _plain(_str(note.get(field)))
        if not text:
            continue
        name, uuid = _str(note.get("blog_name")) or None, _str(note.get("blog_uuid")) or None
        created = timestamp_of(note, f"a note of post {post.id}")
        items.append(ContentItem(
            id=f"{post.id}/{kind}/{note['timestamp']}/{uuid or name}", kind="reply",
            author=Author(id=uuid or name, handle=name, is_account_owner=blog.is_self(name, uuid)),
            text=text, created_at=created, url=post.url, visibility=post.visibility,
            parent_id=post.id, status=kind))
    return tuple(sorted(items, key=lambda item: item.created_at))


def npf_text(blocks: Iterable[Payload]) -> str:
    """NPF content blocks as plain text: text blocks, links, and images as ``[image: alt]``."""
    lines = []
    for block in blocks:
        kind = block.get("type")
        if kind == "text":
            lines.append(_str(block.get("text")))
        elif kind == "image":
            label = _str(block.get("alt_text")) or _str(block.get("caption"))
            lines.append(f"[image: {label}]" if label else "[image]")
        elif kind == "link":
            parts = [_str(block.get(k)) for k in ("title", "description", "url")]
            lines.append(" ".join(p for p in parts if p))
        elif kind in ("video", "audio"):
            parts = [_str(block.get(k)) for k in ("title", "artist", "url")]
            lines.append(f"[{kind}: {' '.join(p for p in parts if p)}]".replace(": ]", "]"))
        elif kind == "poll":
            answers = [_str(a.get("answer_text")) for a in block.get("answers") or ()
                       if isinstance(a, Mapping)]
            lines.append(" / ".join([_str(block.get("question")), *answers]).strip(" /"))
    return "\n".join(line for line in (_plain(x) for x in lines) if line)


def post_id_of(post: Payload) -> str:
    """A post's id as a string (``id_string``; ``id`` is a 64-bit integer)."""
    value = post.get("id_string", post.get("id"))
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise _bad("a post has no numeric id_string")
    return str(value)


def timestamp_of(obj: Payload, what: str) -> datetime:
    """``timestamp`` (epoch seconds, possibly fractional) as a UTC datetime."""
    value = obj.get("timestamp")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad(f"{what} has no numeric timestamp")
    return utc_from_epoch(value)


def _blocks(content: Any, what: str) -> tuple[Payload, ...]:
    if content is None:
        return ()
    if not isinstance(content, list) or not all(isinstance(b, Mapping) for b in content):
        raise _bad(f"{what}: content is not a list of NPF blocks")
    return tuple(content)


def _media(blocks: Iterable[Payload]) -> tuple[Media, ...]:
    found = []
    for block in blocks:
        kind = block.get("type")
        if kind not in ("image", "video"):
            continue
        media = block.get("media")
        # Image blocks list sizes, largest first; a video block has one media object (or a url).
        first = media[0] if isinstance(media, list) and media else media
        url = _str(first.get("url")) if isinstance(first, Mapping) else _str(block.get("url"))
        found.append(Media(url=url or None, type="photo" if kind == "image" else "video",
                           alt_text=_str(block.get("alt_text")) or None))
    return tuple(found)


def _same_blog(entry: Payload, name: str | None, uuid: str | None, identifier: str) -> bool:
    wanted = identifier.strip().lower()
    host = wanted.removesuffix(".tumblr.com")
    url = _str(entry.get("url")).lower().removeprefix("https://").removeprefix("http://")
    entry_uuid = _str(entry.get("uuid")).lower()
    return ((name is not None and entry.get("name") == name)
            or (uuid is not None and entry.get("uuid") == uuid)
            or entry.get("name") == host or url.rstrip("/") == wanted
            or (bool(entry_uuid) and entry_uuid == wanted))


def _plain(text: str) -> str:
    # NPF text is plain already; replies may carry simple markup.
    return _TAG.sub("", text).strip()


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bad(message: str) -> PlatformResponseError:
    return PlatformResponseError(PLATFORM, message)
