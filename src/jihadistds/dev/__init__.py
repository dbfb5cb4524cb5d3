"""Tools for maintainers, never imported at run time.

:mod:`.codegen` writes :mod:`jihadistds._generated`; :mod:`.docs` the README's generated sections.
"""
