"""Persistence beside the library: the SQL helper, the library overrides and the schema migrations.

See docs/persistence.md.
"""
