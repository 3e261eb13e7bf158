"""Stage 6, record: takes what a build rendered, gives the manifest and the trace embedded in
the PDF, decides whether a build is up to date, and writes outputs atomically. Imports the
stages before it."""
