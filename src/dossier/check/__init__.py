"""Stage 4, check: takes the loaded workspace and its compiled dossiers, gives every problem at
once: evidence without sources, snapshots and their digests, quotes matched against the text
of the captured sources, figures and quotations in the statement against their evidence.
Imports the stages before it."""
