"""The Bluesky connector passes the contract every connector must pass."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from auditor import AccountRef, AuthError, Capability, FakePlatform
from auditor.testing import ConnectorContract, fake_base_url
from connectors.bluesky import BlueskyConnector
from connectors.bluesky.sessions import SESSIONS


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
    # Three: a repeat audit in the same process reuses the session the first one made
    # (getFollowers, getAuthorFeed, listNotifications); README, "Three in the service, four
    # from cron". Every other contract test starts with no kept session (conftest).


class TestBlueskyContractWithAKeptSession(TestBlueskyContract):
    """The same contract when the process already holds a good session for the account.

    Every fetch goes to one fake that issued that session, so no test signs in: the faults
    the kit injects meet the reads themselves, and a 401 must still end as an AuthError
    (refresh refused, then the password refused), never as a silent reuse.
    """

    @pytest.fixture(autouse=True)
    def _kept_session(self) -> Iterator[None]:
        self._fake = super().make_fake()
        self.fetch(fake=self._fake)  # signs in once; the session is kept
        assert len(SESSIONS) == 1
        yield

    def make_fake(self) -> FakePlatform:
        return self._fake

    def test_the_repeat_audit_reuses_the_session(self) -> None:
        before = dict(self._fake.calls)
        again = self.fetch()
        assert not again.missing
        assert self._fake.calls["POST /xrpc/com.atproto.server.createSession"] == \
            before["POST /xrpc/com.atproto.server.createSession"] == 1
        assert self._fake.call_count - sum(before.values()) == 3

    def test_a_401_with_a_kept_session_renews_it_once_then_fails(self) -> None:
        rejected = self.fault(status=401, times=10)
        self.assert_fails_as(AuthError, faults=[rejected])
        # getFollowers, refreshSession, createSession: each once, then IT is told.
        assert rejected.times == 10 - 3
        assert len(SESSIONS) == 0
