"""The WordPress connector: a self-hosted site read via its REST API with an Application Password."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator

from auditor import (
    AccountRef,
    AccountSnapshot,
    AuthError,
    Capability,
    Connector,
    ConnectorConfig,
    ConnectorError,
    ContentItem,
    Member,
)
from connectors.wordpress import mapping
from connectors.wordpress.client import Probe, WordPressClient

__all__ = ["WordPressConfig", "WordPressConnector"]

log = logging.getLogger(__name__)

# Every status an editor can see; trash and auto-drafts are left out.
POST_STATUSES = "publish,future,draft,pending,private"
# Held comments are fetched too: a moderator must see what is waiting for approval.
# ``status=all`` is WP_Comment_Query's "comment_approved = '0' OR '1'": approved and held
# in one collection (spam and trash left out). ``context=edit`` makes WordPress refuse a
# user without moderate_comments instead of silently leaving out the held comments.
COMMENT_STATUS = "all"
# ``_fields`` keeps each page small: a repeat audit mostly transfers empty lists.
POST_FIELDS = "id,type,status,date_gmt,modified_gmt,link,title,content,author,password"
COMMENT_FIELDS = "id,post,author,author_name,date_gmt,content,link,status"
USER_FIELDS = "id,username,name,slug,roles,registered_date"
# Without these WordPress does not refuse: it silently leaves out users, private and
# password-protected posts, and held comments the user may not edit, so an audit would
# look complete while it is not. manage_options (for /settings) only adds comment settings.
REQUIRED_CAPABILITIES = (
    "list_users", "edit_posts", "edit_others_posts", "edit_published_posts",
    "edit_private_posts", "read_private_posts", "edit_pages", "edit_others_pages",
    "edit_published_pages", "edit_private_pages", "read_private_pages", "moderate_comments",
)
# WordPress compares ``after``/``modified_after`` with the site's local time, which old
# versions and DST changes get wrong by hours; ask for a day more and drop what was seen.
OVERLAP = timedelta(days=1)


class WordPressConfig(ConnectorConfig):
    """How to reach a WordPress site: its https address and an Application Password.

    ``hosting: wpcom`` says the site is hosted on WordPress.com: who can see it is then
    asked of WordPress.com's own API instead of probing the site's REST API.
    """

    site_url: str
    username: str = Field(min_length=1)
    application_password: SecretStr
    hosting: Literal["self", "wpcom"] = "self"

    @field_validator("site_url")
    @classmethod
    def _https_site(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme != "https" or not parts.hostname:
            raise ValueError(
                "must be the site's https:// address (Application Passwords need HTTPS)")
        if parts.username or parts.password or parts.query or parts.fragment:
            raise ValueError("must not carry credentials, a query or a fragment")
        return value.strip().rstrip("/")

    @model_validator(mode="after")
    def _wpcom_site_is_a_domain(self) -> WordPressConfig:
        if self.hosting == "wpcom" and urlsplit(self.site_url).path:
            raise ValueError("a WordPress.com site_url is the site's domain, with no path")
        return self

    @property
    def domain(self) -> str:
        """The site's host name, which names it in WordPress.com's API."""
        return urlsplit(self.site_url).hostname or ""


class WordPressConnector(Connector[WordPressConfig]):
    """Reads a self-hosted WordPress site: who can see it, its users, posts, pages and comments."""

    platform: ClassVar[str] = "wordpress"
    display_name: ClassVar[str] = "WordPress"
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {Capability.SETTINGS, Capability.MEMBERS, Capability.CONTENT})
    config_model: ClassVar[type[ConnectorConfig]] = WordPressConfig
    http_library = "httpx"
    fake: ClassVar[str | None] = "connectors.wordpress.fake:FakeWordPress"
    limitations: ClassVar[tuple[str, ...]] = (
        "Who may register (Settings > General > Membership) is not in the REST API: "
        "joining is not checked.",
        "Search engine visibility (Settings > Reading) is not in the REST API: "
        "discoverability is not checked.",
        "Visibility comes from an anonymous request to the REST API: a plugin that blocks the "
        "REST API for visitors while the web pages stay public reads as private.",
        "Comment moderation and 'must be logged in to comment' are not in the REST API: "
        "open comments read as open to everyone.",
        "Membership rules added by plugins (membership, private-site, BuddyPress groups) "
        "are not seen.",
        "A comment edited, or approved, after it was first read is not read again.",
        "Images are listed from the post HTML with their alt text; EXIF is not read.",
        "WordPress.com sites (hosting: wpcom): only who can see the site comes from "
        "WordPress.com's own API (a 'coming soon' site reads as private); settings, users and "
        "content are still read from the site's /wp-json/wp/v2 with an Application Password, "
        "which has not been checked against WordPress.com's plans.",
        "A repeat audit costs 6 calls, not 3: the REST API has no change signal for settings "
        "or users, serves posts and pages from two routes, and cannot batch reads.",
    )


    def client(self, account: AccountRef) -> WordPressClient:
        """A client for the account's site: ``base_url`` when set (the sandbox), else ``site_url``."""
        config = self.config
        if account.base_url:  # the sandbox serves WordPress.com's API under the site too
            return WordPressClient(self.http, account.base_url, config.username,
                                   config.application_password,
                                   wpcom_root=account.base_url.rstrip("/") + "/rest/v1.1/")
        return WordPressClient(self.http, config.site_url, config.username,
                               config.application_password)

    def check_credentials(self, account: AccountRef) -> None:
        """Ask who we are (401 if the password is rejected), and check what we may read (403)."""
        me = self.client(account).get_object("users/me", {"context": "edit"})
        granted = me.get("capabilities")
        if not isinstance(granted, Mapping):
            return  # a filtered answer: nothing more to check
        lacking = [cap for cap in REQUIRED_CAPABILITIES if not granted.get(cap)]
        if lacking:
            raise AuthError(mapping.PLATFORM, f"the user lacks {', '.join(lacking)}: audits would "
                            "silently miss what it may not read", status=403)
        if not granted.get("manage_options"):
            log.warning("wordpress %s: without manage_options the comment settings are not read",
                        account.id)

    def fetch(self, account: AccountRef, cursor: Mapping[str, Any] | None) -> AccountSnapshot:
        """Probe, settings, every user, and the posts, pages and comments changed since ``cursor``.

        The probe is the site's REST API asked without credentials or, with ``hosting:
        wpcom``, WordPress.com's ``sites/<domain>`` asked the same way.
        Calls: 1 anonymous probe + 1 settings + one per 100 users + at least one each for
        posts, pages and comments (approved and held together): 6 for a small site, first
        audit or repeat. Six is the floor (README, "Why 6"): settings and users have no
        modification time to skip them on, posts and pages are two routes, and
        ``/batch/v1`` takes no GET sub-requests.
        """
        fetched_at = datetime.now(UTC)
        client = self.client(account)
        missing: dict[Capability, str] = {}
        # Without the probe there is no visibility to report: let it raise.
        probe: Probe | None = None
        wpcom: dict[str, Any] | None = None
        if self.config.hosting == "wpcom":
            hosted = client.wpcom_site(self.config.domain)
            wpcom = {"status": hosted.status, "is_private": hosted.is_private,
                     "is_coming_soon": hosted.is_coming_soon}
        else:
            probe = client.probe()
        site_settings, unreadable = self._read_settings(client)

        read = self.observe(Capability.MEMBERS, missing, lambda: _read_members(client))
        members, member_count, publishers = read if read else (None, None, None)
        by_id = {m.id: m for m in members or ()}

        settings = mapping.settings_from(
            site_settings, probe_status=probe.status if probe else None,
            public_posts=probe.public_posts if probe else None, admins=members,
            unreadable=unreadable, wpcom=wpcom)
        content = self.observe(Capability.CONTENT, missing,
                               lambda: _read_content(client, cursor or {}, by_id, publishers))
        items, next_cursor = content if content else ((), cursor)
        log.info("wordpress %s: %d calls, %d users, %d new items, missing: %s", account.id,
                 client.calls, len(by_id), len(items), ", ".join(missing) or "nothing")
        return AccountSnapshot(
            account=account, fetched_at=fetched_at, capabilities=self.capabilities,
            settings=settings, members=members, member_count=member_count, items=items,
            missing=missing, cursor=next_cursor)

    @staticmethod
    def _read_settings(client: WordPressClient) -> tuple[dict[str, Any] | None, str | None]:
        # Settings need manage_options; without it the probe still says who can see the site.
        try:
            return client.get_object("settings"), None
        except ConnectorError as exc:
            if isinstance(exc, AuthError) and exc.status != 403:
                raise
            log.warning("wordpress: site settings not read: %s", exc)
            return None, str(exc)


def _read_members(client: WordPressClient) -> tuple[tuple[Member, ...], int, frozenset[int]]:
    users = client.get_all("users", {"context": "edit", "orderby": "id", "order": "asc",
                                     "_fields": USER_FIELDS})
    members = tuple(mapping.member_from_user(user) for user in users.items)
    return members, users.total, mapping.publisher_ids(users.items)


def _since(cursor: Mapping[str, Any], key: str) -> datetime | None:
    value = cursor.get(key)
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value).astimezone(UTC)
    except ValueError:
        log.warning("wordpress: ignoring unreadable cursor %s=%r", key, value)
        return None


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _read_content(client: WordPressClient, cursor: Mapping[str, Any],
                  members: Mapping[str, Member], publishers: frozenset[int] | None,
                  ) -> tuple[tuple[ContentItem, ...], dict[str, str | None]]:
    modified_after = _since(cursor, "modified_after")
    comments_after = _since(cursor, "comments_after")

    post_query: dict[str, str | int] = {"context": "edit", "status": POST_STATUSES,
                                        "orderby": "id", "order": "asc", "_fields": POST_FIELDS}
    if modified_after:
        post_query["modified_after"] = _iso(modified_after - OVERLAP)
    posts = client.get_all("posts", post_query).items + client.get_all("pages", post_query).items

    comment_query: dict[str, str | int] = {"context": "edit", "status": COMMENT_STATUS,
                                           "orderby": "id", "order": "asc",
                                           "_fields": COMMENT_FIELDS}
    if comments_after:
        comment_query["after"] = _iso(comments_after - OVERLAP)
    comments = client.get_all("comments", comment_query).items

    items: list[ContentItem] = []
    newest_post = modified_after
    for post in posts:
        changed = mapping.newest(post, "modified_gmt", "date_gmt")
        if changed is None or modified_after is None or changed > modified_after:
            items.append(mapping.post_item(post, members))
        if changed and (newest_post is None or changed > newest_post):
            newest_post = changed
    newest_comment = comments_after
    for comment in comments:
        item = mapping.comment_item(comment, members, publishers)
        if comments_after is None or item.created_at > comments_after:
            items.append(item)
        if newest_comment is None or item.created_at > newest_comment:
            newest_comment = item.created_at
    next_cursor = {"modified_after": _iso(newest_post) if newest_post else None,
                   "comments_after": _iso(newest_comment) if newest_comment else None}
    return tuple(items), next_cursor
