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
from ...base.reading.clean_images import clean_image
from ...base.reading.read_input import current_limits, read_bytes
from ...cite.compile import CompiledDossier
from ...cite.note_style import Note
from ...cite.word_file import Block, InlineRun
from ...load.profiles import WordSettings
from ...statement.citations import CITATION
from .docx_package import EmbeddedFile, embed, stable_zip
from .docx_venue import (
    ParagraphNumbering,
    number_pages,
    set_off_title,
    write_draft_line,
    write_front_matter,
    write_organizations,
)

_LANGUAGE_TAGS = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES"}
_A4 = (Cm(21.0), Cm(29.7))
_INDENT = Cm(1.0)
# What follows w:suppressAutoHyphens in a paragraph's properties (WordprocessingML's order).
_AFTER_SUPPRESS_HYPHENS = (
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)  # fmt: skip


def docx_document(compiled: CompiledDossier, root: Path, stamp: dt.datetime | None = None) -> Any:
    """The dossier as a Word document, not yet saved: a build writes it while the PDF is laid
    out, and adds the files it carries (which name what the layout read) afterwards."""
    config = compiled.loaded.config
    settings = compiled.profile.settings.word
    document = docx.Document()
    _lay_out_page(document, Cm(settings.margin))
    _define_styles(document, settings, _LANGUAGE_TAGS[config.language])
    if compiled.draft:
        words = compiled.profile.wording.in_language(config.language).header
        write_draft_line(document, words.draft)
    text = compiled.word_file
    if text.front is not None:
        write_front_matter(document, text.front, settings.body_size)
    if settings.page_numbers:
        number_pages(document)
    footnotes = _Footnotes(document)
    writer = _BodyWriter(document, footnotes, compiled, root)
    title = document.add_paragraph(style="Title")
    title.add_run(text.title)
    if text.front is not None:
        set_off_title(title)
    writer.write_blocks(text.blocks)
    for line in text.closing:  # the NGOs sharing the views: names, never hyphenated
        _not_hyphenated(writer.plain_paragraph(line)._p)
    if text.front is not None and text.front.annex:
        write_organizations(document, text.front)
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
    justified = WD_ALIGN_PARAGRAPH.JUSTIFY if settings.justify else WD_ALIGN_PARAGRAPH.LEFT
    normal.paragraph_format.alignment = justified
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
    note.paragraph_format.alignment = justified
    _not_hyphenated(note.element)  # a note is mostly names: of authors, organisations, documents
    reference = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    reference.font.superscript = True
    # A link reads as the text around it (the form: no underline); Word still follows it.
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.underline = False
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


def _not_hyphenated(element: Any) -> None:
    """Word hyphenates by paragraph, not by run: a paragraph (or style) that holds names never
    is, even when a reader turns automatic hyphenation on."""
    ppr = element.get_or_add_pPr()
    ppr.insert_element_before(OxmlElement("w:suppressAutoHyphens"), *_AFTER_SUPPRESS_HYPHENS)


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


class _BodyWriter:
    """The statement's paragraphs (`statement_blocks`) as Word paragraphs, its citations as
    footnotes."""

    def __init__(
        self,
        document: Any,
        footnotes: _Footnotes,
        compiled: CompiledDossier,
        root: Path,
    ) -> None:
        self.document = document
        self.footnotes = footnotes
        self.notes = {id(f.citation): f for f in compiled.footnotes}
        self.images = {image.path: image.location for image in compiled.statement.images}
        self.root = root
        self.numbering = (
            ParagraphNumbering(document) if compiled.profile.settings.numbered_paragraphs else None
        )

    def plain_paragraph(self, text: str) -> Any:
        paragraph = self.document.add_paragraph()
        paragraph.add_run(text)
        return paragraph

    def write_blocks(self, blocks: Sequence[Block]) -> None:
        for block in blocks:
            if block.style == "Rule":
                paragraph = self.document.add_paragraph()
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.add_run(block.text)
            elif block.style and block.style.startswith("Heading"):
                paragraph = self.document.add_paragraph(style=block.style)
                self._write_inline(block.runs(), paragraph._p)
            elif block.style == "Code":
                paragraph = self._new_paragraph(block)
                paragraph._p.append(_run(block.text, style="Code"))
            else:
                paragraph = self._new_paragraph(block)
                if block.numbered and self.numbering is not None:
                    self.numbering.number(paragraph, block.level)
                self._write_inline(block.runs(), paragraph._p)

    def _new_paragraph(self, block: Block) -> Any:
        paragraph = self.document.add_paragraph(style="Quote" if block.quote_depth else None)
        indent = _INDENT * (block.lists + max(block.quote_depth - 1, 0))
        if (block.lists or block.quote_depth > 1) and not block.numbered:
            # A numbered paragraph's or subparagraph's indent is its numbering level's.
            paragraph.paragraph_format.left_indent = indent + (
                0 if block.quote_depth == 0 else _INDENT
            )
        if block.marker and not block.numbered:
            paragraph.paragraph_format.first_line_indent = -_INDENT
            paragraph._p.append(_run(block.marker))
            tab = _run("")
            tab.append(OxmlElement("w:tab"))
            paragraph._p.append(tab)
        return paragraph

    def _write_inline(self, runs: Sequence[InlineRun], paragraph: Any) -> None:
        links: list[Any] = []
        for run in runs:
            parent = links[-1] if links else paragraph
            if run.kind == "link_open":
                assert run.token is not None
                link = _hyperlink(self.document.part, str(run.token.attrGet("href") or ""))
                parent.append(link)
                links.append(link)
            elif run.kind == "link_close":
                links.pop()
            elif run.kind == "text":
                parent.append(
                    _run(
                        run.text,
                        bold=run.bold,
                        italic=run.italic,
                        style="Hyperlink" if links else None,
                    )
                )
            elif run.kind == "code":
                parent.append(_run(run.text, style="Code"))
            elif run.kind == "space":
                parent.append(_run(run.text))
            elif run.kind == "break":
                line_break = _run("")
                line_break.append(OxmlElement("w:br"))
                parent.append(line_break)
            elif run.kind == "image":
                assert run.token is not None
                self._picture(run.token, paragraph)
            elif run.kind == "comma":
                parent.append(_run(run.text, style="FootnoteReference"))
            elif run.kind == "note":
                assert run.token is not None
                parent.append(self._reference(run.token))

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
            image = clean_image(data, relative)  # the Word file carries no image's metadata
            if image is None:
                raise ValueError("it is not an image")
            picture = run.add_picture(io.BytesIO(image.data))
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
