"""Pure functions from WordPress REST API (wp/v2) payloads to the auditor's snapshot types.

Item ids: posts and pages keep WordPress's own id (they share one id space, and
``/?p=<id>`` reaches either); comments live in a table of their own, so their
ids are prefixed (``comment-<id>``) to stay distinct. A comment's ``parent_id``
is the id of the post or page it was left on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any, Literal

from auditor import Author, ContentItem, Media, Member, PlatformResponseError, Settings

__all__ = [
    "PLATFORM",
    "comment_item",
    "html_to_text",
    "member_from_user",
    "newest",
    "parse_gmt",
    "post_item",
    "publisher_ids",
    "settings_from",
    "visibility_from_probe",
]

PLATFORM = "wordpress"

# WordPress role slug -> the auditor's role; unknown (custom) roles count as plain members.
SiteRole = Literal["admin", "editor", "member"]
_ROLES: Mapping[str, SiteRole] = {
    "administrator": "admin",
    "editor": "editor",
    "author": "member",
    "contributor": "member",
    "subscriber": "member",
}
_RANK = {"member": 0, "editor": 1, "admin": 2}
_ADMIN_ROLES = frozenset({"admin", "editor"})
# Roles that can write posts: a comment by one of them is the school speaking, not a visitor.
_PUBLISHING_ROLES = frozenset({"administrator", "editor", "author", "contributor"})
_COMMENT_POLICY: Mapping[str, Literal["everyone", "off"]] = {"open": "everyone", "closed": "off"}

# Elements after which the text of a page visibly breaks.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p",
    "pre", "section", "table", "td", "th", "tr", "ul",
})
_SKIPPED = frozenset({"script", "style", "template"})


def _bad(message: str) -> PlatformResponseError:
    return PlatformResponseError(PLATFORM, message)


class _TextExtractor(HTMLParser):
    """Collects the readable text of rendered HTML, and the images it shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.images: list[Media] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "img":
            found = dict(attrs)
            alt = (found.get("alt") or "").strip() or None
            self.images.append(Media(url=found.get("src"), type="image", alt_text=alt))
            if alt:
                # Alt text is the image in words, for those who cannot see it: scanned like the rest.
                self.parts.append(f" [image: {alt}] ")
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIPPED:
            self._skipping -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).splitlines())
        return "\n".join(line for line in lines if line)


def _extract(html: str) -> _TextExtractor:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return parser


def html_to_text(html: str) -> str:
    """Rendered HTML as plain text: tags dropped, entities unescaped, spaces (even no-break
    spaces, so a name split by one is still found) collapsed, one line per block."""
    return _extract(html).text()


def parse_gmt(value: Any, field: str) -> datetime:
    """A tz-aware UTC datetime from a WordPress ``*_gmt`` field (ISO 8601 without an offset)."""
    if not isinstance(value, str):
        raise _bad(f"{field} is not a date string")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _bad(f"{field} is not an ISO 8601 date") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _field(payload: Mapping[str, Any], key: str, kind: type | tuple[type, ...], what: str) -> Any:
    value = payload.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise _bad(f"{what} has no valid {key!r}")
    return value


def _rendered(payload: Mapping[str, Any], key: str, what: str) -> str:
    value = payload.get(key)
    if not isinstance(value, Mapping) or not isinstance(value.get("rendered"), str):
        raise _bad(f"{what} has no {key}.rendered")
    return str(value["rendered"])


def member_from_user(user: Mapping[str, Any]) -> Member:
    """A site user (``/wp/v2/users?context=edit``) as a Member, with their highest role."""
    user_id = _field(user, "id", int, "user")
    roles: list[SiteRole] = [_ROLES.get(r, "member") for r in user.get("roles") or ()
                             if isinstance(r, str)]
    role: SiteRole = max(roles, key=_RANK.__getitem__, default="member")
    registered = user.get("registered_date")
    return Member(
        id=str(user_id),
        handle=user.get("username") or user.get("slug") or None,
        display_name=user.get("name") or None,
        role=role,
        joined_at=parse_gmt(registered, "registered_date") if registered else None,
    )


def publisher_ids(users: Iterable[Mapping[str, Any]]) -> frozenset[int]:
    """Ids of the users who can write posts (administrators, editors, authors, contributors)."""
    return frozenset(u["id"] for u in users if isinstance(u.get("id"), int)
                     and _PUBLISHING_ROLES & set(u.get("roles") or ()))


def visibility_from_probe(status: int) -> Literal["public", "private"]:
    """Who can see the site, from the anonymous posts probe: 200 means anyone can read it."""
    if status == 200:
        return "public"
    if status in (401, 403):
        return "private"
    raise _bad(f"the anonymous probe answered HTTP {status}")


def visibility_from_wpcom(status: int, is_private: bool | None,
                          is_coming_soon: bool | None) -> Literal["public", "private"]:
    """Who can see a WordPress.com site, from what ``GET /rest/v1.1/sites/<site>`` told a visitor.

    A private site refuses visitors (403); ``is_private`` says the same when it answers. A
    "coming soon" site shows visitors a placeholder instead of its posts: not public either.
    """
    if status in (401, 403) or is_private or is_coming_soon:
        return "private"
    if status == 200:
        return "public"
    raise _bad(f"WordPress.com answered HTTP {status} about the site")


def settings_from(payload: Mapping[str, Any] | None, *, probe_status: int | None = None,
                  public_posts: int | None = None, admins: Iterable[Member] | None,
                  unreadable: str | None = None,
                  wpcom: Mapping[str, Any] | None = None) -> Settings:
    """Settings from the anonymous probe and, when readable, ``/wp/v2/settings``.

    For a WordPress.com site ``wpcom`` (``status``, ``is_private``, ``is_coming_soon``
    from :func:`visibility_from_wpcom`'s request) says who can see it instead of the probe.
    Core's REST API exposes neither ``users_can_register`` nor ``blog_public``, so
    ``join_policy`` and ``discoverable`` stay ``None``: the auditor cannot check them.
    """
    raw: dict[str, Any] = dict(payload or {})
    if wpcom is not None:
        raw["wpcom_site"] = dict(wpcom)
        visibility = visibility_from_wpcom(wpcom["status"], wpcom.get("is_private"),
                                           wpcom.get("is_coming_soon"))
    elif probe_status is not None:
        raw["anonymous_probe"] = {"status": probe_status, "public_posts": public_posts}
        visibility = visibility_from_probe(probe_status)
    else:
        raise ValueError("settings_from needs the probe's status or WordPress.com's answer")
    if unreadable:
        raw["settings_unreadable"] = unreadable
    comment_status = raw.get("default_comment_status") if payload is not None else None
    return Settings(
        visibility=visibility,
        join_policy=None,
        discoverable=None,
        comments=_COMMENT_POLICY.get(comment_status) if isinstance(comment_status, str) else None,
        location_tagging=None,
        admins=None if admins is None else tuple(a for a in admins if a.role in _ADMIN_ROLES),
        raw=raw,
    )


def _post_visibility(status: str, password: Any) -> Literal["public", "members", "private"]:
    # Only a published post is open to visitors; drafts, scheduled and pending ones are not yet.
    if status != "publish":
        return "private"
    return "members" if password else "public"


def newest(payload: Mapping[str, Any], *fields: str) -> datetime | None:
    """The first of ``fields`` that holds a date, as UTC (WordPress leaves draft dates null)."""
    for name in fields:
        if payload.get(name):
            return parse_gmt(payload[name], name)
    return None


def post_item(post: Mapping[str, Any], members: Mapping[str, Member]) -> ContentItem:
    """A post or page (``context=edit``) as a ContentItem; its author is a site user."""
    post_id = _field(post, "id", int, "post")
    kind: Literal["post", "page"] = "page" if post.get("type") == "page" else "post"
    what = f"{kind} {post_id}"
    status = _field(post, "status", str, what)
    title = html_to_text(_rendered(post, "title", what))
    body = _extract(_rendered(post, "content", what))
    created = newest(post, "date_gmt", "modified_gmt")
    if created is None:
        raise _bad(f"{what} has neither date_gmt nor modified_gmt")
    author_id = str(_field(post, "author", int, what))
    known = members.get(author_id)
    return ContentItem(
        id=str(post_id),
        kind=kind,
        author=Author(id=author_id, handle=known.handle if known else None,
                      display_name=known.display_name if known else None, is_account_owner=True),
        text="\n\n".join(part for part in (title, body.text()) if part),
        created_at=created,
        url=post.get("link") or None,
        visibility=_post_visibility(status, post.get("password")),
        media=tuple(body.images),
        status=status,
    )


def comment_item(comment: Mapping[str, Any], members: Mapping[str, Member],
                 publishers: frozenset[int] | None) -> ContentItem:
    """A comment as a ContentItem; ``author`` 0 is a visitor who is not a site user.

    ``publishers`` (from :func:`publisher_ids`) decides whether a logged-in commenter
    speaks for the site; when the users could not be read, any site user counts.
    """
    comment_id = _field(comment, "id", int, "comment")
    what = f"comment {comment_id}"
    author = _field(comment, "author", int, what)
    post_id = _field(comment, "post", int, what)
    body = _extract(_rendered(comment, "content", what))
    known = members.get(str(author)) if author else None
    created = newest(comment, "date_gmt")
    if created is None:
        raise _bad(f"{what} has no date_gmt")
    return ContentItem(
        id=f"comment-{comment_id}",
        kind="comment",
        author=Author(
            id=str(author) if author else None,
            handle=known.handle if known else None,
            display_name=comment.get("author_name") or None,
            is_account_owner=bool(author) and (publishers is None or author in publishers),
        ),
        text=body.text(),
        created_at=created,
        url=comment.get("link") or None,
        parent_id=str(post_id) if post_id else None,
        media=tuple(body.images),
        status=comment.get("status") if isinstance(comment.get("status"), str) else None,
    )
