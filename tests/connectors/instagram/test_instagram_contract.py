"""The Instagram connector passes the contract every connector must pass."""

from __future__ import annotations

from auditor import AccountRef, Capability
from auditor.testing import ConnectorContract, fake_base_url
from connectors.instagram import InstagramConnector


class TestInstagramContract(ConnectorContract):
    connector = InstagramConnector
    fake_data = {"accounts": [{
        "user_id": "17841400000000001", "access_token": "contract-ig-token",
        "username": "school_y6", "name": "School Year 6", "followers_count": 40,
        "media": [
            {"id": "17900000000000001", "caption": "Sports day!",
             "timestamp": "2026-11-20T09:00:00+0000",
             "comments": [{"id": "17950000000000001", "text": "Well done",
                           "timestamp": "2026-11-20T10:00:00+0000", "username": "a_parent",
                           "replies": [{"id": "17950000000000002", "text": "Thank you",
                                        "timestamp": "2026-11-20T11:00:00+0000",
                                        "username": "school_y6"}]}]},
            {"id": "17900000000000003", "media_type": "CAROUSEL_ALBUM",
             "timestamp": "2026-11-18T09:00:00+0000", "is_comment_enabled": False,
             "children": [{"id": "17900000000000004"}, {"id": "17900000000000005"}]},
        ],
    }]}
    account = AccountRef(id="y6", platform="instagram", handle="school_y6",
                         base_url=fake_base_url("instagram"))
    connection = {"access_token": "contract-ig-token", "user_id": "17841400000000001"}
    secrets = ("contract-ig-token",)
    capability_paths = {Capability.CONTENT: r"/(media|comments|replies)$"}
