"""Helpers for the tests: a throwaway PostgreSQL server."""
