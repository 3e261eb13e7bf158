"""`dossier diff`: the workspace at two revisions (`revisions`), compared by what was loaded
(`diff_revisions`): evidence and bibliography records (`records`), statement sentences
(`statement_changes`), re-captured snapshots (`snapshot_changes`), approvals made stale
(`stale`), word by word (`word_diff`); shown as text or Markdown (`show`) or JSON (`as_json`)."""
