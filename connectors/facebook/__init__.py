"""Facebook Pages, read through the Graph API with a Page access token."""

from connectors.facebook.connector import FacebookConfig, FacebookConnector

__all__ = ["FacebookConfig", "FacebookConnector"]
