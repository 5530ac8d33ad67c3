"""Views of the JSON API."""
