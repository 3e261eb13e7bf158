"""What a venue's Word file has beyond the Council's plain page: the venue's heading and facts
above the title (the front matter the PDF prints, from the same FrontMatter), the submitting
organisations described (or, for a joint submission, in an annex at the end), numbered pages,
and paragraphs numbered by Word itself: a list in numbering.xml, so that a paragraph inserted
while a coalition edits the file renumbers those after it, its subparagraphs (a), (b) a level
of the same list, hanging under the paragraph's text. The profile's `word` settings say which
of these a venue's file carries."""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ...cite.front_matter import Fact, FrontMatter

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
    if front.organizations and not front.annex:
        write_organizations(document, front)
    for fact in front.sections:
        document.add_paragraph(fact.label, style="Heading 1")
        document.add_paragraph().add_run(fact.value).italic = fact.placeholder


def write_organizations(document: Any, front: FrontMatter) -> None:
    """The submitting organisations, each with its description: on the first page, or in an
    annex after the statement (`front.annex`)."""
    document.add_paragraph(front.organizations_heading, style="Heading 1")
    for organization in front.organizations:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT  # its lines end where they end
        paragraph.add_run(organization.name).bold = True
        for part in (organization.established, organization.description):
            if part is not None:
                paragraph.add_run().add_break()
                paragraph.add_run(part.line).italic = part.placeholder


def set_off_title(title: Any) -> None:
    """Space between the front matter's last fact and the title, as in the PDF."""
    title.paragraph_format.space_before = Pt(24)


def _fact_paragraph(document: Any, fact: Fact) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.space_after = Pt(0)
    label, _, rest = fact.line.partition(fact.value)
    paragraph.add_run(label).bold = True
    paragraph.add_run(fact.value).italic = fact.placeholder
    if rest:
        paragraph.add_run(rest)


_TWIPS_PER_CM = 567


class ParagraphNumbering:
    """A list in the document's numbering.xml: level 0 numbers the paragraphs "1.", level 1
    their subparagraphs "(a)", which start again after each numbered paragraph."""

    def __init__(self, document: Any) -> None:
        numbering = document.part.numbering_part.element
        abstract_id = 1 + max(
            (int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))),
            default=-1,
        )
        self.num_id = 1 + max(
            (int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0
        )
        abstract = _element("w:abstractNum", {"w:abstractNumId": str(abstract_id)})
        abstract.append(_element("w:multiLevelType", {"w:val": "multilevel"}))
        step = round(PARAGRAPH_INDENT.cm * _TWIPS_PER_CM)
        for level, (kind, text) in enumerate((("decimal", "%1."), ("lowerLetter", "(%2)"))):
            abstract.append(_level(level, kind, text, left=step * (level + 1), hanging=step))
        first_num = numbering.find(qn("w:num"))  # every abstractNum comes before the nums
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        num = _element("w:num", {"w:numId": str(self.num_id)})
        num.append(_element("w:abstractNumId", {"w:val": str(abstract_id)}))
        numbering.append(num)

    def number(self, paragraph: Any, level: int = 0) -> None:
        """Number `paragraph` at `level` (0: "1.", 1: "(a)"); Word counts."""
        numbered = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numbered.get_or_add_ilvl().val = level
        numbered.get_or_add_numId().val = self.num_id


def _level(level: int, kind: str, text: str, left: int, hanging: int) -> Any:
    found = _element("w:lvl", {"w:ilvl": str(level)})
    found.append(_element("w:start", {"w:val": "1"}))
    found.append(_element("w:numFmt", {"w:val": kind}))
    found.append(_element("w:lvlText", {"w:val": text}))
    found.append(_element("w:lvlJc", {"w:val": "left"}))
    properties = OxmlElement("w:pPr")
    properties.append(_element("w:ind", {"w:left": str(left), "w:hanging": str(hanging)}))
    found.append(properties)
    return found


def _element(tag: str, attributes: dict[str, str]) -> Any:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(name), value)
    return element


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
