"""The X connector passes the contract every connector must pass."""

from __future__ import annotations

from auditor import AccountRef, Capability
from auditor.testing import ConnectorContract, fake_base_url
from connectors.x import XConnector


class TestXContract(ConnectorContract):
    connector = XConnector
    fake_data = {
        "bearer_token": "contract-x-token",
        "users": [{
            "id": "1500000000000000001", "username": "SchoolY6", "name": "School Year 6",
            "protected": False, "created_at": "2024-09-01T08:00:00Z",
            "followers": [{"id": "1500000000000000101", "username": "parent_one", "name": "P"}],
            "tweets": [{"id": "1600000000000000001", "text": "Sports day!",
                        "created_at": "2026-11-20T09:00:00Z"}],
            "replies": [{"id": "1600000000000000002", "text": "Well done",
                         "created_at": "2026-11-20T10:00:00Z",
                         "author": {"id": "1500000000000000101", "username": "parent_one", "name": "P"}}],
        }],
    }
    account = AccountRef(id="y6", platform="x", handle="SchoolY6", base_url=fake_base_url("x"))
    connection = {"bearer_token": "contract-x-token"}
    secrets = ("contract-x-token",)
    capability_paths = {Capability.MEMBERS: r"/followers$",
                        Capability.CONTENT: r"/tweets(/search/recent)?$"}
