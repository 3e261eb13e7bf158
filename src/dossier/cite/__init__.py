"""Stage 3, cite: takes the loaded workspace and each dossier's parsed statement, gives the
compiled dossiers (`compile.compile_workspace`): citations resolved to evidence and
bibliography entries, footnotes numbered and worded in UN editorial style, the venue's front
matter (`front_matter`, for every writer), and the Word file's text (`word_file`), whose words
are counted as Word counts them under the venue's profile. Imports the base layer, `load`
and `statement`."""
