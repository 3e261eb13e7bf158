"""How long loading a 3,700-entry bibliography takes, and printing a footnote for each entry,
next to pandoc reading the same file (when pandoc is installed).

The entries are generated: the mix of a Zotero library (articles, books, chapters, reports,
web pages) with what makes decoding slow in real exports: LaTeX accents, math, braces, and
an abstract on most entries.

Run: .venv/bin/python benchmarks/load_bibliography.py
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from dossier.cite.note_style import format_source
from dossier.load.bibtex.bibliography import load_bibliography
from dossier.load.profiles import load_profile

ENTRIES = 3700
ABSTRACT = (
    "We study the {\\'e}volution of the $\\mu$-calculus under $a \\cdot b$ operators, "
    "with {\\it emphasis} on na{\\\"\\i}ve models -- and report {\\textbf{results}}. " * 6
)
KINDS = [
    r"""@article{k<N>, author = {M{\"u}ller, J{\"o}rg and Dijk, Marten van and Smith, Anne},
  title = {On the {RAM} model of caf{\'e}s <N>}, journal = {J. Exp.}, volume = {<V>},
  number = {2}, pages = {<N>--<M>}, year = {2001}, month = sep, doi = {10.1000/<N>},
  abstract = {<ABSTRACT>}}
""",
    r"""@book{k<N>, author = {family=Meij, given=Vincent, prefix={van der}, useprefix=true},
  title = {The {Book} <N>}, edition = {2}, publisher = {Press}, location = {Paris},
  date = {2016-01-01T00:00:00}, abstract = {<ABSTRACT>}}
""",
    r"""@incollection{k<N>, author = {{\noopsort{b}}de Beauvoir, Simone},
  title = {\mkbibquote{Chapter} <N>}, booktitle = {Collected}, editor = {Ed, Ann},
  publisher = {P}, year = {1999}, pages = {1--<M>}}
""",
    r"""@report{k<N>, author = {{Amnesty International}}, title = {Report <N>},
  type = {resreport}, number = {MDE <N>}, institution = {Amnesty}, date = {2018-12},
  url = {https://example.org/<N>}, urldate = {2025-01-01}}
""",
    r"""@online{k<N>, author = {Reuters}, title = {Page <N> -- ``quoted''}, date = {1723?},
  url = {https://example.org/p/<N>}, urldate = {2025-01-01}, eprint = {2101.<N>},
  eprinttype = {arxiv}}
""",
]


def generated() -> str:
    out = []
    for n in range(ENTRIES):
        text = KINDS[n % len(KINDS)].replace("<ABSTRACT>", ABSTRACT)
        for mark, value in (("<N>", n), ("<M>", n + 9), ("<V>", n % 50)):
            text = text.replace(mark, str(value))
        out.append(text)
    return "".join(out)


def main() -> None:
    wording = load_profile("hrc-written-statement", None)[0].wording.en
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bibliography.bib"
        path.write_text(generated(), encoding="utf-8")
        start = time.perf_counter()
        bibliography, problems = load_bibliography(path, path.name)
        loaded = time.perf_counter() - start
        for entry in bibliography.entries.values():
            format_source(entry, wording)
        printed = time.perf_counter() - start
        assert len(bibliography.entries) == ENTRIES and not problems, problems
        print(f"{ENTRIES} entries, {path.stat().st_size / 1e6:.1f} MB")
        print(f"dossier, load:                     {loaded:6.2f} s")
        print(f"dossier, load and every footnote:  {printed:6.2f} s")
        if shutil.which("pandoc"):
            start = time.perf_counter()
            subprocess.run(
                ["pandoc", "-f", "biblatex", "-t", "csljson", str(path)],
                check=True, capture_output=True,
            )  # fmt: skip
            print(f"pandoc -f biblatex -t csljson:     {time.perf_counter() - start:6.2f} s")


if __name__ == "__main__":
    main()
