"""`dossier serve` in a real browser: Debian's Chromium, driven by Playwright, on a copy of the
example workspace. The server runs as the user runs it, in its own process."""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import dossier
from conftest import copy_examples
from dossier.base.problem_codes import RESTRICTED_STRING_IN_OUTPUT
from support.browser import launch, needs_chromium, serving
from support.streams import lines_of, until

NAME = "hrc-1988-massacre-accountability"
STATEMENT = f"dossiers/{NAME}/statement.md"
# Set DOSSIER_SCREENSHOTS=FOLDER to keep a picture of the page with its problem marked.
SCREENSHOTS = (
    Path(os.environ["DOSSIER_SCREENSHOTS"]) if "DOSSIER_SCREENSHOTS" in os.environ else None
)


@dataclass
class Served:
    root: Path
    url: str
    process: subprocess.Popen[str]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    root = copy_examples(tmp_path / "workspace")
    with serving(root, NAME) as (url, process):
        yield Served(root, url, process)


@needs_chromium
def test_the_page_follows_each_save_and_marks_a_problem_at_its_sentence(
    served: Served, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    statement = served.root / STATEMENT
    original = statement.read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = launch(
            playwright, tmp_path / "chromium", viewport={"width": 1000, "height": 1300}
        )
        page = browser.new_page()
        page.goto(served.url)
        headings = page.locator("article h2")
        expect(headings.first).to_have_text("The 1988 Massacre")
        expect(page.locator(".dossier-notes .dossier-note").first).to_contain_text("*")
        expect(page.locator("a.dossier-mark.error")).to_have_count(0)
        page.evaluate("window.notReloaded = true")

        statement.write_text(original.replace("# The 1988 Massacre", "# The Massacre of 1988"))
        expect(headings.first).to_have_text("The Massacre of 1988")

        mistyped = original.replace(
            "2020 called on [@ortagus-call-2020]", "2020 called on [@ortagus-cal-2020]"
        )
        assert mistyped != original
        statement.write_text(mistyped, encoding="utf-8")
        # The unknown key, once: the figures of its sentence are not charged to it as well.
        marks = page.locator("a.dossier-mark.error")
        expect(marks).to_have_count(1)
        sentence = page.locator("article p", has=marks.first)
        expect(sentence).to_contain_text("Morgan Ortagus on 17 July 2020 called on")
        expect(sentence).to_contain_text("to provide accountability and justice.")
        expect(sentence.locator("a.dossier-mark.error")).to_have_count(1)
        listed = page.locator(".dossier-problems li", has_text="D301")
        expect(listed).to_contain_text(
            f"{STATEMENT}:17:16: error[D301]: `@ortagus-cal-2020` is neither an evidence id "
            "nor a bibliography key"
        )
        expect(listed).to_contain_text("hint: did you mean `ortagus-call-2020`?")
        number = (listed.get_attribute("id") or "").removeprefix("problem-")
        expect(sentence.locator(f'a.dossier-mark[href="#problem-{number}"]')).to_have_count(1)
        link = listed.locator("a.where")
        expect(link).to_have_attribute(
            "href", f"vscode://file{served.root.resolve().as_posix()}/{STATEMENT}:17:16"
        )
        assert page.evaluate("window.notReloaded") is True  # pushed, not reloaded
        if SCREENSHOTS is not None:
            sentence.scroll_into_view_if_needed()
            page.screenshot(path=SCREENSHOTS / "serve-problem.png")
        browser.close()


def test_a_half_written_file_is_a_problem_on_the_page_not_a_crash(served: Served) -> None:
    import urllib.request

    evidence = served.root / "evidence" / "statement-2020.yaml"
    evidence.write_text("- id: [unclosed\n", encoding="utf-8")
    page = _wait_for(served.url, "D102")
    assert "evidence/statement-2020.yaml:" in page
    assert served.process.poll() is None
    with urllib.request.urlopen(served.url) as answer:
        assert answer.status == 200


def test_only_the_page_the_events_and_the_pdf_are_served(served: Served) -> None:
    for path in ("/bibliography.bib", "/../bibliography.bib", f"/{STATEMENT}", "/build/"):
        assert _status(served.url, path) == 404, path
    assert _status(served.url, "/", host="evil.example") == 400
    assert _status(served.url, "/", method="POST") == 405
    port = int(served.url.rsplit(":", 1)[1].strip("/"))
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(b"\x00\x01 not http at all\r\n\r\n")
        connection.recv(1000)
    assert _status(served.url, "/") == 200
    assert served.process.poll() is None


def _status(url: str, path: str, host: str = "", method: str = "GET") -> int:
    port = int(url.rsplit(":", 1)[1].strip("/"))
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        headers = f"{method} {path} HTTP/1.1\r\nHost: {host or f'127.0.0.1:{port}'}\r\n"
        connection.sendall((headers + "Connection: close\r\n\r\n").encode())
        answer = connection.recv(200).decode("latin-1")
    return int(answer.split()[1])


def _wait_for(url: str, text: str, seconds: float = 10.0) -> str:
    import time
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        with urllib.request.urlopen(url) as answer:
            page = answer.read().decode("utf-8")
        if text in page or time.monotonic() > deadline:
            return page
        time.sleep(0.1)


def test_a_mark_stands_after_the_sentence_it_is_in_not_the_paragraph(tmp_path: Path) -> None:
    import lxml.html

    from dossier.serve.preview import make_preview

    root = copy_examples(tmp_path / "workspace")
    statement = root / STATEMENT
    text = statement.read_text(encoding="utf-8")
    first = "2020 called on [@ortagus-call-2020] the international community"
    statement.write_text(
        text.replace(first, first.replace("call-2020", "cal-2020")).replace(
            "accountability and justice.\n\nShe said:",
            "accountability and justice. The call was repeated.\n\nShe said:",
        ),
        encoding="utf-8",
    )
    preview = make_preview(root, NAME)
    page = lxml.html.fragment_fromstring(preview.body, create_parent="div")
    marked = [m.getparent() for m in page.find_class("dossier-mark") if "error" in m.classes]
    assert len(marked) == 1
    paragraph = lxml.html.tostring(marked[0], encoding="unicode")
    mark = paragraph.index('class="dossier-mark error"')
    assert paragraph.index("accountability and justice.") < mark
    assert mark < paragraph.index("The call was repeated.")


def test_watch_builds_again_on_each_save(tmp_path: Path) -> None:
    root = copy_examples(tmp_path / "workspace")
    process = subprocess.Popen(
        [sys.executable, "-m", "dossier", "--workspace", str(root), "watch", NAME],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    try:
        assert process.stdout.readline().startswith(f"wrote build/{NAME}/{NAME}.pdf (5 pages")
        errors = lines_of(process.stderr)
        assert until(errors, "(took ")[-1].startswith("(took ")
        statement = root / STATEMENT
        text = statement.read_text(encoding="utf-8")
        edited = text.replace("[@ortagus-call-2020] the", "[@ortagus-cal-2020] the")
        said = _saved(statement, edited, errors)
        assert said[0] == f"saved {STATEMENT}\n"
        assert (
            f"{STATEMENT}:17:16: error[D301]: `@ortagus-cal-2020` is neither an evidence id "
            "nor a bibliography key\n"
        ) in said
        assert "1 error and 5 warnings found, and 11 notes\n" in said  # warnings: unstated facts
        assert process.poll() is None  # still watching
    finally:
        process.terminate()
        process.communicate(timeout=15)


def _saved(path: Path, text: str, errors: queue.Queue[str]) -> list[str]:
    """Save `text` to `path` until the watcher reports it: a save made before the watcher
    has started (it starts after printing its first build) is not seen, as in an editor."""
    for _ in range(15):
        path.write_text(text, encoding="utf-8")
        try:
            first = errors.get(timeout=2)
        except queue.Empty:
            continue
        return [first, *until(errors, "(took ")] if not first.startswith("(took ") else [first]
    pytest.fail(f"no save of {path.name} was seen in 30 s")


def test_ctrl_c_stops_it_quietly_while_a_page_listens(served: Served) -> None:
    import signal
    import urllib.request

    with urllib.request.urlopen(served.url + "events", timeout=10) as events:
        assert events.readline() == b"retry: 1000\n"
        served.process.send_signal(signal.SIGINT)
        _, errors = served.process.communicate(timeout=10)
    assert served.process.returncode == 0
    assert errors == ""


def test_what_only_the_pdfs_build_finds_is_listed_on_the_page(tmp_path: Path) -> None:
    """A restricted string in a workspace's own template is found in the laid-out PDF, not by
    the check: the bar says the PDF was not rebuilt, and the page lists why, once, with a link
    to the place. The preview shows the template's text with the name masked."""
    from dossier.base.settings import BuildSettings
    from dossier.build import BuildRequest, build
    from dossier.serve.page import page_html
    from dossier.serve.preview import make_preview
    from dossier.serve.server import pdf_state
    from support.examples import THIRD as LEAKING
    from support.examples import THIRD_EVIDENCE as EVIDENCE
    from support.examples import WITNESS

    root = copy_examples(tmp_path / "workspace")
    with (root / EVIDENCE).open("a", encoding="utf-8") as evidence:
        evidence.write(WITNESS)
    venue = "hrc-written-statement"  # the dossier's, whose template the workspace's replaces
    built_in = Path(dossier.__file__).parent / "templates" / venue / "statement.html.j2"
    template = root / "templates" / venue / "statement.html.j2"
    template.parent.mkdir(parents=True)
    text = built_in.read_text(encoding="utf-8")
    template.write_text(
        text.replace("<body>", "<body><p>Told by Leila Farahani.</p>", 1), encoding="utf-8"
    )
    preview = make_preview(root, LEAKING)
    assert RESTRICTED_STRING_IN_OUTPUT not in {p.code for p in preview.problems}

    def build_pdf() -> tuple[Path, bool]:
        [result] = build(BuildRequest(root, (LEAKING,), BuildSettings.from_environment())).results
        return result.pdf, result.words is not None

    state = pdf_state(build_pdf)
    page = page_html(preview, 2, LEAKING, root, state)
    assert state.message == "PDF not rebuilt: 1 problem; the link is the last one built"
    assert page.count("error[D812]") == 1
    assert f'<li id="pdf-1" class="error"><a class="where" href="vscode://file{template}:' in page
    assert 'class="dossier-bar clean"' not in page
    assert "<p>Told by [restricted: witness-statement].</p>" in page
    assert "farahani" not in page.lower()


def test_a_restricted_string_in_the_statement_is_on_the_page_masked_before_any_pdf(
    tmp_path: Path,
) -> None:
    """The check finds it as it is typed: the page lists it, and shows the sentence with the
    name masked; the PDF's build reports the same problem, so the page lists it once."""
    from dossier.base.settings import BuildSettings
    from dossier.build import BuildRequest, build
    from dossier.serve.page import page_html
    from dossier.serve.preview import make_preview
    from dossier.serve.server import pdf_state
    from support.examples import THIRD as LEAKING
    from support.examples import THIRD_EVIDENCE as EVIDENCE
    from support.examples import WITNESS

    root = copy_examples(tmp_path / "workspace")
    with (root / EVIDENCE).open("a", encoding="utf-8") as evidence:
        evidence.write(WITNESS)
    statement = root / "dossiers" / LEAKING / "statement.md"
    statement.write_text(
        statement.read_text(encoding="utf-8").replace("Masoud Pezeshkian", "Leila Farahani", 1),
        encoding="utf-8",
    )
    preview = make_preview(root, LEAKING)
    [leak] = [p for p in preview.problems if p.code is RESTRICTED_STRING_IN_OUTPUT]
    assert str(leak.location).startswith(f"dossiers/{LEAKING}/statement.md:")

    def build_pdf() -> tuple[Path, bool]:
        [result] = build(BuildRequest(root, (LEAKING,), BuildSettings.from_environment())).results
        return result.pdf, result.words is not None

    state = pdf_state(build_pdf)
    assert leak in state.problems
    page = page_html(preview, 2, LEAKING, root, state)
    assert page.count("error[D812]") == 1
    assert "The PDF's build found" not in page
    assert "since President [restricted: witness-statement]" in page
    assert "farahani" not in page.lower()


def test_a_port_in_use_is_told_with_what_to_do_not_as_a_usage_error(tmp_path: Path) -> None:
    from conftest import run_cli

    root = copy_examples(tmp_path / "workspace")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = run_cli("serve", NAME, "--port", str(port), "--no-browser", cwd=root)
    assert result.code == 1
    assert result.err == (
        f"error[D002]: cannot listen on 127.0.0.1:{port}: Address already in use\n"
        "  hint: choose another port with --port N, or --port 0 for any free one\n"
    )
