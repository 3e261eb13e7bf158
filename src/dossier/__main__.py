"""`python -m dossier` runs the command line."""

from .cli import main

main()
