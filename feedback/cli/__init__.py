"""The ``feedback`` command line: ``feedback --help`` lists the commands."""

from feedback.cli import audit, core, names, privacy, projections, store  # noqa: F401  (they register their commands)
from feedback.cli.base import main

__all__ = ["main"]
