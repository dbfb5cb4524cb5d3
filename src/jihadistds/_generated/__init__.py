"""Code generated from the schemas and frictionless' profiles by ``python -m jihadistds.dev.codegen``: never edit by hand."""
