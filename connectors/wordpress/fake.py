"""A fake of self-hosted WordPress sites' REST API (wp/v2), for the sandbox and the tests.

Scenario data (a mapping, e.g. loaded from YAML)::

    sites:
      year6:                                   # served under /year6/wp-json/wp/v2/...
        name: Year 6 Class Blog                # settings.title unless settings say otherwise
        url: https://year6.school.example      # for links; default https://<site>.example
        private: true                          # anonymous visitors get 401 everywhere
        wpcom: true                            # optional: hosted on WordPress.com; also serves
                                               # /year6/rest/v1.1/sites/<url's domain | blog_id>
        coming_soon: true                      # optional, with wpcom: is_coming_soon
        blog_id: 123                           # optional, with wpcom: the site's ID (default 1)
        username: admin                        # the auditor's user ...
        application_password: "abcd efgh ijkl mnop qrst uvwx"   # ... and its password
        deny: [settings]                       # optional: routes that answer 403 to that user
                                               # (users, settings, posts, pages, comments)
        settings: {default_comment_status: open}               # over core's defaults
        users:
          - {id: 1, username: admin, name: Ms Head, email: head@school.example,
             roles: [administrator], registered_date: "2023-09-01T08:00:00"}
        posts:
          - {id: 10, title: Sports day, content: "<p>We ran!</p>", status: publish,
             password: "", date_gmt: "2024-03-01T09:00:00", modified_gmt: "2024-03-01T09:00:00",
             author: 1}
        pages: []                              # same keys as posts
        comments:
          - {id: 100, post: 10, parent: 0, author: 0, author_name: A parent,
             author_email: parent@example.org, content: "<p>Well done</p>",
             status: approved, date_gmt: "2024-03-01T10:00:00"}   # approved|hold|spam|trash

Dates are UTC (the fake's sites use UTC as their local time). Omitted keys take
WordPress's defaults (``status: publish``, ``modified_gmt`` = ``date_gmt``,
``author: 1``). Requests are honoured as WordPress does: ``per_page`` (1-100),
``page``, ``context`` (``view``/``edit``), ``status`` (comments: ``approve``,
``hold``, ``all`` = both, ``spam``, ``trash``, ``any``), ``after``,
``modified_after``, ``orderby``/``order`` and ``_fields``, with ``X-WP-Total``
and ``X-WP-TotalPages``. ``context=edit``, ``/users``, ``/users/me``,
``/settings`` and statuses other than the public ones need HTTP Basic auth with
the site's username and application password (spaces optional). A user's ``roles``
give it WordPress's default capabilities in ``/users/me``; the signed-in user
otherwise reads everything, unless ``deny`` refuses a route. Every user, post,
page and comment needs an integer ``id``; a scenario that does not fit raises
:class:`~auditor.ConfigError` naming the key.
"""

from __future__ import annotations

import base64
import binascii
import html
import math
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

import httpx

from auditor import ConfigError, FakePlatform, json_response, scenario_time

__all__ = ["FakeWordPress"]

Json = dict[str, Any]
Query = Mapping[str, str]

_MESSAGES = {
    401: ("rest_not_logged_in", "You are not currently logged in."),
    403: ("rest_forbidden", "Sorry, you are not allowed to do that."),
    404: ("rest_no_route", "No route was found matching the URL and request method."),
    429: ("rest_too_many_requests", "Too many requests."),
    500: ("internal_server_error", "There has been a critical error on this website."),
    503: ("service_unavailable", "Service temporarily unavailable."),
}
_DENIED = {
    "users": ("rest_forbidden_context", "Sorry, you are not allowed to list users."),
    "settings": ("rest_forbidden", "Sorry, you are not allowed to do that."),
}
_EDITOR_CAPABILITIES = (
    "moderate_comments", "edit_posts", "edit_others_posts", "edit_published_posts",
    "edit_private_posts", "read_private_posts", "edit_pages", "edit_others_pages",
    "edit_published_pages", "edit_private_pages", "read_private_pages", "publish_posts", "read",
)
_ROLE_CAPABILITIES = {
    "administrator": (*_EDITOR_CAPABILITIES, "list_users", "manage_options", "edit_users"),
    "editor": _EDITOR_CAPABILITIES,
    "author": ("edit_posts", "edit_published_posts", "publish_posts", "read"),
    "contributor": ("edit_posts", "read"),
    "subscriber": ("read",),
}
_POST_STATUSES = ("publish", "future", "draft", "pending", "private")
# WP_Comment_Query's ``status`` (after the REST API's sanitize_key): a name, or one of
# comment_approved's own values ('1', '0', 'spam', 'trash'); 'all' (and '') is approved or
# held, 'any' is everything; any other value matches no comment.
_COMMENT_STATUS = {"approve": ("approved",), "1": ("approved",), "hold": ("hold",),
                   "0": ("hold",), "spam": ("spam",), "trash": ("trash",),
                   "all": ("approved", "hold"), "": ("approved", "hold"),
                   "any": ("approved", "hold", "spam", "trash")}
_NOT_A_KEY = re.compile(r"[^a-z0-9_\-]")
_DEFAULT_SETTINGS: Json = {
    "title": "", "description": "", "url": "", "email": "", "timezone": "UTC",
    "date_format": "F j, Y", "time_format": "g:i a", "start_of_week": 1, "language": "en_GB",
    "use_smilies": True, "default_category": 1, "default_post_format": "0",
    "posts_per_page": 10, "show_on_front": "posts", "page_on_front": 0, "page_for_posts": 0,
    "default_ping_status": "open", "default_comment_status": "open", "site_logo": None,
    "site_icon": 0,
}


class _Refusal(Exception):
    """A request WordPress would refuse, carried to :meth:`FakeWordPress.route` as its response."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(code)
        self.response = _wp_error(status, code, message)


def _wp_error(status: int, code: str, message: str) -> httpx.Response:
    return json_response(status, {"code": code, "message": message, "data": {"status": status}})


def _moment(value: Any, where: str) -> datetime | None:
    """A scenario date (ISO string or YAML timestamp) as aware UTC, or None when it is left out."""
    return None if value is None or value == "" else scenario_time(value, where)


def _stamp(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%S") if moment else None


def _query_moment(query: Query, name: str) -> datetime | None:
    if name not in query:
        return None
    try:
        parsed = datetime.fromisoformat(query[name])
    except ValueError:
        raise _Refusal(400, "rest_invalid_param", f"Invalid parameter(s): {name}") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _int_param(query: Query, name: str, default: int, low: int, high: int | None) -> int:
    raw = query.get(name, str(default))
    if not raw.isdigit() or int(raw) < low or (high is not None and int(raw) > high):
        bounds = f"between {low} (inclusive) and {high} (inclusive)" if high else f"at least {low}"
        raise _Refusal(400, "rest_invalid_param", f"Invalid parameter(s): {name} must be {bounds}")
    return int(raw)


def _with_id(data: Mapping[str, Any], where: str) -> Json:
    if not isinstance(data, Mapping) or not isinstance(data.get("id"), int):
        raise ConfigError("each entry needs an integer id", key=where)
    return dict(data)


class _Site:
    """One scenario site, with its records normalised once."""

    def __init__(self, key: str, data: Mapping[str, Any]) -> None:
        where = f"sites.{key}"
        for name in ("username", "application_password"):
            if not isinstance(data.get(name), str) or not data[name]:
                raise ConfigError("a non-empty string is required", key=f"{where}.{name}")
        self.key = key
        self.url = str(data.get("url") or f"https://{key}.example").rstrip("/")
        self.private = bool(data.get("private", False))
        self.wpcom = bool(data.get("wpcom", False))
        self.coming_soon = bool(data.get("coming_soon", False))
        self.blog_id = data.get("blog_id", 1)
        if not isinstance(self.blog_id, int):
            raise ConfigError("an integer is required", key=f"{where}.blog_id")
        self.username: str = data["username"]
        self.password = "".join(str(data["application_password"]).split())
        self.deny = frozenset(data.get("deny") or ())
        self.users = [_with_id(u, f"{where}.users") for u in data.get("users") or ()]
        self.posts = [self._post(p, "post", f"{where}.posts") for p in data.get("posts") or ()]
        self.pages = [self._post(p, "page", f"{where}.pages") for p in data.get("pages") or ()]
        self.comments = [self._comment(c, f"{where}.comments") for c in data.get("comments") or ()]
        self.settings: Json = {**_DEFAULT_SETTINGS, "title": str(data.get("name") or key),
                               "url": self.url, **dict(data.get("settings") or {})}

    @staticmethod
    def _post(data: Mapping[str, Any], kind: str, where: str) -> Json:
        record = {"status": "publish", "password": "", "author": 1, "content": "", "title": "",
                  **_with_id(data, where), "type": kind}
        record["date_gmt"] = _moment(record.get("date_gmt"), f"{where}.date_gmt")
        record["modified_gmt"] = (_moment(record.get("modified_gmt"), f"{where}.modified_gmt")
                                  or record["date_gmt"])
        if record["modified_gmt"] is None:
            raise ConfigError("date_gmt or modified_gmt is required", key=where)
        return record

    @staticmethod
    def _comment(data: Mapping[str, Any], where: str) -> Json:
        record = {"status": "approved", "parent": 0, "author": 0, "author_name": "",
                  "author_email": "", "content": "", **_with_id(data, where)}
        record["date_gmt"] = _moment(record.get("date_gmt"), f"{where}.date_gmt")
        if record["date_gmt"] is None:
            raise ConfigError("date_gmt is required", key=where)
        return record

    def visible_post_ids(self) -> set[int]:
        """Posts and pages an anonymous visitor may read (published, no password)."""
        return {p["id"] for p in self.posts + self.pages
                if p["status"] == "publish" and not p["password"]}


class FakeWordPress(FakePlatform):
    """Several self-hosted WordPress sites, each under ``/<site>/wp-json/wp/v2/``."""

    platform: ClassVar[str] = "wordpress"

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__(data)
        sites = data.get("sites")
        if not isinstance(sites, Mapping):
            raise ConfigError("a mapping of sites is required", key="sites")
        self.sites = {str(key): _Site(str(key), site) for key, site in sites.items()}

    def route(self, request: httpx.Request) -> httpx.Response:
        """Answer ``GET /<site>/wp-json/wp/v2/<route>`` as WordPress would.

        A site with ``wpcom: true`` also answers WordPress.com's
        ``GET /<site>/rest/v1.1/sites/<domain or blog_id>`` as it answers a visitor.
        """
        parts = request.url.path.strip("/").split("/")
        site = self.sites.get(parts[0])
        if request.method == "GET" and site is not None and parts[1:4] == ["rest", "v1.1", "sites"]:
            return _wpcom_site(site, parts[4:], dict(request.url.params))
        if request.method != "GET" or site is None or parts[1:4] != ["wp-json", "wp", "v2"]:
            return self.error(request, 404)
        handlers: dict[str, Callable[[_Site, bool, Query], httpx.Response]] = {
            "posts": self._posts, "pages": self._pages, "comments": self._comments,
            "users": self._users, "users/me": self._me, "settings": self._settings,
        }
        name = "/".join(parts[4:])
        handler = handlers.get(name)
        if handler is None:
            return self.error(request, 404)
        query: Query = dict(request.url.params)
        try:
            authed = self._authenticate(site, request)
            if site.private and not authed:
                # What "private site" plugins such as Force Login answer.
                raise _Refusal(401, "rest_unauthorized",
                               "Only authenticated users can access the REST API.")
            if authed and name in site.deny:
                raise _Refusal(403, *_DENIED.get(name, ("rest_forbidden_context",
                                                        "Sorry, you are not allowed to do that.")))
            return handler(site, authed, query)
        except _Refusal as refusal:
            return refusal.response

    def error(self, request: httpx.Request, status: int) -> httpx.Response:
        """WordPress's error body: ``{"code", "message", "data": {"status"}}``."""
        code, message = _MESSAGES.get(status, ("rest_error", httpx.codes.get_reason_phrase(status)))
        return _wp_error(status, code, message)

    @staticmethod
    def _authenticate(site: _Site, request: httpx.Request) -> bool:
        header = request.headers.get("Authorization", "")
        if not header:
            return False
        scheme, _, token = header.partition(" ")
        try:
            user, _, password = base64.b64decode(token, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            user, password = "", ""
        if scheme.lower() != "basic" or user != site.username:
            raise _Refusal(401, "invalid_username",
                           "Unknown username. Check again or try your email address.")
        if "".join(password.split()) != site.password:
            raise _Refusal(401, "incorrect_password",
                           "The provided password is an invalid application password.")
        return True

    # Routes.
    def _posts(self, site: _Site, authed: bool, query: Query) -> httpx.Response:
        return self._post_collection(site, site.posts, authed, query)

    def _pages(self, site: _Site, authed: bool, query: Query) -> httpx.Response:
        return self._post_collection(site, site.pages, authed, query)

    def _post_collection(self, site: _Site, records: list[Json], authed: bool,
                         query: Query) -> httpx.Response:
        context = _context(query, authed, "Sorry, you are not allowed to edit posts in this post type.")
        statuses = [s for s in query.get("status", "publish").split(",") if s]
        if "any" in statuses:
            statuses = list(_POST_STATUSES)
        if any(s not in _POST_STATUSES for s in statuses):
            raise _Refusal(400, "rest_invalid_param", "Invalid parameter(s): status")
        if not authed and statuses != ["publish"]:
            raise _Refusal(401, "rest_forbidden_status", "Status is forbidden.")
        after = _query_moment(query, "after")
        modified_after = _query_moment(query, "modified_after")
        chosen = [r for r in records if r["status"] in statuses
                  and (after is None or (r["date_gmt"] and r["date_gmt"] > after))
                  and (modified_after is None or r["modified_gmt"] > modified_after)]
        return _page(chosen, query, lambda r: _post_json(site, r, context, authed),
                     sort_keys={"date": "date_gmt", "modified": "modified_gmt", "id": "id"},
                     default_sort="date", invalid_page="rest_post_invalid_page_number")

    def _comments(self, site: _Site, authed: bool, query: Query) -> httpx.Response:
        context = _context(query, authed, "Sorry, you are not allowed to edit comments.")
        # sanitize_key, as the REST API does: "approve,hold" becomes "approvehold", no status.
        status = _NOT_A_KEY.sub("", query.get("status", "approve").lower())
        if status != "approve" and not authed:
            raise _Refusal(401, "rest_forbidden_param", "Query parameter not permitted: status")
        wanted = _COMMENT_STATUS.get(status, ())
        readable = None if authed else site.visible_post_ids()
        after = _query_moment(query, "after")
        chosen = [c for c in site.comments if c["status"] in wanted
                  and (readable is None or c["post"] in readable)
                  and (after is None or c["date_gmt"] > after)]
        return _page(chosen, query, lambda c: _comment_json(site, c, context),
                     sort_keys={"date": "date_gmt", "date_gmt": "date_gmt", "id": "id"},
                     default_sort="date_gmt")

    def _users(self, site: _Site, authed: bool, query: Query) -> httpx.Response:
        context = _context(query, authed, "Sorry, you are not allowed to list users.")
        if not authed:
            raise _Refusal(401, "rest_user_cannot_view", "Sorry, you are not allowed to list users.")
        return _page(site.users, query, lambda u: _user_json(site, u, context),
                     sort_keys={"id": "id", "name": "name", "registered_date": "registered_date"},
                     default_sort="name", default_order="asc")

    def _me(self, site: _Site, authed: bool, query: Query) -> httpx.Response:
        if not authed:
            raise _Refusal(401, "rest_not_logged_in", "You are not currently logged in.")
        me = next((u for u in site.users if u.get("username") == site.username),
                  {"id": 1, "username": site.username, "name": site.username,
                   "roles": ["administrator"]})
        return json_response(200, _fields(_user_json(site, me, query.get("context", "view")),
                                          query))

    def _settings(self, site: _Site, authed: bool, query: Query) -> httpx.Response:
        if not authed:
            raise _Refusal(401, "rest_forbidden", "Sorry, you are not allowed to do that.")
        return json_response(200, _fields(dict(site.settings), query))


def _wpcom_site(site: _Site, rest: list[str], query: Query) -> httpx.Response:
    """WordPress.com's ``GET /rest/v1.1/sites/$site`` for a visitor: 403 if the site is private."""
    domain = urlsplit(site.url).hostname
    if not site.wpcom or len(rest) != 1 or rest[0] not in (domain, str(site.blog_id)):
        return json_response(404, {"error": "unknown_blog", "message": "Unknown blog"})
    if site.private:
        return json_response(403, {"error": "unauthorized",
                                   "message": "User cannot access this private blog."})
    body: Json = {
        "ID": site.blog_id, "name": site.settings["title"],
        "description": site.settings["description"], "URL": site.url, "jetpack": False,
        "is_multisite": True, "lang": "en", "is_private": False,
        "is_coming_soon": site.coming_soon, "is_vip": False,
    }
    # ``fields`` keeps the named fields that exist; unknown names are ignored.
    wanted = {name.strip() for name in query.get("fields", "").split(",") if name.strip()}
    return json_response(200, {k: v for k, v in body.items() if k in wanted} if wanted else body)


def _context(query: Query, authed: bool, refusal: str) -> str:
    context = query.get("context", "view")
    if context not in ("view", "embed", "edit"):
        raise _Refusal(400, "rest_invalid_param", "Invalid parameter(s): context")
    if context == "edit" and not authed:
        raise _Refusal(401, "rest_forbidden_context", refusal)
    return context


def _page(records: list[Json], query: Query, render: Callable[[Json], Json], *,
          sort_keys: Mapping[str, str], default_sort: str, default_order: str = "desc",
          invalid_page: str | None = None) -> httpx.Response:
    """One page of a collection, sorted and counted as WordPress does."""
    per_page = _int_param(query, "per_page", 10, 1, 100)
    page = _int_param(query, "page", 1, 1, None)
    orderby = query.get("orderby", default_sort)
    order = query.get("order", default_order)
    if orderby not in sort_keys or order not in ("asc", "desc"):
        raise _Refusal(400, "rest_invalid_param", "Invalid parameter(s): orderby, order")
    key = sort_keys[orderby]
    ordered = sorted(records, key=lambda r: (r.get(key) is not None, r.get(key) or 0, r["id"]),
                     reverse=order == "desc")
    total = len(ordered)
    pages = math.ceil(total / per_page)
    if invalid_page and page > pages and total:
        raise _Refusal(400, invalid_page,
                       "The page number requested is larger than the number of pages available.")
    chunk = ordered[(page - 1) * per_page: page * per_page]
    return json_response(200, [_fields(render(r), query) for r in chunk],
                         {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)})


def _fields(body: Json, query: Query) -> Json:
    """Apply ``_fields`` (top-level names; ``content.rendered`` keeps ``content``)."""
    wanted = {name.split(".")[0] for name in query.get("_fields", "").split(",") if name}
    return {k: v for k, v in body.items() if k in wanted} if wanted else body


def _links(site: _Site, route: str, record_id: int, **extra: str) -> Json:
    api = f"{site.url}/wp-json/wp/v2/{route}"
    links: Json = {"self": [{"href": f"{api}/{record_id}"}], "collection": [{"href": api}]}
    links.update({rel: [{"embeddable": True, "href": href}] for rel, href in extra.items()})
    return links


def _post_json(site: _Site, post: Json, context: str, authed: bool) -> Json:
    route = "posts" if post["type"] == "post" else "pages"
    link = f"{site.url}/?{'p' if post['type'] == 'post' else 'page_id'}={post['id']}"
    locked = bool(post["password"]) and context != "edit"
    title = str(post["title"])
    content = str(post["content"])
    body: Json = {
        "id": post["id"], "date": _stamp(post["date_gmt"]), "date_gmt": _stamp(post["date_gmt"]),
        "guid": {"rendered": link}, "modified": _stamp(post["modified_gmt"]),
        "modified_gmt": _stamp(post["modified_gmt"]), "slug": post.get("slug", ""),
        "status": post["status"], "type": post["type"], "link": link,
        "title": {"rendered": html.escape(title, quote=False)},
        "content": {"rendered": "" if locked else content + "\n",
                    "protected": bool(post["password"])},
        "excerpt": {"rendered": "", "protected": bool(post["password"])},
        "author": post["author"], "featured_media": 0, "comment_status": "open",
        "ping_status": "open", "template": "", "meta": {"footnotes": ""},
    }
    if post["type"] == "post":
        body.update({"sticky": False, "format": "standard", "categories": [1], "tags": []})
    else:
        body.update({"parent": 0, "menu_order": 0})
    if context == "edit" and authed:
        body["title"]["raw"] = title
        body["content"].update({"raw": content, "block_version": 0})
        body["guid"]["raw"] = link
        body["excerpt"]["raw"] = ""
        body["password"] = post["password"]
    body["_links"] = _links(site, route, post["id"],
                            author=f"{site.url}/wp-json/wp/v2/users/{post['author']}")
    return body


def _comment_json(site: _Site, comment: Json, context: str) -> Json:
    link = f"{site.url}/?p={comment['post']}#comment-{comment['id']}"
    body: Json = {
        "id": comment["id"], "post": comment["post"], "parent": comment["parent"],
        "author": comment["author"], "author_name": comment["author_name"], "author_url": "",
        "date": _stamp(comment["date_gmt"]), "date_gmt": _stamp(comment["date_gmt"]),
        "content": {"rendered": str(comment["content"]) + "\n"}, "link": link,
        "status": comment["status"], "type": "comment", "meta": [],
    }
    if context == "edit":
        body.update({"author_email": comment["author_email"], "author_ip": "",
                     "author_user_agent": ""})
        body["content"]["raw"] = str(comment["content"])
    body["_links"] = _links(site, "comments", comment["id"],
                            up=f"{site.url}/wp-json/wp/v2/posts/{comment['post']}")
    return body


def _user_json(site: _Site, user: Json, context: str) -> Json:
    slug = str(user.get("slug") or user.get("username") or user["id"])
    body: Json = {
        "id": user["id"], "name": user.get("name", ""), "url": "", "description": "",
        "link": f"{site.url}/author/{slug}/", "slug": slug, "meta": [],
    }
    if context == "edit":
        registered = _moment(user.get("registered_date"), "users.registered_date")
        roles = list(user.get("roles") or ["subscriber"])
        granted = {cap: True for role in roles for cap in _ROLE_CAPABILITIES.get(role, ())}
        body.update({
            "username": user.get("username", slug), "first_name": "", "last_name": "",
            "email": user.get("email", ""), "locale": "en_GB", "nickname": slug,
            "roles": roles,
            "registered_date": registered.isoformat() if registered else None,
            "capabilities": {**granted, **dict.fromkeys(roles, True)},
            "extra_capabilities": dict.fromkeys(roles, True),
        })
    body["_links"] = _links(site, "users", user["id"])
    return body
