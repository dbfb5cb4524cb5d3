"""The record classes, one per table: ``from jihadistds.models import Actor``.

They are generated from the Table Schemas into :mod:`jihadistds._generated.models`; this
module is their public name. Importing it imports pydantic.
"""

from ._generated.models import *  # noqa: F403
from ._generated.models import __all__ as __all__
