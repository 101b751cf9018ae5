"""The Tumblr connector passes the contract every connector must pass."""

from __future__ import annotations

from auditor import AccountRef, Capability
from auditor.testing import ConnectorContract, fake_base_url
from connectors.tumblr import TumblrConnector

BLOG = {
    "name": "school-y6", "uuid": "t:SchoolY6uuid", "title": "School Year 6", "type": "public",
    "followers": [{"name": "parent-one"}, {"name": "parent-two"}],
    "posts": [
        {"id": 7000000000000000001, "text": "Sports day!", "timestamp": "2026-11-20T09:00:00Z",
         "images": [{"url": "https://64.media.tumblr.com/a.jpg", "alt_text": "Relay race"}],
         "notes": [{"type": "reply", "blog_name": "parent-one", "text": "Well done",
                    "timestamp": "2026-11-20T10:00:00Z"},
                   {"type": "like", "blog_name": "parent-two", "timestamp": "2026-11-20T10:05:00Z"}]},
        {"id": 7000000000000000002, "state": "queued", "text": "Coming soon",
         "timestamp": "2026-11-21T09:00:00Z"},
        {"id": 7000000000000000003, "state": "draft", "text": "Draft",
         "timestamp": "2026-11-21T10:00:00Z"},
    ],
}


class TestTumblrContract(ConnectorContract):
    connector = TumblrConnector
    fake_data = {"access_token": "contract-tumblr-token", "blogs": [BLOG]}
    account = AccountRef(id="y6", platform="tumblr", handle="school-y6",
                         base_url=fake_base_url("tumblr"))
    connection = {"blog": "school-y6.tumblr.com", "access_token": "contract-tumblr-token"}
    secrets = ("contract-tumblr-token",)
    capability_paths = {Capability.MEMBERS: r"/followers$",
                        Capability.CONTENT: r"/(posts|posts/queue|posts/draft|notes)$"}


class TestTumblrOAuth1Contract(TestTumblrContract):
    fake_data = {"oauth1": {"consumer_key": "contract-ck",
                            "consumer_secret": "contract-consumer-secret",
                            "oauth_token": "contract-tok",
                            "oauth_token_secret": "contract-token-secret"},
                 "blogs": [BLOG]}
    connection = {"blog": "school-y6", "consumer_key": "contract-ck",
                  "consumer_secret": "contract-consumer-secret", "oauth_token": "contract-tok",
                  "oauth_token_secret": "contract-token-secret"}
    secrets = ("contract-consumer-secret", "contract-token-secret")
