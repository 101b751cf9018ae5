"""Self-hosted WordPress sites, read through the REST API (wp/v2) with an Application Password."""

from connectors.wordpress.connector import WordPressConfig, WordPressConnector

__all__ = ["WordPressConfig", "WordPressConnector"]
