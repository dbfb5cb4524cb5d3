"""Code generated from the Table Schemas by ``python docs/generate.py``: never edit by hand."""
