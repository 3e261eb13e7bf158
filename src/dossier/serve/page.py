"""The page `dossier serve` answers with: the preview, a bar saying when it was checked and
where the PDF is, the problem list, and the script that follows the server's news.

The script asks the server, through server-sent events, for each new version, fetches the
page again and swaps it in: no reload, the reader's place kept. The page may run only that
script, and may fetch nothing but this server: a template cannot make the browser reach
the network (Content-Security-Policy)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from ..base.phrasing import noun_for
from ..base.problems import Problem, Severity
from .preview import Preview, problem_list

SCRIPT = """
(() => {
  const events = new EventSource("/events");
  let busy = false, wanted = null;
  async function follow(version) {
    wanted = version;
    if (busy || String(version) === document.body.dataset.version) return;
    busy = true;
    try {
      const answer = await fetch("/", {cache: "no-store"});
      const page = new DOMParser().parseFromString(await answer.text(), "text/html");
      const x = window.scrollX, y = window.scrollY;
      document.head.replaceWith(page.head);
      document.body.replaceWith(page.body);
      window.scrollTo(x, y);
    } finally {
      busy = false;
    }
    if (String(wanted) !== document.body.dataset.version) follow(wanted);
  }
  events.onmessage = (event) => follow(event.data);
  events.onerror = () => { document.body.dataset.connection = "lost"; };
  events.onopen = () => { delete document.body.dataset.connection; };
})();
"""

STYLE = """
@media screen {
  html { background: #e8e8e8; }
  body.dossier-preview { margin: 0 auto; padding: 0 0 4em 0; max-width: 17cm; }
  .dossier-page { background: white; padding: 2cm 2.2cm; margin: 1em 0;
                  box-shadow: 0 1px 4px rgba(0,0,0,.3); }
  .dossier-bar { font: 14px/1.4 system-ui, sans-serif; background: #fffbe6; padding: .6em 1em;
                 border: 1px solid #e0d6a0; margin-top: 1em; }
  .dossier-bar.clean { background: #eef8ee; border-color: #b7dcb7; }
  body[data-connection="lost"] .dossier-bar::before { content: "Server stopped. "; color: #a00; }
  .dossier-problems { margin: .4em 0 0 0; padding-left: 2em; }
  .dossier-problems li { margin: .2em 0; }
  .dossier-problems .error .severity { color: #b00; font-weight: bold; }
  .dossier-problems .warning .severity { color: #a60; font-weight: bold; }
  .dossier-problems .hint { color: #555; }
  .dossier-problems :target { background: #ffe9a8; }
  a.dossier-mark { display: inline-block; font: bold 11px/1 system-ui, sans-serif;
                   color: white; background: #c00; border-radius: 8px; padding: 2px 5px;
                   margin: 0 2px; text-decoration: none; vertical-align: super; }
  a.dossier-mark.warning { background: #c70; }
  a.dossier-mark.note { background: #777; }
  .dossier-call { font-size: 70%; }
  .dossier-notes { border-top: 1px solid black; margin-top: 2em; padding-top: .5em;
                   font-size: 10pt; }
  .dossier-note { margin: 0 0 4pt 0; }
}
"""


def _csp_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


CONTENT_SECURITY_POLICY = (
    "default-src 'none'; "
    f"script-src '{_csp_hash(SCRIPT)}'; "
    "style-src 'unsafe-inline'; "
    "connect-src 'self'; "
    "img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class PdfState:
    """What became of the last PDF build, for the bar."""

    message: str  # e.g. "PDF built at 10:42:05"
    available: bool  # whether there is a PDF to link to
    problems: tuple[Problem, ...] = ()  # why the build refused to write it


def page_html(preview: Preview, version: int, name: str, root: Path, pdf: PdfState | None) -> str:
    """The page, every restricted string masked: in the preview and the problems (masked as
    they were made), and in the dossier's name, a failure and the PDF's state here."""
    mask = preview.masker.mask
    name = mask(name)
    when = dt.datetime.fromtimestamp(preview.at).strftime("%H:%M:%S")
    count = len(preview.problems)
    if preview.failure:
        status = str(escape(mask(preview.failure)))
    elif count:
        status = escape(_counts(preview.problems))
    else:
        status = "no problems found"
    pdf_part = ""
    if pdf is not None:
        link = ' <a href="/pdf" target="_blank">open the PDF</a>' if pdf.available else ""
        pdf_part = f' · <span class="dossier-pdf">{escape(mask(pdf.message))}</span>{link}'
    # What only the build found (in the laid-out PDF: a leak, a character no font draws).
    built = [p for p in pdf.problems if p not in preview.problems] if pdf else []
    built = preview.masker.problems(built, root)
    failing = any(p.severity is not Severity.NOTE for p in [*preview.problems, *built])
    clean = " clean" if not failing and not preview.failure else ""
    problems = problem_list(preview.problems, root) if count else ""
    if built:
        problems += Markup("<p>The PDF's build found:</p>") + problem_list(built, root, "pdf")
    body = preview.body or "<p>(nothing to show until the dossier loads)</p>"
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><link rel="icon" href="data:,">'
        f"<title>{escape(name)}</title>"
        f"{preview.head}<style>{STYLE}</style><script>{SCRIPT}</script></head>"
        f'<body class="dossier-preview" data-version="{version}">'
        f'<div class="dossier-bar{clean}"><b>{escape(name)}</b>: checked at {when} '
        f'in {preview.seconds:.2f} s: <span class="dossier-status">{status}</span>{pdf_part}'
        f"{problems}</div>"
        f'<div class="dossier-page">{body}</div></body></html>'
    )


def _counts(problems: list[Problem]) -> str:
    """ "2 errors, 1 warning, 8 notes" """
    parts = []
    for severity in Severity:
        count = sum(p.severity is severity for p in problems)
        if count:
            parts.append(f"{count} {noun_for(count, severity.value)}")
    return ", ".join(parts)
