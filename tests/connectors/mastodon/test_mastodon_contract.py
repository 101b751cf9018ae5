"""The Mastodon connector passes the contract every connector must pass."""

from __future__ import annotations

from auditor import AccountRef, Capability
from auditor.testing import ConnectorContract, fake_base_url
from connectors.mastodon import MastodonConnector


class TestMastodonContract(ConnectorContract):
    connector = MastodonConnector
    fake_data = {"accounts": [{
        "id": "110000000000000001", "username": "SchoolY6", "display_name": "School Year 6",
        "access_token": "contract-mastodon-token", "locked": True, "default_privacy": "private",
        "followers": [{"id": "110000000000000101", "acct": "parent_one", "display_name": "P"}],
        "follow_requests": [{"id": "110000000000000102", "acct": "someone@elsewhere.example"}],
        "statuses": [{"id": "111000000000000001", "text": "Sports day!",
                      "created_at": "2026-11-20T09:00:00Z"}],
        "mentions": [{"id": "111000000000000002", "text": "@SchoolY6 Well done",
                      "created_at": "2026-11-20T10:00:00Z", "in_reply_to_id": "111000000000000001",
                      "author": {"id": "110000000000000101", "acct": "parent_one"}}],
    }]}
    account = AccountRef(id="y6", platform="mastodon", handle="@SchoolY6",
                         base_url=fake_base_url("mastodon"))
    connection = {"instance_url": "https://mastodon.school.example",
                  "access_token": "contract-mastodon-token"}
    secrets = ("contract-mastodon-token",)
    capability_paths = {Capability.MEMBERS: r"/followers$",
                        Capability.CONTENT: r"/(statuses|notifications)$"}
    # A locked account's followers are listed on every audit: approving a request deletes
    # its notification and leaves the counts as a departure would, so nothing says they are
    # unchanged (README, "Why four for a locked account"). verify_credentials, notifications,
    # statuses and followers; the pending request is not listed again, as its count and the
    # follow-request notifications have not moved.
    repeat_call_budget = 4


class TestUnlockedMastodonContract(ConnectorContract):
    """An unlocked account: its followers are carried on their counts and follow notifications."""

    connector = MastodonConnector
    fake_data = {"accounts": [{
        "id": "110000000000000001", "username": "SchoolNews", "access_token": "open-token",
        "followers": [{"id": "110000000000000101", "acct": "parent_one"},
                      {"id": "110000000000000103", "acct": "gran@elsewhere.example"}],
        "statuses": [{"id": "111000000000000001", "text": "Open day!",
                      "created_at": "2026-11-20T09:00:00Z"}],
        "mentions": [{"id": "111000000000000002", "text": "@SchoolNews See you there",
                      "created_at": "2026-11-20T10:00:00Z", "in_reply_to_id": "111000000000000001",
                      "author": {"id": "110000000000000101", "acct": "parent_one"}}],
    }]}
    account = AccountRef(id="news", platform="mastodon", handle="SchoolNews",
                         base_url=fake_base_url("mastodon"))
    connection = {"instance_url": "https://mastodon.school.example", "access_token": "open-token"}
    secrets = ("open-token",)
    capability_paths = {Capability.MEMBERS: r"/followers$",
                        Capability.CONTENT: r"/(statuses|notifications)$"}
