"""Built-in rules, content detectors and policy packs, registered like any third-party plugin."""
