"""Stage 8, review: the legal team's commands. Takes a checked workspace and its approvals
(check.approvals), gives `dossier approve` (an item's review block written into its evidence
file, every other byte left as it was), `dossier trace` (every cited source of every citing
sentence with its review state, as JSON, CSV or Markdown) and `dossier diff` (the workspace
at two git revisions, or one and the working tree, compared: evidence items, bibliography
entries, snapshots and statement sentences added, removed and changed, and the approvals the
change made stale). Imports the stages before it."""
