"""The fake Bluesky's scenario data, read into views shaped as the XRPC API returns them.

The shape is documented in :mod:`connectors.bluesky.fake`. Every key is checked: a mistake is
a :class:`~auditor.ConfigError` naming its path, such as ``accounts[0].posts[1].created_at``.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from auditor import ConfigError, scenario_mapping, scenario_time

__all__ = ["Account", "Note", "Post", "Scenario", "read_scenario"]

_TOP = frozenset({"accounts"})
_ACCOUNT = frozenset({"handle", "did", "display_name", "description", "created_at",
                      "app_password", "logged_out_hidden", "followers", "posts", "replies"})
_PERSON = frozenset({"handle", "did", "display_name"})
_POST = frozenset({"rkey", "text", "created_at", "reply_to", "threadgate", "hidden_replies",
                   "images"})
_REPLY = frozenset({"rkey", "text", "created_at", "author", "to", "reason", "images"})
_IMAGE = frozenset({"alt", "url"})
_REASONS = frozenset({"reply", "mention", "quote"})
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
_GATE = "app.bsky.feed.threadgate"
_GATE_RULES = {"mention": "mentionRule", "followers": "followerRule",
               "following": "followingRule"}


@dataclass
class Post:
    """One of the account's own posts: its post view and its place in the feed."""

    view: dict[str, Any]
    created: datetime
    root: dict[str, str] | None = None
    parent: dict[str, str] | None = None


@dataclass
class Note:
    """A reply, mention or quote by someone else: its notification view."""

    view: dict[str, Any]
    created: datetime


@dataclass
class Account:
    """A scenario account: profile view, password, followers, posts and notifications, newest first."""

    profile: dict[str, Any]
    app_password: str | None
    followers: list[dict[str, Any]]
    posts: list[Post] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


@dataclass(frozen=True)
class Scenario:
    """Everything the fake serves."""

    accounts: tuple[Account, ...]


def read_scenario(data: Mapping[str, Any]) -> Scenario:
    """Check ``data`` and build the views the fake answers with."""
    scenario_mapping(data, _TOP, "bluesky")
    return Scenario(tuple(_account(a, f"accounts[{n}]")
                          for n, a in enumerate(data.get("accounts") or ())))


def cid_for(text: str) -> str:
    """A CID-shaped string (CIDv1, dag-cbor, sha-256, base32) derived from ``text``."""
    digest = base64.b32encode(hashlib.sha256(text.encode()).digest()).decode().lower().rstrip("=")
    return "bafyrei" + digest[:52]


def _account(raw: Any, path: str) -> Account:
    scenario_mapping(raw, _ACCOUNT, path)
    handle = _required(raw, "handle", path)
    profile: dict[str, Any] = {
        "did": str(raw.get("did") or _did(handle)), "handle": handle,
        "displayName": str(raw.get("display_name") or ""),
        "description": str(raw.get("description") or ""),
        "createdAt": _iso(_time(raw.get("created_at", "2024-09-01T08:00:00Z"),
                                f"{path}.created_at")),
        "associated": {"lists": 0, "feedgens": 0, "starterPacks": 0, "labeler": False,
                       "chat": {"allowIncoming": "following"}},
        "labels": [], "pinnedPost": None,
    }
    profile["indexedAt"] = profile["createdAt"]
    if raw.get("logged_out_hidden"):
        profile["labels"] = [{"src": profile["did"], "uri": f"at://{profile['did']}/"
                              "app.bsky.actor.profile/self", "val": "!no-unauthenticated",
                              "cts": profile["createdAt"], "ver": 1}]
    followers = [_person(f, f"{path}.followers[{n}]")
                 for n, f in enumerate(raw.get("followers") or ())]
    password = raw.get("app_password")
    account = Account(profile=profile, app_password=None if password is None else str(password),
                      followers=followers)
    for n, post in enumerate(raw.get("posts") or ()):
        account.posts.append(_post(account, post, f"{path}.posts[{n}]", n))
    account.posts.sort(key=lambda p: p.created, reverse=True)
    by_rkey = {p.view["uri"].rsplit("/", 1)[1]: p for p in account.posts}
    for post in reversed(account.posts):  # oldest first: a parent knows its root first
        _link(post, by_rkey)
    for n, reply in enumerate(raw.get("replies") or ()):
        account.notes.append(_note(account, by_rkey, reply, f"{path}.replies[{n}]", n))
    account.notes.sort(key=lambda r: r.created, reverse=True)
    profile.update(followersCount=len(followers), followsCount=0, postsCount=len(account.posts))
    return account


def _post(account: Account, raw: Any, path: str, index: int) -> Post:
    scenario_mapping(raw, _POST, path)
    did = account.profile["did"]
    created = _time(_required(raw, "created_at", path), f"{path}.created_at")
    rkey = str(raw.get("rkey") or _tid(created, index))
    uri = f"at://{did}/app.bsky.feed.post/{rkey}"
    record: dict[str, Any] = {"$type": "app.bsky.feed.post", "text": str(raw.get("text") or ""),
                              "createdAt": _iso(created), "langs": ["en"]}
    images = [_image(i, f"{path}.images[{n}]") for n, i in enumerate(raw.get("images") or ())]
    view: dict[str, Any] = {
        "uri": uri, "cid": cid_for(uri), "author": _basic(account.profile), "record": record,
        "replyCount": 0, "repostCount": 0, "likeCount": 0, "quoteCount": 0,
        "indexedAt": _iso(created), "labels": [],
    }
    if images:
        record["embed"] = {"$type": "app.bsky.embed.images", "images": [
            {"alt": i["alt"], "image": _blob(uri, n)} for n, i in enumerate(images)]}
        view["embed"] = {"$type": "app.bsky.embed.images#view", "images": [
            {"thumb": i["url"], "fullsize": i["url"], "alt": i["alt"]} for i in images]}
    if "reply_to" in raw:
        view["_reply_to"] = str(raw["reply_to"])
    if "threadgate" in raw:
        view["threadgate"] = _threadgate(uri, created, raw["threadgate"],
                                         raw.get("hidden_replies"), f"{path}.threadgate")
    return Post(view=view, created=created)


def _link(post: Post, by_rkey: Mapping[str, Post]) -> None:
    """Fill in the reply refs of an own post that answers another own post."""
    target = post.view.pop("_reply_to", None)
    if target is None:
        return
    parent = by_rkey.get(target)
    if parent is None:
        raise ConfigError(f"reply_to names no post of this account: {target}",
                          key=f"{post.view['uri']}.reply_to")
    if "threadgate" in post.view:
        raise ConfigError("only a top-level post carries a threadgate",
                          key=f"{post.view['uri']}.threadgate")
    parent_ref = {"uri": parent.view["uri"], "cid": parent.view["cid"]}
    post.parent = parent_ref
    post.root = parent.root or parent_ref
    post.view["record"]["reply"] = {"root": post.root, "parent": parent_ref}


def _note(account: Account, posts: Mapping[str, Post], raw: Any, path: str, index: int) -> Note:
    scenario_mapping(raw, _REPLY, path)
    author = _person(_required(raw, "author", path), f"{path}.author")
    created = _time(_required(raw, "created_at", path), f"{path}.created_at")
    reason = str(raw.get("reason", "reply"))
    if reason not in _REASONS:
        raise ConfigError(f"must be one of {', '.join(sorted(_REASONS))}", key=f"{path}.reason")
    rkey = str(raw.get("rkey") or _tid(created, 500 + index))
    uri = f"at://{author['did']}/app.bsky.feed.post/{rkey}"
    record: dict[str, Any] = {"$type": "app.bsky.feed.post", "text": str(raw.get("text") or ""),
                              "createdAt": _iso(created), "langs": ["en"]}
    view: dict[str, Any] = {"uri": uri, "cid": cid_for(uri), "author": author, "reason": reason,
                            "record": record, "isRead": False, "indexedAt": _iso(created),
                            "labels": []}
    if reason != "mention":
        target = _target(posts, raw.get("to"), created, f"{path}.to")
        ref = {"uri": target.view["uri"], "cid": target.view["cid"]}
        view["reasonSubject"] = ref["uri"]
        if reason == "reply":
            record["reply"] = {"root": target.root or ref, "parent": ref}
        else:
            record["embed"] = {"$type": "app.bsky.embed.record", "record": ref}
    images = [_image(i, f"{path}.images[{n}]") for n, i in enumerate(raw.get("images") or ())]
    if images:
        media = {"$type": "app.bsky.embed.images", "images": [
            {"alt": i["alt"], "image": _blob(uri, n)} for n, i in enumerate(images)]}
        quoted = record.pop("embed", None)
        record["embed"] = media if quoted is None else {
            "$type": "app.bsky.embed.recordWithMedia", "record": quoted, "media": media}
    return Note(view=view, created=created)


def _target(posts: Mapping[str, Post], rkey: Any, created: datetime, path: str) -> Post:
    if rkey is not None:
        if str(rkey) not in posts:
            raise ConfigError(f"names no post of this account: {rkey}", key=path)
        return posts[str(rkey)]
    older = [p for p in posts.values() if p.created <= created]
    if not older:
        raise ConfigError("there is no older post of the account to answer; say which", key=path)
    return max(older, key=lambda p: p.created)


def _threadgate(uri: str, created: datetime, rules: Any, hidden: Any, path: str) -> dict[str, Any]:
    if not isinstance(rules, list):
        raise ConfigError("must be a list of rules (mention, followers, following, list:<uri>);"
                          " [] lets nobody reply", key=path)
    allow = []
    for rule in rules:
        name = str(rule)
        if name.startswith("list:"):
            allow.append({"$type": f"{_GATE}#listRule", "list": name[5:]})
        elif name in _GATE_RULES:
            allow.append({"$type": f"{_GATE}#{_GATE_RULES[name]}"})
        else:
            raise ConfigError(f"unknown rule {name!r}", key=path)
    record: dict[str, Any] = {"$type": _GATE, "post": uri, "allow": allow,
                              "createdAt": _iso(created)}
    if hidden:
        record["hiddenReplies"] = [str(h) for h in hidden]
    gate_uri = uri.replace("app.bsky.feed.post", _GATE)
    return {"uri": gate_uri, "cid": cid_for(gate_uri), "record": record, "lists": []}


def _person(raw: Any, path: str) -> dict[str, Any]:
    scenario_mapping(raw, _PERSON, path)
    handle = _required(raw, "handle", path)
    person: dict[str, Any] = {"did": str(raw.get("did") or _did(handle)), "handle": handle,
                              "displayName": str(raw.get("display_name") or ""),
                              "createdAt": "2024-01-01T00:00:00.000Z",
                              "indexedAt": "2024-01-01T00:00:00.000Z", "labels": []}
    return person


def _basic(profile: Mapping[str, Any]) -> dict[str, Any]:
    return {k: profile[k] for k in ("did", "handle", "displayName", "labels", "createdAt")}


def _image(raw: Any, path: str) -> dict[str, str]:
    scenario_mapping(raw, _IMAGE, path)
    return {"alt": str(raw.get("alt") or ""),
            "url": str(raw.get("url") or "https://cdn.bsky.app/img/feed_fullsize/plain/"
                       f"did:plc:fake/{cid_for(path)}@jpeg")}


def _blob(uri: str, n: int) -> dict[str, Any]:
    return {"$type": "blob", "ref": {"$link": cid_for(f"{uri}#{n}")}, "mimeType": "image/jpeg",
            "size": 123456}


def _did(handle: str) -> str:
    digest = base64.b32encode(hashlib.sha256(handle.casefold().encode()).digest()).decode()
    return "did:plc:" + digest.lower()[:24]


def _tid(when: datetime, clock: int) -> str:
    """A record key in the TID format, from a time (microseconds) and a clock id."""
    value = (int(when.timestamp() * 1_000_000) << 10) | (clock % 1024)
    chars = []
    for _ in range(13):
        value, rest = divmod(value, 32)
        chars.append(_TID_ALPHABET[rest])
    return "".join(reversed(chars))


def _time(value: Any, path: str) -> datetime:
    """A scenario time; AT Protocol datetimes carry their zone, so a naive one is refused."""
    return scenario_time(value, path, zone_required=True)


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def _required(raw: Mapping[str, Any], key: str, path: str) -> Any:
    if raw.get(key) in (None, ""):
        raise ConfigError("is required", key=f"{path}.{key}")
    value = raw[key]
    return str(value) if key == "handle" else value
