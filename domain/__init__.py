"""The One-Meter Voice domain: aggregates, events, value types and lifecycle rules."""
