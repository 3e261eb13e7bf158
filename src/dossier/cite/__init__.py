"""Stage 3, cite: takes a loaded dossier and its parsed statement, gives the compiled dossier:
citations resolved to evidence and bibliography entries, footnotes numbered and worded in UN
editorial style, words counted under the venue's profile. Imports `load` and `statement`."""
