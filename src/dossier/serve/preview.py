"""The preview of one dossier: checked, rendered through its venue template as the PDF prints
it, with every problem listed above it and marked at its sentence.

The browser cannot lay out notes at the foot of a page, so each footnote becomes a numbered
call and the notes follow the text, in order, as they do on the printed page. The page is
the public edition's, and is often shown on a shared screen: a restricted string in it is
masked (check/disclosure/masking.py), as in the problems listed."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import lxml.html
from markupsafe import Markup, escape

from ..base.problems import DossierError, Problem, UsageError
from ..check.all_checks import check_workspace
from ..check.disclosure.masking import Masker
from ..cite.compile import compile_workspace
from ..load.workspace import load_workspace
from ..render.html.render_html import render_html
from .annotate import annotate
from .editor_links import editor_link

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Preview:
    """One rendering of the dossier: the statement's HTML, the problems, and when."""

    body: str  # the rendered document, notes moved below the text; "" when it did not compile
    head: str  # the venue template's <head> content (its style sheet)
    problems: list[Problem] = field(default_factory=list)
    failure: str = ""  # why nothing could be checked at all (a usage error, or a bug)
    seconds: float = 0.0
    at: float = field(default_factory=time.time)
    # What masks the workspace's restricted strings in whatever else the page shows (the
    # dossier's name, a failure, the PDF's state).
    masker: Masker = field(default_factory=lambda: Masker(()))


def make_preview(root: Path, name: str) -> Preview:
    """Load, check and render `name` as it is on disk now. Never raises: a file saved half
    way is a problem to show, and anything else unexpected is shown rather than fatal."""
    started = time.perf_counter()
    try:
        preview = _checked_and_rendered(root, name)
    except UsageError as error:
        preview = Preview("", "", failure=str(error), masker=_masker(root))
    except DossierError as error:
        masker = _masker(root)
        preview = Preview("", "", problems=masker.problems(error.problems, root), masker=masker)
    except Exception as error:  # a bug must not end the writer's session; show it instead
        log.exception("the preview of %s failed", name)
        failure = f"internal error: {type(error).__name__}: {error}"
        preview = Preview("", "", failure=failure, masker=_masker(root))
    return replace(preview, seconds=time.perf_counter() - started)


def _masker(root: Path) -> Masker:
    """The workspace's restricted strings when the preview failed before it had them: as many
    as can be read (none, when nothing can)."""
    try:
        workspace, _ = load_workspace(root)
    except Exception:  # nothing readable: nothing to mask with
        return Masker(())
    return Masker.of(workspace.evidence.values(), workspace.dossiers.values())


def _checked_and_rendered(root: Path, name: str) -> Preview:
    workspace, load_problems = load_workspace(root, [name])
    masker = Masker.of(workspace.evidence.values(), workspace.dossiers.values())
    report = check_workspace(workspace, compile_workspace(workspace), load_problems)
    compiled = report.dossiers.get(name)
    if compiled is None:
        return Preview("", "", problems=report.problems, masker=masker)
    language = compiled.loaded.config.language
    problems = report.problems

    def marker(indexes: list[int]) -> str:
        return _marker(problems, indexes)

    statement, unplaced = annotate(compiled.statement, problems, language, marker)
    rendered = render_html(replace(compiled, statement=statement), root).html
    document = lxml.html.document_fromstring(rendered)
    _mask(document, masker)
    _notes_below_the_text(document)
    if unplaced:
        _mark_above_the_text(document, _marker(problems, unplaced))
    head = "".join(
        lxml.html.tostring(e, encoding="unicode") for e in document.head if e.tag == "style"
    )
    body = "".join(lxml.html.tostring(e, encoding="unicode") for e in document.body)
    return Preview(body, head, report.problems, masker=masker)


def _mask(document: lxml.html.HtmlElement, masker: Masker) -> None:
    """Every text, tail and attribute of the page with its restricted strings masked; an
    element whose text still holds one (a name split by markup: `<em>Leila</em> Farahani`)
    keeps only its text, masked."""
    if not masker.strings:
        return
    for element in document.iter():
        if element.text:
            element.text = masker.mask(element.text)
        if element.tail:
            element.tail = masker.mask(element.tail)
        for name, value in element.attrib.items():
            element.set(name, masker.mask(value))
    split = [
        element
        for element in document.iter()
        if isinstance(element.tag, str)
        and masker.found(element.text_content())
        and not any(masker.found(child.text_content()) for child in element)
    ]
    for element in split:
        text = masker.mask(element.text_content())
        for child in list(element):
            element.remove(child)
        element.text = text


def _marker(problems: list[Problem], indexes: list[int]) -> str:
    """A numbered mark for each problem, linking to its entry in the list."""
    return "".join(
        f'<a class="dossier-mark {problems[i].severity.value}" href="#problem-{i + 1}" '
        f'title="{escape(problems[i].code.code)}: {escape(problems[i].message)}">{i + 1}</a>'
        for i in indexes
    )


def _mark_above_the_text(document: lxml.html.HtmlElement, marks: str) -> None:
    article = document.find(".//article")
    if article is not None:
        article.insert(0, lxml.html.fragment_fromstring(f"<p>{marks}</p>"))


def _notes_below_the_text(document: lxml.html.HtmlElement) -> None:
    """Each `float: footnote` element becomes a call in the text and a note after it; the
    star note (\"Issued as received\") first, then the numbered notes in order."""
    floats = [e for e in document.body.iter() if {"footnote", "star-note"} & set(e.classes)]
    if not floats:
        return
    section = lxml.html.fragment_fromstring('<section class="dossier-notes"></section>')
    number = 0
    for element in floats:
        star = "star-note" in element.classes
        number += not star
        label, anchor = ("*", "note-star") if star else (str(number), f"note-{number}")
        call = lxml.html.fragment_fromstring(
            f'<sup class="dossier-call"><a href="#{anchor}">{label}</a></sup>'
        )
        call.tail = element.tail
        parent = element.getparent()
        assert parent is not None
        parent.replace(element, call)
        note = lxml.html.fragment_fromstring(f'<p class="dossier-note" id="{anchor}"></p>')
        mark = lxml.html.fragment_fromstring(f"<span>{label}</span>")
        mark.tail = " " + (element.text or "")
        note.append(mark)
        note.extend(element.getchildren())
        section.append(note)
    document.body.append(section)


def problem_list(problems: list[Problem], root: Path, kind: str = "problem") -> Markup:
    """The problems as `dossier check` prints them, each place a link to it in an editor;
    each item's id is `kind`-number."""
    items = []
    for number, problem in enumerate(problems, 1):
        where = problem.location
        place = ""
        if where is not None:  # None: about the command, not a place in a file
            link = editor_link(root, where.path, where.line, where.column)
            place = f'<a class="where" href="{escape(link)}">{escape(str(where))}</a>: '
        hint = f'<div class="hint">hint: {escape(problem.hint)}</div>' if problem.hint else ""
        items.append(
            f'<li id="{kind}-{number}" class="{problem.severity.value}">{place}'
            f'<span class="severity">{problem.severity.value}[{problem.code.code}]</span>: '
            f"{escape(problem.message)}{hint}</li>"
        )
    return Markup('<ol class="dossier-problems">' + "".join(items) + "</ol>")
