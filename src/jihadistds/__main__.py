"""``python -m jihadistds``: the command line."""

from .cli import main

main()
