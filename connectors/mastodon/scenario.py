"""The fake Mastodon's scenario data, read into entities shaped as the REST API returns them.

The shape is documented in :mod:`connectors.mastodon.fake`. Every key is checked: a mistake is
a :class:`~auditor.ConfigError` naming its path, such as ``accounts[0].statuses[1].created_at``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from auditor import ConfigError, scenario_digits, scenario_mapping, scenario_time

__all__ = ["Account", "Notification", "Scenario", "read_scenario"]

DEFAULT_DOMAIN = "mastodon.example"
PRIVACIES = ("public", "unlisted", "private", "direct")

_TOP = frozenset({"domain", "accounts"})
_ACCOUNT = frozenset({"id", "username", "display_name", "access_token", "locked", "discoverable",
                      "indexable", "hide_collections", "default_privacy", "note", "created_at",
                      "bot", "followers", "follow_requests", "statuses", "mentions"})
_PERSON = frozenset({"id", "acct", "display_name", "locked", "bot"})
#: A follower or requester may name the id of the notification its follow (request) made.
_FOLLOWER = _PERSON | {"notification_id"}
_STATUS = frozenset({"id", "text", "content", "created_at", "visibility", "spoiler_text",
                     "in_reply_to_id", "media", "language", "sensitive"})
_MENTION = _STATUS | {"author", "notification_id"}
_MEDIA = frozenset({"type", "url", "description"})


@dataclass(frozen=True)
class Notification:
    """A notification (mention, follow or follow_request): its id and the entity."""

    id: int
    obj: dict[str, Any]


@dataclass
class Account:
    """A scenario account: its CredentialAccount, followers, requests, statuses and mentions.

    Lists are newest first, as the API returns them; ``follows`` and ``requests`` pair each
    account with the internal id Mastodon paginates them by.
    """

    token: str
    obj: dict[str, Any]
    follows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    requests: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    statuses: list[dict[str, Any]] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    hides_collections: bool = False


@dataclass(frozen=True)
class Scenario:
    """Everything the fake serves."""

    domain: str
    accounts: tuple[Account, ...]


def read_scenario(data: Mapping[str, Any]) -> Scenario:
    """Check ``data`` and build the entities the fake answers with."""
    scenario_mapping(data, _TOP, "mastodon")
    domain = str(data.get("domain") or DEFAULT_DOMAIN)
    accounts = tuple(_account(a, f"accounts[{n}]", domain)
                     for n, a in enumerate(data.get("accounts") or ()))
    tokens = [a.token for a in accounts]
    if len(set(tokens)) != len(tokens):
        raise ConfigError("two accounts share an access_token", key="accounts")
    return Scenario(domain=domain, accounts=accounts)


def _account(data: Any, where: str, domain: str) -> Account:
    scenario_mapping(data, _ACCOUNT, where)
    token = data.get("access_token")
    if not isinstance(token, str) or not token:
        raise ConfigError("an account needs its access_token", key=f"{where}.access_token")
    username = _required_text(data, "username", where)
    privacy = str(data.get("default_privacy", "public"))
    if privacy not in PRIVACIES:
        raise ConfigError(f"must be one of {', '.join(PRIVACIES)}", key=f"{where}.default_privacy")
    created = _timestamp(data.get("created_at", "2024-09-01T00:00:00Z"), f"{where}.created_at")
    obj: dict[str, Any] = {
        "id": scenario_digits(data.get("id"), f"{where}.id"), "username": username, "acct": username,
        "display_name": str(data.get("display_name", username)),
        "locked": _flag(data, "locked", where), "bot": _flag(data, "bot", where),
        "discoverable": _flag(data, "discoverable", where), "group": False,
        "indexable": _flag(data, "indexable", where),
        "hide_collections": _flag(data, "hide_collections", where),
        "created_at": created[:10] + "T00:00:00.000Z",
        "note": _html(str(data.get("note", ""))) if data.get("note") else "",
        "url": f"https://{domain}/@{username}",
        "avatar": f"https://{domain}/avatars/original/missing.png",
        "avatar_static": f"https://{domain}/avatars/original/missing.png",
        "header": f"https://{domain}/headers/original/missing.png",
        "header_static": f"https://{domain}/headers/original/missing.png",
        "emojis": [], "fields": [], "noindex": not _flag(data, "indexable", where),
    }
    account = Account(token=token, obj=obj, hides_collections=obj["hide_collections"])
    followers = [_person(p, f"{where}.followers[{n}]", domain, _FOLLOWER)
                 for n, p in enumerate(data.get("followers") or ())]
    requests = [_person(p, f"{where}.follow_requests[{n}]", domain, _FOLLOWER)
                for n, p in enumerate(data.get("follow_requests") or ())]
    # Mastodon deletes a follow's notification when the follow ends, and a request's when it
    # is approved, rejected or withdrawn; approving makes no follow notification. So an
    # unlocked account has one follow notification per follower, a locked one none, and
    # each pending request has its follow_request notification.
    kinds = ([("follow", followers, 80000)] if not obj["locked"] else []) + \
        [("follow_request", requests, 85000)]
    for kind, people, base in kinds:
        for n, person in enumerate(people):
            source = (data.get("followers") if kind == "follow" else data.get("follow_requests"))[n]
            place = f"{where}.{'followers' if kind == 'follow' else 'follow_requests'}[{n}]"
            nid = int(scenario_digits(source["notification_id"], f"{place}.notification_id")) \
                if "notification_id" in source else base + len(people) - n
            account.notifications.append(Notification(nid, {
                "id": str(nid), "type": kind, "created_at": obj["created_at"],
                "group_key": f"ungrouped-{nid}", "account": person}))
    # Listed newest first; internal ids grow with time, as Mastodon's follow ids do.
    account.follows = [(len(followers) - n + 1000, p) for n, p in enumerate(followers)]
    account.requests = [(len(requests) - n + 5000, p) for n, p in enumerate(requests)]
    owner = _public_account(obj)
    for n, item in enumerate(data.get("statuses") or ()):
        scenario_mapping(item, _STATUS, f"{where}.statuses[{n}]")
        account.statuses.append(_status(item, f"{where}.statuses[{n}]", owner, privacy, domain))
    account.statuses.sort(key=lambda s: int(s["id"]), reverse=True)
    mentions = []
    for n, item in enumerate(data.get("mentions") or ()):
        place = f"{where}.mentions[{n}]"
        scenario_mapping(item, _MENTION, place)
        if "author" not in item:
            raise ConfigError("a mention needs its author", key=f"{place}.author")
        author = _person(item["author"], f"{place}.author", domain)
        status = _status(item, place, author, "public", domain)
        status["mentions"] = [{"id": obj["id"], "username": username, "acct": username,
                               "url": obj["url"]}]
        if status["in_reply_to_id"] in {s["id"] for s in account.statuses}:
            status["in_reply_to_account_id"] = obj["id"]
        mentions.append((item, status, place))
    mentions.sort(key=lambda m: int(m[1]["id"]))
    for n, (item, status, place) in enumerate(mentions):
        nid = int(scenario_digits(item["notification_id"], f"{place}.notification_id")) \
            if "notification_id" in item else 90000 + n
        account.notifications.append(Notification(nid, {
            "id": str(nid), "type": "mention", "created_at": status["created_at"],
            "group_key": f"ungrouped-{nid}", "account": status["account"], "status": status}))
    account.notifications.sort(key=lambda note: note.id, reverse=True)
    obj.update({
        "followers_count": len(followers), "following_count": 0,
        "statuses_count": len(account.statuses),
        "last_status_at": account.statuses[0]["created_at"][:10] if account.statuses else None,
        "source": {"privacy": privacy, "sensitive": False, "language": "en",
                   "note": str(data.get("note", "")), "fields": [],
                   "follow_requests_count": len(requests)},
    })
    return account


def _public_account(obj: Mapping[str, Any]) -> dict[str, Any]:
    """The Account (no ``source``) that statuses embed."""
    return {k: v for k, v in obj.items() if k != "source"}


def _person(data: Any, where: str, domain: str,
            keys: frozenset[str] = _PERSON) -> dict[str, Any]:
    """An Account for a follower, requester or author; ``acct`` carries ``@host`` when remote."""
    scenario_mapping(data, keys, where)
    acct = _required_text(data, "acct", where).lstrip("@")
    username, _, host = acct.partition("@")
    return {
        "id": scenario_digits(data.get("id"), f"{where}.id"), "username": username, "acct": acct,
        "display_name": str(data.get("display_name", "")),
        "locked": _flag(data, "locked", where), "bot": _flag(data, "bot", where),
        "discoverable": False, "group": False, "created_at": "2024-01-01T00:00:00.000Z",
        "note": "", "url": f"https://{host or domain}/@{username}",
        "avatar": f"https://{domain}/avatars/original/missing.png",
        "avatar_static": f"https://{domain}/avatars/original/missing.png",
        "header": f"https://{domain}/headers/original/missing.png",
        "header_static": f"https://{domain}/headers/original/missing.png",
        "followers_count": 0, "following_count": 0, "statuses_count": 0,
        "last_status_at": None, "emojis": [], "fields": [],
    }


def _status(data: Mapping[str, Any], where: str, author: dict[str, Any], privacy: str,
            domain: str) -> dict[str, Any]:
    sid = scenario_digits(data.get("id"), f"{where}.id")
    if "content" in data:
        content = str(data["content"])
    elif isinstance(data.get("text"), str):
        content = _html(data["text"])
    else:
        raise ConfigError("a status needs its text (or content as HTML)", key=f"{where}.text")
    visibility = str(data.get("visibility", privacy))
    if visibility not in PRIVACIES:
        raise ConfigError(f"must be one of {', '.join(PRIVACIES)}", key=f"{where}.visibility")
    parent = scenario_digits(data["in_reply_to_id"], f"{where}.in_reply_to_id") \
        if data.get("in_reply_to_id") else None
    media = []
    for n, item in enumerate(data.get("media") or ()):
        scenario_mapping(item, _MEDIA, f"{where}.media[{n}]")
        url = str(item.get("url", f"https://{domain}/media/{sid}-{n}.jpg"))
        media.append({"id": f"{sid}{n}", "type": str(item.get("type", "image")), "url": url,
                      "preview_url": url, "remote_url": None, "meta": {},
                      "description": item.get("description"), "blurhash": None})
    host = author["url"].split("/")[2]
    return {
        "id": sid, "created_at": _timestamp(data.get("created_at"), f"{where}.created_at"),
        "in_reply_to_id": parent, "in_reply_to_account_id": None,
        "sensitive": bool(data.get("sensitive", False)),
        "spoiler_text": str(data.get("spoiler_text", "")), "visibility": visibility,
        "language": str(data.get("language", "en")),
        "uri": f"https://{host}/users/{author['username']}/statuses/{sid}",
        "url": f"https://{host}/@{author['username']}/{sid}",
        "replies_count": 0, "reblogs_count": 0, "favourites_count": 0, "edited_at": None,
        "content": content, "reblog": None, "account": author,
        "media_attachments": media, "mentions": [], "tags": [], "emojis": [],
        "card": None, "poll": None,
    }


def _html(text: str) -> str:
    """Text as Mastodon renders it: paragraphs in ``<p>``, line breaks as ``<br />``."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "".join("<p>" + "<br />".join(html.escape(line, quote=False)
                                          for line in p.split("\n")) + "</p>" for p in paragraphs)


def _required_text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"needs a {key}", key=f"{where}.{key}")
    return value.strip()


def _flag(data: Mapping[str, Any], key: str, where: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError("expected true or false", key=f"{where}.{key}")
    return value


def _timestamp(value: Any, where: str) -> str:
    """A Mastodon timestamp (``2022-06-01T09:00:00.000Z``) from a YAML time or ISO 8601 text."""
    return scenario_time(value, where).strftime("%Y-%m-%dT%H:%M:%S.000Z")
