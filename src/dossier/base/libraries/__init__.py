"""The libraries dossier calls, as the build sees them: their installed versions, read without
importlib.metadata's cost (`versions`), and what they log, held for one call so that nothing
process-wide changes (`library_logs`)."""
