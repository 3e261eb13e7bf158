"""What a venue template may not make of the document it renders, found in the rendered HTML
(parsed by lxml's HTML parser, as a browser reads it) and told at the template's line.

Two rules, for every element a template wrote:
- nothing enters an output that the dossier does not declare: no attachment
  (`rel="attachment"`), and no reference to a workspace file but the images, fonts and
  stylesheets kept in templates/ (never a hidden file, never evidence/);
- nothing makes a browser or a PDF viewer go somewhere on its own: no refresh or other
  `http-equiv`, no `<base>`, no form, frame, object, embed or script, no prefetching link, no
  event handler or `ping`, no resource from the network, and links only to https:, mailto:
  or an #anchor.
The same holds for each url() of the page's style sheets (`<style>`, the profile's
statement.css within it, `style` attributes), read with tinycss2.

Each breach is an error (`check` finds it, and a build stops before any layout) and is taken
out of the HTML, so that neither the preview nor a written .html can act on it. The
statement's own links and images, which dossier made from the Markdown and checked there, are
not the template's and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote

import lxml.etree
import lxml.html
import tinycss2
from tinycss2.ast import Node

from ...base.problem_codes import TEMPLATE_NAVIGATES, TEMPLATE_REFERS_TO_UNDECLARED_FILE
from ...base.problems import Code, Location, Problem
from ...base.settings import TEMPLATES_FOLDER, unusable_in_a_document

# Elements that load, submit, run or redirect on their own, and what each one does.
_REFUSED_ELEMENTS = {
    "base": "changes the address every link and image of the page is read from",
    "form": "sends what it holds to an address",
    "iframe": "loads another page into this one",
    "frame": "loads another page into this one",
    "frameset": "loads other pages into this one",
    "object": "loads another document or plug-in into this one",
    "embed": "loads another document or plug-in into this one",
    "applet": "loads a program into the page",
    "portal": "loads another page into this one",
    "fencedframe": "loads another page into this one",
    "script": "runs a program in the reader's browser",
    # Foreign content: a browser parses what these hold by rules of their own, under which a
    # refresh or a script can hide from any parser but the browser's (`<svg><style><meta…`).
    "svg": "is parsed by the browser by rules that can hide a refresh or a script in it "
    "(show an SVG file of templates/ with `<img>` instead)",
    "math": "is parsed by the browser by rules that can hide a refresh or a script in it",
}
# Link relations that make a browser fetch or connect ahead of any click.
_FETCHING_RELATIONS = {
    "prefetch",
    "preload",
    "prerender",
    "dns-prefetch",
    "preconnect",
    "modulepreload",
}
# Attributes that send the reader somewhere, or run something, on an event.
_NAVIGATING_ATTRIBUTES = {"ping", "action", "formaction", "srcdoc", "http-equiv"}
# Attributes whose value is fetched as the page is shown.
_RESOURCE_ATTRIBUTES = {"src", "poster", "background", "data", "xlink:href"}
_SOURCE_SETS = {"srcset", "imagesrcset"}
_LINKS = {"a", "area"}
# Elements that hold nothing in HTML; lxml's parser does not know each of them as one.
_VOID = {"base", "embed", "link", "meta"}
_SAFE_LINK = re.compile(r"(?:https://|mailto:|#)", re.IGNORECASE)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_CANDIDATE = re.compile(r"[\s,]*(\S*)")
_SHOWN_LENGTH = 60
_STOP = "a template may not make the reader's browser or PDF viewer go anywhere on its own"
_NAVIGATION_HINT = (
    "remove it: a submission stays where it is opened and asks nothing of the network; "
    "links may lead to https:// pages, mailto: addresses or #anchors"
)
_FILE_HINT = (
    "a template may use only images, fonts and stylesheets kept in templates/, and data: "
    "URIs; copy the file there, or remove the reference"
)


@dataclass(frozen=True)
class GuardedHtml:
    html: str  # the document, without what a template may not do (as rendered when clean)
    problems: list[Problem]


def guard_html(html: str, statement_html: str, templates: dict[str, str]) -> GuardedHtml:
    """`html` as a template may render it. `statement_html` is the statement's own part of it
    (not the template's); `templates` each template file read, by its shown path, to tell
    where a breach was written (a workspace's own file before a built-in one)."""
    try:
        document = lxml.html.document_fromstring(html)
    except lxml.etree.ParserError:  # nothing but blanks and comments: nothing to do
        return GuardedHtml(html, [])
    guard = _Guard(_statement_attributes(statement_html), _Locator(templates))
    guard.walk(document)
    if not guard.problems:
        return GuardedHtml(html, [])
    for element in guard.dropped:
        if element.tag.lower() in _VOID:  # what the parser put in it follows it in a browser
            element.drop_tag()
        else:
            element.drop_tree()
    cleaned = lxml.html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>")
    return GuardedHtml(cleaned, guard.problems)


def _statement_attributes(statement_html: str) -> set[tuple[str, str]]:
    """Each (attribute, value) of the statement's own elements: its links, images, marks."""
    if not statement_html.strip():
        return set()
    wrapper = lxml.html.fragment_fromstring(statement_html, create_parent="div")
    return {(name, value) for element in wrapper.iter() for name, value in element.items()}


@dataclass
class _Locator:
    """Where a template wrote something, taken in the order the document has it: the first
    place a template's text matches the first pattern that matches at all, after the place
    found last (the second `<iframe>` is the second one written); else its first match; else
    the first template's first line."""

    templates: dict[str, str]
    last: tuple[int, int] = (-1, -1)  # the template's index, and the offset in its text

    def locate(self, *patterns: str) -> Location:
        texts = list(self.templates.items())
        for pattern in patterns:
            compiled = re.compile(pattern, re.IGNORECASE)
            places = [
                (index, match.start(match.lastindex or 0))
                for index, (_, text) in enumerate(texts)
                for match in compiled.finditer(text)
            ]
            if places:
                self.last = next((place for place in places if place > self.last), places[0])
                shown, text = texts[self.last[0]]
                return Location.at_offset(shown, text, self.last[1])
        return Location(next(iter(self.templates), "(template)"))


@dataclass
class _Guard:
    statement: set[tuple[str, str]]
    locator: _Locator
    problems: list[Problem] = field(default_factory=list)
    dropped: list[lxml.html.HtmlElement] = field(default_factory=list)

    def walk(self, element: lxml.html.HtmlElement) -> None:
        for child in element:
            if not isinstance(child.tag, str):  # a comment or a processing instruction
                continue
            if self.refused_element(child) or self.refused_style_sheet(child):
                self.dropped.append(child)
            else:
                self.check_attributes(child)
            self.walk(child)  # lxml may put in an element what a browser reads after it

    def refused_element(self, element: lxml.html.HtmlElement) -> bool:
        tag = element.tag.lower()
        tag_at = rf"<\s*{tag}\b"
        if tag in _REFUSED_ELEMENTS:
            self.refuse(TEMPLATE_NAVIGATES, f"`<{tag}>` {_REFUSED_ELEMENTS[tag]}", tag_at)
            return True
        if tag == "meta" and element.get("http-equiv") is not None:
            equiv = element.get("http-equiv", "")
            self.refuse(
                TEMPLATE_NAVIGATES,
                f'`<meta http-equiv="{_short(equiv)}">` tells the browser what to do with the '
                "page (a refresh sends it elsewhere)",
                r"<\s*meta\b[^>]*?\b(http-equiv)\b",
            )
            return True
        relations = set(element.get("rel", "").lower().split())
        href = element.get("href", "")
        if "attachment" in relations:
            self.refuse(
                TEMPLATE_REFERS_TO_UNDECLARED_FILE,
                f'`<{tag} rel="attachment" href="{_short(href)}">` would carry that file '
                "inside the PDF: a template may not attach files",
                _literal(href),
                rf"<\s*{tag}\b[^>]*?\b(rel)\s*=\s*[\"']?attachment",
                hint="remove it; the PDF carries nothing but what the build attaches to it",
            )
            for name in ("rel", "href"):  # a link's text stays, as text
                element.attrib.pop(name, None)
            return tag == "link"
        if tag == "link" and relations & _FETCHING_RELATIONS:
            relation = sorted(relations & _FETCHING_RELATIONS)[0]
            self.refuse(
                TEMPLATE_NAVIGATES,
                f'`<link rel="{relation}">` makes the browser reach `{_short(href)}` before '
                "anyone asks for it",
                rf"<\s*link\b[^>]*?\b(rel)\s*=\s*[\"']?[^\"'>]*{re.escape(relation)}",
            )
            return True
        return False

    def refused_style_sheet(self, element: lxml.html.HtmlElement) -> bool:
        """A `<style>` with a url() a template may not use (taken out whole)."""
        if element.tag.lower() != "style":
            return False
        refused = False
        for url in _style_sheet_urls(element.text or ""):
            found = _resource_problem(f'`url("{_short(url)}")` in `<style>`', url)
            if found is not None:
                code, message, hint = found
                self.refuse(code, message, _literal(url), hint=hint)
                refused = True
        return refused

    def check_attributes(self, element: lxml.html.HtmlElement) -> None:
        tag = element.tag.lower()
        for name, value in list(element.items()):
            attribute = name.lower()
            if (name, value) in self.statement:
                continue
            problem = self.attribute_problem(tag, attribute, value)
            if problem is None:
                continue
            code, message, hint = problem
            self.refuse(
                code,
                message,
                _literal(value) if value.strip() else "",
                rf"<\s*{tag}\b[^>]*?\b({re.escape(name)})\s*=",
                rf"<\s*{tag}\b",
                hint=hint,
            )
            del element.attrib[name]

    def attribute_problem(
        self, tag: str, attribute: str, value: str
    ) -> tuple[Code, str, str] | None:
        written = f'`{attribute}="{_short(value)}"` on `<{tag}>`'
        if attribute.startswith("on") or attribute in _NAVIGATING_ATTRIBUTES:
            return TEMPLATE_NAVIGATES, f"{written} acts on its own: {_STOP}", _NAVIGATION_HINT
        if attribute == "href" and tag in _LINKS:
            if not value.strip() or _SAFE_LINK.match(value.strip()):
                return None
            return (
                TEMPLATE_NAVIGATES,
                f"{written} leads to what is not a web page, an e-mail address or an anchor",
                _NAVIGATION_HINT,
            )
        if attribute in _RESOURCE_ATTRIBUTES or (attribute == "href" and tag not in _LINKS):
            return _resource_problem(written, value)
        addresses = (
            _source_set(value)
            if attribute in _SOURCE_SETS
            else _style_sheet_urls(value)
            if attribute == "style"
            else []
        )
        for address in addresses:
            found = _resource_problem(written, address)
            if found is not None:
                return found
        return None

    def refuse(self, code: Code, message: str, *patterns: str, hint: str = "") -> None:
        where = self.locator.locate(*(p for p in patterns if p))
        default = _FILE_HINT if code == TEMPLATE_REFERS_TO_UNDECLARED_FILE else _NAVIGATION_HINT
        self.problems.append(Problem.of(code, where, message, hint or default))


def _resource_problem(written: str, url: str) -> tuple[Code, str, str] | None:
    """What is wrong with fetching `url` for the page, if anything: only data: URIs and the
    images, fonts and stylesheets of templates/ may be."""
    url = url.strip()
    scheme = _SCHEME.match(url)
    if not url or (scheme and scheme.group(1).lower() == "data"):
        return None
    if url.startswith("//") or (scheme and scheme.group(1).lower() != "file"):
        return (
            TEMPLATE_NAVIGATES,
            f"{written} would be fetched from the network: {_STOP}",
            _FILE_HINT,
        )
    relative = _workspace_path(url)
    if relative is None:
        reason = "it is not a file inside the workspace"
    elif not relative.startswith(f"{TEMPLATES_FOLDER}/"):
        reason = f"`{relative}` is not in {TEMPLATES_FOLDER}/"
    else:
        reason = unusable_in_a_document(relative) or ""
        if not reason:
            return None
    return (
        TEMPLATE_REFERS_TO_UNDECLARED_FILE,
        f"{written} refers to a file a template may not put in a document: {reason}",
        _FILE_HINT,
    )


def _workspace_path(url: str) -> str | None:
    """A relative reference as a path from the workspace's root (the document's base), or
    None for an absolute one, a file: URI or one that climbs out."""
    if _SCHEME.match(url) or url.startswith(("/", "\\")):
        return None
    parts: list[str] = []
    for part in unquote(re.split(r"[?#]", url, maxsplit=1)[0]).replace("\\", "/").split("/"):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return PurePosixPath(*parts).as_posix() if parts else None


def _style_sheet_urls(css: str) -> Iterator[str]:
    """Each address a style sheet (or a `style` attribute's declarations) fetches: url(),
    image-set() and @import's."""
    yield from _urls_in(tinycss2.parse_component_value_list(css))


def _urls_in(tokens: list[Node]) -> Iterator[str]:
    importing = False
    for token in tokens:
        if token.type == "url":
            yield token.value
        elif token.type == "string" and importing:
            yield token.value
        elif token.type == "function":
            arguments = token.arguments
            if token.lower_name in ("url", "src", "image-set", "-webkit-image-set"):
                yield from (a.value for a in arguments if a.type == "string")
            yield from _urls_in(arguments)
        elif token.type in ("{} block", "[] block", "() block"):
            yield from _urls_in(token.content)
        if token.type not in ("whitespace", "comment"):
            importing = token.type == "at-keyword" and token.lower_value == "import"


def _source_set(value: str) -> Iterator[str]:
    """The addresses of a `srcset`, as HTML parses it: each candidate is an address (a run
    without white space, to which a data: URI's commas belong) and, unless the address ends
    with a comma, a width or density up to the next comma."""
    position = 0
    while found := _CANDIDATE.match(value, position):
        address, position = found.group(1), found.end()
        if not address:
            return
        yield address.rstrip(",")
        if not address.endswith(","):
            comma = value.find(",", position)
            if comma < 0:
                return
            position = comma + 1


def _literal(value: str) -> str:
    return re.escape(value) if value else ""


def _short(value: str) -> str:
    """A value as a message quotes it: a template may make it as long as the statement."""
    value = " ".join(value.split())
    return value if len(value) <= _SHOWN_LENGTH else value[: _SHOWN_LENGTH - 1] + "…"
