"""Fixtures shared by the connectors' tests."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from auditor.http import new_httpx_client


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    """The httpx client the core gives a connector; respx intercepts its requests."""
    with new_httpx_client() as client:
        yield client
