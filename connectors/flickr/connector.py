"""The Flickr connector: a school's Flickr user account or group, read with OAuth 1.0a."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, Literal

from pydantic import Field, SecretStr, model_validator

from auditor import (
    AccountRef,
    AccountSnapshot,
    Capability,
    ConfigError,
    Connector,
    ConnectorConfig,
    ContentItem,
    Member,
    PlatformResponseError,
    Settings,
)
from connectors.flickr import mapping
from connectors.flickr.client import FlickrClient, FlickrMethodError, OAuth1Signer

__all__ = ["FlickrConfig", "FlickrConnector"]

log = logging.getLogger(__name__)

#: Extras asked for with every photo list: what the mapping reads, nothing more.
EXTRAS = "date_upload,description,geo,url_m,tags,media,owner_name,path_alias"
#: Comments are re-read on photos that came to the account within this window.
COMMENT_WINDOW = timedelta(days=30)
# Method error codes that concern one photo only: 1 photo not found (deleted meanwhile),
# 2 the owner does not share EXIF (a member's photo in a group pool).
_PHOTO_GONE = 1
_EXIF_NOT_SHARED = 2


class FlickrConfig(ConnectorConfig):
    """An app's key and secret, the school account's OAuth 1.0a token, and what is audited."""

    api_key: str = Field(min_length=1)
    api_secret: SecretStr
    oauth_token: SecretStr
    oauth_token_secret: SecretStr
    #: ``user``: the token's own photostream; ``group``: the group ``group_id``.
    kind: Literal["user", "group"] = "user"
    group_id: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _group_needs_id(self) -> FlickrConfig:
        if self.kind == "group" and not self.group_id:
            raise ValueError("kind: group needs the group's NSID as group_id")
        if self.kind == "user" and self.group_id:
            raise ValueError("group_id is only for kind: group")
        return self


@dataclass(frozen=True)
class _Listing:
    """What one content read found: new photos, new comments, and the cursor after them."""

    photos: list[dict[str, Any]]
    photo_items: tuple[ContentItem, ...]
    comments: tuple[ContentItem, ...]
    photos_after: int | None
    comments_after: int | None


class FlickrConnector(Connector[FlickrConfig]):
    """Reads a Flickr account: default privacy, geo settings, photos with EXIF, and comments;
    for a group, its privacy, its members and its pool.

    Calls for a small account (one page each): user, first audit 5 + one per photo for
    comments + one per photo for EXIF; repeat audit with nothing new 5 + one per photo of
    the last 30 days. A group: the same, with ``groups.getInfo`` and
    ``groups.members.getList`` instead of the three preference calls (4 fixed calls).
    """

    platform: ClassVar[str] = mapping.PLATFORM
    display_name: ClassVar[str] = "Flickr"
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {Capability.SETTINGS, Capability.MEMBERS, Capability.CONTENT, Capability.MEDIA})
    config_model: ClassVar[type[ConnectorConfig]] = FlickrConfig
    http_library = "httpx"
    api_origin: ClassVar[str | None] = "https://www.flickr.com"
    fake: ClassVar[str | None] = "connectors.flickr.fake:FakeFlickr"
    limitations: ClassVar[tuple[str, ...]] = (
        "A user account has no follower list in the API (contacts are not followers): "
        "members are observed for groups only.",
        "Who may comment on a user's photos, and whether comments are moderated, are not in "
        "the API: comment settings are not checked.",
        "Only people who hold the account's password can post as a user account; the API "
        "does not say who they are, so admins are not reported for users.",
        "Comments are re-read on photos of the last 30 days only: a new comment on an older "
        "photo is not seen after the first audit.",
        "Group discussions (topics and replies) and photo notes are not read.",
        "EXIF is read from Flickr's copy; members of a group pool may refuse to share theirs.",
    )

    #: How far back comments are re-read on photos already audited.
    comment_window: ClassVar[timedelta] = COMMENT_WINDOW


    def client(self, account: AccountRef) -> FlickrClient:
        """A signed client for ``base_url`` when set (the sandbox), else Flickr's origin."""
        config = self.config
        signer = OAuth1Signer(config.api_key, config.api_secret, config.oauth_token,
                              config.oauth_token_secret)
        return FlickrClient(self.http, account.base_url or self.api_origin or "", signer)

    def check_credentials(self, account: AccountRef) -> None:
        """``flickr.test.login``: raises :class:`~auditor.AuthError` unless the token is accepted."""
        mapping.login_user(self.client(account).call("flickr.test.login"))

    def fetch(self, account: AccountRef, cursor: Mapping[str, Any] | None) -> AccountSnapshot:
        """Settings, members (groups), and the photos and comments newer than ``cursor``."""
        fetched_at = datetime.now(UTC)
        config = self.config
        client = self.client(account)
        # Without knowing whose token this is there is nothing to audit: not caught.
        me, username = mapping.login_user(client.call("flickr.test.login"))
        _check_handle(account, config, me, username)
        missing: dict[Capability, str] = {}
        members: tuple[Member, ...] | None = None
        member_count: int | None = None
        settings: Settings | None
        if config.group_id:
            capabilities = self.capabilities
            info = client.call("flickr.groups.getInfo", {"group_id": config.group_id})
            member_count = mapping.group_member_count(info)
            members = self.observe(Capability.MEMBERS, missing,
                                   lambda: _read_members(client, str(config.group_id)))
            settings = mapping.group_settings(info, members)
        else:
            # No follower list exists for a user: the snapshot says members cannot be observed.
            capabilities = self.capabilities - {Capability.MEMBERS}
            settings = self.observe(Capability.SETTINGS, missing, lambda: mapping.user_settings(
                client.call("flickr.prefs.getPrivacy"), client.call("flickr.prefs.getGeoPerms"),
                client.call("flickr.prefs.getHidden")))

        state = cursor or {}
        listing = self.observe(Capability.CONTENT, missing,
                               lambda: _read_listing(client, config, me, state,
                                                     fetched_at - self.comment_window))
        items: tuple[ContentItem, ...] = ()
        next_cursor: Mapping[str, Any] | None = cursor
        if listing is None:
            missing.setdefault(Capability.MEDIA, missing[Capability.CONTENT])
        else:
            exif = self.observe(Capability.MEDIA, missing, lambda: _read_exif(client, listing.photos))
            items = tuple(_with_exif(i, exif) for i in listing.photo_items) + listing.comments
            next_cursor = _next_cursor(state, listing, media_read=exif is not None)
        log.info("flickr %s: %d calls, %d new items, missing: %s", account.id, client.calls,
                 len(items), ", ".join(missing) or "nothing")
        return AccountSnapshot(
            account=account, fetched_at=fetched_at, capabilities=capabilities,
            settings=settings, members=members, member_count=member_count, items=items,
            missing=missing, cursor=next_cursor)


def _check_handle(account: AccountRef, config: FlickrConfig, me: str, username: str | None) -> None:
    # A token of another account would audit the wrong photostream without a word.
    handle = (account.handle or "").strip().lstrip("@").lower()
    if config.kind == "user" and handle and handle not in (me.lower(), (username or "").lower()):
        raise ConfigError(f"the OAuth token belongs to another Flickr account than {account.handle!r}",
                          key=f"accounts.{account.id}.handle")


def _read_members(client: FlickrClient, group_id: str) -> tuple[Member, ...]:
    found = client.all_pages("flickr.groups.members.getList", "members", "member",
                             {"group_id": group_id})
    return tuple(mapping.member_from_group(m) for m in found.items)


def _cursor_epoch(cursor: Mapping[str, Any], key: str) -> int | None:
    value = cursor.get(key)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if value is not None:
        log.warning("flickr: ignoring unreadable cursor %s=%r", key, value)
    return None


def _read_listing(client: FlickrClient, config: FlickrConfig, me: str, cursor: Mapping[str, Any],
                  window_start: datetime) -> _Listing:
    photos_after = _cursor_epoch(cursor, "photos_after")
    comments_after = _cursor_epoch(cursor, "comments_after")
    # Photos newer than the cursor are new; those of the comment window are re-read for comments.
    since = None
    if photos_after is not None:
        since = min(photos_after, int(window_start.timestamp()))

    def moment(photo: Mapping[str, Any]) -> int:
        return int(mapping.photo_time(photo).timestamp())

    if config.group_id:
        # The pool is listed newest-added first and has no date filter: stop past ``since``.
        pool = client.all_pages(
            "flickr.groups.pools.getPhotos", "photos", "photo",
            {"group_id": config.group_id, "extras": EXTRAS},
            until=lambda page: since is not None and moment(page[-1]) < since)
        listed = [p for p in pool.items if since is None or moment(p) >= since]
    else:
        query: dict[str, str | int] = {"user_id": me, "extras": EXTRAS}
        if since is not None:
            query["min_upload_date"] = since
        listed = client.all_pages("flickr.people.getPhotos", "photos", "photo", query).items

    seen: set[str] = set()
    photos: list[dict[str, Any]] = []
    comments: list[ContentItem] = []
    newest_photo, newest_comment = photos_after, comments_after
    for photo in listed:
        photo_id = str(photo.get("id"))
        if photo_id in seen:  # a photo may move between pages while they are read
            continue
        seen.add(photo_id)
        when = moment(photo)
        if photos_after is None or when > photos_after:
            photos.append(photo)
        newest_photo = max(newest_photo or when, when)
        for comment in _read_comments(client, photo, me, comments_after):
            comments.append(comment)
            stamp = int(comment.created_at.timestamp())
            newest_comment = max(newest_comment or stamp, stamp)
    # Mapped here, so that an undocumented photo marks content missing, not the whole audit.
    photo_items = tuple(mapping.photo_item(p, me) for p in photos)
    return _Listing(photos, photo_items, tuple(comments), newest_photo, newest_comment)


def _with_exif(item: ContentItem, exif: Mapping[str, dict[str, str]] | None) -> ContentItem:
    found = (exif or {}).get(item.id)
    if found is None:
        return item
    return replace(item, media=tuple(replace(m, exif=found) for m in item.media))


def _read_comments(client: FlickrClient, photo: Mapping[str, Any], me: str,
                   after: int | None) -> list[ContentItem]:
    photo_id = str(photo["id"])
    query: dict[str, str | int] = {"photo_id": photo_id}
    if after is not None:
        query["min_comment_date"] = after
    try:
        body = client.call("flickr.photos.comments.getList", query)
    except FlickrMethodError as exc:
        if exc.code == _PHOTO_GONE:
            return []
        raise
    wrapper = body.get("comments")
    if not isinstance(wrapper, Mapping):
        raise PlatformResponseError(mapping.PLATFORM,
                                            "flickr.photos.comments.getList: no 'comments' object")
    found = wrapper.get("comment", [])  # absent when the photo has no comments
    if not isinstance(found, list) or not all(isinstance(c, Mapping) for c in found):
        raise PlatformResponseError(mapping.PLATFORM,
                                            "flickr.photos.comments.getList: comment is not a list")
    visibility = mapping.photo_visibility(photo)
    items = [mapping.comment_item(c, photo_id, me, visibility) for c in found]
    # min_comment_date includes its own second: keep only what is really newer.
    return [i for i in items if after is None or i.created_at.timestamp() > after]


def _read_exif(client: FlickrClient, photos: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for photo in photos:
        if photo.get("media") == "video":
            continue
        query: dict[str, str | int] = {"photo_id": str(photo["id"])}
        if isinstance(photo.get("secret"), str):
            query["secret"] = photo["secret"]
        try:
            found[str(photo["id"])] = mapping.exif_from(client.call("flickr.photos.getExif", query))
        except FlickrMethodError as exc:
            if exc.code not in (_PHOTO_GONE, _EXIF_NOT_SHARED):
                raise
    return found


def _next_cursor(cursor: Mapping[str, Any], listing: _Listing, *,
                 media_read: bool) -> dict[str, int]:
    # Without EXIF the photos' upload cursor stays put, so their EXIF is read next time.
    photos_after = listing.photos_after if media_read else _cursor_epoch(cursor, "photos_after")
    return {key: value for key, value in (("photos_after", photos_after),
                                          ("comments_after", listing.comments_after))
            if value is not None}

