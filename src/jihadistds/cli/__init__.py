"""The ``jihadistds`` command line (:mod:`.commands`, with what they share in :mod:`.options`)."""

from .commands import cli, main
from .options import CONTEXT_SETTINGS

__all__ = ["CONTEXT_SETTINGS", "cli", "main"]
