"""The Word file: the document with real footnotes (`docx_document`), the venue's parts above
the title (`docx_venue`), and the package that carries the manifest and trace with the same
bytes every time (`docx_package`)."""
