"""The ``jihadistds`` command line (:mod:`.commands` and :mod:`.publishing`, with what they
share in :mod:`.options`)."""

from . import publishing  # registers export, site, cite and diff
from .commands import cli, main
from .options import CONTEXT_SETTINGS

__all__ = ["CONTEXT_SETTINGS", "cli", "main", "publishing"]
