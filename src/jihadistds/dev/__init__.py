"""Tools for maintainers, never imported at run time: :mod:`.codegen` writes :mod:`jihadistds._generated`.

(The reference in ``docs/`` is written by ``docs/generate.py``, which is not installed.)
"""
