"""Stage 6, record: takes what a build rendered, gives the manifest (`manifest`: its one type,
its JSON and the one reading of it) and the trace (`trace`), assembled for each dossier and
refused whole or written together (`assemble`, `write_files`); decides whether a build is up
to date (`up_to_date`), and holds one build of a dossier at a time (`lock`). Imports the base
layer and the stages before it."""
