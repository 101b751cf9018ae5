"""The WordPress connector passes the contract every connector must pass."""

from __future__ import annotations

from auditor import AccountRef, Capability
from auditor.testing import ConnectorContract, fake_base_url
from connectors.wordpress import WordPressConnector


class TestWordPressContract(ConnectorContract):
    connector = WordPressConnector
    fake_data = {"sites": {"blog": {
        "name": "Class blog", "private": True, "username": "auditor",
        "application_password": "abcd efgh ijkl mnop",
        "users": [{"id": 1, "username": "auditor", "name": "A", "roles": ["administrator"],
                   "registered_date": "2024-09-01T08:00:00"}],
        "posts": [{"id": 10, "title": "Hello", "content": "<p>Our <b>class</b> trip</p>",
                   "status": "publish", "date_gmt": "2026-11-20T09:00:00", "author": 1}],
        "comments": [{"id": 100, "post": 10, "author": 0, "author_name": "Visitor",
                      "content": "<p>Lovely</p>", "status": "hold", "date_gmt": "2026-11-20T10:00:00"}],
    }}}
    account = AccountRef(id="blog", platform="wordpress", base_url=fake_base_url("wordpress") + "/blog")
    connection = {"site_url": "https://blog.example", "username": "auditor",
                  "application_password": "abcd efgh ijkl mnop"}
    secrets = ("abcd efgh ijkl mnop",)
    capability_paths = {Capability.MEMBERS: r"/wp/v2/users$",
                        Capability.CONTENT: r"/wp/v2/(pages|comments)$"}
    # WordPress's floor (README, "Why 6"): the anonymous probe, settings and users have no
    # change signal and are read every audit; posts, pages and comments are three routes
    # (one empty page each when nothing changed), and /batch/v1 refuses GET sub-requests.
    repeat_call_budget = 6
