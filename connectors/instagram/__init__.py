"""Instagram business and creator accounts, read through the Instagram API with Instagram Login."""

from connectors.instagram.connector import InstagramConfig, InstagramConnector

__all__ = ["InstagramConfig", "InstagramConnector"]
