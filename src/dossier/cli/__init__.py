"""The command line, a thin shell over the pipeline: `group` is the `dossier` command group
with its global options; `commands/` holds the commands, which the group adds; `output` is
what they print, and where every error becomes problems and an exit status; `options` is
what their options share. Only `main` is exported: the entry point, `dossier.cli:main`."""

from .group import main

__all__ = ["main"]
