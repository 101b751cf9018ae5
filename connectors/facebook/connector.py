"""The Facebook Pages connector: a school's Page read via the Graph API with a Page access token."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any, ClassVar

from pydantic import Field, SecretStr

from auditor import (
    AccountRef,
    AccountSnapshot,
    AuthError,
    Capability,
    Connector,
    ConnectorConfig,
    ConnectorError,
    ContentItem,
    PlatformResponseError,
)
from connectors.facebook import mapping
from connectors.facebook.client import GRAPH_ORIGIN, PAGE_SIZE, PLATFORM, GraphClient, next_query

__all__ = ["DEFAULT_API_VERSION", "FacebookConfig", "FacebookConnector"]

log = logging.getLogger(__name__)

#: The Graph API version used unless a Page's settings name another (v26.0: July 2026).
DEFAULT_API_VERSION = "v26.0"
# Documented fields of the objects read; nested ``{...}`` picks the fields of an expansion.
POST_FIELDS = ("id,message,story,created_time,from{id,name},permalink_url,place,is_hidden,"
               "full_picture,attachments{media_type,media,title,description,url,subattachments}")
COMMENT_FIELDS = "id,message,created_time,from{id,name},parent{id},is_hidden,permalink_url"
#: How comments are listed: every comment and reply (``stream``), newest first, so a
#: repeat audit stops at the first comment it has already read.
COMMENT_PARAMS: dict[str, str] = {"filter": "stream", "order": "reverse_chronological"}
#: The feed with each post's first page of comments nested in it (field expansion).
FEED_FIELDS = (f"{POST_FIELDS},comments.filter(stream).order(reverse_chronological)"
               f".limit({PAGE_SIZE}){{{COMMENT_FIELDS}}}")
PHOTO_FIELDS = "id,name,created_time,from{id,name},images,link,place,alt_text"
ROLE_FIELDS = "id,name,tasks"
#: The Page's roles edge nested in the Page request (field expansion): one call for both.
ROLES_EXPANSION = f"roles.limit({PAGE_SIZE}){{{ROLE_FIELDS}}}"

Cursor = dict[str, int | None]


class FacebookConfig(ConnectorConfig):
    """How to reach one Facebook Page: its id and a Page access token."""

    page_id: str = Field(pattern=r"^[0-9]{1,32}$")
    page_access_token: SecretStr
    api_version: str = Field(default=DEFAULT_API_VERSION, pattern=r"^v[0-9]{2,3}\.0$")
    #: Comments are re-read on posts up to this many days old at each audit.
    comment_window_days: int = Field(default=28, ge=1, le=365)


class FacebookConnector(Connector[FacebookConfig]):
    """Reads a school's Facebook Page: whether it is published, who runs it, posts, comments, photos.

    Calls per audit of a small Page (one page of results each): the Page with its roles
    nested in it, its feed with each post's first 100 comments nested in it (both by
    field expansion), and its photos: 3, first audit or repeat. A post's further
    comments cost one call per further page, and on a repeat audit only until a comment
    already read is reached. When the nested roles are refused (a token without the
    MANAGE task), the Page and its roles are asked for apart, so that only the admins
    become could-not-check: two calls more.
    """

    platform: ClassVar[str] = PLATFORM
    display_name: ClassVar[str] = "Facebook Pages"
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {Capability.SETTINGS, Capability.CONTENT, Capability.MEDIA})
    config_model: ClassVar[type[ConnectorConfig]] = FacebookConfig
    http_library = "httpx"
    api_origin: ClassVar[str | None] = GRAPH_ORIGIN
    fake: ClassVar[str | None] = "connectors.facebook.fake:FakeFacebook"
    limitations: ClassVar[tuple[str, ...]] = (
        "A Facebook Page is public by design: the private and invitation-only rules fail for "
        "every published Page; record an approved exception if the school accepts that.",
        "No follower list: the Graph API does not list who follows a Page, so membership rules "
        "are could not check; member_count is followers_count (or fan_count).",
        "Facebook Groups cannot be audited: Meta removed the Groups API in April 2024. Audit a "
        "Group with the manual attestation connector.",
        "Admins come from the Page roles edge, which lists people outside a business portfolio "
        "only; people given access through Meta Business Suite (a business portfolio) are not "
        "listed. If the roles cannot be read, admins are could not check.",
        "Page-wide comment moderation (profanity filter, blocked words) and tagging settings are "
        "not in the API: comments and location_tagging are could not check.",
        "Comments are re-read only on posts of the last comment_window_days days (default 28); "
        "a comment edited after it was read, or a new comment on an older post, is not seen.",
        "A Page that lists no roles costs one call more per audit: the Graph API leaves an "
        "empty nested edge out, so the roles edge is asked again to tell none from unreadable.",
        "Posts of others that tag the Page, messages (Messenger), stories and reels are not read.",
        "Photos carry their caption, alt text and place; Facebook strips EXIF, so it is not read.",
    )


    def client(self, account: AccountRef) -> GraphClient:
        """A Graph client for the account: ``base_url`` when set (the sandbox), else Meta's."""
        config = self.config
        return GraphClient(self.http, account.base_url or GRAPH_ORIGIN, config.api_version,
                           config.page_access_token)

    def check_credentials(self, account: AccountRef) -> None:
        """Read the Page's id and name: 401 if the token is refused, 403 if it may not."""
        config = self.config
        page = self.client(account).get_object(config.page_id, {"fields": "id,name"})
        if page.get("id") != config.page_id:
            raise AuthError(PLATFORM, "the token does not read the configured page_id",
                            status=403)

    def fetch(self, account: AccountRef, cursor: Mapping[str, Any] | None) -> AccountSnapshot:
        """The Page and its roles, then the posts, comments and photos newer than ``cursor``.

        ``cursor`` holds ``posts_since``, ``comments_since`` and ``photos_since`` (unix
        times of the newest item of each kind read). A capability that cannot be read
        leaves its part of the cursor unchanged, so nothing unread is ever skipped.
        """
        fetched_at = datetime.now(UTC)
        config = self.config
        client = self.client(account)
        # Without the Page there is nothing to report: this failure is not caught.
        page, roles, roles_unreadable = _read_page(client, config.page_id)
        settings = mapping.settings_from(page, roles, roles_unreadable)

        missing: dict[Capability, str] = {}
        previous = dict(cursor or {})
        window = fetched_at - timedelta(days=config.comment_window_days)
        content = self.observe(Capability.CONTENT, missing, lambda: _read_content(
            client, config.page_id, previous, window))
        photos = self.observe(Capability.MEDIA, missing, lambda: _read_photos(
            client, config.page_id, previous))
        items: list[ContentItem] = []
        next_cursor: dict[str, Any] = dict(previous)
        for read in (content, photos):
            if read is not None:
                items.extend(read[0])
                next_cursor.update(read[1])
        log.info("facebook %s: %d calls, %d new items, usage %d%%, missing: %s", account.id,
                 client.calls, len(items), client.usage, ", ".join(missing) or "nothing")
        return AccountSnapshot(
            account=account, fetched_at=fetched_at, capabilities=self.capabilities,
            settings=settings, member_count=mapping.member_count(page), items=tuple(items),
            missing=missing, cursor=next_cursor if next_cursor else (cursor or None))


def _read_page(client: GraphClient, page_id: str,
               ) -> tuple[dict[str, Any], list[dict[str, Any]] | None, str | None]:
    """The Page's fields and its roles in one request, by nesting the roles edge.

    A refusal of the combined request (a 403 or a Graph error such as code 200 or
    100, never a throttle, a 5xx or an invalid token) may come from the roles alone:
    the Page is then read alone and the roles apart, so that only the admins become
    could-not-check. A nested edge with no objects is left out by the Graph API, so an
    absent ``roles`` is asked for on its own edge, to tell "no roles" from "not shown".
    """
    fields = ",".join(mapping.PAGE_FIELDS)
    try:
        page = client.get_object(page_id, {"fields": f"{fields},{ROLES_EXPANSION}"})
    except ConnectorError as exc:
        if not _refused(exc):
            raise
        log.info("facebook: the Page with its roles nested was refused (%s); reading apart",
                 exc)
        page = client.get_object(page_id, {"fields": fields})
        return (page, *_read_roles(client, page_id))
    nested = page.pop("roles", None)
    if nested is None:
        return (page, *_read_roles(client, page_id))
    return page, _nested_roles(client, page_id, nested), None


def _refused(exc: ConnectorError) -> bool:
    """A Graph refusal of the request as asked (a permission or a parameter), which
    asking for less may avoid; throttles, outages and a bad token are not."""
    return type(exc) is ConnectorError or (isinstance(exc, AuthError) and exc.status == 403)


def _nested_data(nested: Any, where: str, within: str) -> list[dict[str, Any]]:
    """The objects of an edge expanded inside another request, checked as the edge's own answer."""
    data = nested.get("data") if isinstance(nested, dict) else None
    if not isinstance(data, list) or not all(isinstance(o, dict) for o in data):
        raise PlatformResponseError(PLATFORM, f"GET {where} (nested in {within}): "
                                    f"data is not a list of objects")
    return data


def _nested_roles(client: GraphClient, page_id: str, nested: Any) -> list[dict[str, Any]]:
    """The roles nested in the Page, and their further pages from ``/{page-id}/roles``."""
    where = f"{page_id}/roles"
    data = _nested_data(nested, where, "the Page")
    roles: list[dict[str, Any]] = list(data)
    following = next_query(nested.get("paging"), where) if data else None
    if following is not None:
        for page in client.pages(where, {"fields": ROLE_FIELDS, **following}):
            roles.extend(page)
    return roles


def _read_roles(client: GraphClient, page_id: str) -> tuple[list[dict[str, Any]] | None, str | None]:
    # Only people who can MANAGE the Page may read its roles; without them the Page is
    # still audited and admins are "could not check".
    try:
        return client.get_all(f"{page_id}/roles", {"fields": ROLE_FIELDS}), None
    except ConnectorError as exc:
        if isinstance(exc, AuthError) and exc.status != 403:
            raise
        log.warning("facebook: page roles not read: %s", exc)
        return None, str(exc)


def _since(cursor: Mapping[str, Any], key: str) -> int | None:
    value = cursor.get(key)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    log.warning("facebook: ignoring unreadable cursor %s=%r", key, value)
    return None


def _newest(current: int | None, moment: datetime) -> int:
    stamp = int(moment.timestamp())
    return stamp if current is None else max(current, stamp)


def _read_content(client: GraphClient, page_id: str, cursor: Mapping[str, Any],
                  window: datetime) -> tuple[list[ContentItem], Cursor]:
    """New feed posts, and new comments on the posts of the comment window.

    The comments come nested in the feed request (field expansion, newest first); a
    post's further comments are read from ``/{post-id}/comments`` only when its first
    page has a next page and holds nothing older than the comment cursor.
    """
    posts_since = _since(cursor, "posts_since")
    comments_since = _since(cursor, "comments_since")
    query: dict[str, str | int] = {"fields": FEED_FIELDS}
    if posts_since is not None:
        # Older posts are read again, for their new comments; only new ones are reported.
        query["since"] = min(posts_since, int(window.timestamp()))
    posts = client.get_all(f"{page_id}/feed", query)

    items: list[ContentItem] = []
    newest_post = posts_since
    for post in posts:
        item = mapping.post_item(post, page_id)
        if posts_since is None or item.created_at.timestamp() > posts_since:
            items.append(item)
        newest_post = _newest(newest_post, item.created_at)
    newest_comment = comments_since
    for post in posts:
        post_id = str(post["id"])
        for comment in _post_comments(client, post, comments_since):
            item = mapping.comment_item(comment, post_id, page_id)
            if comments_since is None or item.created_at.timestamp() > comments_since:
                items.append(item)
            newest_comment = _newest(newest_comment, item.created_at)
    return items, {"posts_since": newest_post, "comments_since": newest_comment}


def _post_comments(client: GraphClient, post: Mapping[str, Any],
                   since: int | None) -> list[dict[str, Any]]:
    """A post's comments and replies, oldest first: the page nested in the feed, then
    further pages of ``/{post-id}/comments`` until one reaches a comment read before."""
    post_id = str(post["id"])
    nested = post.get("comments")
    if nested is None:
        return []  # the Graph API leaves out an expanded edge that has no objects
    where = f"{post_id}/comments"
    data = _nested_data(nested, where, "the feed")
    comments: list[dict[str, Any]] = list(data)
    following = next_query(nested.get("paging"), where) if data else None
    if following is not None and not _reaches(data, since):
        params: dict[str, str | int] = {**COMMENT_PARAMS, "fields": COMMENT_FIELDS, **following}
        for page in client.pages(where, params):
            comments.extend(page)
            if _reaches(page, since):
                break
    return sorted(comments, key=lambda c: mapping.parse_time(c, "created_time"))


def _reaches(comments: list[dict[str, Any]], since: int | None) -> bool:
    """Whether a page of comments listed newest first holds one no newer than ``since``,
    so that the pages after it hold only comments read before.

    A page that is not newest first (were the ``order`` modifier not applied) never
    stops the paging: every page is then read, as before field expansion.
    """
    if since is None or not comments:
        return False
    times = [mapping.parse_time(c, "created_time").timestamp() for c in comments]
    newest_first = all(a >= b for a, b in pairwise(times))
    return newest_first and times[-1] <= since


def _read_photos(client: GraphClient, page_id: str,
                 cursor: Mapping[str, Any]) -> tuple[list[ContentItem], Cursor]:
    """Photos the Page uploaded since the cursor; the edge lists the newest first."""
    since = _since(cursor, "photos_since")
    items: list[ContentItem] = []
    newest = since
    for page in client.pages(f"{page_id}/photos", {"type": "uploaded", "fields": PHOTO_FIELDS}):
        reached_old = False
        for photo in page:
            item = mapping.photo_item(photo, page_id)
            if since is None or item.created_at.timestamp() > since:
                items.append(item)
            else:
                reached_old = True
            newest = _newest(newest, item.created_at)
        if reached_old:
            break
    return items, {"photos_since": newest}
