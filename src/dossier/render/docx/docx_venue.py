"""What a venue's Word file has beyond the Council's plain page: the venue's heading and facts
above the title (the front matter the PDF prints, from the same FrontMatter), the submitting
organisations described, numbered pages, and the number of each numbered paragraph. The
profile's `word` settings say which of these a venue's file carries."""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..front_matter import Fact, FrontMatter

PARAGRAPH_INDENT = Cm(1.25)  # where a numbered paragraph's text starts, as in the PDF


def write_draft_line(document: Any, text: str) -> None:
    """The first line of a draft's Word file (cite/drafts.py), so that it is never mistaken
    for what is filed."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text).bold = True


def write_front_matter(document: Any, front: FrontMatter, size: float) -> None:
    """The venue's heading lines, its facts as "Label: value" lines, the organisations with
    their descriptions and the long facts (an incident's description), before the title."""
    for number, line in enumerate(front.heading):
        run = document.add_paragraph().add_run(line)
        run.bold = number == 0
        if number == 0:
            run.font.size = Pt(size + 2)
    for fact in front.facts:
        _fact_paragraph(document, fact)
    if front.organizations:
        document.add_paragraph(front.organizations_heading, style="Heading 1")
        for organization in front.organizations:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT  # its lines end where they end
            paragraph.add_run(organization.name).bold = True
            for part in (organization.established, organization.description):
                if part is not None:
                    paragraph.add_run().add_break()
                    paragraph.add_run(part.line).italic = part.placeholder
    for fact in front.sections:
        document.add_paragraph(fact.label, style="Heading 1")
        document.add_paragraph().add_run(fact.value).italic = fact.placeholder


def _fact_paragraph(document: Any, fact: Fact) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.space_after = Pt(0)
    label, _, rest = fact.line.partition(fact.value)
    paragraph.add_run(label).bold = True
    paragraph.add_run(fact.value).italic = fact.placeholder
    if rest:
        paragraph.add_run(rest)


def number_paragraph(paragraph: Any, number: int) -> None:
    """ "1." then a tab, the text hanging at the paragraph indent, as the UN numbers a
    report's paragraphs."""
    form = paragraph.paragraph_format
    form.left_indent = PARAGRAPH_INDENT
    form.first_line_indent = -PARAGRAPH_INDENT
    run = paragraph.add_run(f"{number}.")
    run.add_tab()


def number_pages(document: Any) -> None:
    """The page number, centred at the foot of every page, as a field Word updates."""
    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1")):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)
