"""The sources themselves: captured snapshots found and digested (`snapshot_store`), read into
text (`extract_text`, cached by `text_cache`), indexed (`snapshot_index`), and the quotes
evidence takes from them matched against that text (`match_quote`, `source_checks`)."""
