"""The build manifest: what a dossier's outputs were made from and with, so that months later
they can be checked against the workspace and rebuilt bit for bit. Defined once, here: the
type a build fills, the JSON it is written as, and the one reading of it that an up-to-date
build and `dossier verify` both use.

The copy embedded in the PDF and the Word file holds only what the workspace's content
decides, so that the same content gives the same bytes wherever it is built. The copy written
beside them (build/<name>/manifest.json) adds what they cannot hold: their own digests and
the git commit the content sat in.

Neither copy tells anything of the team's work that the PDF does not print: no claim, quote,
evidence id or line number (the trace, which has them, is carried by the review edition
alone), no file of another dossier, and no name of a file in evidence/: a name such as
`evidence/confidential-witnesses.yaml` tells what the team works on, so the evidence files
and the snapshots there are listed by their sha256 only (`evidence`), which is all an
up-to-date build and `dossier verify` need to tell whether they changed. The other inputs
(bibliography.bib, the dossier's own folder, the templates) are listed by name.

A manifest is hostile input: the one embedded in a file `dossier verify` is given, or the one
in build/<name>/ that a workspace could hold. Its shape is checked field by field before
anything it says is used, and each way it is wrong is told at its line. No pydantic: an
up-to-date build reads a manifest and imports nothing more.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ..base.git import NOT_IN_GIT, GitState
from ..base.problem_codes import MALFORMED_MANIFEST, MANIFEST_PATH_OUTSIDE_WORKSPACE
from ..base.problems import Location, Problem
from ..base.reading.read_input import SHA256_HEX
from ..base.settings import LAST_EPOCH, PDF_VARIANTS, BuildSettings, Edition

FORMAT = 1
DOSSIER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,200}")
COMMIT = re.compile(r"[0-9a-f]{40,64}")
_HINT = "this manifest was not written by `dossier build`; build the PDF again from its workspace"
_MOST_PROBLEMS = 20  # told of one manifest


@dataclass(frozen=True)
class ManifestOptions:
    """The build settings a manifest records: all that decides the outputs' bytes besides
    the inputs and the versions."""

    pdf_variant: str
    source_date_epoch: int | None
    strict: bool
    edition: Edition = Edition.PUBLIC
    # The review edition's only: the git state it prints (NOT_IN_GIT outside git), recorded
    # so that `dossier verify`, which rebuilds from a copy without .git, prints the same.
    git: GitState | None = None

    @classmethod
    def of(cls, settings: BuildSettings) -> ManifestOptions:
        return cls(
            settings.pdf_variant,
            settings.source_date_epoch,
            settings.strict,
            settings.edition,
            settings.git,
        )

    def settings(self) -> BuildSettings:
        return BuildSettings(
            self.pdf_variant, self.source_date_epoch, self.strict, self.edition, self.git
        )

    def as_json(self) -> dict[str, Any]:
        """The edition only when it is not the public one, so that a public build's bytes are
        what they were before editions existed."""
        options: dict[str, Any] = {
            "pdf_variant": self.pdf_variant,
            "source_date_epoch": self.source_date_epoch,
            "strict": self.strict,
        }
        if self.edition is not Edition.PUBLIC:
            options["edition"] = str(self.edition)
            if self.git is not None:
                options["git"] = vars(self.git) if self.git.commit else None
        return options


@dataclass(frozen=True)
class Manifest:
    dossier: str
    versions: dict[str, str]  # of Python, the packages and the libraries the outputs depend on
    options: ManifestOptions
    counts: dict[str, int]
    outputs: dict[str, str]  # sha256 by shown path
    inputs: dict[str, str]  # sha256 by shown path: each file the build read outside evidence/
    fonts: dict[str, str]  # sha256 of each of the package's fonts the layout drew with
    # The sha256 of each file of evidence/ the build read (the evidence files, the snapshots
    # the dossier cites), sorted, without names: see the module's docstring. None in a
    # manifest written before, which listed them by name in `inputs`.
    evidence: list[str] | None = None
    # Only the copy written beside the outputs records the git commit: `git` is then the
    # state of the workspace, or None where it is not a git work tree.
    beside: bool = False
    git: GitState | None = None

    def written_beside(self, outputs: dict[str, str], git: GitState | None) -> Manifest:
        """The copy written beside the outputs, with their digests and the commit."""
        return replace(self, outputs=self.outputs | outputs, beside=True, git=git)

    def as_json(self) -> bytes:
        document: dict[str, Any] = {
            "format": FORMAT,
            "dossier": self.dossier,
            "versions": self.versions,
            "options": self.options.as_json(),
            "counts": self.counts,
            "outputs": self.outputs,
            "inputs": self.inputs,
            "fonts": self.fonts,
        }
        if self.evidence is not None:
            document["evidence"] = self.evidence
        if self.beside:
            document["git"] = None if self.git is None else vars(self.git)
        return to_json(document)


def to_json(document: dict[str, Any]) -> bytes:
    """Stable bytes: keys sorted, two-space indents, UTF-8, a final newline."""
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def read_manifest(data: bytes, shown: str) -> tuple[Manifest | None, list[Problem]]:
    """The manifest in `data`, or each way in which it is not one, at its line in `shown`."""
    text = data.decode("utf-8", "replace")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        where = Location(shown, error.lineno, error.colno)
        return None, [
            Problem.of(MALFORMED_MANIFEST, where, f"the manifest is not JSON: {error.msg}", _HINT)
        ]
    except RecursionError:
        where = Location(shown)
        return None, [
            Problem.of(MALFORMED_MANIFEST, where, "the manifest is nested too deeply", _HINT)
        ]
    wrong = _MANIFEST(document, ())
    if wrong:
        return None, [
            Problem.of(
                MALFORMED_MANIFEST,
                located_key(text, shown, loc),
                f"the manifest's `{'.'.join(map(str, loc)) or '(top)'}`: {message}",
                _HINT,
            )
            for loc, message in wrong[:_MOST_PROBLEMS]
        ]
    return _manifest(document), []


def _manifest(document: dict[str, Any]) -> Manifest:
    options = document["options"]
    git = document.get("git")
    edition = Edition(options.get("edition", Edition.PUBLIC))
    printed = options.get("git")
    shown_git = None
    if edition is not Edition.PUBLIC and "git" in options:
        shown_git = NOT_IN_GIT if printed is None else GitState(printed["commit"], printed["dirty"])
    return Manifest(
        document["dossier"],
        document["versions"],
        ManifestOptions(
            options["pdf_variant"],
            options["source_date_epoch"],
            options["strict"],
            edition,
            shown_git,
        ),
        document["counts"],
        document["outputs"],
        document["inputs"],
        document["fonts"],
        document.get("evidence"),
        beside="git" in document,
        git=None if git is None else GitState(git["commit"], git["dirty"]),
    )


def located_key(text: str, shown: str, loc: tuple[Any, ...]) -> Location:
    """The line of the last key of `loc` that the text holds (its keys are one to a line)."""
    for part in reversed(loc):
        if isinstance(part, str):
            found = re.search(re.escape(json.dumps(part, ensure_ascii=False)) + r"\s*:", text)
            if found:
                return Location.at_offset(shown, text, found.start())
    return Location(shown)


def refused_input(shown: str, where: Location) -> Problem:
    return Problem.of(
        MANIFEST_PATH_OUTSIDE_WORKSPACE,
        where,
        f"the manifest names `{shown}`, which is not a file inside the workspace or the "
        "package; it was not read",
        _HINT,
    )


# The manifest's shape: each part a function from a value and where it is to what is wrong
# with it, as (where, message); nothing when it is right.
Wrong = list[tuple[tuple[Any, ...], str]]
Shape = Callable[[Any, tuple[Any, ...]], Wrong]


def _text(pattern: re.Pattern[str] | None = None) -> Shape:
    def check(value: Any, loc: tuple[Any, ...]) -> Wrong:
        if type(value) is not str:
            return [(loc, "Input should be a valid string")]
        if pattern is not None and pattern.fullmatch(value) is None:
            return [(loc, f"String should match pattern '^{pattern.pattern}$'")]
        return []

    return check


def _whole_number(low: int, high: int | None = None) -> Shape:
    def check(value: Any, loc: tuple[Any, ...]) -> Wrong:
        if type(value) is not int:  # strict: true is not 1, nor 1.0
            return [(loc, "Input should be a valid integer")]
        if value < low:
            return [(loc, f"Input should be greater than or equal to {low}")]
        if high is not None and value > high:
            return [(loc, f"Input should be less than or equal to {high}")]
        return []

    return check


def _boolean(value: Any, loc: tuple[Any, ...]) -> Wrong:
    return [] if type(value) is bool else [(loc, "Input should be a valid boolean")]


def _one_of(*allowed: Any) -> Shape:
    shown = [repr(str(a)) if isinstance(a, str) else str(a) for a in allowed]
    listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]

    def check(value: Any, loc: tuple[Any, ...]) -> Wrong:
        right = any(type(value) is type(a) and value == a for a in allowed)
        return [] if right else [(loc, f"Input should be {listed}")]

    return check


def _or_none(shape: Shape) -> Shape:
    def check(value: Any, loc: tuple[Any, ...]) -> Wrong:
        return [] if value is None else shape(value, loc)

    return check


def _list(values: Shape) -> Shape:
    def check(value: Any, loc: tuple[Any, ...]) -> Wrong:
        if type(value) is not list:
            return [(loc, "Input should be a valid list")]
        return [wrong for index, item in enumerate(value) for wrong in values(item, (*loc, index))]

    return check


def _mapping(values: Shape) -> Shape:
    def check(value: Any, loc: tuple[Any, ...]) -> Wrong:
        if type(value) is not dict:
            return [(loc, "Input should be a valid dictionary")]
        return [wrong for key, item in value.items() for wrong in values(item, (*loc, key))]

    return check


def _fields(fields: dict[str, Shape], optional: frozenset[str] = frozenset()) -> Shape:
    def check(value: Any, loc: tuple[Any, ...]) -> Wrong:
        if type(value) is not dict:
            return [(loc, "Input should be a valid dictionary")]
        wrong: Wrong = []
        for name, shape in fields.items():
            if name in value:
                wrong += shape(value[name], (*loc, name))
            elif name not in optional:
                wrong.append(((*loc, name), "Field required"))
        extra = [name for name in value if name not in fields]
        return wrong + [((*loc, name), "Extra inputs are not permitted") for name in extra]

    return check


_SHA256 = _mapping(_text(SHA256_HEX))
_GIT = _or_none(_fields({"commit": _text(COMMIT), "dirty": _boolean}))
_MANIFEST = _fields(
    {
        "format": _one_of(FORMAT),
        "dossier": _text(DOSSIER_NAME),
        "versions": _mapping(_text()),
        "options": _fields(
            {
                "pdf_variant": _one_of(*PDF_VARIANTS),
                "source_date_epoch": _or_none(_whole_number(0, LAST_EPOCH)),
                "strict": _boolean,
                "edition": _one_of(*(str(edition) for edition in Edition)),
                "git": _GIT,
            },
            optional=frozenset({"edition", "git"}),  # written only for the review edition
        ),
        "counts": _mapping(_whole_number(0)),
        "outputs": _SHA256,
        "inputs": _SHA256,
        "fonts": _SHA256,
        "evidence": _list(_text(SHA256_HEX)),
        "git": _GIT,
    },
    # git: only in the copy beside the outputs; evidence: not in a manifest written before
    optional=frozenset({"git", "evidence"}),
)
