"""`dossier package NAME`: what filing a final dossier with its venue asks besides the
document, in build/<name>/package/: the Word file named as the venue asks, the cover e-mail's
text (recipient, subject line), the online form's fields filled in from dossier.yaml, the
venue's checklist with each rule met or not, and the deadline.

Only what the venue's profile gives (its `package` settings, from the venue's guidance) is
said; a fact the guidance does not give is "not stated by the venue's guidance", never
invented. A package is of a final dossier only: a draft is refused as `build --final` refuses
it, with the same problems.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .base.phrasing import plural
from .base.problem_codes import DEADLINE_PASSED, INVALID_PROFILE
from .base.problems import Location, Problem, ProblemsFound
from .base.settings import BuildSettings, OutputNames, build_folder, source_date_epoch
from .build import BuildRequest, CheckRequest, build, check
from .cite.compile import CompiledDossier
from .cite.dates import format_date
from .load.models import Dossier
from .load.profiles import PackageSettings

PACKAGE_FOLDER = "package"  # build/<name>/package/
NOT_STATED = "not stated by the venue's guidance"
COVER_FILE, FORM_FILE, CHECKLIST_FILE = "cover.txt", "form.txt", "checklist.md"
_LANGUAGES = {"en": "English", "fr": "French", "es": "Spanish"}
_STATUS_ORDER = ("general", "special", "roster")
_STATUS_NAMES = {
    "general": "General consultative status",
    "special": "Special consultative status",
    "roster": "Roster",
}


@dataclass(frozen=True)
class PackageRequest:
    root: Path
    name: str
    settings: BuildSettings = field(default_factory=BuildSettings)
    wait: bool = False  # wait for another build of the same dossier instead of failing


@dataclass(frozen=True)
class Package:
    """What `package` wrote, and the warnings it found (the check's, a deadline passed)."""

    folder: Path
    files: list[str]
    problems: list[Problem]


def package(request: PackageRequest) -> Package:
    """Check the dossier as `--final` does (a draft is refused, nothing written), build it,
    then write build/<name>/package/ as one."""
    from .load.dossier import selected_names
    from .record.lock import build_locks
    from .record.switch_folder import recover, write_folders

    root, name = request.root, request.name
    selected_names(root, [name])  # an existing dossier, before any file is touched
    report = check(CheckRequest(root, (name,), final=True))
    if report.errors(request.settings.strict):
        raise ProblemsFound(report.problems)
    build(BuildRequest(root, (name,), request.settings, wait=request.wait, final=True))
    folder = build_folder(root, name)
    with build_locks(root, [name], request.wait):  # the Word file as this build left it
        files, problems = package_files(report.dossiers[name], folder, today())
        recover(folder / PACKAGE_FOLDER)  # what a killed `package` left
        write_folders({folder / PACKAGE_FOLDER: files})
    return Package(folder / PACKAGE_FOLDER, list(files), report.problems + problems)


def today() -> dt.date:
    """The day a deadline is measured from: SOURCE_DATE_EPOCH's (UTC) when set, else today."""
    epoch = source_date_epoch()
    return dt.date.today() if epoch is None else dt.datetime.fromtimestamp(epoch, dt.UTC).date()


def package_files(
    compiled: CompiledDossier, folder: Path, day: dt.date
) -> tuple[dict[str, bytes], list[Problem]]:
    """The package's files by name, from the dossier and its built Word file in `folder`."""
    facts = _Facts(compiled, day)
    docx = (folder / str(OutputNames.of(compiled.loaded.name).docx)).read_bytes()
    texts = {
        COVER_FILE: facts.cover(),
        FORM_FILE: facts.form(),
        CHECKLIST_FILE: facts.checklist(),
    }
    files = {facts.word_file: docx, **{n: t.encode() for n, t in texts.items()}}
    return files, facts.problems()


class _Facts:
    """The dossier's facts as its venue's filing asks for them."""

    def __init__(self, compiled: CompiledDossier, day: dt.date):
        self.compiled = compiled
        self.config: Dossier = compiled.loaded.config
        self.settings: PackageSettings = compiled.profile.settings.package
        self.day = day
        self.dates = compiled.profile.wording.in_language("en").dates
        self.word_file = self._word_file()

    # The deadline

    def deadline(self) -> dt.date | None:
        session = self.config.session
        if self.settings.deadline_days is None or session is None:
            return None
        return session.start - dt.timedelta(days=self.settings.deadline_days)

    def deadline_text(self) -> str:
        days = self.settings.deadline_days
        if days is None:
            return NOT_STATED
        rule = f"{plural(days, 'day')} before the session's first day"
        if "package.deadline_days" in self.compiled.profile.settings.unconfirmed:
            rule += "; unconfirmed for current sessions: check the session's page"
        deadline = self.deadline()
        if deadline is None:
            return f"{rule}; the session's dates are not given, so it cannot be worked out"
        left = (deadline - self.day).days
        when = (
            f"{plural(left, 'day')} left, counted from {self._date(self.day)}"
            if left >= 0
            else f"passed {plural(-left, 'day')} ago, counted from {self._date(self.day)}"
        )
        return f"{self._date(deadline)} ({rule}): {when}"

    def problems(self) -> list[Problem]:
        deadline = self.deadline()
        if deadline is None or deadline >= self.day:
            return []
        late = plural((self.day - deadline).days, "day")
        return [
            Problem.of(
                DEADLINE_PASSED,
                self.compiled.loaded.field_location("session"),
                f"the deadline for the session was {self._date(deadline)}, {late} ago "
                f"({plural(self.settings.deadline_days or 0, 'day')} before its first day)",
                "ask the secretariat whether a late statement is still taken, or file for a "
                "later session",
                subject=self.compiled.loaded.name,
            )
        ]

    # The three texts

    def cover(self) -> str:
        lines = [
            f"To: {self.settings.recipient or NOT_STATED}",
            f"Subject: {self.settings.subject or NOT_STATED}",
            f"Attachment: {self.word_file}"
            + ("" if self.settings.file_name else f" (the file's name: {NOT_STATED})"),
            f"How it is filed: {self.settings.submission or NOT_STATED}",
            f"Deadline: {self.deadline_text()}",
            "",
            f"Please find attached the {self.compiled.profile.settings.title} "
            f"“{self.config.title}”, submitted by {self._sponsor_names()}"
            f"{self._session_phrase()}.",
            f"Word count: {self._word_count()}.",
        ]
        return "\n".join(lines) + "\n"

    def form(self) -> str:
        lines = [f"Online form: {self.compiled.profile.settings.title}"]
        lines.append(f"({self.settings.submission or 'How it is filed: ' + NOT_STATED})")
        lines.append("")
        if not self.settings.form:
            lines.append(f"The form's fields: {NOT_STATED}.")
        for name in self.settings.form:
            lines += _FORM[name](self)
        return "\n".join(lines) + "\n"

    def checklist(self) -> str:
        lines = [
            f"# Checklist: {self.config.title}",
            "",
            f"Venue: {self.compiled.profile.settings.title} (profile "
            f"`{self.compiled.profile.name}`), checked on {self._date(self.day)}.",
            "",
            "- [x] Final: no fact left unstated, no placeholder left",
        ]
        for name in self.settings.checklist:
            text, met, detail = _CHECKLIST[name](self)
            lines.append(f"- [{'x' if met else ' '}] {text}: {detail}")
        if not self.settings.checklist:
            lines.append(f"\nThe venue's other rules: {NOT_STATED}.")
        return "\n".join(lines) + "\n"

    # The facts, as the form and the checklist give them

    def _word_file(self) -> str:
        pattern = self.settings.file_name
        name = self.compiled.loaded.name
        if pattern is None:
            return f"{name}.docx"
        session = self.config.session
        values = {"name": name, "session": str(session.number) if session else ""}
        names = [n for _, n, _, _ in string.Formatter().parse(pattern) if n is not None]
        found = pattern.format(**values) if set(names) <= values.keys() else ""
        if not found or "/" in found or found.startswith(".") or not found.endswith(".docx"):
            raise ProblemsFound(
                [
                    Problem.of(
                        INVALID_PROFILE,
                        Location(self.compiled.profile.source),
                        f"invalid venue profile: `package.file_name` {pattern!r} does not make "
                        "a file name",
                        "write a name ending in .docx, using only {name} and {session}",
                    )
                ]
            )
        return found

    def _date(self, day: dt.date) -> str:
        return format_date(day.isoformat(), self.dates)

    def _word_count(self) -> str:
        words = self.compiled.words
        return f"{words.counted:,} ({words.basis})"

    def _sponsor_names(self) -> str:
        """The main sponsor, then the co-sponsors grouped general, special, roster; or the
        submitting organisations, in their order."""
        sponsors = self.config.submitted_by
        if sponsors:
            rest = [s for status in _STATUS_ORDER for s in sponsors[1:] if s.status == status]
            return ", ".join(s.name for s in [sponsors[0], *rest])
        return ", ".join(o.name for o in self.config.organizations) or NOT_STATED

    def _session_phrase(self) -> str:
        session, item = self.config.session, self.config.agenda_item
        phrase = f" for session {session.number}" if session else ""
        return phrase + (f", agenda item {item}" if item else "")

    def contact(self) -> list[str]:
        return [f"Contact: {self.config.contact or _not_given('contact')}"]

    def language(self) -> list[str]:
        return [f"Language: {_LANGUAGES[self.config.language]}"]

    def session(self) -> list[str]:
        session = self.config.session
        if session is None:
            return [f"Session: {_not_given('session')}"]
        dates = f"{self._date(session.start)} to {self._date(session.end)}"
        return [f"Session: {session.number} ({dates})"]

    def agenda_item(self) -> list[str]:
        item = self.config.agenda_item
        if item is None:
            return [f"Agenda item: {_not_given('agenda_item')}"]
        title = self.compiled.profile.settings.agenda_items.get(item)
        return [f"Agenda item: {item}" + (f". {title}" if title else "")]

    def sponsors(self) -> list[str]:
        """Main sponsor first, then the co-sponsors grouped general, special, roster, as the
        venue's guidance asks, each group with its status."""
        sponsors = self.config.submitted_by
        if not sponsors:
            return [f"Sponsors: {_not_given('submitted_by')}"]
        lines = ["Sponsors:", f"  Main sponsor: {sponsors[0].name} ({sponsors[0].status})"]
        for status in _STATUS_ORDER:
            names = [s.name for s in sponsors[1:] if s.status == status]
            if names:
                lines.append(f"  {_STATUS_NAMES[status]}: {'; '.join(names)}")
        return lines

    def title(self) -> list[str]:
        return [f"Title: {self.config.title}"]

    def word_count(self) -> list[str]:
        return [f"Word count: {self._word_count()}"]

    def date(self) -> list[str]:
        day = self.config.date
        return [f"Date: {self._date(day) if day else _not_given('date')}"]


def _not_given(name: str) -> str:
    return f"not given: add `{name}:` to dossier.yaml"


_FORM: dict[str, Callable[[_Facts], list[str]]] = {
    "contact": _Facts.contact,
    "language": _Facts.language,
    "session": _Facts.session,
    "agenda_item": _Facts.agenda_item,
    "sponsors": _Facts.sponsors,
    "title": _Facts.title,
    "word_count": _Facts.word_count,
    "date": _Facts.date,
}


def _consultative_status(facts: _Facts) -> tuple[str, bool, str]:
    sponsors = facts.config.submitted_by
    listed = "; ".join(f"{s.name} ({s.status})" for s in sponsors)
    return "Submitted by NGOs in consultative status with ECOSOC", bool(sponsors), listed or (
        "no sponsor named"
    )


def _word_limit(facts: _Facts) -> tuple[str, bool, str]:
    words = facts.compiled.words
    if not words.limit:
        return "Within the word limit", True, f"{words.counted:,} words; {NOT_STATED}"
    detail = f"{words.counted:,} of {words.limit:,} words ({words.basis})"
    return "Within the word limit", words.counted <= words.limit, detail


def _word_file(facts: _Facts) -> tuple[str, bool, str]:
    return "A Word file, not PDF", True, facts.word_file


def _plain_page(facts: _Facts) -> tuple[str, bool, str]:
    plain = not facts.compiled.profile.settings.word.front_matter
    facts_first = "" if plain else "; it opens with the venue's facts"
    detail = f"the Word file has no UN header{facts_first}"
    return "A plain page: no UN header, no logos", True, detail


def _language(facts: _Facts) -> tuple[str, bool, str]:
    return "In English, French or Spanish", True, _LANGUAGES[facts.config.language]


def _session(facts: _Facts) -> tuple[str, bool, str]:
    session = facts.config.session
    return "The session", session is not None, facts.session()[0].removeprefix("Session: ")


def _agenda_item(facts: _Facts) -> tuple[str, bool, str]:
    item = facts.config.agenda_item
    known = facts.compiled.profile.settings.agenda_items
    met = item is not None and (not known or item in known)
    detail = str(item) if item is not None else _not_given("agenda_item")
    return "The agenda item", met, detail


def _sponsors_grouped(facts: _Facts) -> tuple[str, bool, str]:
    return (
        "Co-sponsors grouped general, then special, then roster",
        True,
        f"as {FORM_FILE} and the document list them",
    )


def _contact(facts: _Facts) -> tuple[str, bool, str]:
    contact = facts.config.contact
    return "Contact details for the form", bool(contact), contact or _not_given("contact")


def _deadline(facts: _Facts) -> tuple[str, bool, str]:
    deadline = facts.deadline()
    met = deadline is not None and deadline >= facts.day
    return "Filed by the deadline", met, facts.deadline_text()


_CHECKLIST: dict[str, Callable[[_Facts], tuple[str, bool, str]]] = {
    "consultative_status": _consultative_status,
    "word_limit": _word_limit,
    "word_file": _word_file,
    "plain_page": _plain_page,
    "language": _language,
    "session": _session,
    "agenda_item": _agenda_item,
    "sponsors_grouped": _sponsors_grouped,
    "contact": _contact,
    "deadline": _deadline,
}
