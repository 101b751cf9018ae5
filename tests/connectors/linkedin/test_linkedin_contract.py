"""The LinkedIn connector passes the contract every connector must pass."""

from __future__ import annotations

from auditor import AccountRef, Capability
from auditor.testing import ConnectorContract, fake_base_url
from connectors.linkedin import LinkedInConnector


class TestLinkedInContract(ConnectorContract):
    connector = LinkedInConnector
    fake_data = {
        "access_token": "contract-linkedin-token",
        "organizations": [{
            "id": 90210001, "followers": 212,
            "admins": [{"person": "AbC123xyz"}, {"person": "DeF456uvw", "role": "CONTENT_ADMINISTRATOR"}],
            "posts": [
                {"id": 7260000000000000001, "text": "Harvest festival (Year 2) #proud",
                 "created_at": "2026-11-19T09:00:00Z",
                 "media": [{"type": "image", "alt_text": "Harvest table"}],
                 "comments": [{"id": 7260000000000000101, "actor": "urn:li:person:ZxY987",
                               "text": "Lovely!", "created_at": "2026-11-19T10:00:00Z"}]},
                {"id": 7260000000000000002, "text": "Open evening on Thursday",
                 "created_at": "2026-11-20T09:00:00Z", "visibility": "LOGGED_IN"},
            ],
        }],
    }
    account = AccountRef(id="page", platform="linkedin", handle="millbrook-primary",
                         base_url=fake_base_url("linkedin"))
    connection = {"access_token": "contract-linkedin-token", "organization_id": "90210001"}
    secrets = ("contract-linkedin-token",)
    capability_paths = {Capability.CONTENT: r"/rest/(posts|socialActions/.+/comments)$"}
    # The floor for this Page (README, "Why more than 3"): networkSizes, organizationAcls and
    # posts, plus one comments read per watched post (2 here): the API has no comments
    # finder across an organisation's posts, and its notifications skip non-PUBLIC posts.
    repeat_call_budget = 5
