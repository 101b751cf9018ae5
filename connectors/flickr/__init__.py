"""Flickr user accounts and groups, read through the Flickr REST API with OAuth 1.0a (authlib)."""

from connectors.flickr.connector import FlickrConfig, FlickrConnector

__all__ = ["FlickrConfig", "FlickrConnector"]
