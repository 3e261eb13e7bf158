"""The writer's loop, timed: dossier's steps as ratios against WeasyPrint alone on dossier's own
HTML (and against pandoc + WeasyPrint where pandoc is installed), with peak memory.

    .venv/bin/python benchmarks/loop.py [--rounds N] [--dossier NAME]

Every case runs in its own process, as a user runs it, and the cases take turns round after
round (interleaved), so that a machine busy with something else slows them all alike; the
figures are medians. It asserts nothing: speed is reported, not tested.

The pandoc comparisons: dossier's statement cites evidence items (`[@ortagus-call-2020]`),
which pandoc does not know; pandoc cites bibliography keys. So pandoc is given a copy of the
statement in which each evidence id is replaced by the bibliography keys of its sources (the
same Pandoc citation syntax, `[@ortagus-2020]`), and the `[uncited: reason]` marks, which
print nothing, are dropped. "pandoc + WeasyPrint" is `pandoc --citeproc` with the workspace's
bibliography to standalone HTML, then WeasyPrint's own command on that HTML, with the same
fonts and PDF variant as the WeasyPrint-alone baseline. pandoc's default citation style
(Chicago author-date) puts citations in the text, not in footnotes.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Seconds and peak resident memory (MiB) of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode() if process.stderr else ""
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{errors}")
    return seconds, usage.ru_maxrss / 1024


def workspace(into: Path) -> Path:
    for name in ("bibliography.bib", "evidence", "dossiers"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, into / name)
    return into


def dossier(*args: str) -> list[str]:
    return [PYTHON, "-m", "dossier", *args]


def raw_weasyprint(html: Path, fonts: Path, pdf: Path) -> list[str]:
    """WeasyPrint's own command on the HTML dossier wrote, with the options dossier's build
    gives it: the same fonts, the same standard (PDF/A-3a, tagged: dossier's default), the
    workspace as base URL. Run it with `weasyprint_environment()`."""
    from dossier.base.settings import DEFAULT_PDF_VARIANT

    return [str(BIN / "weasyprint"), "-q", "-s", str(fonts), "--pdf-variant", DEFAULT_PDF_VARIANT,
            "-u", str(html.parent.parent.parent), str(html), str(pdf)]  # fmt: skip


def weasyprint_environment() -> dict[str, str]:
    """The fontconfig configuration dossier lays out with (the package's fonts only), so that
    WeasyPrint alone finds the same fonts and no others."""
    from dossier.render.pdf.fonts import FONTCONFIG_FILE

    return {**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG_FILE)}


def byte_compile_dossier() -> None:
    """Compile dossier's modules to bytecode first, as installing a package does: with
    PYTHONDONTWRITEBYTECODE set, an editable install would compile ~80 modules from source in
    every timed run (0.1 s) while WeasyPrint, installed, never does."""
    import compileall

    import dossier

    compileall.compile_dir(Path(dossier.__file__).parent, quiet=1)


LONG = "long-statement"


def long_statement(root: Path) -> Path:
    """The case "40 pages and 200 footnotes" (benchmarks/long_statement.py), built once: the
    HTML WeasyPrint alone is timed on."""
    subprocess.run(
        [PYTHON, str(REPO / "benchmarks" / "long_statement.py"), str(root)], check=True
    )
    subprocess.run(dossier("build", LONG), cwd=root, check=True, capture_output=True)
    return root / "build" / LONG / f"{LONG}.html"


def warm_rebuild(root: Path, name: str) -> list[str]:
    """What serve and watch do on a save: check and render again in a process already
    started. Prints the seconds of the last of three forced builds."""
    code = (
        "import sys, time\nfrom pathlib import Path\n"
        "from dossier.build import BuildRequest, build\n"
        f"request = BuildRequest(Path({str(root)!r}), ({name!r},), force=True)\n"
        "for _ in range(3):\n    t = time.perf_counter(); build(request)\n"
        "print(time.perf_counter() - t, file=sys.stderr)\n"
    )
    return [PYTHON, "-c", code]


def warm_seconds(root: Path, name: str) -> float:
    ran = subprocess.run(warm_rebuild(root, name), capture_output=True, text=True, check=True)
    return float(ran.stderr.strip().splitlines()[-1])


def run_all(*steps: tuple[list[str], dict[str, str] | None], cwd: Path) -> tuple[float, float]:
    """Seconds and peak memory of commands run one after the other (pandoc, then WeasyPrint),
    each with its environment."""
    measured = [run(command, cwd, env) for command, env in steps]
    return sum(s for s, _ in measured), max(m for _, m in measured)


_CITATION_KEY = re.compile(r"@([\w](?:\w|[:.#$%&\-+?<>~/](?=\w))*)")  # Pandoc's, as dossier's
_UNCITED_MARK = re.compile(r"\s?\[uncited\s*(?::[^\]]*)?\]")


def pandoc_statement(root: Path, name: str, into: Path) -> tuple[Path, str]:
    """A copy of the statement pandoc can cite from the bibliography (see the module's
    docstring), and the dossier's title."""
    from dossier.load.workspace import load_workspace

    workspace, _ = load_workspace(root, [name])
    keys = {
        item.id: list(dict.fromkeys(source.cite for source in item.sources))
        for item in workspace.evidence.values()
    }
    loaded = workspace.dossiers[name]
    text = _UNCITED_MARK.sub("", loaded.statement_text)
    text = _CITATION_KEY.sub(
        lambda key: "; ".join(f"@{cite}" for cite in keys.get(key[1], [key[1]])), text
    )
    into.write_text(text, encoding="utf-8")
    return into, " ".join(loaded.config.title.split())


def pandoc_html(pandoc: str, statement: Path, title: str, html: Path) -> list[str]:
    return [pandoc, "--citeproc", "--bibliography", "bibliography.bib", "--standalone",
            "--metadata", f"title={title}", "--metadata", "lang=en",
            "-o", str(html), str(statement)]  # fmt: skip


def serve_latency(root: Path, name: str, edits: int) -> list[float]:
    """Seconds from saving the statement to the server's news of it and its new page."""
    process = subprocess.Popen(
        dossier("--workspace", str(root), "serve", name, "--port", "0", "--no-browser"),
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        url = re.search(r"http://\S+/", process.stdout.readline())
        assert url, "serve printed no address"
        events = urllib.request.urlopen(url.group(0) + "events", timeout=30)
        news: list[float] = []
        arrived = threading.Event()

        def listen() -> None:
            for line in events:
                if line.startswith(b"data:"):
                    news.append(time.perf_counter())
                    arrived.set()

        threading.Thread(target=listen, daemon=True).start()
        arrived.wait(10)
        statement = root / "dossiers" / name / "statement.md"
        original = statement.read_text(encoding="utf-8")
        latencies = []
        for edit in range(edits):
            time.sleep(1.0)
            arrived.clear()
            saved = time.perf_counter()
            statement.write_text(original + f"\nEdit number {edit}.\n", encoding="utf-8")
            # The page carries the edit once the news arrives; the PDF's own news follows.
            while True:
                if not arrived.wait(10):
                    raise SystemExit("serve sent no news of a save within 10 s")
                arrived.clear()
                page = urllib.request.urlopen(url.group(0)).read().decode()
                if f"Edit number {edit}." in page:
                    latencies.append(time.perf_counter() - saved)
                    break
        statement.write_text(original, encoding="utf-8")
        return latencies
    finally:
        process.terminate()
        process.communicate(timeout=15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--dossier", default="hrc-1988-massacre-accountability")
    options = parser.parse_args()
    name = options.dossier
    pandoc = shutil.which("pandoc")
    byte_compile_dossier()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        root = workspace(Path(folder))
        subprocess.run(dossier("build", name), cwd=root, check=True, capture_output=True)
        (long_root := Path(folder) / "long").mkdir()
        long_html = long_statement(long_root)
        html = root / "build" / name / f"{name}.html"
        fonts = Path(folder) / "fonts.css"
        from dossier.render.pdf.layout_pdf import FONTS, fonts_css

        fonts.write_text(fonts_css().replace('url("', f'url("{FONTS.as_uri()}/'))
        out = Path(folder) / "raw.pdf"
        cases: dict[str, Callable[[], tuple[float, float]]] = {
            "WeasyPrint alone, dossier's HTML": lambda: run(
                raw_weasyprint(html, fonts, out), root, weasyprint_environment()
            ),
            "dossier build --force": lambda: run(dossier("build", "--force", name), root),
            "dossier build, up to date": lambda: run(dossier("build", name), root),
            "dossier check": lambda: run(dossier("check", name), root),
            "dossier check --no-cache": lambda: run(dossier("--no-cache", "check", name), root),
            "dossier --help": lambda: run(dossier("--help"), root),
            "40 pages, 200 notes: WeasyPrint alone": lambda: run(
                raw_weasyprint(long_html, fonts, out), long_root, weasyprint_environment()
            ),
            "40 pages, 200 notes: build --force": lambda: run(
                dossier("build", "--force", LONG), long_root
            ),
        }
        if pandoc:
            statement, title = pandoc_statement(root, name, Path(folder) / "statement.md")
            pandoc_out = Path(folder) / "pandoc" / "html" / "statement.html"
            pandoc_out.parent.mkdir(parents=True)
            pandoc_fonts = Path(folder) / "pandoc-fonts.css"  # the fonts, for pandoc's body too
            pandoc_fonts.write_text(fonts.read_text() + 'body { font-family: "Dossier Serif"; }\n')
            to_html = pandoc_html(pandoc, statement, title, pandoc_out)
            to_pdf = raw_weasyprint(pandoc_out, pandoc_fonts, Path(folder) / "pandoc.pdf")
            cases[PANDOC_HTML] = lambda: run(to_html, root)
            cases[PANDOC_PDF] = lambda: run_all(
                (to_html, None), (to_pdf, weasyprint_environment()), cwd=root
            )
        results: dict[str, list[tuple[float, float]]] = {case: [] for case in cases}
        warm: list[float] = []
        for _ in range(options.rounds):
            for case, measure in cases.items():
                results[case].append(measure())
            warm.append(warm_seconds(root, name))
        latencies = serve_latency(root, name, options.rounds)

    base = statistics.median(s for s, _ in results["WeasyPrint alone, dossier's HTML"])
    print(f"{options.rounds} rounds, interleaved; medians. Machine: {os.cpu_count()} cores, "
          f"Python {sys.version.split()[0]}, {sys.platform}; load average "
          f"{load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after")
    print(f"{'case':40} {'seconds':>8} {'× WeasyPrint':>13} {'peak MiB':>9}")
    for case, measured in results.items():
        seconds = statistics.median(s for s, _ in measured)
        memory = max(m for _, m in measured)
        print(f"{case:40} {seconds:8.3f} {seconds / base:13.2f} {memory:9.0f}")
    long_base = statistics.median(s for s, _ in results["40 pages, 200 notes: WeasyPrint alone"])
    seconds = statistics.median(s for s, _ in results["40 pages, 200 notes: build --force"])
    ratio = seconds / long_base
    print(f"{'40 pages, 200 notes: × its WeasyPrint':40} {seconds:8.3f} {ratio:13.2f}")
    seconds = statistics.median(warm)
    print(f"{'rebuild in a warm process (serve, watch)':40} {seconds:8.3f} {seconds / base:13.2f}")
    seconds = statistics.median(latencies)
    print(f"{'serve: save to new page (median)':40} {seconds:8.3f} {'':>13}"
          f"  (worst {max(latencies):.3f} s)")
    if not pandoc:
        print("pandoc is not installed here: the pandoc + WeasyPrint and pandoc --citeproc "
              "comparisons are skipped")
    print_targets(results, statistics.median(warm), latencies)


PANDOC_HTML = "pandoc --citeproc to HTML"
PANDOC_PDF = "pandoc + WeasyPrint"


def print_targets(
    results: dict[str, list[tuple[float, float]]], warm: float, latencies: list[float]
) -> None:
    """Each of the issue's targets this benchmark measures, its figure, and met or not met."""
    median = {case: statistics.median(s for s, _ in measured) for case, measured in results.items()}
    weasyprint = median["WeasyPrint alone, dossier's HTML"]
    forced = median["dossier build --force"]
    rows = [
        ("build --force ≤ 1.10× WeasyPrint alone", forced / weasyprint, 1.10, "×"),
        ("unchanged build ≤ 0.1 s", median["dossier build, up to date"], 0.1, " s"),
        ("40 pages, 200 notes ≤ 1.10× its WeasyPrint alone",
         median["40 pages, 200 notes: build --force"]
         / median["40 pages, 200 notes: WeasyPrint alone"], 1.10, "×"),
        ("serve: save to new page ≤ 0.3 s (median)", statistics.median(latencies), 0.3, " s"),
    ]
    if PANDOC_PDF in median:
        rows[1:1] = [
            ("build --force ≤ 1.0× pandoc + WeasyPrint", forced / median[PANDOC_PDF], 1.0, "×"),
            ("warm rebuild ≤ 0.5× pandoc + WeasyPrint", warm / median[PANDOC_PDF], 0.5, "×"),
            ("check ≤ 1.5× pandoc --citeproc", median["dossier check"] / median[PANDOC_HTML],
             1.5, "×"),
        ]  # fmt: skip
    print("\ntargets")
    for target, figure, limit, unit in rows:
        print(f"{target:48} {figure:8.2f}{unit:2} {'met' if figure <= limit else 'not met'}")


if __name__ == "__main__":
    main()
