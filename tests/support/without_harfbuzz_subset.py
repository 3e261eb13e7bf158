"""`python tests/support/without_harfbuzz_subset.py ARGS...` runs `dossier ARGS...` as on a
machine without libharfbuzz-subset0: WeasyPrint finds no HarfBuzz-Subset library and subsets
the PDF's fonts with fontTools, as it does wherever the library is not installed. (The library
cannot be uninstalled for a test: WeasyPrint is told it did not load, which is all it checks.)
"""

import sys

import weasyprint.pdf.fonts
import weasyprint.text.ffi

weasyprint.text.ffi.harfbuzz_subset = None
weasyprint.pdf.fonts.harfbuzz_subset = None

from dossier.cli import main  # noqa: E402

sys.exit(main())
