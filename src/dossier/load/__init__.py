"""Stage 1, load: takes the workspace's files (bibliography.bib through `bibtex/`,
evidence/*.yaml, dossiers/*/dossier.yaml, venue profiles and their wording), gives typed
objects that remember the file, line and column they came from, and the problems met reading
them (`workspace.load_workspace`). Every file is read through the base layer's `read_input`,
which keeps reads inside the workspace and within their size limits. Imports only the base
layer."""
