"""Mastodon accounts, read through their server's REST API with the account's own access token."""

from connectors.mastodon.connector import MastodonConfig, MastodonConnector

__all__ = ["MastodonConfig", "MastodonConnector"]
