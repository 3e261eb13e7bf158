"""Stage 1, load: takes the workspace's files (bibliography.bib, evidence/*.yaml,
dossiers/*/dossier.yaml, venue profiles), gives typed objects that remember the file, line and
column they came from, and the problems met reading them. Every file is read through
`read_input`, which keeps reads inside the workspace and within their size limits."""
