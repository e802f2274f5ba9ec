"""A template → the sections of a document model.

The parsed items (headings, authored blocks, computed-block calls) are evaluated in order: ``{{ … }}``
values through the sandbox, computed blocks through the registry with their checked parameters, and
the result is assembled into nested :class:`~reporter.model.Section` objects. Every problem (unknown
block or parameter, wrong type, undefined name, missing image, reference to an unknown label) is
collected with its file and line; if there is any, :class:`~reporter.errors.InputError` carries them
all and nothing is rendered.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reporter.compose.template import markdown as md
from reporter.compose.template.blocks import REGISTRY, BlockContext, ParamError, check_params
from reporter.compose.template.expressions import Evaluator, ExpressionError
from reporter.compose.rewrite import rewrite_block, rewrite_refs
from reporter.compose.template.source import Origin, Source
from reporter.errors import InputError, Problem
from reporter.model import (
    Box, Cell, Figure, FootnoteRef, KeyFinding, LineBreak, Link, ListBlock, ListItem, PageBreak, Paragraph,
    Picture, Quote, Ref, Row, Section, Table, Text, Value, plain_text,
)

REF_PREFIXES = ("tbl-", "fig-", "sec-")
MAX_IMAGE_BYTES = 20_000_000


@dataclass
class _Open:
    level: int
    key: str
    title: str
    attrs: dict[str, Any]
    origin: Origin
    blocks: list = field(default_factory=list)
    children: list = field(default_factory=list)
    computed: bool = False
    authored: bool = False


@dataclass
class Built:
    """What a template made: the sections, the front-matter settings, and every label defined."""

    sections: tuple[Section, ...]
    front_matter: dict[str, Any]
    refs: list[tuple[str, Origin]]


def source_id(origin: Origin, end: Origin | None = None) -> str:
    """A block's place in the template: "file:first-last" (1-based lines, both included)."""
    last = end.line if end is not None and end.file == origin.file and end.line >= origin.line else origin.line
    return f"{origin.file}:{origin.line}-{last}"


def _trim(parts: tuple) -> tuple:
    """Leading and trailing white space of a paragraph removed (e.g. after an empty value)."""
    parts = list(parts)
    if parts and isinstance(parts[-1], Text):
        parts[-1] = replace(parts[-1], text=parts[-1].text.rstrip())
        if not parts[-1].text:
            parts.pop()
    if parts and isinstance(parts[0], Text):
        parts[0] = replace(parts[0], text=parts[0].text.lstrip())
        if not parts[0].text:
            parts.pop(0)
    return tuple(parts)


class Engine:
    def __init__(self, ctx: BlockContext, evaluator: Evaluator, kind: str = "note"):
        self.ctx = ctx
        self.evaluator = evaluator
        self.kind = kind
        self.problems: list[Problem] = []
        self.expressions: list[md.Expression] = []
        self.refs: list[tuple[str, Origin]] = []
        self.keys: set[str] = set()

    # -- problems -------------------------------------------------------------------------------------------
    def problem(self, origin: Origin, message: str, value: object = None, expected: str | None = None,
                column: str | None = None) -> None:
        self.problems.append(Problem(origin.file, message, row=origin.line, column=column, value=value,
                                     expected=expected))

    # -- inlines --------------------------------------------------------------------------------------------
    def inlines(self, parts: list, origin: Origin) -> tuple:
        out: list = []
        for part in parts:
            kind = part[0]
            if kind == "text":
                text, bold, italic, code = part[1], part[2], part[3], part[4]
                if text.startswith(".") and out and isinstance(out[-1], Value) and out[-1].text.endswith("."):
                    text = text[1:]          # "54 pct." ends the sentence: one full stop, not two
                if text:
                    if out and isinstance(out[-1], Text) and (out[-1].bold, out[-1].italic, out[-1].code) == \
                            (bold, italic, code):
                        out[-1] = replace(out[-1], text=out[-1].text + text)
                    else:
                        out.append(Text(text, bold=bold, italic=italic, code=code))
            elif kind == "expr":
                expr = self.expressions[part[1]]
                try:
                    out.append(Value(self.evaluator.text(expr.source), expr.source, bold=part[2], italic=part[3]))
                except ExpressionError as exc:
                    self.problems.append(Problem(expr.origin.file, f"{{{{ {expr.source} }}}}: {exc.message}",
                                                 row=expr.origin.line, column=str(expr.column)))
            elif kind == "ref":
                self.refs.append((part[1], origin))
                out.append(Ref(part[1], capital=part[2]))
            elif kind == "link":
                out.append(Link(part[1], part[2]))
            elif kind == "footnote":
                out.append(FootnoteRef(self.inlines(part[1], origin), source_id=part[2] if len(part) > 2 else ""))
            elif kind == "break":
                out.append(LineBreak())
        return tuple(out)

    def text_of(self, parts: list, origin: Origin) -> str:
        return plain_text(self.inlines(parts, origin))

    # -- authored blocks ------------------------------------------------------------------------------------
    def authored(self, item: md.Authored, pending_caption: md.Authored | None = None):
        data, origin = item.data, item.origin
        sid = source_id(origin, item.end)
        if item.kind == "paragraph":
            parts = _trim(self.inlines(data["parts"], origin))
            return Paragraph(plain_text(parts), inlines=parts, source_id=sid) if parts else None
        if item.kind == "list":
            return self.list_block(data)
        if item.kind == "pagebreak":
            return PageBreak()
        if item.kind == "quote":
            blocks = tuple(b for b in (self.authored(x) for x in data["blocks"]) if b is not None)
            return Quote(blocks, attribution=self.text_of(data["attribution"], origin), source_id=sid)
        if item.kind == "box":
            blocks = tuple(b for b in (self.authored(x) for x in data["blocks"]) if b is not None)
            title = self.text_of(data["title"], origin)
            if data["kind"] == "key_finding" and len(blocks) == 1 and isinstance(blocks[0], Paragraph):
                return KeyFinding(headline=title, text=blocks[0].text, inlines=blocks[0].inlines,
                                  source_id=blocks[0].source_id)
            if not title and data["kind"] != "info":
                title = self.ctx_string(f"box_{data['kind']}")
            return Box(data["kind"], title, blocks, source_id=sid)
        if item.kind == "picture":
            picture = self.picture(data, origin)
            return replace(picture, source_id=sid) if picture is not None else None
        if item.kind == "table":
            return self.free_table(data, origin, pending_caption)
        if item.kind == "caption":
            self.problem(origin, "a caption line ': …' must follow a table directly")
            return None
        raise AssertionError(item.kind)

    def ctx_string(self, key: str) -> str:
        from reporter.text.strings import STRINGS

        return STRINGS[self.ctx.lang].get(key, "")

    def list_block(self, data: dict) -> ListBlock:
        items = []
        for entry in data["items"]:
            origin = entry["origin"]
            items.append(ListItem(self.inlines(entry["parts"], origin),
                                  children=tuple(self.list_block(c) for c in entry["children"]),
                                  source_id=source_id(origin, entry.get("end"))))
        return ListBlock(tuple(items), ordered=data["ordered"], start=data["start"])

    def _key(self, wanted: str | None, prefix: str, origin: Origin) -> str:
        key = wanted or f"{prefix}{len(self.keys) + 1}"
        if key in self.keys:
            self.problem(origin, "label used twice", value=key)
        self.keys.add(key)
        return key

    def _notes(self, attrs: dict) -> tuple[str, ...]:
        note = attrs.get("note")
        return (note,) if note else ()

    def picture(self, data: dict, origin: Origin):
        attrs = data["attrs"]
        src = data["src"]
        root = self.ctx.project_dir
        if root is None:
            self.problem(origin, "images need a project folder", value=src)
            return None
        path = (root / src)
        try:
            inside = path.resolve().is_relative_to(root.resolve())
        except OSError:
            inside = False
        if re.match(r"^[a-z]+:", src) or not inside:
            self.problem(origin, "image lies outside the project folder", value=src)
            return None
        if not path.is_file():
            self.problem(origin, "image not found", value=src, expected="a PNG or JPEG file in the project folder")
            return None
        raw = path.read_bytes()[:MAX_IMAGE_BYTES + 1]
        if len(raw) > MAX_IMAGE_BYTES:
            self.problem(origin, "image larger than 20 MB", value=src)
            return None
        media = "image/png" if raw[:8] == b"\x89PNG\r\n\x1a\n" else "image/jpeg" if raw[:3] == b"\xff\xd8\xff" else ""
        if not media:
            self.problem(origin, "image is not a PNG or JPEG file", value=src)
            return None
        from PIL import Image

        try:
            with Image.open(io.BytesIO(raw)) as im:
                size = im.size
        except Exception:  # noqa: BLE001 - a broken image file
            self.problem(origin, "image cannot be read", value=src)
            return None
        caption = self.text_of(data["caption"], origin)
        try:
            width = float(attrs.get("width", 16.0))
        except ValueError:
            self.problem(origin, "image width must be a number of cm", value=attrs.get("width"))
            width = 16.0
        width = min(max(width, 2.0), 16.0)
        return Picture(key=self._key(attrs.get("id"), "fig-image-", origin), caption=caption, data=raw,
                       media_type=media, alt_text=attrs.get("fig-alt") or caption, width_cm=width,
                       notes=self._notes(attrs), source=attrs.get("source", ""), pixel_size=size)

    def free_table(self, data: dict, origin: Origin, caption: md.Authored | None):
        if caption is None:
            self.problem(origin, "a table needs a caption line ': Caption {#tbl-key}' directly below it")
            return None
        attrs = caption.data["attrs"]
        rows = []
        for row in data["header"]:
            rows.append(Row(tuple(Cell(self.text_of(c["parts"], origin), status="header", align="left",
                                       source_id=f"{source_id(c.get('origin', origin))}#{column}")
                                  for column, c in enumerate(row, start=1)), kind="header"))
        for row in data["body"]:
            cells = []
            for column, c in enumerate(row, start=1):
                at = c.get("origin", origin)
                cells.append(Cell(self.text_of(c["parts"], origin), align=c["align"],
                                  source_id=f"{source_id(at)}#{column}"))
            rows.append(Row(tuple(cells), kind="body"))
        columns = max(len(r.cells) for r in rows)
        widths = tuple(float(max(max((len(w) for w in (r.cells[i].text.split() or [""])), default=1)
                                 for r in rows if i < len(r.cells)) + 4) for i in range(columns))
        return Table(key=self._key(attrs.get("id"), "tbl-free-", origin),
                     caption=self.text_of(caption.data["parts"], caption.origin), rows=tuple(rows),
                     notes=self._notes(attrs), source=attrs.get("source", ""), column_widths=widths, block="free",
                     source_id=source_id(caption.origin, caption.end))

    # -- computed blocks ------------------------------------------------------------------------------------
    def call(self, item: md.Call) -> list | None:
        import reporter.compose.blocks  # noqa: F401 - registers the built-in blocks

        spec = REGISTRY.get(item.name)
        if spec is None or self.kind not in spec.kinds:
            known = ", ".join(sorted(n for n, s in REGISTRY.items() if self.kind in s.kinds))
            self.problem(item.origin, f"unknown block {item.name!r}", expected=f"one of: {known}")
            return None
        try:
            own, common = check_params(spec, item.params)
        except ParamError as exc:
            self.problem(item.origin, exc.message, value=exc.value, expected=exc.expected, column=exc.param)
            return None
        if common.get("when"):
            try:
                if not self.evaluator.truth(common["when"]):
                    return []
            except ExpressionError as exc:
                self.problem(item.origin, f"when: {exc.message}", column="when")
                return None
        try:
            result = list(spec.func(self.ctx, **own))
        except InputError as exc:
            for p in exc.problems:
                self.problems.append(replace(p, file=item.origin.file, row=item.origin.line,
                                             message=f"block {item.name!r}: {p.message}"))
            return None
        except (KeyError, ValueError, LookupError) as exc:
            self.problem(item.origin, f"block {item.name!r} failed: {exc}")
            return None
        return self.apply_common(result, common, item)

    def apply_common(self, result: list, common: dict, item: md.Call) -> list:
        captioned = [b for b in result if isinstance(b, (Table, Figure, Picture))]
        wants = {k: common[k] for k in ("label", "caption", "note", "source") if common.get(k) is not None}
        if wants and len(captioned) != 1:
            self.problem(item.origin, f"{', '.join(wants)} need a block that makes exactly one table or figure; "
                         f"{item.name!r} made {len(captioned)}")
            return result
        out = []
        for b in result:
            if isinstance(b, (Table, Figure, Picture)):
                if "label" in wants:
                    b = replace(b, key=wants["label"])
                if "caption" in wants:
                    b = replace(b, caption=wants["caption"])
                if "note" in wants:
                    extra = wants["note"] if isinstance(wants["note"], list) else [wants["note"]]
                    b = replace(b, notes=tuple(b.notes) + tuple(extra))
                if "source" in wants:
                    b = replace(b, source=wants["source"])
                if b.key in self.keys:
                    self.problem(item.origin, "label used twice", value=b.key)
                self.keys.add(b.key)
            out.append(b)
        return out

    # -- assembly -------------------------------------------------------------------------------------------
    def build(self, parsed: md.Parsed) -> Built:
        self.expressions = parsed.expressions
        self.problems.extend(parsed.problems)
        root: list = []
        stack: list[_Open] = []
        skip_level: int | None = None
        section_keys: set[str] = set()
        items = parsed.items

        def close_to(level: int) -> None:
            while stack and stack[-1].level >= level:
                done = stack.pop()
                section = self.finish(done)
                if section is not None:
                    (stack[-1].children if stack else root).append(section)

        i = 0
        while i < len(items):
            item = items[i]
            if isinstance(item, md.Heading):
                if skip_level is not None and item.level > skip_level:
                    i += 1
                    continue
                skip_level = None
                close_to(item.level)
                attrs = item.attrs
                when = attrs.get("when")
                if when:
                    try:
                        if not self.evaluator.truth(when):
                            skip_level = item.level
                            i += 1
                            continue
                    except ExpressionError as exc:
                        self.problem(item.origin, f"when: {exc.message}")
                title = self.text_of(item.parts, item.origin).strip()
                key = attrs.get("id") or "sec-" + re.sub(r"[^a-z0-9æøå]+", "-", title.lower()).strip("-")
                base, n = key, 2
                while key in section_keys:
                    key, n = f"{base}-{n}", n + 1
                section_keys.add(key)
                if stack and stack[-1].level >= item.level:
                    raise AssertionError
                if "appendix" in attrs["classes"] and item.level != 1:
                    self.problem(item.origin, "only a top-level heading (#) can be an appendix")
                stack.append(_Open(item.level, key, title, attrs, item.origin))
                i += 1
                continue
            if skip_level is not None:
                i += 1
                continue
            if isinstance(item, md.Call):
                result = self.call(item)
                if stack:
                    stack[-1].computed = True
                if result:
                    level = item.params.get("level") if isinstance(item.params.get("level"), int) else None
                    for b in result:
                        if isinstance(b, Section):
                            at = level or ((stack[-1].level + 1) if stack else 1)
                            close_to(at)
                            (stack[-1].children if stack else root).append(b)
                        elif not stack:
                            self.problem(item.origin, "content before the first heading")
                            break
                        else:
                            stack[-1].blocks.append(b)
                i += 1
                continue
            caption = None
            if isinstance(item, md.Authored) and item.kind == "table":
                nxt = items[i + 1] if i + 1 < len(items) else None
                if isinstance(nxt, md.Authored) and nxt.kind == "caption":
                    caption = nxt
                    i += 1
            block = self.authored(item, caption)
            if block is not None:
                if not stack:
                    self.problem(item.origin, "content before the first heading")
                else:
                    stack[-1].blocks.append(block)
                    stack[-1].authored = True
            i += 1
        close_to(1)
        return Built(tuple(root), parsed.front_matter, self.refs)

    def finish(self, done: _Open) -> Section | None:
        """A heading's section; dropped when its only content were computed blocks that made nothing."""
        if done.computed and not done.authored and not done.blocks and not done.children:
            return None
        classes = done.attrs.get("classes", [])
        return Section(key=done.key, title=done.title, blocks=tuple(done.blocks), sections=tuple(done.children),
                       page_break_before="page-break" in classes or "appendix" in classes,
                       in_toc="no-toc" not in classes, numbered="unnumbered" not in classes,
                       appendix="appendix" in classes)


def check_refs(built: Built, known: set[str], sections: tuple[Section, ...]) -> tuple[tuple[Section, ...], list[Problem]]:
    """Unknown ``@tbl-/@fig-/@sec-`` references are errors; other ``@words`` (not labels) stay text."""
    problems = []
    for key, origin in built.refs:
        if key not in known and key.startswith(REF_PREFIXES):
            problems.append(Problem(origin.file, "reference to a label that does not exist", row=origin.line,
                                    value=f"@{key}", expected=", ".join(sorted(k for k in known
                                                                              if k.startswith(REF_PREFIXES))) or None))

    def fix_parts(parts: tuple) -> tuple:
        return rewrite_refs(parts, lambda p: p if p.key in known else Text("@" + p.key))

    def fix_block(b):
        return rewrite_block(b, fix_parts)

    def fix_section(s: Section) -> Section:
        return replace(s, blocks=tuple(fix_block(b) for b in s.blocks), sections=tuple(fix_section(c) for c in s.sections))

    return tuple(fix_section(s) for s in sections), problems


def all_keys(sections: tuple[Section, ...]) -> set[str]:
    keys: set[str] = set()

    def walk(ss):
        for s in ss:
            keys.add(s.key)
            for b in s.blocks:
                if isinstance(b, (Table, Figure, Picture)):
                    keys.add(b.key)
            walk(s.sections)

    walk(sections)
    return keys


def render_template(source: Source | None, parsed: md.Parsed, ctx: BlockContext, evaluator: Evaluator,
                    kind: str = "note") -> Built:
    """Evaluate a parsed template; raises :class:`InputError` with every problem found."""
    engine = Engine(ctx, evaluator, kind)
    built = engine.build(parsed)
    sections, problems = check_refs(built, all_keys(built.sections), built.sections)
    problems = engine.problems + problems
    if problems:
        raise InputError(problems)
    return Built(sections, built.front_matter, built.refs)


def static_problems(parsed: md.Parsed, kind: str = "note", project_dir: Path | None = None) -> list[Problem]:
    """What can be checked without the data: Markdown problems, unknown blocks and parameters, parameter
    types, expression syntax and images. (Names and labels need the computed metrics: ``render_template``.)"""
    import reporter.compose.blocks  # noqa: F401 - registers the built-in blocks
    from jinja2 import TemplateSyntaxError

    from reporter.compose.template.expressions import Evaluator, Style

    problems = list(parsed.problems)
    env = Evaluator({}, Style()).env
    for expr in parsed.expressions:
        try:
            env.compile_expression(expr.source, undefined_to_none=False)
        except TemplateSyntaxError as exc:
            problems.append(Problem(expr.origin.file, f"{{{{ {expr.source} }}}}: invalid expression: {exc.message}",
                                    row=expr.origin.line, column=str(expr.column)))
    for item in parsed.items:
        if isinstance(item, md.Call):
            spec = REGISTRY.get(item.name)
            if spec is None or kind not in spec.kinds:
                known = ", ".join(sorted(n for n, s in REGISTRY.items() if kind in s.kinds))
                problems.append(Problem(item.origin.file, f"unknown block {item.name!r}", row=item.origin.line,
                                        expected=f"one of: {known}"))
                continue
            try:
                check_params(spec, item.params)
            except ParamError as exc:
                problems.append(Problem(item.origin.file, exc.message, row=item.origin.line, column=exc.param,
                                        value=exc.value, expected=exc.expected))
        elif isinstance(item, md.Authored) and item.kind == "picture" and project_dir is not None:
            src = item.data["src"]
            path = project_dir / src
            if re.match(r"^[a-z]+:", src) or not path.resolve().is_relative_to(project_dir.resolve()):
                problems.append(Problem(item.origin.file, "image lies outside the project folder",
                                        row=item.origin.line, value=src))
            elif not path.is_file():
                problems.append(Problem(item.origin.file, "image not found", row=item.origin.line, value=src,
                                        expected="a PNG or JPEG file in the project folder"))
    return problems
