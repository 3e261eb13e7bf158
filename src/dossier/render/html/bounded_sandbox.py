"""The template sandbox, bounded in what a template can make: Jinja's sandbox bounds `range`,
not `"x" * 10**9`, `"%999999999s" % x`, `"{:>999999999}".format(x)`, a string doubled in a
loop, or a join of a list of large strings. Each operation that can make a string or a list
larger than what it was given (`*`, `+`, `%`, `**`, `~`, the string methods and filters that
pad, repeat or join) is sized before it runs, and what a rendering makes this way is charged
to one budget: the size limit on files (--max-file-size) for one value, ten times that for
the whole rendering. Past it, TemplateTooLarge, reported as D707 at the template's line.
Lists, dicts and sets cannot be changed in place (Jinja's immutable sandbox), so that
`items.extend(items)` cannot double a list either.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterator
from functools import wraps
from typing import Any, cast

import jinja2.compiler
from jinja2 import Environment, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedFormatter

from ...base.problem_codes import EXPANDS_PAST_LIMIT
from ...base.problems import DossierError
from ...base.reading.read_input import current_limits, format_size

_RENDERING_FACTOR = 10  # the whole rendering may make this many times one value's limit
_OTHER_SIZE = 32  # what a number, a date or another object counts for
# A %-format's conversion: its width and precision (a `*` takes them from the arguments).
_PERCENT_SPEC = re.compile(r"%[#0 +-]*(\*|\d*)(?:\.(\*|\d*))?[hlL]?[diouxXeEfFgGcrsa%]")
_NUMBERS = re.compile(r"\d+")


class TemplateTooLarge(DossierError):
    """A template would make a string or list larger than its limit (located by the
    renderer, at the template's line)."""

    code = EXPANDS_PAST_LIMIT

    def __init__(self, what: str, size: int, limit: int, whole: bool):
        scope = "a template's whole rendering" if whole else "one value a template makes"
        super().__init__(
            f"{what} would make {size:,} characters or items, more than the "
            f"{format_size(limit)} limit on {scope} (--max-file-size)"
        )


def size_of(value: Any, depth: int = 0) -> int:
    """About how many characters or items `value` takes, its items included."""
    if isinstance(value, str):
        return len(value)
    if depth < 3 and isinstance(value, (list, tuple, set, frozenset)):
        return len(value) + sum(size_of(item, depth + 1) for item in value)
    if depth < 3 and isinstance(value, dict):
        return len(value) + size_of(list(value.items()), depth + 1)
    if isinstance(value, int) and not isinstance(value, bool):
        return max(value.bit_length() // 3, 1)
    return _OTHER_SIZE


def _number(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


class _Generator(jinja2.compiler.CodeGenerator):
    """`a ~ b`: its parts sized before they are joined, as the intercepted operators are."""

    def visit_Concat(self, node: nodes.Concat, frame: jinja2.compiler.Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"{join}(environment.sized_parts((")
        for part in node.nodes:
            self.visit(part, frame)
            self.write(", ")
        self.write(")))")


class BoundedSandbox(ImmutableSandboxedEnvironment):
    code_generator_class = _Generator
    intercepted_binops = frozenset({"*", "+", "%", "**"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.value_limit = current_limits().file_bytes
        self.left = self.value_limit * _RENDERING_FACTOR
        for name, estimate in _FILTER_SIZES.items():
            self.filters[name] = self._bounded(f"the filter `{name}`", self.filters[name], estimate)
        lipsum: Callable[..., Any] = self.globals["lipsum"]  # type: ignore[assignment]
        self.globals["lipsum"] = self._bounded("lipsum()", lipsum, _lipsum_size)

    def charge(self, what: str, size: int) -> None:
        """Count `size` against the limits, or refuse it."""
        if size > self.value_limit:
            raise TemplateTooLarge(what, size, self.value_limit, whole=False)
        if size > self.left:
            whole = self.value_limit * _RENDERING_FACTOR
            raise TemplateTooLarge(what, size, whole, whole=True)
        self.left -= size

    def written(self, template: jinja2.Template, **context: Any) -> str:
        """The template rendered, what it writes counted as it is written: a loop that prints
        a value (or its own text) over and over is stopped at the whole rendering's limit,
        before the page is held in memory."""
        limit = self.value_limit * _RENDERING_FACTOR
        parts, size = [], 0
        writing = cast(Generator[str, None, None], template.generate(**context))
        for part in writing:
            size += len(part)
            if size > limit:  # raised where the template is writing, to be told at its line
                too_large = TemplateTooLarge("the page the template writes", size, limit, True)
                writing.throw(too_large)
                raise too_large  # a template cannot catch it; this is for the type checker
            parts.append(part)
        return "".join(parts)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        size = _BINOP_SIZES[operator](left, right)
        if size is not None:
            self.charge(f"`{operator}`", size)
        return super().call_binop(context, operator, left, right)

    def sized_parts(self, parts: tuple[Any, ...]) -> tuple[Any, ...]:
        """`~`'s parts, charged before they are joined (see `_Generator`)."""
        self.charge("`~`", sum(size_of(part) for part in parts))
        return parts

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str) and name in _METHOD_SIZES:
            __self.charge(f"`.{name}()`", _METHOD_SIZES[name](owner, *args, **kwargs))
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """`str.format` and `format_map`, each field sized as it is formatted."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        owner: str = value.__self__
        formatter = _SizedFormatter(self)

        @wraps(wrapped)
        def sized(*args: Any, **kwargs: Any) -> str:
            if value.__name__ == "format_map":
                args, kwargs = (), dict(args[0]) if args else {}
            return type(owner)(formatter.vformat(owner, args, kwargs))

        return sized

    def _bounded(
        self, what: str, function: Callable[..., Any], estimate: Callable[..., int]
    ) -> Callable[..., Any]:
        @wraps(function)
        def bounded(*args: Any, **kwargs: Any) -> Any:
            # A lazy sequence (`map`'s) is listed first, so that its items can be sized.
            args = tuple(list(a) if isinstance(a, Iterator) else a for a in args)
            passed = 0  # what Jinja passes before the filter's own arguments (a context)
            while passed < len(args) and isinstance(args[passed], _CONTEXTS):
                passed += 1
            self.charge(what, estimate(*args[passed:], **kwargs))
            return function(*args, **kwargs)

        return bounded


class _SizedFormatter(SandboxedFormatter):
    def __init__(self, environment: BoundedSandbox):
        super().__init__(environment)
        self._bounded = environment

    def format_field(self, value: Any, format_spec: str) -> str:
        widths = [int(n) for n in _NUMBERS.findall(format_spec)] or [0]
        self._bounded.charge("`.format()`", max(widths) + size_of(value))
        return str(super().format_field(value, format_spec))


def _times(left: Any, right: Any) -> int | None:
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
            return size_of(sequence) * max(count, 0)
    return None


def _plus(left: Any, right: Any) -> int | None:
    if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
        return size_of(left) + size_of(right)
    return None


def _percent(left: Any, right: Any) -> int | None:
    if not isinstance(left, str):
        return None
    size = len(left) + size_of(right)
    for width, precision in _PERCENT_SPEC.findall(left):
        if "*" in (width, precision):  # taken from the arguments: sized as one of them
            size += sum(_number(n) for n in (right if isinstance(right, tuple) else (right,)))
        size += int(width or 0) if width != "*" else 0
        size += int(precision or 0) if precision != "*" else 0
    return size


def _power(left: Any, right: Any) -> int | None:
    if _number(left) and _number(right) > 0:
        return abs(left).bit_length() * right // 3
    return None


_BINOP_SIZES: dict[str, Callable[[Any, Any], int | None]] = {
    "*": _times,
    "+": _plus,
    "%": _percent,
    "**": _power,
}


def _padded(text: str, width: Any = 0, *_: Any) -> int:
    return max(len(text), _number(width))


def _replaced(text: str, old: Any = "", new: Any = "", count: Any = -1, *_: Any) -> int:
    if not isinstance(old, str) or not isinstance(new, str):
        return len(text)
    found = len(text) + 1 if not old else text.count(old)
    if _number(count) >= 0 and count != -1:
        found = min(found, _number(count))
    return len(text) + found * max(len(new) - len(old), 0)


def _joined(separator: str, items: Any = (), *_: Any) -> int:
    listed = list(items) if isinstance(items, (list, tuple, set, frozenset)) else []
    return size_of(listed) + len(separator) * len(listed)


def _tabs(text: str, tabsize: Any = 8, *_: Any, **__: Any) -> int:
    return len(text) + text.count("\t") * _number(tabsize)


_METHOD_SIZES: dict[str, Callable[..., int]] = {
    "center": _padded,
    "ljust": _padded,
    "rjust": _padded,
    "zfill": _padded,
    "replace": _replaced,
    "join": _joined,
    "expandtabs": _tabs,
}


_CONTEXTS = (nodes.EvalContext, Environment)


def _filter_join(items: Any = (), d: Any = "", *_: Any, **__: Any) -> int:
    listed = list(items) if isinstance(items, (list, tuple, set, frozenset)) else []
    return size_of(listed) + len(str(d)) * len(listed)


def _filter_format(value: Any = "", *args: Any, **kwargs: Any) -> int:
    return _percent(str(value), args or kwargs) or 0


def _filter_center(value: Any = "", width: Any = 80, *_: Any) -> int:
    return max(size_of(value), _number(width))


def _filter_indent(value: Any = "", width: Any = 4, *_: Any, **__: Any) -> int:
    text = str(value)
    per_line = len(width) if isinstance(width, str) else _number(width)
    return len(text) + (text.count("\n") + 1) * per_line


def _filter_replace(text: Any = "", old: Any = "", new: Any = "", count: Any = None) -> int:
    return _replaced(str(text), old, new, -1 if count is None else count)


def _filter_groups(value: Any = (), count: Any = 1, fill_with: Any = None, *_: Any) -> int:
    return size_of(list(value) if isinstance(value, (list, tuple)) else []) + _number(count)


def _filter_sum(items: Any = (), *_: Any, **__: Any) -> int:
    """Lists added together: about their items, twice."""
    return size_of(list(items) if isinstance(items, (list, tuple)) else []) * 2


def _lipsum_size(n: Any = 5, html: Any = True, min: Any = 20, max: Any = 100) -> int:
    return _number(n) * _number(max) * 12


def _escaped(value: Any = "", *_: Any, **__: Any) -> int:
    return 6 * size_of(value)  # a quote becomes &#34;


def _encoded(value: Any = "", *_: Any, **__: Any) -> int:
    return 12 * size_of(value)  # a character beyond U+FFFF: \ud83d\ude00, or %F0%9F%98%80


_FILTER_SIZES: dict[str, Callable[..., int]] = {
    "escape": _escaped,
    "e": _escaped,
    "forceescape": _escaped,
    "tojson": _encoded,
    "urlencode": _encoded,
    "join": _filter_join,
    "format": _filter_format,
    "center": _filter_center,
    "indent": _filter_indent,
    "replace": _filter_replace,
    "batch": _filter_groups,
    "slice": _filter_groups,
    "sum": _filter_sum,
}

