"""Stage 7, capture: the only commands that reach the network. Takes a bibliography key and a
file or URL, gives a snapshot in evidence/snapshots/ and the entry's fields updated in place;
checks that the bibliography's links still answer. Imports the stages before it."""
