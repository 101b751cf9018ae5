"""The Bluesky connector passes the contract every connector must pass."""

from __future__ import annotations

from auditor import AccountRef, Capability
from auditor.testing import ConnectorContract, fake_base_url
from connectors.bluesky import BlueskyConnector


class TestBlueskyContract(ConnectorContract):
    connector = BlueskyConnector
    fake_data = {
        "accounts": [{
            "handle": "school.bsky.social", "display_name": "School",
            "app_password": "cntr-ctpw-2026-test",
            "followers": [{"handle": "parent-one.bsky.social", "display_name": "P"}],
            "posts": [
                {"rkey": "3lbsportsday2", "text": "Sports day!",
                 "created_at": "2026-11-20T09:00:00Z", "threadgate": ["followers"]},
                {"text": "Results soon", "created_at": "2026-11-20T12:00:00Z",
                 "reply_to": "3lbsportsday2"},
            ],
            "replies": [{"text": "Well done", "created_at": "2026-11-20T10:00:00Z",
                         "author": {"handle": "parent-one.bsky.social", "display_name": "P"}}],
        }],
    }
    account = AccountRef(id="school", platform="bluesky", handle="school.bsky.social",
                         base_url=fake_base_url("bluesky"))
    connection = {"app_password": "cntr-ctpw-2026-test"}
    secrets = ("cntr-ctpw-2026-test",)
    capability_paths = {Capability.MEMBERS: r"getFollowers$",
                        Capability.CONTENT: r"(getAuthorFeed|listNotifications)$"}
