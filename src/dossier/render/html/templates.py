"""Venue templates as untrusted input: a Jinja2 sandbox whose loader reads only the workspace's
templates/ and the package's own, and every template failure as a problem at its line.

A template comes from whoever wrote the workspace, so it is treated like any other input:
read through read_input (size limit, UTF-8, recorded for the manifest), never through a
symbolic link that leaves its templates/ folder, never by an absolute or `..` name, and run
in Jinja's SandboxedEnvironment, which refuses Python internals (`__init__`, `__globals__`,
…) so that no template can reach a function that runs a program.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

import jinja2
from jinja2.sandbox import SecurityError

from ... import BUILTIN_TEMPLATES
from ...base.problem_codes import (
    EXPANDS_PAST_LIMIT,
    TEMPLATE_OUTSIDE_WORKSPACE,
    TEMPLATE_RENDERING_FAILED,
    TEMPLATE_SANDBOX_VIOLATION,
    TEMPLATE_SYNTAX_ERROR,
    UNKNOWN_TEMPLATE,
)
from ...base.problems import DossierError, Location, Problem, ProblemsFound
from ...base.reading.paths import relative_within, within
from ...base.reading.read_input import read_text
from ...base.settings import BUILT_IN, TEMPLATES_FOLDER
from .bounded_sandbox import BoundedSandbox, TemplateTooLarge

_QUOTED = re.compile(r"'([^'\n]{1,200})'")


class TemplateRefused(ProblemsFound):
    """A template the loader would not read; raised through Jinja to `rendering_problems`.
    `in_file`: the problems are located in the template itself (a bad byte), not at the
    line of the template that asked for it."""

    def __init__(self, problems: list[Problem], in_file: bool = False):
        super().__init__(problems)
        self.in_file = in_file


@dataclass(frozen=True)
class _Folder:
    path: Path  # where the templates are
    confined_to: Path  # what every file read from it must resolve inside


@dataclass(eq=False)
class ConfinedLoader(jinja2.BaseLoader):
    """Templates from the workspace's templates/ first, then the package's; each file read is
    remembered (by its path, as shown, with its text) for the manifest and for locating."""

    workspace_root: Path
    read: dict[Path, tuple[str, str]] = field(default_factory=dict)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        parts = _name_parts(template)
        own = self.workspace_root / TEMPLATES_FOLDER
        for folder in (
            _Folder(own, self.workspace_root.resolve() / TEMPLATES_FOLDER),
            _Folder(BUILTIN_TEMPLATES, BUILTIN_TEMPLATES.resolve()),
        ):
            path = folder.path.joinpath(*parts)
            if not (path.is_file() or path.is_symlink()):
                continue
            shown = self.shown(path)
            if not within(path, folder.confined_to):
                raise TemplateRefused([_leads_outside(shown, path)], in_file=True)
            text, problems = read_text(path, shown, folder.confined_to)
            if text is None:
                raise TemplateRefused(problems, in_file=True)
            self.read[path] = (shown, text)
            return text, str(path), lambda: True
        raise jinja2.TemplateNotFound(template)

    def shown(self, path: Path) -> str:
        """A template file as the user is shown it: relative to the workspace, or a
        built-in one as the manifest names it."""
        built_in = relative_within(path, BUILTIN_TEMPLATES, follow_links=False)
        if built_in is not None:
            return f"{BUILT_IN}{TEMPLATES_FOLDER}/{built_in}"
        return path.relative_to(self.workspace_root).as_posix()


def _name_parts(name: str) -> tuple[str, ...]:
    """A template's name split into folder and file names: relative, forward slashes, no `..`."""
    pure = PurePosixPath(name)
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or pure.is_absolute()
        or any(part in ("..", ".") for part in name.split("/"))
        or "" in name.split("/")
    ):
        raise TemplateRefused(
            [
                Problem.of(
                    UNKNOWN_TEMPLATE,
                    Location("(template)"),
                    f"template name `{name}` is not allowed: a template is named by its "
                    "path inside templates/, such as `hrc-written-statement/notes.html.j2`",
                    "write the name relative to templates/, without `..` or a leading `/`",
                )
            ]
        )
    hidden = [part for part in pure.parts if part.startswith(".")]
    if hidden:
        raise TemplateRefused(
            [
                Problem.of(
                    UNKNOWN_TEMPLATE,
                    Location("(template)"),
                    f"template name `{name}` names a hidden file or folder (`{hidden[0]}`): "
                    "hidden files and folders are never read",
                    "keep templates in files and folders whose names do not start with `.`",
                )
            ]
        )
    return pure.parts


def _leads_outside(shown: str, path: Path) -> Problem:
    return Problem.of(
        TEMPLATE_OUTSIDE_WORKSPACE,
        Location(shown),
        f"template override {shown} leads outside the workspace (to {path.resolve()}); "
        "it was not used",
        "copy the template into templates/ instead of linking to it",
    )


def template_environment(loader: ConfinedLoader) -> BoundedSandbox:
    """The sandbox every template runs in: autoescaped, an undefined name is an error, and
    what it can make is bounded (bounded_sandbox)."""
    return BoundedSandbox(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


@contextmanager
def rendering_problems(loader: ConfinedLoader, fallback: Location) -> Iterator[None]:
    """Turn whatever goes wrong while templates load and render into located problems
    (DossierError): the line of the template where it happened, else `fallback`."""
    try:
        yield
    except TemplateRefused as error:
        if error.in_file:
            raise ProblemsFound(error.problems) from None
        where = _template_line(error, loader, fallback) or fallback
        raise ProblemsFound([_at(p, where) for p in error.problems]) from None
    except jinja2.TemplateSyntaxError as error:
        shown = _shown_file(error.filename, loader) or fallback.path
        raise ProblemsFound(
            [
                Problem.of(
                    TEMPLATE_SYNTAX_ERROR,
                    Location(shown, error.lineno or 1),
                    f"template syntax error: {error.message}",
                    "correct the template; the syntax is Jinja2's",
                )
            ]
        ) from None
    except jinja2.TemplateNotFound as error:
        where = _template_line(error, loader, fallback) or fallback
        raise ProblemsFound(
            [
                Problem.of(
                    UNKNOWN_TEMPLATE,
                    where,
                    f"template `{error.name}` not found in templates/ or the built-in templates",
                    "create it under templates/, or correct the name",
                )
            ]
        ) from None
    except TemplateTooLarge as error:
        where = _template_line(error, loader, fallback) or fallback
        raise ProblemsFound(
            [
                Problem.of(
                    EXPANDS_PAST_LIMIT,
                    where,
                    f"template: {error}",
                    "a template shows the values it is given; it need not repeat or pad a "
                    "string this much",
                )
            ]
        ) from None
    except SecurityError as error:
        where = _template_line(error, loader, fallback) or fallback
        raise ProblemsFound(
            [
                Problem.of(
                    TEMPLATE_SANDBOX_VIOLATION,
                    where,
                    f"the template sandbox refused this: {error}",
                    "a template may show the values it is given (c.title, c.body_html, …); "
                    "it cannot reach Python's internals, and nothing in it runs a program",
                )
            ]
        ) from None
    except (DossierError, KeyboardInterrupt):
        raise
    except Exception as error:  # undefined names and any other failure inside a template
        located = _template_line(error, loader, None)
        if located is None:  # not raised by a template's own code: a defect of dossier's
            raise
        message = getattr(error, "message", None) or str(error) or type(error).__name__
        raise ProblemsFound(
            [
                Problem.of(
                    TEMPLATE_RENDERING_FAILED,
                    located,
                    f"template error: {message}",
                    "the values a template may use are c.title, c.body_html and the others "
                    "docs/profiles.md lists; correct the name or the expression",
                )
            ]
        ) from None


def _at(problem: Problem, where: Location) -> Problem:
    return replace(problem, location=where)


def _shown_file(filename: str | None, loader: ConfinedLoader) -> str | None:
    if filename is None:
        return None
    found = loader.read.get(Path(filename))
    return found[0] if found else None


def _template_line(
    error: BaseException, loader: ConfinedLoader, fallback: Location | None
) -> Location | None:
    """The innermost template line in the error's traceback (Jinja rewrites its frames to
    the templates' own file names and lines), at the first name the message quotes that
    the line holds."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        found = loader.read.get(Path(frame.filename))
        if found is None or frame.lineno is None:
            continue
        shown, text = found
        lines = text.split("\n")
        line = lines[frame.lineno - 1] if frame.lineno <= len(lines) else ""
        column = 1
        for quoted in reversed(_QUOTED.findall(str(error))):
            at = line.find(quoted)
            if at >= 0:
                column = at + 1
                break
        return Location(shown, frame.lineno, column)
    return fallback
