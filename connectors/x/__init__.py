"""The X (Twitter API v2) connector, built on tweepy."""

from connectors.x.connector import XConfig, XConnector

__all__ = ["XConfig", "XConnector"]
