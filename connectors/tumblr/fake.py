"""A fake Tumblr API v2 for the sandbox and tests, answered from scenario data.

It answers the reads the connector makes, shaped as Tumblr documents them, inside the
envelope ``{"meta": {"status", "msg"}, "response": {...}}``: ``GET /v2/user/info``,
``/v2/blog/{blog}/info``, ``/followers`` (``limit`` 1-20, ``offset``), ``/posts``
(``limit`` 1-20, ``offset``, ``before``; the owner also gets private posts), ``/posts/queue``
(``limit``, ``offset``), ``/posts/draft`` (``before_id``, 20 a page) and ``/notes``
(``id``, ``mode`` all or conversation, ``before_timestamp``, 10 a page, with
``_links.next``). Posts are in NPF whatever ``npf`` says. A blog is found by its name,
``name.tumblr.com`` or uuid; an unknown one gets 404. Requests need ``Authorization:
Bearer <access_token>``, or an OAuth 1.0a header signed with the scenario's ``oauth1``
values (the HMAC-SHA1 signature is checked); others get Tumblr's 401. Errors carry Tumblr's ``errors``.
A 429 carries ``X-Ratelimit-Perhour-*`` headers.

Scenario data (the ``tumblr`` part of a sandbox scenario)::

    access_token: sandbox-tumblr-token        # OAuth 2 bearer token accepted (optional)
    oauth1:                                   # OAuth 1.0a credentials accepted (optional)
      {consumer_key: ck, consumer_secret: cs, oauth_token: tok, oauth_token_secret: ts}
    user: millbrook-office                    # the token owner's name (default: first blog)
    blogs:
      - name: millbrook-year6                 # served as millbrook-year6(.tumblr.com)
        uuid: "t:mb6Year6Blog"                # optional, default t:<name>
        title: Millbrook Year 6
        type: public                          # public | private
        owned: true                           # false: the token's user cannot post to it
        description: News from Year 6         # optional; so are ask, ask_anon
        followers: [{name: parent-one}]       # optional
        posts:
          - id: 7000000000000000001           # numeric; a larger id is newer
            state: published                  # published | private | queued | draft
            timestamp: 2026-11-20T09:00:00Z   # or epoch seconds
            text: Sports day!                 # one NPF text block (optional)
            images: [{url: https://64.media.tumblr.com/a.jpg, alt_text: Relay race}]
            tags: [sports day]
            notes:                            # replies, reblogs and likes, any order
              - {type: reply, blog_name: parent-one, text: Well done!,
                 timestamp: 2026-11-20T10:00:00Z}
              - {type: like, blog_name: parent-two, timestamp: 2026-11-20T10:05:00Z}

Unknown keys raise :class:`~auditor.ConfigError` naming the key path.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import httpx
from authlib.oauth1.rfc5849.signature import (  # type: ignore[import-untyped]
    generate_signature_base_string,
    hmac_sha1_signature,
)

from auditor import ConfigError, FakePlatform, json_response, scenario_digits, scenario_mapping, scenario_time
from connectors.tumblr.client import SignedRequest

__all__ = ["FakeTumblr"]

_TOP = frozenset({"access_token", "oauth1", "user", "blogs"})
_BLOG = frozenset({"name", "uuid", "title", "type", "owned", "description", "ask", "ask_anon",
                   "followers", "posts"})
_POST = frozenset({"id", "state", "timestamp", "text", "images", "tags", "notes"})
_NOTE = frozenset({"type", "blog_name", "blog_uuid", "text", "timestamp"})
_STATES = frozenset({"published", "private", "queued", "draft"})
_NOTE_TYPES = frozenset({"reply", "reblog", "like"})
_DRAFT_PAGE = 20
_NOTES_PAGE = 10
_OAUTH1_KEYS = frozenset({"consumer_key", "consumer_secret", "oauth_token", "oauth_token_secret"})


class FakeTumblr(FakePlatform):
    """The Tumblr API v2 reads the connector makes, answered from scenario data (see the module)."""

    platform = "tumblr"

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__(data)
        scenario_mapping(data, _TOP, "tumblr")
        self.token = _opt_str(data, "access_token", "tumblr")
        oauth1 = data.get("oauth1")
        if oauth1 is not None:
            scenario_mapping(oauth1, _OAUTH1_KEYS, "tumblr.oauth1")
            if set(oauth1) != _OAUTH1_KEYS:
                raise ConfigError(f"oauth1 needs {', '.join(sorted(_OAUTH1_KEYS))}",
                                  key="tumblr.oauth1")
        self.oauth1 = {k: str(v) for k, v in (oauth1 or {}).items()}
        self.blogs = [_blog(b, f"tumblr.blogs[{n}]") for n, b in enumerate(data.get("blogs") or ())]
        self.user = str(data.get("user") or (self.blogs[0]["name"] if self.blogs else "user"))

    # -- routing --------------------------------------------------------------------------

    def route(self, request: httpx.Request) -> httpx.Response:
        """Answer one request from the scenario data."""
        if not self._authorised(request):
            return self.error(request, 401)
        if request.method != "GET":
            return self.error(request, 405)
        path, params = request.url.path, request.url.params
        if path == "/v2/user/info":
            return _ok({"user": self._user()})
        match = re.fullmatch(r"/v2/blog/([^/]+)/(info|followers|posts|posts/queue|posts/draft|notes)",
                             path)
        if match is None:
            return self.error(request, 404)
        blog = self._find(match.group(1))
        if blog is None:
            return self.error(request, 404)
        what = match.group(2)
        if what == "info":
            return _ok({"blog": _blog_object(blog, full=True)})
        if what not in {"posts", "notes"} and not blog["owned"]:
            return self.error(request, 403)
        try:
            if what == "followers":
                return self._followers(blog, params)
            if what == "notes":
                return self._notes(blog, params)
            return self._posts(blog, what, params)
        except ValueError as exc:
            return _answer(400, {}, [{"title": "Bad Request", "code": 0, "detail": str(exc)}])

    def rate_limited(self, request: httpx.Request, retry_after: int) -> httpx.Response:
        """A 429 as Tumblr sends it: ``Limit Exceeded`` and the per-hour limit headers."""
        return _answer(429, [], [{"title": "Limit Exceeded", "code": 0}], {
            "X-Ratelimit-Perhour-Limit": "1000", "X-Ratelimit-Perhour-Remaining": "0",
            "X-Ratelimit-Perhour-Reset": str(int(retry_after)),
            "X-Ratelimit-Perday-Limit": "5000", "X-Ratelimit-Perday-Remaining": "4000",
            "X-Ratelimit-Perday-Reset": "80000"}, msg="Limit Exceeded")

    def error(self, request: httpx.Request, status: int) -> httpx.Response:
        """An error in Tumblr's envelope, with its ``errors`` list."""
        reason = httpx.codes.get_reason_phrase(status)
        error: dict[str, Any] = {"title": reason, "code": 0}
        if status == 401:
            error = {"title": "Unauthorized", "code": 1016, "detail": "Unable to authorize"}
        return _answer(status, [], [error])

    # -- endpoints ------------------------------------------------------------------------

    def _user(self) -> dict[str, Any]:
        owned = [b for b in self.blogs if b["owned"]]
        return {"name": self.user, "likes": 0, "following": 0, "default_post_format": "html",
                "blogs": [{**_blog_object(b), "primary": n == 0, "followers": len(b["followers"]),
                           "tweet": "N", "type": b["type"], "admin": True}
                          for n, b in enumerate(owned)]}

    def _followers(self, blog: dict[str, Any], params: httpx.QueryParams) -> httpx.Response:
        limit, offset = _limit(params), _int(params, "offset", 0)
        users = [{"name": f["name"], "uuid": f["uuid"], "following": False,
                  "url": f"https://{f['name']}.tumblr.com/", "updated": 0}
                 for f in blog["followers"][offset:offset + limit]]
        return _ok({"total_users": len(blog["followers"]), "users": users})

    def _posts(self, blog: dict[str, Any], what: str, params: httpx.QueryParams) -> httpx.Response:
        if what == "posts":
            states = {"published", "private"} if blog["owned"] else {"published"}
            if blog["type"] == "private" and not blog["owned"]:
                return _answer(401, [], [{"title": "Unauthorized", "code": 0}])
        else:
            states = {"queued"} if what == "posts/queue" else {"draft"}
        posts = sorted((p for p in blog["posts"] if p["state"] in states),
                       key=lambda p: int(p["id"]), reverse=True)
        if what == "posts/draft":
            before_id = params.get("before_id")
            if before_id:
                posts = [p for p in posts if int(p["id"]) < int(before_id)]
            return _ok({"posts": [_post_object(blog, p) for p in posts[:_DRAFT_PAGE]]})
        before = params.get("before")
        if before and what == "posts":
            posts = [p for p in posts if p["timestamp"] < int(before)]
        limit, offset = _limit(params), _int(params, "offset", 0)
        body: dict[str, Any] = {"posts": [_post_object(blog, p) for p in posts[offset:offset + limit]]}
        if what == "posts":
            body = {"blog": _blog_object(blog, full=True), **body, "total_posts": len(posts)}
        return _ok(body)

    def _notes(self, blog: dict[str, Any], params: httpx.QueryParams) -> httpx.Response:
        post_id = params.get("id", "")
        post = next((p for p in blog["posts"] if p["id"] == post_id
                     and p["state"] in ("published", "private")), None)
        if post is None:
            return self.error(httpx.Request("GET", "/"), 404)
        mode = params.get("mode", "all")
        if mode not in ("all", "conversation"):
            raise ValueError("mode must be all or conversation here")
        notes = sorted(post["notes"], key=lambda n: n["timestamp"], reverse=True)
        before = params.get("before_timestamp")
        if before:
            notes = [n for n in notes if n["timestamp"] < float(before)]
        body: dict[str, Any] = {"total_notes": len(post["notes"])}
        if mode == "conversation":
            body["rollup_notes"] = [_note_object(n) for n in notes if n["type"] == "like"
                                    or (n["type"] == "reblog" and not n["text"])]
            notes = [n for n in notes if n["type"] == "reply" or (n["type"] == "reblog" and n["text"])]
            body["total_likes"] = sum(n["type"] == "like" for n in post["notes"])
            body["total_reblogs"] = sum(n["type"] == "reblog" for n in post["notes"])
        page = notes[:_NOTES_PAGE]
        body["notes"] = [_note_object(n) for n in page]
        if len(notes) > _NOTES_PAGE:
            query = {"id": post_id, "mode": mode, "before_timestamp": str(page[-1]["timestamp"])}
            body["_links"] = {"next": {
                "type": "api", "method": "GET", "query_params": query,
                "href": f"/v2/blog/{blog['name']}/notes?" + str(httpx.QueryParams(query))}}
        return _ok(body)

    # -- scenario -------------------------------------------------------------------------

    def _authorised(self, request: httpx.Request) -> bool:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        if scheme == "Bearer" and value.strip():
            return (self.token is None and not self.oauth1) or value == self.token
        if scheme == "OAuth" and self.oauth1:
            return self._oauth1_verified(request)
        return False

    def _oauth1_verified(self, request: httpx.Request) -> bool:
        """The OAuth 1.0a header names the scenario's key and token and its HMAC-SHA1 holds.

        The signature is recomputed with authlib (RFC 5849 3.4) from the request as received.
        """
        header = request.headers["authorization"]
        try:
            signed = SignedRequest(request.method, str(request.url), headers={"Authorization": header})
        except ValueError:
            return False
        if signed.signature_method != "HMAC-SHA1" or not signed.signature \
                or signed.client_id != self.oauth1["consumer_key"] \
                or signed.token != self.oauth1["oauth_token"]:
            return False
        # The client signed the URL before the sandbox took off its mount point.
        mounted = request.url.copy_with(raw_path=f"/{self.platform}".encode() + request.url.raw_path)
        for url in (request.url, mounted):
            candidate = SignedRequest(request.method, str(url), headers={"Authorization": header})
            expected = hmac_sha1_signature(generate_signature_base_string(candidate),
                                           self.oauth1["consumer_secret"],
                                           self.oauth1["oauth_token_secret"])
            if hmac.compare_digest(str(expected), str(signed.signature)):
                return True
        return False

    def _find(self, identifier: str) -> dict[str, Any] | None:
        wanted = identifier.lower()
        return next((b for b in self.blogs if wanted in (
            b["name"], f"{b['name']}.tumblr.com", b["uuid"].lower())), None)


# -- response objects ------------------------------------------------------------------------


def _answer(status: int, response: Any, errors: list[dict[str, Any]] | None = None,
            headers: Mapping[str, str] | None = None, msg: str | None = None) -> httpx.Response:
    body: dict[str, Any] = {"meta": {"status": status,
                                     "msg": msg or httpx.codes.get_reason_phrase(status)},
                            "response": response}
    if errors is not None:
        body["errors"] = errors
    return json_response(status, body, headers)


def _ok(response: dict[str, Any]) -> httpx.Response:
    return _answer(200, response)


def _blog_object(blog: Mapping[str, Any], *, full: bool = False) -> dict[str, Any]:
    obj = {"name": blog["name"], "title": blog["title"], "description": blog["description"],
           "url": f"https://{blog['name']}.tumblr.com/", "uuid": blog["uuid"],
           "updated": max((p["timestamp"] for p in blog["posts"]), default=0)}
    if full:
        published = [p for p in blog["posts"] if p["state"] == "published"]
        obj.update({"posts": len(published), "total_posts": len(published), "ask": blog["ask"],
                    "ask_anon": blog["ask_anon"] if blog["ask"] else False,
                    "is_nsfw": False, "share_likes": False, "can_subscribe": False,
                    "avatar": [{"width": 64, "height": 64,
                                "url": f"https://64.media.tumblr.com/avatar_{blog['name']}_64.png"}]})
    return obj


def _post_object(blog: Mapping[str, Any], post: Mapping[str, Any]) -> dict[str, Any]:
    content: list[dict[str, Any]] = []
    if post["text"]:
        content.append({"type": "text", "text": post["text"]})
    for image in post["images"]:
        content.append({"type": "image", "alt_text": image.get("alt_text", ""), "media": [
            {"url": image["url"], "type": "image/jpeg", "width": 1280, "height": 960}]})
    when = datetime.fromtimestamp(post["timestamp"], tz=UTC)
    obj = {"object_type": "post", "type": "blocks", "id": int(post["id"]), "id_string": post["id"],
           "tumblelog_uuid": blog["uuid"], "blog_name": blog["name"],
           "blog": _blog_object(blog), "post_url": f"https://{blog['name']}.tumblr.com/post/{post['id']}",
           "slug": "", "date": when.strftime("%Y-%m-%d %H:%M:%S GMT"),
           "timestamp": post["timestamp"], "state": post["state"], "reblog_key": "fAkEk3y",
           "tags": list(post["tags"]), "summary": post["text"][:100],
           "is_blocks_post_format": True, "note_count": len(post["notes"]),
           "content": content, "layout": [], "trail": [], "can_reply": True}
    if post["state"] == "queued":
        obj.update({"queued_state": "queued", "scheduled_publish_time": post["timestamp"]})
    return obj


def _note_object(note: Mapping[str, Any]) -> dict[str, Any]:
    obj = {"type": note["type"], "timestamp": note["timestamp"], "blog_name": note["blog_name"],
           "blog_uuid": note["blog_uuid"], "blog_url": f"https://{note['blog_name']}.tumblr.com/",
           "followed": False, "avatar_shape": "square"}
    if note["type"] == "reply":
        obj.update({"reply_text": note["text"], "formatting": []})
    elif note["type"] == "reblog":
        obj.update({"post_id": str(10 ** 17 + int(note["timestamp"])),
                    "reblog_parent_blog_name": note["blog_name"]})
        if note["text"]:
            obj["added_text"] = note["text"]
    return obj


# -- reading the scenario ----------------------------------------------------------------------


def _blog(data: Any, where: str) -> dict[str, Any]:
    scenario_mapping(data, _BLOG, where)
    name = _opt_str(data, "name", where)
    if not name or not re.fullmatch(r"[a-z0-9-]+", name):
        raise ConfigError("a blog needs a name of lowercase letters, digits and dashes",
                          key=f"{where}.name")
    kind = data.get("type", "public")
    if kind not in ("public", "private"):
        raise ConfigError("type is public or private", key=f"{where}.type")
    followers = []
    for n, follower in enumerate(data.get("followers") or ()):
        scenario_mapping(follower, frozenset({"name", "uuid"}), f"{where}.followers[{n}]")
        fname = _opt_str(follower, "name", f"{where}.followers[{n}]")
        if not fname:
            raise ConfigError("a follower needs a name", key=f"{where}.followers[{n}].name")
        followers.append({"name": fname, "uuid": str(follower.get("uuid") or f"t:{fname}")})
    return {"name": name, "uuid": str(data.get("uuid") or f"t:{name}"),
            "title": str(data.get("title") or name), "type": kind,
            "owned": bool(data.get("owned", True)), "description": str(data.get("description", "")),
            "ask": bool(data.get("ask", False)), "ask_anon": bool(data.get("ask_anon", False)),
            "followers": followers,
            "posts": [_post(p, f"{where}.posts[{n}]") for n, p in enumerate(data.get("posts") or ())]}


def _post(data: Any, where: str) -> dict[str, Any]:
    scenario_mapping(data, _POST, where)
    post_id = scenario_digits(data.get("id"), f"{where}.id")
    state = data.get("state", "published")
    if state not in _STATES:
        raise ConfigError(f"state is one of {', '.join(sorted(_STATES))}", key=f"{where}.state")
    images = []
    for n, image in enumerate(data.get("images") or ()):
        scenario_mapping(image, frozenset({"url", "alt_text"}), f"{where}.images[{n}]")
        if not isinstance(image.get("url"), str):
            raise ConfigError("an image needs a url", key=f"{where}.images[{n}].url")
        images.append(dict(image))
    notes = []
    for n, note in enumerate(data.get("notes") or ()):
        place = f"{where}.notes[{n}]"
        scenario_mapping(note, _NOTE, place)
        if note.get("type") not in _NOTE_TYPES:
            raise ConfigError("type is reply, reblog or like", key=f"{place}.type")
        blog_name = _opt_str(note, "blog_name", place)
        if not blog_name:
            raise ConfigError("a note needs a blog_name", key=f"{place}.blog_name")
        notes.append({"type": note["type"], "blog_name": blog_name,
                      "blog_uuid": str(note.get("blog_uuid") or f"t:{blog_name}"),
                      "text": str(note.get("text", "")),
                      "timestamp": _epoch(note.get("timestamp"), f"{place}.timestamp")})
    return {"id": post_id, "state": state, "text": str(data.get("text", "")), "images": images,
            "tags": [str(t) for t in data.get("tags") or ()], "notes": notes,
            "timestamp": _epoch(data.get("timestamp"), f"{where}.timestamp")}


def _epoch(value: Any, where: str) -> int:
    """A Tumblr time (epoch seconds), given as such or as a YAML time or ISO 8601 string."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(scenario_time(value, where).timestamp())


def _opt_str(data: Mapping[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError("expected text", key=f"{where}.{key}")
    return value


def _limit(params: httpx.QueryParams) -> int:
    limit = _int(params, "limit", 20)
    if not 1 <= limit <= 20:
        raise ValueError("limit must be between 1 and 20")
    return limit


def _int(params: httpx.QueryParams, name: str, default: int) -> int:
    value = params.get(name)
    if value is None:
        return default
    if not value.isdigit():
        raise ValueError(f"{name} must be a number")
    return int(value)


