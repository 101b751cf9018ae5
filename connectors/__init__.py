"""Platform connectors: one sub-package per platform, found through the auditor.connectors entry points."""
