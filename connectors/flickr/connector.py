"""The Flickr connector: a school's Flickr user account or group, read with OAuth 1.0a."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
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
#: ``last_update`` is the photo's modification time, which a new comment moves too.
EXTRAS = "date_upload,last_update,description,geo,url_m,tags,media,owner_name,path_alias"
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
    """What one content read found: changed photos, new comments, and the cursor after them."""

    photos: list[dict[str, Any]]
    photo_items: tuple[ContentItem, ...]
    comments: tuple[ContentItem, ...]
    updated_after: int | None
    comments_after: int | None


class FlickrConnector(Connector[FlickrConfig]):
    """Reads a Flickr account: default privacy, geo settings, photos with EXIF, and comments;
    for a group, its privacy, its members and its pool.

    Calls for a small account (one page each). A user: first audit ``test.login``, three
    preference calls, ``people.getPhotos``, then one comment call per photo and one EXIF
    call per still photo; a repeat audit with nothing new 4: the three preferences (whose
    answers name the token's owner, so ``test.login`` is not asked again) and one
    ``photos.recentlyUpdated`` since the cursor. A group: ``test.login``,
    ``groups.getInfo``, ``groups.members.getList`` and every page of the pool, 4 when
    nothing is new. A photo that is new or was modified (a new comment modifies it) costs
    one comment call and one EXIF call more.
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
        "A comment edited after it was first read is not read again (an edit does not "
        "change the comment's date).",
        "Group discussions (topics and replies) and photo notes are not read.",
        "EXIF is read from Flickr's copy; members of a group pool may refuse to share theirs.",
        "A repeat audit costs 4 calls, not 3: Flickr has one method per preference and no "
        "change signal for them, and no group method names the caller.",
    )

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
        """Settings, members (groups), and the photos and comments changed since ``cursor``."""
        fetched_at = datetime.now(UTC)
        config = self.config
        client = self.client(account)
        state: Mapping[str, Any] = cursor or {}
        missing: dict[Capability, str] = {}
        members: tuple[Member, ...] | None = None
        member_count: int | None = None
        settings: Settings | None
        if config.group_id:
            # No group method names the caller: ask whose token this is, every audit.
            me, _ = mapping.login_user(client.call("flickr.test.login"))
            capabilities = self.capabilities
            info = client.call("flickr.groups.getInfo", {"group_id": config.group_id})
            member_count = mapping.group_member_count(info)
            members = self.observe(Capability.MEMBERS, missing,
                                   lambda: _read_members(client, str(config.group_id)))
            settings = mapping.group_settings(info, members)
        else:
            # No follower list exists for a user: the snapshot says members cannot be observed.
            capabilities = self.capabilities - {Capability.MEMBERS}
            prefs = self.observe(Capability.SETTINGS, missing, lambda: _read_prefs(client))
            settings, owner = prefs if prefs else (None, None)
            known = _known_owner(state, account)
            if known is not None and owner == known:
                # The preferences are the token owner's own, and they name the account the
                # handle was checked against last time: no need to ask test.login again.
                me = known
            else:
                # Without knowing whose token this is there is nothing to audit: not caught.
                me, username = mapping.login_user(client.call("flickr.test.login"))
                _check_handle(account, config, me, username)
        if _cursor_owner(state) not in (None, me):
            state = {}  # the cursor was stored for another account: read this one in full

        listing = self.observe(Capability.CONTENT, missing,
                               lambda: _read_listing(client, config, me, state))
        items: tuple[ContentItem, ...] = ()
        next_cursor = _next_cursor(state, None, media_read=False)
        if listing is None:
            missing.setdefault(Capability.MEDIA, missing[Capability.CONTENT])
        else:
            exif = self.observe(Capability.MEDIA, missing, lambda: _read_exif(client, listing.photos))
            items = tuple(_with_exif(i, exif) for i in listing.photo_items) + listing.comments
            next_cursor = _next_cursor(state, listing, media_read=exif is not None)
        if not config.group_id:
            next_cursor["account"] = {"nsid": me, "handle": _handle(account)}
        log.info("flickr %s: %d calls, %d new items, missing: %s", account.id, client.calls,
                 len(items), ", ".join(missing) or "nothing")
        return AccountSnapshot(
            account=account, fetched_at=fetched_at, capabilities=capabilities,
            settings=settings, members=members, member_count=member_count, items=items,
            missing=missing, cursor=next_cursor or None)


def _handle(account: AccountRef) -> str:
    return (account.handle or "").strip().lstrip("@").lower()


def _check_handle(account: AccountRef, config: FlickrConfig, me: str, username: str | None) -> None:
    # A token of another account would audit the wrong photostream without a word.
    handle = _handle(account)
    if config.kind == "user" and handle and handle not in (me.lower(), (username or "").lower()):
        raise ConfigError(f"the OAuth token belongs to another Flickr account than {account.handle!r}",
                          key=f"accounts.{account.id}.handle")


def _cursor_owner(cursor: Mapping[str, Any]) -> str | None:
    stored = cursor.get("account")
    nsid = stored.get("nsid") if isinstance(stored, Mapping) else None
    return nsid if isinstance(nsid, str) and nsid else None


def _known_owner(cursor: Mapping[str, Any], account: AccountRef) -> str | None:
    """The NSID ``test.login`` gave for this handle at an earlier audit, if the handle is unchanged."""
    stored = cursor.get("account")
    if not isinstance(stored, Mapping) or stored.get("handle") != _handle(account):
        return None
    return _cursor_owner(cursor)


def _read_prefs(client: FlickrClient) -> tuple[Settings, str]:
    answers = [client.call(method) for method in
               ("flickr.prefs.getPrivacy", "flickr.prefs.getGeoPerms", "flickr.prefs.getHidden")]
    return mapping.user_settings(*answers), mapping.prefs_owner(*answers)


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


def _updated_after(cursor: Mapping[str, Any]) -> int | None:
    # ``photos_after`` is what cursors stored before modification times were used.
    updated = _cursor_epoch(cursor, "updated_after")
    return updated if updated is not None else _cursor_epoch(cursor, "photos_after")


def _read_listing(client: FlickrClient, config: FlickrConfig, me: str,
                  cursor: Mapping[str, Any]) -> _Listing:
    after = _updated_after(cursor)
    comments_after = _cursor_epoch(cursor, "comments_after")
    if config.group_id:
        # The pool has no date filter, and an old pool photo may have a new comment: every
        # page is read, and each photo's modification time says which to look at again.
        listed = client.all_pages("flickr.groups.pools.getPhotos", "photos", "photo",
                                  {"group_id": config.group_id, "extras": EXTRAS}).items
    elif after is None:
        listed = client.all_pages("flickr.people.getPhotos", "photos", "photo",
                                  {"user_id": me, "extras": EXTRAS}).items
    else:
        # The account's own photos created or modified (a comment added, the title or the
        # privacy changed) since the cursor, most recently updated first.
        listed = client.all_pages("flickr.photos.recentlyUpdated", "photos", "photo",
                                  {"min_date": after, "extras": EXTRAS}).items

    seen: set[str] = set()
    photos: list[dict[str, Any]] = []
    comments: list[ContentItem] = []
    newest_photo, newest_comment = after, comments_after
    for photo in listed:
        photo_id = str(photo.get("id"))
        if photo_id in seen:  # a photo may move between pages while they are read
            continue
        seen.add(photo_id)
        changed = int(mapping.photo_changed(photo).timestamp())
        # min_date includes its own second, and the pool is read whole: keep what is newer.
        if after is not None and changed <= after:
            continue
        photos.append(photo)
        newest_photo = max(newest_photo or changed, changed)
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


def _next_cursor(cursor: Mapping[str, Any], listing: _Listing | None, *,
                 media_read: bool) -> dict[str, Any]:
    # Without content, or without EXIF, the modification cursor stays put, so those photos
    # are read again next time; comments already reported are not.
    updated = listing.updated_after if listing is not None and media_read \
        else _updated_after(cursor)
    comments = listing.comments_after if listing is not None \
        else _cursor_epoch(cursor, "comments_after")
    return {key: value for key, value in (("updated_after", updated), ("comments_after", comments))
            if value is not None}
