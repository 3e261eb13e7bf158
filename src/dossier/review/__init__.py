"""Stage 8, review: takes the workspace at two git revisions (or one and the working tree),
gives what changed between them for a legal review: evidence items, bibliography entries,
snapshots and statement sentences added, removed and changed, and the approvals the change
made stale. Imports the stages before it."""
