"""The LinkedIn connector: one organisation Page, read with a Page admin's member access token."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

from pydantic import Field, SecretStr, field_validator

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
from connectors.linkedin import mapping
from connectors.linkedin.client import LinkedInClient, urn_segment

__all__ = ["DEFAULT_API_VERSION", "LinkedInConfig", "LinkedInConnector"]

log = logging.getLogger(__name__)

#: A Marketing API version LinkedIn serves until mid-2027 (each is served for at least a year).
DEFAULT_API_VERSION = "202607"
#: ``edgeType`` of ``networkSizes`` that counts a Page's followers.
FOLLOWER_EDGE = "COMPANY_FOLLOWED_BY_MEMBER"
_ORGANIZATION = re.compile(r"^(?:urn:li:organization:)?([0-9]{1,20})$")


class LinkedInConfig(ConnectorConfig):
    """A Page admin's member access token and the Page's organisation id."""

    access_token: SecretStr
    organization_id: str
    api_version: str = Field(DEFAULT_API_VERSION, pattern=r"^[0-9]{6}(\.[0-9]{2})?$")
    #: How many of the newest posts have their comments read again at every audit.
    comment_posts: int = Field(20, ge=0, le=100)

    @field_validator("organization_id", mode="before")
    @classmethod
    def _numeric_id(cls, value: Any) -> str:
        match = _ORGANIZATION.match(str(value).strip())
        if match is None or isinstance(value, bool):
            raise ValueError("must be the Page's numeric organisation id "
                             "(or urn:li:organization:<id>)")
        return match.group(1)


@dataclass(frozen=True)
class _Content:
    """What one content read found, and the cursor that follows it."""

    items: tuple[ContentItem, ...]
    cursor: dict[str, int | None]


class LinkedInConnector(Connector[LinkedInConfig]):
    """Reads a school's LinkedIn Page: its follower count, admins, posts and their comments.

    Calls per audit of a small Page (one page each): networkSizes, organizationAcls,
    posts, and one comments read for each new post and each of the ``comment_posts``
    newest posts; 5 for a Page with two posts, first audit or repeat. That is above the
    project's budget of three: admins and the follower count have no change signal, and
    no API lists an organisation's new comments across its posts (the README's "Why more
    than 3" names what is missing).
    """

    platform: ClassVar[str] = mapping.PLATFORM
    display_name: ClassVar[str] = "LinkedIn Pages"
    # No MEMBERS: the API gives the follower count, never the list of followers.
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {Capability.SETTINGS, Capability.CONTENT})
    config_model: ClassVar[type[ConnectorConfig]] = LinkedInConfig
    http_library = "httpx"
    api_origin: ClassVar[str | None] = "https://api.linkedin.com"
    fake: ClassVar[str | None] = "connectors.linkedin.fake:FakeLinkedIn"
    limitations: ClassVar[tuple[str, ...]] = (
        "A LinkedIn Page is public by design: visibility is always public and anyone may "
        "follow it; record an approved exception for the private rule.",
        "Followers cannot be listed through the API, only counted: membership rules report "
        "could not check (member_count is set).",
        "Admins are read from organizationAcls, which needs rw_organization_admin; without it "
        "settings.admins is unknown (settings.raw.admins_unreadable says why).",
        "Admins are named by member URN only: the API does not give their names to this token.",
        "Comment authors are member URNs: their names are not readable with Page scopes.",
        "Who may comment, and whether search engines list the Page, are not in the API.",
        "Comments are read for new posts and the newest comment_posts posts only; a comment "
        "on an older post is not seen.",
        "Replies to comments (nested comments) and edits after a post or comment was first "
        "read are not read.",
        "Images and videos are LinkedIn URNs, not addresses: their alt text is read, never "
        "the file or its EXIF.",
        "Posts by staff on their own profiles, direct messages and Page mentions are not read.",
        "A repeat audit of an unchanged Page costs 3 calls plus one per watched post, above the "
        "project's budget of 3: no API gives new comments across a Page's posts for every "
        "visibility.",
    )

    #: Page sizes asked for (``count``).
    posts_page_size: ClassVar[int] = 50
    comments_page_size: ClassVar[int] = 100
    acls_page_size: ClassVar[int] = 100


    def client(self, account: AccountRef) -> LinkedInClient:
        """A client for the account: ``base_url`` when set (the sandbox), else LinkedIn's API."""
        config = self.config
        origin = account.base_url or self.api_origin or ""
        return LinkedInClient(self.http, origin, config.access_token, config.api_version)

    def check_credentials(self, account: AccountRef) -> None:
        """Count followers (401 if the token is refused), then read one post (403 without scope)."""
        client = self.client(account)
        org = mapping.organization_urn(self.config.organization_id)
        _read_followers(client, org)
        next(client.pages("posts", _post_query(org), "posts", page_size=1), None)

    def fetch(self, account: AccountRef, cursor: Mapping[str, Any] | None) -> AccountSnapshot:
        """Follower count, admins, and the posts and comments newer than ``cursor``.

        ``cursor`` holds ``posts_after`` (the newest post's ``createdAt``) and
        ``comments_after`` (the newest comment's ``created.time``), epoch milliseconds.
        When content cannot be read the cursor comes back unchanged.
        """
        fetched_at = datetime.now(UTC)
        config = self.config
        client = self.client(account)
        org = mapping.organization_urn(config.organization_id)
        missing: dict[Capability, str] = {}
        # The Page itself: without it there is nothing to check, so this failure is not caught.
        followers = _read_followers(client, org)
        admins, unreadable = self._read_admins(client, org)
        settings = mapping.settings_for(org, followers, admins, admins_unreadable=unreadable,
                                        api_version=config.api_version)
        content = self.observe(Capability.CONTENT, missing,
                               lambda: self._read_content(client, org, cursor or {}))
        log.info("linkedin %s: %d calls, %d new items, missing: %s", account.id, client.calls,
                 len(content.items) if content else 0, ", ".join(missing) or "nothing")
        return AccountSnapshot(
            account=account, fetched_at=fetched_at, capabilities=self.capabilities,
            settings=settings, member_count=followers,
            items=content.items if content is not None else (), missing=missing,
            cursor=content.cursor if content is not None else cursor)

    def _read_admins(self, client: LinkedInClient, org: str,
                     ) -> tuple[tuple[Member, ...] | None, str | None]:
        # Admins need rw_organization_admin; without them the rest of the audit still stands.
        try:
            acls = client.get_all("organizationAcls", {
                "q": "organization", "organization": org, "state": "APPROVED"},
                "organizationAcls", page_size=self.acls_page_size)
        except ConnectorError as exc:
            if isinstance(exc, AuthError) and exc.status != 403:
                raise
            log.warning("linkedin: Page admins not read: %s", exc)
            return None, str(exc)
        return mapping.admins_from_acls(acls), None

    def _read_content(self, client: LinkedInClient, org: str,
                      cursor: Mapping[str, Any]) -> _Content:
        posts_after = _millis_or_none(cursor.get("posts_after"))
        comments_after = _millis_or_none(cursor.get("comments_after"))
        new_posts: list[ContentItem] = []
        newest_post = posts_after
        watched: dict[str, ContentItem] = {}
        for page in client.pages("posts", _post_query(org), "posts",
                                 page_size=self.posts_page_size):
            seen_before = False
            for post in page:
                created = mapping.created_ms(post)
                item = mapping.post_item(post, org)
                if len(watched) < self.config.comment_posts:
                    watched[item.id] = item
                if posts_after is not None and created <= posts_after:
                    seen_before = True  # sortBy=CREATED: newest first, the rest was read before
                    continue
                new_posts.append(item)
                watched[item.id] = item
                newest_post = created if newest_post is None else max(newest_post, created)
            if seen_before:
                break
        comments: list[ContentItem] = []
        newest_comment = comments_after
        for watched_post in watched.values():
            for raw in client.get_all(f"socialActions/{urn_segment(watched_post.id)}/comments", {},
                                      "socialActions/comments", page_size=self.comments_page_size):
                comment = mapping.comment_item(raw, watched_post, org)
                stamp = mapping.comment_ms(raw)
                if comments_after is None or stamp > comments_after:
                    comments.append(comment)
                if newest_comment is None or stamp > newest_comment:
                    newest_comment = stamp
        items = sorted(new_posts, key=lambda i: i.created_at) + sorted(
            comments, key=lambda i: i.created_at)
        return _Content(items=tuple(items),
                        cursor={"posts_after": newest_post, "comments_after": newest_comment})


def _read_followers(client: LinkedInClient, org: str) -> int:
    return mapping.follower_count(client.get_object(
        f"networkSizes/{urn_segment(org)}", {"edgeType": FOLLOWER_EDGE}, "networkSizes"))


def _post_query(org: str) -> dict[str, str | int]:
    # Rest.li wants the finder's parameter before q=author.
    return {"author": org, "q": "author", "sortBy": "CREATED"}


def _millis_or_none(value: Any) -> int | None:
    """Epoch milliseconds from a stored cursor; anything else is treated as no cursor."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if value is not None:
        log.warning("linkedin: ignoring unreadable cursor value %r", value)
    return None
