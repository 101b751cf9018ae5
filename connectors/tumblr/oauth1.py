"""OAuth 1.0a request signing with HMAC-SHA1 (RFC 5849), the only method Tumblr accepts.

Written on the standard library so that the sandbox's plain-http fake can be signed and
checked the same way as api.tumblr.com.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Iterable
from urllib.parse import quote

import httpx

__all__ = ["authorization_header", "signature"]


def _pct(value: str) -> str:
    # RFC 5849 3.6: everything but the unreserved characters is percent-encoded.
    return quote(value, safe="-._~")


def signature(method: str, url: httpx.URL, oauth_params: Iterable[tuple[str, str]],
              consumer_secret: str, token_secret: str) -> str:
    """The HMAC-SHA1 signature of a request (RFC 5849 3.4): query and oauth parameters."""
    port = f":{url.port}" if url.port not in (None, 80, 443) else ""
    base_uri = f"{url.scheme.lower()}://{url.host.lower()}{port}{url.path}"
    pairs = [(_pct(k), _pct(v)) for k, v in url.params.multi_items()]
    pairs += [(_pct(k), _pct(v)) for k, v in oauth_params if k != "oauth_signature"]
    normalised = "&".join(f"{k}={v}" for k, v in sorted(pairs))
    base = "&".join((method.upper(), _pct(base_uri), _pct(normalised)))
    key = f"{_pct(consumer_secret)}&{_pct(token_secret)}"
    digest = hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def authorization_header(method: str, url: httpx.URL, consumer_key: str, consumer_secret: str,
                         token: str, token_secret: str) -> str:
    """The ``Authorization: OAuth ...`` value for one request."""
    params = [("oauth_consumer_key", consumer_key), ("oauth_nonce", secrets.token_hex(16)),
              ("oauth_signature_method", "HMAC-SHA1"), ("oauth_timestamp", str(int(time.time()))),
              ("oauth_token", token), ("oauth_version", "1.0")]
    params.append(("oauth_signature",
                   signature(method, url, params, consumer_secret, token_secret)))
    return "OAuth " + ", ".join(f'{k}="{_pct(v)}"' for k, v in params)
