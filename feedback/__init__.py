"""The application layer of One-Meter Voice: use cases, configuration, privacy, CLI."""
