"""Stage 2, statement: takes a statement's Markdown, gives its parsed blocks, Pandoc citations,
sentences and UN document symbols, each with its location. Imports the base layer and
`load`."""
