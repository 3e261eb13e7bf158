"""The HTML of a dossier: the venue's template run in a Jinja2 sandbox (`templates`) over the
compiled dossier (`render_html`), with UN line-breaking rules (`typeset`) and, for the internal
edition, the review data beside each note (`review_edition`). The PDF is laid out from it."""
