"""Tumblr blogs, read through the Tumblr API v2 with the blog owner's OAuth credentials."""

from connectors.tumblr.connector import TumblrConfig, TumblrConnector

__all__ = ["TumblrConfig", "TumblrConnector"]
