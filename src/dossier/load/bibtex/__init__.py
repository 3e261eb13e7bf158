"""The bibliography reader: bibliography.bib as pandoc reads it, through bibtexparser 2 and
dossier's middlewares. `bibliography` loads the file; `bibtex_macros` expands @string and `#`;
`bib_names` parses name fields; `bib_inheritance` gives an entry the fields of its crossref and
xdata parents; `bib_entry` is one loaded entry; `latex_text` turns a field's LaTeX into text;
`bib_dates` reads biblatex and EDTF dates; `bib_checks` finds what is wrong with an entry."""
