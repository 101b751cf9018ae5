"""The Bluesky connector: one account read over XRPC with an app password."""

from connectors.bluesky.connector import BlueskyConfig, BlueskyConnector

__all__ = ["BlueskyConfig", "BlueskyConnector"]
