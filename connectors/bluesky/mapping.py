"""Pure functions from Bluesky (atproto) XRPC payloads to the auditor's snapshot types."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Literal

from atproto_core.uri import AtUri

from auditor import Author, ContentItem, Media, Member, PlatformResponseError, Settings
from connectors.bluesky.client import PLATFORM

__all__ = [
    "WEB",
    "account_profile",
    "entry_time",
    "member_count",
    "members_from_followers",
    "notification_item",
    "own_posts",
    "parse_time",
    "post_item",
    "post_url",
    "profile_from_followers",
    "reply_policy",
    "settings_from",
    "sort_time",
]

Payload = Mapping[str, Any]
ReplyPolicy = Literal["everyone", "members", "off"]

#: Where people read posts: the Bluesky web app.
WEB = "https://bsky.app"
_POST = "app.bsky.feed.post"
_THREADGATE = "app.bsky.feed.threadgate"
#: The self-label an account sets to ask apps not to show it to logged-out visitors.
_NO_UNAUTHENTICATED = "!no-unauthenticated"
_RULE_NAMES = {f"{_THREADGATE}#mentionRule": "mentioned", f"{_THREADGATE}#followerRule": "followers",
               f"{_THREADGATE}#followingRule": "following", f"{_THREADGATE}#listRule": "list"}
# Most permissive first: the account's comments setting is the most open gate seen.
_OPENNESS: tuple[ReplyPolicy, ...] = ("everyone", "members", "off")
_KINDS: Mapping[str, Literal["reply", "comment"]] = {
    "reply": "reply", "mention": "comment", "quote": "comment"}
#: Marks a profile built from getFollowers' ``subject``, whose followersCount was counted.
_COUNTED = "_followersCountedFromList"
#: Open posts listed by address in ``settings.raw``; the count covers them all.
_LISTED_OPEN_POSTS = 10


def account_profile(profile: Payload) -> Payload:
    """The detailed profile view, checked for the fields the connector relies on."""
    _text(profile, "did", "profile")
    _text(profile, "handle", "profile")
    if "followersCount" in profile and not _is_int(profile["followersCount"]):
        raise _bad("profile: followersCount is not a number")
    return profile


def profile_from_followers(subject: Payload, owner_did: str, followers: int) -> Payload:
    """The ``subject`` of ``getFollowers`` (a ``#profileView``), used instead of ``getProfile``.

    A ``#profileView`` carries the DID, handle, display name, description, ``createdAt``,
    ``associated`` and labels the settings need, but no counts: ``followersCount`` is set to
    ``followers``, the number of distinct followers listed (every page is read), and
    ``followsCount`` and ``postsCount`` stay unknown.
    """
    profile = dict(account_profile(subject))
    if profile["did"] != owner_did:
        raise _bad("getFollowers: the subject is not the signed-in account")
    for key in ("followersCount", "followsCount", "postsCount"):
        profile.pop(key, None)
    profile["followersCount"] = followers
    profile[_COUNTED] = True
    return profile


def settings_from(profile: Payload, own_root_posts: Iterable[Payload]) -> Settings:
    """Settings: public and open by design; who may reply from the recent posts' threadgates.

    Every Bluesky account, its posts and its followers can be read by anyone, and anyone
    may follow it. Reply controls (threadgates) are per thread; ``comments`` is the most
    open one among the posts read, ``None`` when no top-level post was read.
    """
    labels = {label.get("val") for label in profile.get("labels") or ()
              if isinstance(label, Mapping)}
    associated = profile.get("associated")
    chat = associated.get("chat") if isinstance(associated, Mapping) else None
    gates = [(post, reply_policy(post)) for post in own_root_posts]
    comments = min((policy for _post, policy in gates), key=_OPENNESS.index, default=None)
    open_posts = [post_url(str(post.get("uri")), None) for post, policy in gates
                  if policy == "everyone"]
    raw: dict[str, Any] = {
        "did": profile["did"], "handle": profile["handle"],
        "display_name": profile.get("displayName"), "description": profile.get("description"),
        "created_at": profile.get("createdAt"),
        "followers_count": profile.get("followersCount"),
        # "listed": counted from getFollowers (no getProfile call); "profile": followersCount.
        "followers_count_source": "listed" if profile.get(_COUNTED) else "profile",
        "follows_count": profile.get("followsCount"), "posts_count": profile.get("postsCount"),
        "labels": sorted(str(v) for v in labels if v),
        # Honoured by Bluesky's own apps only; the data stays public through the API.
        "logged_out_visibility": "discouraged" if _NO_UNAUTHENTICATED in labels else "shown",
        "chat_allow_incoming": chat.get("allowIncoming") if isinstance(chat, Mapping) else None,
        "threadgates": {
            "posts_checked": len(gates),
            **{policy: sum(1 for _p, g in gates if g == policy) for policy in _OPENNESS},
            "open_to_everyone": open_posts[:_LISTED_OPEN_POSTS],
            "latest": _gate_summary(gates[0][0]) if gates else None,
        },
    }
    return Settings(visibility="public", join_policy="open", discoverable=True,
                    comments=comments, location_tagging=False, admins=None, raw=raw)


def reply_policy(post: Payload) -> ReplyPolicy:
    """Who may reply to a top-level post, from its view's ``threadgate``.

    No threadgate, or one without ``allow`` (it may only hide replies): everyone. An empty
    ``allow``: nobody. Otherwise only the mentioned, followers, followed accounts or lists.
    """
    allow = _allow_rules(post)
    if allow is None:
        return "everyone"
    return "members" if allow else "off"


def member_count(profile: Payload) -> int | None:
    """``followersCount`` of the profile, when given."""
    count = profile.get("followersCount")
    return count if _is_int(count) else None


def members_from_followers(followers: Iterable[Payload]) -> tuple[Member, ...]:
    """Each follower as a ``Member`` with the role ``follower``; when they followed is not given."""
    members: dict[str, Member] = {}
    for follower in followers:
        did = _text(follower, "did", "follower")
        members[did] = Member(id=did, handle=_text(follower, "handle", "follower"),
                              display_name=follower.get("displayName") or None, role="follower")
    return tuple(members.values())


def own_posts(feed: Iterable[Payload], owner_did: str) -> list[Payload]:
    """The post views of an author feed that the account wrote (reposts and pins left out)."""
    posts = []
    for entry in feed:
        post = entry.get("post")
        if not isinstance(post, Mapping):
            raise _bad("author feed: an entry has no post view")
        if entry.get("reason") is not None:
            continue  # a repost (or a pinned post repeated at the top)
        author = post.get("author")
        if not isinstance(author, Mapping) or author.get("did") != owner_did:
            continue
        posts.append(post)
    return posts


def post_item(post: Payload, owner: Payload) -> ContentItem:
    """One of the account's own posts: ``post``, or ``reply`` when it answers another post."""
    uri = _text(post, "uri", "post")
    record = _record(post.get("record"), "post")
    parent = _reply_parent(record)
    return ContentItem(
        id=uri, kind="reply" if parent else "post",
        author=Author(id=owner["did"], handle=owner["handle"],
                      display_name=owner.get("displayName") or None, is_account_owner=True),
        text=str(record.get("text") or ""), created_at=_created_at(record, post),
        url=post_url(uri, owner["handle"]), visibility="public", parent_id=parent,
        media=_view_media(post.get("embed")))


def notification_item(notification: Payload, owner_did: str) -> ContentItem:
    """A reply to, mention of or quote of the account by someone else."""
    uri = _text(notification, "uri", "notification")
    reason = _text(notification, "reason", "notification")
    kind = _KINDS.get(reason)
    if kind is None:
        raise _bad(f"notification: unexpected reason {reason[:40]!r}")
    author = notification.get("author")
    if not isinstance(author, Mapping):
        raise _bad("notification: author is not a profile view")
    did = _text(author, "did", "notification author")
    record = _record(notification.get("record"), "notification")
    subject = notification.get("reasonSubject")
    return ContentItem(
        id=uri, kind=kind,
        author=Author(id=did, handle=author.get("handle"),
                      display_name=author.get("displayName") or None,
                      is_account_owner=did == owner_did),
        text=str(record.get("text") or ""), created_at=_created_at(record, notification),
        url=post_url(uri, author.get("handle")), visibility="public",
        parent_id=_reply_parent(record) or (subject if isinstance(subject, str) else None),
        media=_record_media(record.get("embed")))


def post_url(uri: str, handle: str | None) -> str | None:
    """The bsky.app address of a post's at:// URI, or None when it is not a post URI."""
    parts = AtUri.from_str(uri) if uri.startswith("at://") else None
    if parts is None or parts.collection != _POST or not parts.rkey:
        return None
    return f"{WEB}/profile/{handle or parts.hostname}/post/{parts.rkey}"


def entry_time(entry: Payload) -> datetime:
    """When an author-feed entry was indexed: the repost's time for a repost, else the post's."""
    reason = entry.get("reason")
    if isinstance(reason, Mapping) and parse_time(reason.get("indexedAt")) is not None:
        return sort_time(reason)
    post = entry.get("post")
    if not isinstance(post, Mapping):
        raise _bad("author feed: an entry has no post view")
    return sort_time(post)


def sort_time(view: Payload) -> datetime:
    """When a post or notification was indexed: the order feeds and notifications come in."""
    when = parse_time(view.get("indexedAt"))
    if when is None:
        raise _bad("indexedAt is missing or not a datetime")
    return when


def parse_time(value: Any) -> datetime | None:
    """A UTC datetime from an atproto datetime string, or None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when.astimezone(UTC) if when.tzinfo is not None else None


# -- helpers ------------------------------------------------------------------------------


def _allow_rules(post: Payload) -> list[Any] | None:
    gate = post.get("threadgate")
    if gate is None:
        return None
    record = gate.get("record") if isinstance(gate, Mapping) else None
    if not isinstance(record, Mapping):
        raise _bad("post: threadgate has no record")
    allow = record.get("allow")
    if allow is not None and not isinstance(allow, list):
        raise _bad("threadgate: allow is not a list")
    return allow


def _gate_summary(post: Payload) -> dict[str, Any]:
    allow = _allow_rules(post)
    rules = None
    if allow is not None:
        rules = [_RULE_NAMES.get(str(rule.get("$type")), str(rule.get("$type")))
                 if isinstance(rule, Mapping) else "unknown" for rule in allow]
    gate = post.get("threadgate")
    hidden = gate.get("record", {}).get("hiddenReplies") if isinstance(gate, Mapping) else None
    return {"post": post.get("uri"), "comments": reply_policy(post), "allow": rules,
            "hidden_replies": len(hidden) if isinstance(hidden, list) else 0}


def _record(value: Any, what: str) -> Payload:
    if not isinstance(value, Mapping):
        raise _bad(f"{what}: record is not an object")
    if value.get("$type", _POST) != _POST:
        raise _bad(f"{what}: record is not an {_POST}")
    if not isinstance(value.get("text", ""), str):
        raise _bad(f"{what}: record text is not a string")
    return value


def _reply_parent(record: Payload) -> str | None:
    reply = record.get("reply")
    parent = reply.get("parent") if isinstance(reply, Mapping) else None
    uri = parent.get("uri") if isinstance(parent, Mapping) else None
    return uri if isinstance(uri, str) else None


def _created_at(record: Payload, view: Payload) -> datetime:
    # createdAt is set by the writer's app; indexedAt (server time) stands in when it is bad.
    return parse_time(record.get("createdAt")) or sort_time(view)


def _view_media(embed: Any) -> tuple[Media, ...]:
    """Images and video of a post view's hydrated ``embed`` (with CDN addresses)."""
    if not isinstance(embed, Mapping):
        return ()
    kind = str(embed.get("$type", ""))
    if kind == "app.bsky.embed.images#view":
        return tuple(Media(url=image.get("fullsize") or image.get("thumb"), type="photo",
                           alt_text=image.get("alt") or None)
                     for image in embed.get("images") or () if isinstance(image, Mapping))
    if kind == "app.bsky.embed.video#view":
        return (Media(url=embed.get("playlist"), type="video", alt_text=embed.get("alt") or None),)
    if kind == "app.bsky.embed.recordWithMedia#view":
        return _view_media(embed.get("media"))
    return ()


def _record_media(embed: Any) -> tuple[Media, ...]:
    """Images and video of a raw post record's ``embed``: blob references, so no address."""
    if not isinstance(embed, Mapping):
        return ()
    kind = str(embed.get("$type", ""))
    if kind == "app.bsky.embed.images":
        return tuple(Media(url=None, type="photo", alt_text=image.get("alt") or None)
                     for image in embed.get("images") or () if isinstance(image, Mapping))
    if kind == "app.bsky.embed.video":
        return (Media(url=None, type="video", alt_text=embed.get("alt") or None),)
    if kind == "app.bsky.embed.recordWithMedia":
        return _record_media(embed.get("media"))
    return ()


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(obj: Payload, key: str, what: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise _bad(f"{what}: {key} is missing")
    return value


def _bad(message: str) -> PlatformResponseError:
    return PlatformResponseError(PLATFORM, message)
