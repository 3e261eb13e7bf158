"""Validate loaded YAML against a model, turning each failure into a located, actionable problem."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..base.problem_codes import INVALID_FIELD_VALUE, MISSING_REQUIRED_FIELD, UNKNOWN_FIELD
from ..base.problems import Problem, did_you_mean
from ..base.reading.yaml_positions import YamlDocument, YamlPath

M = TypeVar("M", bound=BaseModel)

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "date_type": "a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "a date written YYYY-MM-DD",
    "date_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "a date written YYYY-MM-DD",
    "list_type": "a list (lines starting with `- `)",
    "dict_type": "a mapping (`key: value` lines)",
    "model_type": "a mapping (`key: value` lines)",
    "model_attributes_type": "a mapping (`key: value` lines)",
}


def validate(
    model: type[M], data: Any, document: YamlDocument, at: YamlPath = ()
) -> tuple[M | None, list[Problem]]:
    """Validate `data` (found at `at` in `document`) as `model`; all failures become problems."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        return None, [_problem(model, err, document, at) for err in error.errors()]


def _field_name(loc: YamlPath) -> str:
    parts = [str(p) for p in loc if not isinstance(p, int)]
    return parts[-1] if parts else "each item"


def _problem(model: type[BaseModel], err: Any, document: YamlDocument, at: YamlPath) -> Problem:
    if err["loc"] and err["loc"][-1] == "[key]":  # a mapping key outside an allowed set
        err = {**err, "type": "extra_forbidden", "loc": err["loc"][:-1]}
    loc: YamlPath = (*at, *err["loc"])
    kind = err["type"]
    name = _field_name(tuple(err["loc"]))
    if kind == "extra_forbidden":
        known = _known_fields(model, tuple(err["loc"][:-1])) or _allowed_keys(err)
        return Problem.of(
            UNKNOWN_FIELD,
            document.key_location(loc),
            f"unknown field `{name}`",
            did_you_mean(name, known),
        )
    if kind == "missing":
        return Problem.of(
            MISSING_REQUIRED_FIELD,
            document.location(loc[:-1]),
            f"missing required field `{name}`",
            f"add `{name}:` here",
        )
    found = err.get("input")
    shown = "nothing" if found is None else repr(found)
    if kind in _EXPECTED:
        message = f"`{name}` must be {_EXPECTED[kind]}, found {shown}"
    elif kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        message = f"`{name}` must be one of {expected}, found {shown}"
    elif kind == "value_error":  # a rule of the model's own, e.g. a session's end after start
        message = f"`{name}`: {err['ctx']['error']}"
    elif kind == "string_pattern_mismatch":
        message = f"`{name}` has an invalid value {shown}"
    else:
        message = f"`{name}`: {err['msg'][0].lower()}{err['msg'][1:]}, found {shown}"
    hint = _field_description(model, tuple(err["loc"]))
    return Problem.of(INVALID_FIELD_VALUE, document.location(loc), message, hint)


def _allowed_keys(err: Any) -> list[str]:
    expected = str(err.get("ctx", {}).get("expected", ""))
    return [word.strip("'") for word in expected.replace(" or ", ", ").split(", ") if word]


def _submodel(model: type[BaseModel], loc: YamlPath) -> type[BaseModel] | None:
    """The model that validates the mapping at `loc` inside `model`, if there is one."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(str(part))
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    """Unwrap list[X], X | None and similar down to a model class, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _known_fields(model: type[BaseModel], loc: YamlPath) -> list[str]:
    sub = _submodel(model, loc)
    return list(sub.model_fields) if sub else []


def _field_description(model: type[BaseModel], loc: YamlPath) -> str:
    """The description of the field at `loc`: what a valid value looks like."""
    named = [p for p in loc if not isinstance(p, int)]
    sub = _submodel(model, tuple(named[:-1]))
    field = sub.model_fields.get(str(named[-1])) if sub and named else None
    return (field.description or "") if field else ""
