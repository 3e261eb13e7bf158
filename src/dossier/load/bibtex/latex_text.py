"""LaTeX to text for what a footnote prints: one pylatexenc converter, built once per process
and configured for the macros bibliographies use (BibTeX's and biblatex's).

`{\\'e}` is é, `--` an en dash, `\\noopsort{beauvoir}` (a sorting key) nothing,
`\\mkbibquote{…}` and `\\enquote{…}` text in “…” (a footnote turns those into its language's
quotation marks), `\\textsuperscript{th}` ᵗʰ, and math as text: `$\\mu$` μ, `$\\cdot$` ·,
`$x^2$` x². No backslash command, brace or `$` of math is left in the text.
"""

from __future__ import annotations

import functools
import re

from pylatexenc import latex2text, latexwalker, macrospec

_SUPERSCRIPT = dict(
    zip(
        "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
        strict=True,
    )
)
_SUBSCRIPT = dict(
    zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)
# Binary operators and relations, spaced in text as in print.
_OPERATORS = frozenset({
    "cdot", "times", "pm", "mp", "div", "leq", "le", "geq", "ge", "neq", "ne", "approx",
    "sim", "simeq", "equiv", "to", "rightarrow", "leftarrow", "Rightarrow", "leftrightarrow",
    "cup", "cap", "in", "notin", "subset", "subseteq", "ll", "gg", "propto",
})  # fmt: skip
_LATEX = re.compile(r"[\\{}$~%]|--|``|''|!`|\?`")
_BARE_PERCENT = re.compile(r"(?<!\\)%")
# Macros that take arguments the parser must know of, so that their braces are not left as
# text: (name, argument specification), then what each becomes.
_MACRO_ARGUMENTS = [
    ("noopsort", "{"), ("mkbibquote", "{"), ("enquote", "*{"), ("mkbibemph", "{"),
    ("mkbibitalic", "{"), ("mkbibbold", "{"), ("textsuperscript", "{"), ("textsubscript", "{"),
    ("mkbibsuperscript", "{"), ("mkbibsubscript", "{"), ("mkbibacro", "{"), ("bibstring", "{"),
    ("mbox", "{"), ("hbox", "{"), ("textnormal", "{"), ("textsc", "{"), ("textup", "{"),
    ("href", "{{"), ("url", "{"), ("nolinkurl", "{"), ("hyphenation", "{"),
    ("foreignlanguage", "{{"),
    ("mkbibdateshort", "{{{"), ("sortinithash", "{"), ("SortNoop", "{"), ("sortnoop", "{"),
    ("noop", "{"), ("ensuremath", "{"),
]  # fmt: skip
_MACRO_TEXT = [
    ("noopsort", ""), ("SortNoop", ""), ("sortnoop", ""), ("noop", ""), ("sortinithash", ""),
    ("hyphenation", ""), ("mkbibquote", "“%(1)s”"), ("enquote", "“%(2)s”"),
    ("mkbibemph", "%(1)s"), ("mkbibitalic", "%(1)s"), ("mkbibbold", "%(1)s"),
    ("mkbibacro", "%(1)s"), ("bibstring", "%(1)s"), ("mbox", "%(1)s"), ("hbox", "%(1)s"),
    ("textnormal", "%(1)s"), ("textsc", "%(1)s"), ("textup", "%(1)s"), ("href", "%(2)s"),
    ("url", "%(1)s"), ("nolinkurl", "%(1)s"), ("foreignlanguage", "%(2)s"),
    ("ensuremath", "%(1)s"),
    ("TeX", "TeX"), ("LaTeX", "LaTeX"), ("LaTeXe", "LaTeX2e"), ("BibTeX", "BibTeX"),
    ("XeTeX", "XeTeX"), ("ConTeXt", "ConTeXt"), ("hyphen", "-"), ("protect", ""),
    ("slash", "/"), ("S", "§"), ("P", "¶"), ("textendash", "–"), ("textemdash", "—"),
    ("textquotedblleft", "“"), ("textquotedblright", "”"), ("textquoteleft", "‘"),
    ("textquoteright", "’"), ("textellipsis", "…"), ("nopp", ""), ("adddot", "."),
    ("addcomma", ","), ("addspace", " "), ("addcolon", ":"), ("addsemicolon", ";"),
    ("addperiod", "."), ("isdot", ""), ("ppno", ""), ("pno", ""), ("bibellipsis", "…"),
    ("textdegree", "°"), ("textcelsius", "℃"), ("textmu", "µ"), ("texteuro", "€"),
    ("textperthousand", "‰"), ("textbackslash", ""),
]  # fmt: skip


def latex_to_text(value: str) -> str:
    """The text `value` prints, whitespace folded; odd LaTeX never stops a build."""
    if not _LATEX.search(value):
        return " ".join(value.split())  # nothing to decode: most fields of most entries
    value = _BARE_PERCENT.sub(r"\\%", value)  # a bare % is text in a .bib, not a comment
    converter, walker_context = _converter()
    try:
        nodes = latexwalker.LatexWalker(
            value, latex_context=walker_context, tolerant_parsing=True
        ).get_latex_nodes()[0]
        text = converter.nodelist_to_text(nodes)
    except Exception:  # pylatexenc is lenient; never let odd LaTeX stop a build  # noqa: BLE001
        text = re.sub(r"\\[A-Za-z]+|[{}$\\]", "", value)
    return " ".join(text.replace("\u00a0", " ").split())


_URL_MACRO = re.compile(r"^\\(?:url|href|nolinkurl)\s*\{(?P<address>.*?)\}(?:\{.*\})?$", re.S)
_ESCAPED = re.compile(r"\\([_%#&$~{}])")
_ENCODED = {"{": "%7B", "}": "%7D", " ": "%20"}  # what an address cannot hold as written


def address_text(value: str) -> str:
    """A url, DOI or eprint as an address: `{{https://…}}` (an export's extra braces),
    `\\url{https://…}` and `a\\_b` (escaped for LaTeX) are https://… and a_b; a brace
    written `\\{` is percent-encoded, as an address writes it."""
    text = value.strip()
    while text.startswith("{") and text.endswith("}") and _balanced(text[1:-1]):
        text = text[1:-1].strip()
    wrapped = _URL_MACRO.match(text)
    if wrapped:
        text = wrapped.group("address").strip()
    pieces = _ESCAPED.split(text)  # text, escaped character, text, …
    unbraced = [
        piece if index % 2 else piece.replace("{", "").replace("}", "")  # a group's braces
        for index, piece in enumerate(pieces)
    ]
    return "".join(_ENCODED.get(c, c) for c in " ".join("".join(unbraced).split()))


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


@functools.cache
def _converter() -> tuple[latex2text.LatexNodes2Text, macrospec.LatexContextDb]:
    walker_context = latexwalker.get_default_latex_context_db()
    walker_context.add_context_category(
        "dossier-bibliography",
        prepend=True,
        macros=[macrospec.MacroSpec(name, args) for name, args in _MACRO_ARGUMENTS],
    )
    text_context = latex2text.get_default_latex_context_db()
    text_context.add_context_category(
        "dossier-bibliography",
        prepend=True,
        macros=[latex2text.MacroTextSpec(name, text) for name, text in _MACRO_TEXT]
        + [
            latex2text.MacroTextSpec(name, functools.partial(_script, table=table))
            for name, table in [
                ("textsuperscript", _SUPERSCRIPT),
                ("mkbibsuperscript", _SUPERSCRIPT),
                ("textsubscript", _SUBSCRIPT),
                ("mkbibsubscript", _SUBSCRIPT),
            ]
        ],
    )
    converter = _Converter(latex_context=text_context, math_mode="text", strict_latex_spaces=True)
    return converter, walker_context


def _script(
    node: latexwalker.LatexMacroNode, l2tobj: latex2text.LatexNodes2Text, table: dict[str, str]
) -> str:
    """\\textsuperscript{th}: ᵗʰ where every character has a raised form, else th."""
    text = l2tobj.nodelist_to_text([node.nodeargd.argnlist[-1]])
    return _shifted(text, table)


def _shifted(text: str, table: dict[str, str]) -> str:
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    return text


class _Converter(latex2text.LatexNodes2Text):  # type: ignore[misc]
    """pylatexenc's converter, with `^` and `_` in math as raised and lowered characters."""

    def math_node_to_text(self, node: latexwalker.LatexNode) -> str:
        out: list[str] = []
        pending = ""  # a ^ or _ whose argument is the next node
        for child in node.nodelist or []:
            if child.isNodeType(latexwalker.LatexCharsNode):
                text = child.chars
                if pending:
                    out.append(self._scripted(text[:1], pending))
                    text, pending = text[1:], ""
                text = re.sub(
                    r"([\^_])([^\s^_])",
                    lambda m: self._scripted(m.group(2), m.group(1)),
                    text,
                )
                if text.endswith(("^", "_")):
                    text, pending = text[:-1], text[-1]
                out.append(text)
                continue
            if pending and child.isNodeType(latexwalker.LatexMacroNode):
                if child.macroname in ("circ", "degree"):
                    out.append("°" if pending == "^" else "")
                    pending = ""
                    continue
                if child.macroname == "prime":
                    out.append("′")
                    pending = ""
                    continue
            text = self.node_to_text(child)
            if child.isNodeType(latexwalker.LatexMacroNode) and child.macroname in _OPERATORS:
                text = f" {text.strip()} "  # a ⋅ b, not a ⋅b
            if pending:
                text, pending = self._scripted(text, pending), ""
            out.append(text)
        return " ".join("".join(out).split())

    @staticmethod
    def _scripted(text: str, mark: str) -> str:
        shifted = _shifted(text, _SUPERSCRIPT if mark == "^" else _SUBSCRIPT)
        return shifted if shifted != text or not text else f"{mark}{text}"
