"""The YouTube connector passes the contract every connector must pass."""

from __future__ import annotations

from auditor import AccountRef, Capability
from auditor.testing import ConnectorContract, fake_base_url
from connectors.youtube import YouTubeConnector


class TestYouTubeContract(ConnectorContract):
    connector = YouTubeConnector
    fake_data = {
        "api_key": "AIzaSyContract-youtube-key-0000000000",
        "channels": [{
            "id": "UCcontract0000000000000001", "handle": "contractschool",
            "title": "Contract School", "privacy": "public", "subscribers": 42,
            "videos": [
                {"id": "contractV01", "title": "Sports day", "description": "We ran!",
                 "published_at": "2026-11-20T09:00:00Z",
                 "comments": [{"id": "UgxContract1", "text": "Well done",
                               "published_at": "2026-11-20T10:00:00Z",
                               "author": {"name": "P", "channel_id": "UCparent00000000000000001"},
                               "replies": [{"id": "UgxContract1.r1", "text": "Thanks",
                                            "published_at": "2026-11-20T11:00:00Z"}]}]},
                {"id": "contractV02", "title": "Assembly", "published_at": "2026-11-10T09:00:00Z",
                 "comments_disabled": True},
            ],
        }],
    }
    account = AccountRef(id="yt", platform="youtube", handle="@contractschool",
                         base_url=fake_base_url("youtube"))
    connection = {"api_key": "AIzaSyContract-youtube-key-0000000000"}
    secrets = ("AIzaSyContract-youtube-key-0000000000",)
    capability_paths = {Capability.CONTENT: r"/(playlistItems|videos|commentThreads)$"}
