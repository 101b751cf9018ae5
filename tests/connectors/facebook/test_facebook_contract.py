"""The Facebook Pages connector passes the contract every connector must pass."""

from __future__ import annotations

from auditor import AccountRef, Capability
from auditor.testing import ConnectorContract, fake_base_url
from connectors.facebook import FacebookConnector

PAGE = "104857600000001"
TOKEN = "EAAGm0PX4ZCpsBAcontractTokenZDZD"


class TestFacebookContract(ConnectorContract):
    connector = FacebookConnector
    fake_data = {"page_access_token": TOKEN, "pages": [{
        "id": PAGE, "name": "Millbrook CE Primary School", "username": "millbrookprimary",
        "followers_count": 412,
        "roles": [{"id": "7001", "name": "Theresa Hale", "tasks": ["MANAGE", "CREATE_CONTENT"]}],
        "posts": [
            {"message": "Sports day today!", "created_time": "2026-11-20T09:00:00Z",
             "photo": "https://scontent.example/sports.jpg",
             "comments": [{"from": {"id": "9001", "name": "A parent"}, "message": "Well done",
                           "created_time": "2026-11-20T10:00:00Z",
                           "replies": [{"from": {"id": PAGE, "name": "Millbrook"},
                                        "message": "Thank you!",
                                        "created_time": "2026-11-20T11:00:00Z"}]}]},
            {"message": "Can anyone give me a lift?", "created_time": "2026-11-21T08:00:00Z",
             "from": {"id": "9002", "name": "A visitor"}},
        ],
        "photos": [{"id": "5001", "name": "Museum trip", "created_time": "2026-11-19T15:00:00Z",
                    "alt_text": "Children at the museum", "place": {"name": "Science Museum"}}],
    }]}
    account = AccountRef(id="fb", platform="facebook", base_url=fake_base_url("facebook"))
    connection = {"page_id": PAGE, "page_access_token": TOKEN}
    secrets = (TOKEN,)
    capability_paths = {Capability.CONTENT: r"/(feed|comments)$",
                        Capability.MEDIA: r"/photos$"}
