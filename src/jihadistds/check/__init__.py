"""Checking: the rule registry, problems and reports, and the package's own rules.

Importing this package registers every rule (:mod:`.file`, :mod:`.dataset`, :mod:`.names`,
:mod:`.positions`, :mod:`.sources`), so :data:`RULES` is complete wherever it is read.
"""

from . import dataset, file, names, positions, sources
from .registry import RULES

__all__ = ["RULES", "dataset", "file", "names", "positions", "sources"]
