"""Stage 5, render: takes a compiled dossier, gives its HTML through the venue's sandboxed
Jinja2 template and its PDF through WeasyPrint, reading nothing the sandbox does not allow.
Writes no file. Imports the stages before it."""
