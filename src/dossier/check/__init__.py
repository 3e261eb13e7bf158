"""Stage 4, check: takes the loaded workspace and its compiled dossiers (cite's
`CompiledWorkspace`), gives every problem at once (`all_checks.check_workspace`): evidence
without sources, approvals gone stale, figures and quotations in each statement against its
evidence (`statement_claims`, `figures`), characters no font draws (`undrawable_glyphs`),
bibliography entries (`bibliography_entries`); the captured sources and the quotes taken from
them (`sources/`); and what may not leave in a public build (`disclosure/`). Renders nothing.
Imports the base layer and the stages before it."""
