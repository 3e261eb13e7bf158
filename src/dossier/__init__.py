"""dossier: traced, footnoted submissions to UN human-rights bodies from evidence and BibTeX."""

__version__ = "0.1.0"
