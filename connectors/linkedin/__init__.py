"""LinkedIn Pages, read through the Community Management API with a Page admin's access token."""

from connectors.linkedin.connector import LinkedInConfig, LinkedInConnector

__all__ = ["LinkedInConfig", "LinkedInConnector"]
