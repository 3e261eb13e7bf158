"""`python -m dossier` runs the command line."""

from .cli import main

if __name__ == "__main__":  # not when a spawned layout worker imports this module again
    main()
