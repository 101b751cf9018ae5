"""The Flickr connector passes the contract every connector must pass, as a group and as a user."""

from __future__ import annotations

from auditor import AccountRef, Capability
from auditor.testing import ConnectorContract, fake_base_url
from connectors.flickr import FlickrConnector

SCHOOL = "200000001@N01"


class TestFlickrContract(ConnectorContract):
    connector = FlickrConnector
    fake_data = {
        "api_key": "contract-key", "api_secret": "contract-app-secret",
        "users": [{"nsid": SCHOOL, "username": "millbrook_school",
                   "oauth_token": "72157-contract-token", "oauth_token_secret": "contract-token-secret",
                   "privacy": 5, "geoperms": 6}],
        "photos": [
            {"id": "53300000001", "title": "Sports day", "description": "<p>Our <b>relay</b> team</p>",
             "ispublic": 0, "isfamily": 1, "dateupload": "2026-11-20T09:00:00Z",
             "latitude": 51.5237, "longitude": -0.1585,
             "exif": {"Make": "Canon", "GPSLatitude": "51 deg 31' 25.32\" N"},
             "comments": [{"id": "1-53300000001-1", "author": "300000001@N01",
                           "authorname": "a_parent", "datecreate": "2026-11-20T10:00:00Z",
                           "text": "Lovely <i>photo</i>"}]},
            {"id": "53300000002", "owner": "300000001@N01", "title": "From a parent",
             "dateupload": "2026-11-21T09:00:00Z", "exif_hidden": True},
        ],
        "groups": [{"nsid": "400000001@N20", "name": "Millbrook Year 6", "privacy": 1,
                    "members": [{"nsid": SCHOOL, "username": "millbrook_school", "membertype": 4},
                                {"nsid": "300000001@N01", "username": "a_parent", "membertype": 2}],
                    "pool": [{"photo": "53300000001", "dateadded": "2026-11-20T09:05:00Z"},
                             {"photo": "53300000002", "dateadded": "2026-11-21T09:05:00Z"}]}],
    }
    account = AccountRef(id="year6-group", platform="flickr", handle="400000001@N20",
                         base_url=fake_base_url("flickr"))
    connection = {"api_key": "contract-key", "api_secret": "contract-app-secret",
                  "oauth_token": "72157-contract-token",
                  "oauth_token_secret": "contract-token-secret",
                  "kind": "group", "group_id": "400000001@N20"}
    secrets = ("contract-app-secret", "72157-contract-token", "contract-token-secret")
    # Every Flickr method shares one path (/services/rest/, the method is a query
    # parameter), and the sandbox's faults match paths only: per-capability failures are
    # tested in test_flickr_connector.py instead.
    capability_paths = {}
    # Flickr's floor (README, "Why 4"): a group's repeat audit asks test.login (no group
    # method names the caller), groups.getInfo (privacy; no change signal), the member list
    # (a count cannot show a member swapped or promoted) and the pool (no date filter).
    repeat_call_budget = 4



class TestFlickrUserContract(TestFlickrContract):
    """The same contract for the school's own photostream: a user has no members to read."""

    account = AccountRef(id="school-photos", platform="flickr", handle="millbrook_school",
                         base_url=fake_base_url("flickr"))
    connection = {"api_key": "contract-key", "api_secret": "contract-app-secret",
                  "oauth_token": "72157-contract-token",
                  "oauth_token_secret": "contract-token-secret"}
    account_capabilities = frozenset({Capability.SETTINGS, Capability.CONTENT, Capability.MEDIA})
    # Flickr's floor for a user (README, "Why 4"): the privacy, geo and hidden preferences
    # are one method each with no change signal, plus flickr.photos.recentlyUpdated.
    repeat_call_budget = 4
