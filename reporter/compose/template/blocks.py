"""The registry of computed blocks a template can place by name, with typed parameters.

A block is a function ``(ctx: BlockContext, *, param: type = default, …) -> list`` registered with
:func:`block`. Its keyword parameters, their types and defaults are the block's parameters; the first
paragraph of its docstring is its description (``reporter blocks`` lists them). It returns model blocks
(tables, figures, paragraphs …) or whole :class:`~reporter.model.Section` objects (chapters).

Every block also takes the common parameters in :data:`COMMON`: ``label`` (the key a cross-reference
``@label`` uses, for a block that makes one table or figure), ``caption``, ``note`` (extra note lines),
``source`` (a "Kilde:" line), ``when`` (an expression; the block is left out when it is false) and
``level`` (heading level of the chapters a block makes).
"""

from __future__ import annotations

import inspect
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd
from pydantic import TypeAdapter, ValidationError

from reporter.compose.cells import Formatter
from reporter.config import Project

COMMON: dict[str, tuple[Any, Any, str]] = {
    "label": (str, None, "key for cross-references (@label) when the block makes one table or figure"),
    "caption": (str, None, "replaces the caption of the block's table or figure"),
    "note": (str | list[str], None, "note line(s) added under the block's table or figure"),
    "source": (str, None, "a 'Kilde:' line under the block's table or figure"),
    "when": (str, None, "an expression; the block is left out when it is false"),
    "level": (int, None, "heading level of the sections the block makes (1 = chapter)"),
}


@dataclass
class BlockContext:
    """What a block can read: the project, the metric tables (computed once), formatting, and for a
    profile the municipality it is made for."""

    project: Project
    tables: dict[str, pd.DataFrame]
    fmt: Formatter
    project_dir: Path | None = None
    municipality: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.project.language


@dataclass(frozen=True)
class Param:
    name: str
    annotation: Any
    default: Any
    required: bool

    @property
    def type_text(self) -> str:
        return _type_text(self.annotation)


@dataclass(frozen=True)
class BlockSpec:
    name: str
    func: Callable[..., list]
    params: dict[str, Param]
    description: str
    kinds: tuple[str, ...] = ("note",)


REGISTRY: dict[str, BlockSpec] = {}


def block(name: str, kinds: tuple[str, ...] = ("note",)):
    """Register a function as the computed block ``name`` (usable in the given template kinds)."""

    def register(func: Callable[..., list]) -> Callable[..., list]:
        hints = typing.get_type_hints(func)
        params: dict[str, Param] = {}
        for p in inspect.signature(func).parameters.values():
            if p.kind != inspect.Parameter.KEYWORD_ONLY:
                continue
            params[p.name] = Param(p.name, hints.get(p.name, Any), None if p.default is p.empty else p.default,
                                   p.default is p.empty)
        first = (func.__doc__ or "").strip().split("\n\n", 1)[0]
        if name in REGISTRY:
            raise ValueError(f"block {name!r} registered twice")
        REGISTRY[name] = BlockSpec(name, func, params, " ".join(first.split()), kinds)
        return func

    return register


def _type_text(annotation: Any) -> str:
    if annotation is Any:
        return "any"
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return " | ".join(repr(a) for a in typing.get_args(annotation))
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return " | ".join(_type_text(a) for a in typing.get_args(annotation) if a is not type(None)) + \
            (" (optional)" if type(None) in typing.get_args(annotation) else "")
    if origin in (list, tuple):
        args = typing.get_args(annotation)
        return f"list of {_type_text(args[0])}" if args else "list"
    return getattr(annotation, "__name__", str(annotation))


class ParamError(Exception):
    """A parameter problem: ``param`` names it, ``message`` says what is wrong."""

    def __init__(self, param: str | None, message: str, value: object = None, expected: str | None = None):
        super().__init__(message)
        self.param, self.message, self.value, self.expected = param, message, value, expected


def check_params(spec: BlockSpec, raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Validate a block's parameters: (the block's own, the common ones). Raises :class:`ParamError`."""
    own: dict[str, Any] = {}
    common: dict[str, Any] = {}
    for key, value in raw.items():
        if key in COMMON:
            annotation = COMMON[key][0]
            target = common
        elif key in spec.params:
            annotation = spec.params[key].annotation
            target = own
        else:
            known = ", ".join(sorted(spec.params) + sorted(COMMON))
            raise ParamError(key, f"unknown parameter {key!r} for block {spec.name!r}", expected=known)
        try:
            target[key] = TypeAdapter(annotation).validate_python(value, strict=_strict(annotation))
        except ValidationError as exc:
            first = exc.errors()[0]
            raise ParamError(key, f"parameter {key!r} of block {spec.name!r}: {first['msg']}", value=value,
                             expected=_type_text(annotation)) from None
    for p in spec.params.values():
        if p.required and p.name not in own:
            raise ParamError(p.name, f"block {spec.name!r} needs parameter {p.name!r}", expected=p.type_text)
    return own, common


def _strict(annotation: Any) -> bool:
    """Strict validation (no '5' → 5), except for floats, which accept whole numbers."""
    return annotation not in (float, float | None)


def describe(kind: str | None = None) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """(name, description, [(param, type, default)]) for every block, sorted by name."""
    import reporter.compose.blocks  # noqa: F401 - registers the built-in blocks

    out = []
    for name in sorted(REGISTRY):
        spec = REGISTRY[name]
        if kind is not None and kind not in spec.kinds:
            continue
        params = [(p.name, p.type_text, "required" if p.required else repr(p.default)) for p in spec.params.values()]
        out.append((name, spec.description, params))
    return out
