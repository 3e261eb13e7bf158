"""Write a compiled dossier as a Word file: the form in which the Human Rights Council and the
UPR accept a submission. A plain page as the venue's form asks (no masthead): the title, the
statement with real Word footnotes (references in the text, notes in the footnotes part,
numbered by Word), links for URLs and UN document symbols, and the closing lines. Fonts and
sizes come from the profile's `word` settings. The same dossier gives the same bytes.

python-docx writes the document; it has no footnotes, so the footnotes part is built here
through its XML layer, as the WordprocessingML standard lays it out.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from markdown_it.token import Token

from ...base.problem_codes import UNREADABLE_DOCUMENT_FILE
from ...base.problems import Location, Problem, ProblemsFound
from ...base.reading.read_input import current_limits, read_bytes
from ...cite.compile import CompiledDossier
from ...cite.note_style import Note
from ...load.profiles import WordSettings
from ...statement.citations import CITATION, NOTE_MARK
from ..front_matter import front_matter
from .docx_package import EmbeddedFile, embed, stable_zip
from .docx_venue import (
    ParagraphNumbering,
    number_pages,
    set_off_title,
    write_front_matter,
    write_organizations,
)

_LANGUAGE_TAGS = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES"}
_A4 = (Cm(21.0), Cm(29.7))
_INDENT = Cm(1.0)


def render_docx(
    compiled: CompiledDossier,
    root: Path,
    stamp: dt.datetime | None = None,
    embedded: Sequence[EmbeddedFile] = (),
) -> bytes:
    """The dossier as a .docx, with `embedded` files carried in a custom XML part."""
    return docx_bytes(docx_document(compiled, root, stamp), embedded)


def docx_document(compiled: CompiledDossier, root: Path, stamp: dt.datetime | None = None) -> Any:
    """The dossier as a Word document, not yet saved: a build writes it while the PDF is laid
    out, and adds the files it carries (which name what the layout read) afterwards."""
    config = compiled.loaded.config
    settings = compiled.profile.settings.word
    document = docx.Document()
    _lay_out_page(document, Cm(settings.margin))
    _define_styles(document, settings, _LANGUAGE_TAGS[config.language])
    front = front_matter(compiled, submitter=settings.submitter) if settings.front_matter else None
    if front is not None:
        write_front_matter(document, front, settings.body_size)
    if settings.page_numbers:
        number_pages(document)
    footnotes = _Footnotes(document)
    writer = _BodyWriter(document, footnotes, compiled, root, settings)
    title = document.add_paragraph(style="Title")
    title.add_run(config.title)
    if front is not None:
        set_off_title(title)
    writer.write_blocks(compiled.statement.tokens)
    if config.shared_by:
        shared_views = compiled.profile.wording.in_language(config.language).header.shared_views
        writer.plain_paragraph(f"{', '.join(config.shared_by)}, {shared_views}")
    if front is not None and front.annex:
        write_organizations(document, front)
    footnotes.attach()
    _set_properties(document, compiled, stamp)
    _drop_thumbnail(document)
    return document


def docx_bytes(document: Any, embedded: Sequence[EmbeddedFile] = ()) -> bytes:
    """The bytes of a document from `docx_document`, carrying `embedded` in a custom XML part:
    the same bytes for the same document."""
    if embedded:
        embed(document, embedded)
    out = io.BytesIO()
    document.save(out)
    return stable_zip(out.getvalue())


def _lay_out_page(document: Any, margin: Any) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = _A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, margin)


def _define_styles(document: Any, settings: WordSettings, language: str) -> None:
    """Every style in the venue's font, black, at the venue's sizes; Word's blue headings and
    Calibri defaults would not pass as the form's plain page."""
    styles = document.styles
    normal = styles["Normal"]
    _set_font(normal, settings.font, settings.body_size)
    normal.paragraph_format.space_after = Pt(6)
    if settings.justify:
        normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal_rpr = normal.element.get_or_add_rPr()
    language_element = OxmlElement("w:lang")
    language_element.set(qn("w:val"), language)
    normal_rpr.append(language_element)
    title = styles["Title"]
    _set_font(title, settings.font, settings.title_size, bold=True)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    title.paragraph_format.space_after = Pt(12)
    _plain_borders(title)
    for level in range(1, 4):
        heading = styles[f"Heading {level}"]
        _set_font(heading, settings.font, settings.body_size, bold=True)
        heading.paragraph_format.space_before = Pt(12)
        heading.paragraph_format.space_after = Pt(6)
    quote = styles["Quote"]
    _set_font(quote, settings.font, settings.body_size, italic=False)
    quote.paragraph_format.left_indent = quote.paragraph_format.right_indent = _INDENT
    note = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    _set_font(note, settings.font, settings.footnote_size)
    note.paragraph_format.space_after = Pt(0)
    note.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    reference = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    reference.font.superscript = True
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor(0x00, 0x00, 0xFF)
    link.font.underline = True
    code = styles.add_style("Code", WD_STYLE_TYPE.CHARACTER)
    code.font.name = "Courier New"


def _set_font(
    style: Any, name: str, size: float, bold: bool | None = None, italic: bool | None = None
) -> None:
    font = style.font
    font.name, font.size, font.bold, font.italic = name, Pt(size), bold, italic
    font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


def _plain_borders(style: Any) -> None:
    """The template's Title has a rule under it; the form's title has none."""
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


class _Footnotes:
    """The footnotes part: Word's two separators, then one note per footnote, in order."""

    def __init__(self, document: Any) -> None:
        self.document = document
        package = document.part.package
        element = parse_xml(
            f"<w:footnotes {nsdecls('w', 'r')}>"
            f'<w:footnote w:type="separator" w:id="-1">{_separator("separator")}</w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0">'
            f"{_separator('continuationSeparator')}</w:footnote></w:footnotes>"
        )
        self.part = XmlPart(
            PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, element, package
        )
        self.count = 0

    def add(self, note: Note) -> int:
        """Add a note; its id, which is also the number Word will give it."""
        self.count += 1
        footnote = OxmlElement("w:footnote")
        footnote.set(qn("w:id"), str(self.count))
        paragraph = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        ppr.append(_val("w:pStyle", "FootnoteText"))
        paragraph.append(ppr)
        mark = _run(style="FootnoteReference")
        mark.append(OxmlElement("w:footnoteRef"))
        paragraph.append(mark)
        paragraph.append(_run(" "))
        for segment in note:
            target = paragraph
            if segment.href:
                target = _hyperlink(self.part, segment.href)
                paragraph.append(target)
            target.append(
                _run(
                    segment.text.replace("\n", " "),
                    italic=segment.italic,
                    style="Hyperlink" if segment.href else None,
                )
            )
        footnote.append(paragraph)
        self.part.element.append(footnote)
        return self.count

    def attach(self) -> None:
        if self.count:
            self.document.part.relate_to(self.part, RELATIONSHIP_TYPE.FOOTNOTES)


def _separator(kind: str) -> str:
    return (
        '<w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f"<w:r><w:{kind}/></w:r></w:p>"
    )


@dataclass
class _Inline:
    """Emphasis and links open at the current point of an inline run."""

    bold: int = 0
    italic: int = 0
    links: list[Any] = field(default_factory=list)


@dataclass
class _ListLevel:
    ordered: bool
    number: int


class _BodyWriter:
    """The statement's Markdown blocks as Word paragraphs, its citations as footnotes."""

    def __init__(
        self,
        document: Any,
        footnotes: _Footnotes,
        compiled: CompiledDossier,
        root: Path,
        settings: WordSettings,
    ) -> None:
        self.document = document
        self.footnotes = footnotes
        self.notes = {id(f.citation): f for f in compiled.footnotes}
        self.images = {image.path: image.location for image in compiled.statement.images}
        self.root = root
        self.settings = settings
        self.lists: list[_ListLevel] = []
        self.quote_depth = 0
        self.item_started = False  # the next paragraph is the first of a list item
        self.paragraph: Any = None
        self.heading: int | None = None
        self.numbering = (
            ParagraphNumbering(document) if compiled.profile.settings.numbered_paragraphs else None
        )

    def plain_paragraph(self, text: str) -> None:
        self.document.add_paragraph().add_run(text)

    def write_blocks(self, tokens: Sequence[Token]) -> None:
        for token in tokens:
            handler = getattr(self, f"_on_{token.type}", None)
            if handler is not None:
                handler(token)

    def _on_heading_open(self, token: Token) -> None:
        # The statement's headings were shifted below the title: h2 is Word's Heading 1.
        self.heading = min(int(token.tag[1]) - 1, 3)

    def _on_heading_close(self, token: Token) -> None:
        self.heading = None

    def _on_paragraph_open(self, token: Token) -> None:
        self.paragraph = self._new_paragraph()
        if self.numbering is not None and not self.lists and not self.quote_depth:
            self.numbering.number(self.paragraph)

    def _on_bullet_list_open(self, token: Token) -> None:
        self.lists.append(_ListLevel(False, 0))

    def _on_ordered_list_open(self, token: Token) -> None:
        start = token.attrGet("start")
        self.lists.append(_ListLevel(True, int(start) - 1 if start else 0))

    def _on_bullet_list_close(self, token: Token) -> None:
        self.lists.pop()

    _on_ordered_list_close = _on_bullet_list_close

    def _on_list_item_open(self, token: Token) -> None:
        self.lists[-1].number += 1
        self.item_started = True

    def _on_blockquote_open(self, token: Token) -> None:
        self.quote_depth += 1

    def _on_blockquote_close(self, token: Token) -> None:
        self.quote_depth -= 1

    def _on_code_block(self, token: Token) -> None:
        for line in token.content.rstrip("\n").split("\n"):
            paragraph = self._new_paragraph()
            paragraph._p.append(_run(line, style="Code"))

    _on_fence = _on_code_block

    def _on_hr(self, token: Token) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("*\u2003*\u2003*")

    def _on_inline(self, token: Token) -> None:
        if self.heading is not None:
            self.paragraph = self.document.add_paragraph(style=f"Heading {self.heading}")
        self._write_inline(token.children or [], self.paragraph._p)

    def _new_paragraph(self) -> Any:
        paragraph = self.document.add_paragraph(style="Quote" if self.quote_depth else None)
        indent = _INDENT * (len(self.lists) + max(self.quote_depth - 1, 0))
        if self.lists or self.quote_depth > 1:
            paragraph.paragraph_format.left_indent = indent + (
                0 if self.quote_depth == 0 else _INDENT
            )
        if self.lists and self.item_started:
            level = self.lists[-1]
            self.item_started = False
            if level.ordered and self.numbering and len(self.lists) == 1 and not self.quote_depth:
                paragraph.paragraph_format.left_indent = None  # the list's level sets it
                self.numbering.number(paragraph, level=1)  # a subparagraph: (a), (b)
                return paragraph
            paragraph.paragraph_format.first_line_indent = -_INDENT
            marker = f"{level.number}." if level.ordered else "\u2022"
            paragraph._p.append(_run(marker))
            tab = _run("")
            tab.append(OxmlElement("w:tab"))
            paragraph._p.append(tab)
            self.item_started = False
        return paragraph

    def _write_inline(self, children: Sequence[Token], paragraph: Any) -> None:
        state = _Inline()
        for index, token in enumerate(children):
            parent = state.links[-1] if state.links else paragraph
            kind = token.type
            if kind in ("strong_open", "strong_close"):
                state.bold += 1 if kind.endswith("open") else -1
            elif kind in ("em_open", "em_close"):
                state.italic += 1 if kind.endswith("open") else -1
            elif kind == "link_open":
                link = _hyperlink(self.document.part, str(token.attrGet("href") or ""))
                parent.append(link)
                state.links.append(link)
            elif kind == "link_close":
                state.links.pop()
            elif kind == "text":
                parent.append(
                    _run(
                        token.content,
                        bold=state.bold > 0,
                        italic=state.italic > 0,
                        style="Hyperlink" if state.links else None,
                    )
                )
            elif kind == "code_inline":
                parent.append(_run(token.content, style="Code"))
            elif kind == "softbreak":
                parent.append(_run(" "))
            elif kind == "hardbreak":
                line_break = _run("")
                line_break.append(OxmlElement("w:br"))
                parent.append(line_break)
            elif kind == "image":
                self._picture(token, paragraph)
            elif kind in (CITATION, NOTE_MARK):
                if index > 0 and children[index - 1].type in (CITATION, NOTE_MARK):
                    parent.append(_run(",", style="FootnoteReference"))
                parent.append(self._reference(token))

    def _reference(self, token: Token) -> Any:
        """A citation's or an explanatory note's footnote, at its mark."""
        mark = token.meta["citation"] if token.type == CITATION else token.meta["note"]
        footnote = self.notes[id(mark)]
        number = self.footnotes.add(footnote.note)
        assert number == footnote.number, "Word numbers notes in order; so does the dossier"
        reference = _run(style="FootnoteReference")
        element = OxmlElement("w:footnoteReference")
        element.set(qn("w:id"), str(number))
        reference.append(element)
        return reference

    def _picture(self, token: Token, paragraph: Any) -> None:
        relative = str(token.attrGet("src") or "")
        data, problems = read_bytes(
            self.root / relative, relative, self.root, current_limits().file_bytes
        )
        if data is None:
            raise ProblemsFound(problems)
        section = self.document.sections[0]
        width = section.page_width - section.left_margin - section.right_margin
        run = self.document.add_paragraph().add_run()
        try:
            picture = run.add_picture(io.BytesIO(data))
        except Exception as error:  # python-docx raises several kinds for unknown images
            raise ProblemsFound(
                [
                    Problem.of(
                        UNREADABLE_DOCUMENT_FILE,
                        self.images.get(relative, Location(relative)),
                        f"image {relative} cannot be put in the Word file ({error})",
                        "save it as PNG or JPEG",
                    )
                ]
            ) from None
        if picture.width > width:
            picture.height = int(picture.height * width / picture.width)
            picture.width = width


def _run(
    text: str = "", bold: bool = False, italic: bool = False, style: str | None = None
) -> Any:
    run = OxmlElement("w:r")
    if bold or italic or style:
        rpr = OxmlElement("w:rPr")
        if style:
            rpr.append(_val("w:rStyle", style))
        if bold:
            rpr.append(OxmlElement("w:b"))
        if italic:
            rpr.append(OxmlElement("w:i"))
        run.append(rpr)
    if text:
        element = OxmlElement("w:t")
        element.text = text
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(element)
    return run


def _val(tag: str, value: str) -> Any:
    element = OxmlElement(tag)
    element.set(qn("w:val"), value)
    return element


def _hyperlink(part: Any, href: str) -> Any:
    link = OxmlElement("w:hyperlink")
    if href.startswith("#"):
        link.set(qn("w:anchor"), href[1:])
    else:
        link.set(qn("r:id"), part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    return link


def _set_properties(document: Any, compiled: CompiledDossier, stamp: dt.datetime | None) -> None:
    config = compiled.loaded.config
    properties = document.core_properties
    properties.title = config.title
    properties.author = config.submitted_by[0].name if config.submitted_by else ""
    properties.subject = compiled.profile.settings.title
    properties.comments = ""
    properties.keywords = ""
    properties.last_modified_by = ""
    properties.language = _LANGUAGE_TAGS[config.language]
    properties.revision = 1
    moment = stamp or (
        dt.datetime.combine(config.date, dt.time(), dt.UTC) if config.date else None
    )
    if moment is None:  # no date to give: say none rather than the template's own
        element = properties._element
        for name in ("dcterms:created", "dcterms:modified"):
            for found in element.findall(qn(name)):
                element.remove(found)
    else:
        properties.created = properties.modified = moment.astimezone(dt.UTC).replace(tzinfo=None)


def _drop_thumbnail(document: Any) -> None:
    """The template's thumbnail shows an empty page, not this document."""
    package = document.part.package
    for r_id, relationship in list(package.rels.items()):
        if relationship.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            package.rels.pop(r_id)
