"""Bluesky sessions kept in process memory, so a long-running service signs in once.

``com.atproto.server.createSession`` costs a call (and has the PDS's tightest rate limit) that
a repeat audit does not need while the last session's access token is still good. Sessions
are kept here only: never in the cursor, the database or a log line, so a one-off
``auditor audit`` (from cron) signs in every time and ``auditor serve`` once, then refreshes.

Sessions are keyed by the PDS origin, the identifier (handle or DID) and a keyed hash of the
app password, so a changed password never reuses a session made with the old one. The hash
key is random per process: the digest says nothing outside it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr

__all__ = ["SESSIONS", "Session", "SessionCache", "SessionKey", "token_expiry"]

#: Seconds before its ``exp`` that an access token is treated as expired, so a request is
#: not sent with a token that lapses on the way.
EXPIRY_MARGIN = 60.0

SessionKey = tuple[str, str, str]


@dataclass(frozen=True)
class Session:
    """One signed-in session: who it is for and its tokens, hidden from ``repr``."""

    did: str
    handle: str
    access: SecretStr
    refresh: SecretStr | None
    #: When the access token expires (epoch seconds, from its ``exp``), if it says.
    expires_at: float | None

    def expired(self, now: float) -> bool:
        """True when the access token's own ``exp`` says it is (about to be) out of date."""
        return self.expires_at is not None and now >= self.expires_at - EXPIRY_MARGIN

    def identity(self) -> dict[str, Any]:
        """What createSession says about the account, without the tokens."""
        return {"did": self.did, "handle": self.handle}


def token_expiry(token: str) -> float | None:
    """The ``exp`` claim of a JWT, unverified (only to know when to refresh); None if unreadable.

    The PDS alone checks the signature; a token it rejects is refreshed all the same.
    """
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except ValueError:
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    return float(exp) if isinstance(exp, int | float) and not isinstance(exp, bool) else None


class SessionCache:
    """Sessions by (PDS origin, identifier, password digest); safe to share between threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[SessionKey, Session] = {}
        self._secret = secrets.token_bytes(32)

    def key(self, service: str, identifier: str, password: SecretStr) -> SessionKey:
        """The cache key of one account's sign-in; the password only as a keyed digest."""
        digest = hmac.new(self._secret, password.get_secret_value().encode(),
                          hashlib.sha256).hexdigest()
        return service.rstrip("/").casefold(), identifier.strip().lstrip("@").casefold(), digest

    def get(self, key: SessionKey) -> Session | None:
        """The session kept for ``key``, if any."""
        with self._lock:
            return self._sessions.get(key)

    def put(self, key: SessionKey, session: Session) -> None:
        """Keep ``session`` for ``key``, replacing an older one."""
        with self._lock:
            self._sessions[key] = session

    def drop(self, key: SessionKey, session: Session | None = None) -> None:
        """Forget ``key``'s session; only if it is still ``session`` when one is given, so a
        newer session another audit just made is kept."""
        with self._lock:
            if session is None or self._sessions.get(key) is session:
                self._sessions.pop(key, None)

    def clear(self) -> None:
        """Forget every session (tests, or a service that must sign in again)."""
        with self._lock:
            self._sessions.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._sessions)

    def __repr__(self) -> str:
        return f"SessionCache({len(self)} sessions)"


#: The process's sessions, shared by every Bluesky client.
SESSIONS = SessionCache()
