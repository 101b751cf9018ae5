"""Manual attestation: what no API shows, recorded by the named monitor and checked by the same rules."""

from connectors.attestation.connector import AttestationConfig, AttestationConnector

__all__ = ["AttestationConfig", "AttestationConnector"]
