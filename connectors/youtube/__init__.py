"""YouTube channels, read through the YouTube Data API v3 with an API key (public data)."""

from connectors.youtube.connector import YouTubeConfig, YouTubeConnector

__all__ = ["YouTubeConfig", "YouTubeConnector"]
