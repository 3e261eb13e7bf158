"""Stage 8, review: the legal team's commands. Takes a checked workspace and its approvals
(check.approvals), gives `dossier approve` (an item's review block written into its evidence
file, every other byte left as it was) and `dossier trace` (every cited source of every citing
sentence with its review state, as JSON, CSV or Markdown). Imports the stages before it."""
