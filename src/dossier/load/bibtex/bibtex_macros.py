"""BibTeX's macros: @string definitions, `#` concatenation and the month macros jan…dec,
expanded as BibTeX (and pandoc) expand them, as a bibtexparser 2 middleware.

After it, every field's value is one braced text: `Patterson # { and } # Lu`, with
`@string{Lu = {Lu, S{hih-Lien}}}`, becomes `{Patterson and Lu, S{hih-Lien}}`: the braces
inside a part are kept (they protect a name's parts), only each part's own delimiters go.
A name that no @string defines is kept as written and recorded, so that the loader can warn
where it is used; a month macro (`month = sep`) becomes the month's number.

What @strings add to the fields of the whole file is bounded by the size limit on the file
(--max-file-size): a kilobyte of @strings each doubling the one before would otherwise
expand to gigabytes. The field that would pass it is left empty and recorded (TOO_LARGE).
"""

from __future__ import annotations

from bibtexparser.library import Library
from bibtexparser.middlewares.middleware import LibraryMiddleware

from ...base.problems import DossierError
from ...base.reading.read_input import current_limits

# BibTeX's predefined month macros (plain.bst and biblatex): the number, so that the month is
# printed in the dossier's language.
MONTH_MACROS = {
    name: str(number)
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
UNDEFINED = "dossier_undefined_strings"
LOOPING = "dossier_looping_strings"
TOO_LARGE = "dossier_too_large_strings"
_DEPTH = 100  # an @string defined through more than this many others counts as a loop


class ResolveMacros(LibraryMiddleware):
    """Expand @string names, month macros and `#` in every field (see the module)."""

    def transform(self, library: Library) -> Library:
        definitions = {key.lower(): s.value for key, s in library.strings_dict.items()}
        expander = _Expander(definitions, current_limits().file_bytes)
        for entry in library.entries:
            undefined: list[tuple[str, str]] = []  # (name, the field that uses it)
            looping: list[tuple[str, str]] = []
            too_large: list[tuple[str, str]] = []
            for item in entry.fields:
                if isinstance(item.value, str):
                    names: list[str] = []
                    loops: list[str] = []
                    try:
                        item.value = "{" + expander.text(item.value, names, loops) + "}"
                    except _TooLarge as error:
                        item.value = "{}"
                        too_large.append((error.name, item.key.lower()))
                    undefined += [(name, item.key.lower()) for name in names]
                    looping += [(name, item.key.lower()) for name in loops]
            for key, found in ((UNDEFINED, undefined), (LOOPING, looping), (TOO_LARGE, too_large)):
                if found:
                    entry.parser_metadata[key] = found
        return library


class _TooLarge(DossierError):
    """Expanding @string `name` would pass the limit on what @strings add to the file; caught
    for each field, and reported by the loader (TOO_LARGE)."""

    def __init__(self, name: str):
        super().__init__(f"@string `{name}` expands past the size limit")
        self.name = name


class _Expander:
    """The text of values written with @string names, each @string expanded once."""

    def __init__(self, definitions: dict[str, str], limit: int):
        self._definitions = definitions
        self.limit = limit
        self._left = limit  # characters @strings may still add to the fields
        # Each @string's text, and the names it uses that no @string defines.
        self._expanded: dict[str, tuple[str, list[str]]] = {}
        self._looping: set[str] = set()

    def text(self, value: str, undefined: list[str], looping: list[str]) -> str:
        out = []
        for part in top_level_parts(value):
            part = part.strip()
            if part[:1] == "{" and part[-1:] == "}" or part[:1] == '"' and part[-1:] == '"':
                out.append(part[1:-1])
            elif part.isdigit() or not part:
                out.append(part)
            else:
                try:
                    expanded = self._macro(part, undefined, looping, [])
                except _TooLarge:
                    raise _TooLarge(part) from None  # named as the field names it
                if len(expanded) > self._left:
                    raise _TooLarge(part)
                self._left -= len(expanded)
                out.append(expanded)
        return "".join(out)

    def _macro(
        self, name: str, undefined: list[str], looping: list[str], visiting: list[str]
    ) -> str:
        key = name.lower()
        if key in self._expanded:
            text, inner = self._expanded[key]
            undefined.extend(inner)
            return text
        if key not in self._definitions:
            if key in MONTH_MACROS:
                return MONTH_MACROS[key]
            undefined.append(name)
            return name
        if key in self._looping or key in visiting or len(visiting) > _DEPTH:
            self._looping.update(visiting)
            self._looping.add(key)
            looping.append(name)
            return ""
        parts, inner = [], []
        for part in top_level_parts(self._definitions[key]):
            part = part.strip()
            if part[:1] in ("{", '"') or part.isdigit() or not part:
                parts.append(self.text(part, inner, looping))
            else:
                parts.append(self._macro(part, inner, looping, [*visiting, key]))
        undefined.extend(inner)
        if key in self._looping:
            looping.append(name)
            return ""
        if sum(len(part) for part in parts) > self.limit:
            raise _TooLarge(name)
        self._expanded[key] = ("".join(parts), inner)
        return self._expanded[key][0]


def top_level_parts(value: str) -> list[str]:
    """The parts of a value joined by `#` outside braces and quotation marks."""
    parts: list[str] = []
    current: list[str] = []
    depth, quoted = 0, False
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts
