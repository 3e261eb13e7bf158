"""Stage 5, render: takes a checked, compiled dossier, gives its files in memory
(`dossier_files`): the HTML through the venue's sandboxed Jinja2 template (`html/`), the PDF
through WeasyPrint reading nothing the sandbox does not allow (`pdf/`), and the Word file
(`docx/`), each carrying what the record stage attaches. Writes no file. Imports the base
layer and the stages before it."""
