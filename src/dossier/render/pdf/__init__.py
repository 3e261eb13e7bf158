"""The PDF: the HTML laid out by WeasyPrint (`layout_pdf`), in a second process beside the
build's other work (`pdf_process`), reading only through the sandbox (`sandbox`), set in the
shipped fonts (`fonts`), every note on its call's page (`footnote_pages`), and every character
drawn (`undrawn_glyphs`)."""
