"""Stage 9, serve: the writer's loop. Takes the workspace as it is saved, gives `dossier
serve` (a live preview in the browser: the statement as it will print, every problem marked
at its sentence and listed, re-checked on every save and pushed to the page, the PDF built in
the background) and the watching behind `dossier watch`. Imports the stages before it; the
PDF build itself is handed in by the command, so that this stage never imports WeasyPrint."""
