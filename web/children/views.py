"""Views of the children's pages."""
