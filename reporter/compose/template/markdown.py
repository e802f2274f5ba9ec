"""Markdown (CommonMark + pipe tables, footnotes, attributes, ``:::`` boxes, front matter) parsed with
markdown-it-py into a flat stream of template items: headings, authored model blocks and computed-block
calls. :mod:`reporter.compose.template.engine` evaluates the calls and assembles the sections.

Conventions (documented in docs/templates.md):
- ``# Title {#sec-key .unnumbered .page-break .no-toc .appendix when="has.belief"}``
- ```` ```{block} power-ranking-table ```` with YAML parameters in the fence
- ``{{ expression }}`` in any text; ``@tbl-key`` / ``@fig-key`` / ``@sec-key`` cross-references
- ``![Caption](images/model.png){#fig-model fig-alt="…" source="…" note="…" width=12}``
- a pipe table followed by ``: Caption {#tbl-key source="…" note="…"}``
- ``::: learning Title`` … ``:::`` (also ``key-finding``, ``challenge``, ``conclusion``, ``info``)
- ``> quote`` with a last line ``— attribution``; ``[^1]`` / ``^[inline]`` footnotes; ``\\newpage``
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from reporter.compose.template.source import Origin, Source
from reporter.errors import Problem

BOX_KINDS = {"key-finding": "key_finding", "learning": "learning", "challenge": "challenge",
             "conclusion": "conclusion", "info": "info"}
EXPR = re.compile(r"\{\{(?!<)(.*?)\}\}")
PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
REF = re.compile(r"(?<![\w@.])@([A-Za-z][\w-]*[A-Za-z0-9_])")
ATTRS_TAIL = re.compile(r"\s*\{([^{}]*)\}\s*$")
NEWPAGE = "\\newpage"


@dataclass(frozen=True)
class Expression:
    source: str
    origin: Origin
    column: int


@dataclass
class Heading:
    level: int
    parts: list            # raw inline parts (see Inline* below)
    attrs: dict[str, Any]
    origin: Origin


@dataclass
class Call:
    name: str
    params: dict[str, Any]
    origin: Origin


@dataclass
class Authored:
    kind: str              # paragraph | list | box | quote | picture | table | pagebreak | key_finding
    data: dict[str, Any]
    origin: Origin
    end: Origin | None = None      # the block's last line (for edits written back: reporter.absorb)


@dataclass
class Parsed:
    items: list
    expressions: list[Expression]
    front_matter: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


# Raw inline parts (before evaluation): ("text", str, bold, italic, code) ("expr", idx, bold, italic)
# ("ref", key, capital) ("link", text, href) ("footnote", parts) ("break",)


# markdown-it's typographer quotes (double open, double close, single open, single close): the house style
QUOTES = {"da": "””’’", "en": "“”‘’"}


def parser(lang: str = "da") -> MarkdownIt:
    """CommonMark with tables, front matter, footnotes, attributes and the box containers; straight quotation
    marks become the language's own (”…” in Danish, the house style of the generated text)."""
    md = MarkdownIt("commonmark", {"html": True, "typographer": True, "quotes": QUOTES.get(lang, QUOTES["da"])})
    md.enable(["table", "smartquotes"])
    md.use(front_matter_plugin).use(footnote_plugin).use(attrs_plugin)
    for name in BOX_KINDS:
        md.use(container_plugin, name=name, validate=lambda params, *a, n=name: params.strip().split(" ", 1)[0] == n)
    return md


def protect_expressions(source: Source) -> tuple[str, list[Expression], list[Problem]]:
    """Replace each ``{{ … }}`` by a placeholder the Markdown parser leaves alone; report unbalanced ones."""
    expressions: list[Expression] = []
    problems: list[Problem] = []
    out_lines = []
    for i, line in enumerate(source.text.split("\n")):
        origin = source.origin(i)

        def sub(match: re.Match) -> str:
            expressions.append(Expression(match.group(1).strip(), origin, match.start() + 1))
            return f"\ue000{len(expressions) - 1}\ue001"

        replaced = EXPR.sub(sub, line)
        for token, what in (("{{", "'{{' without a closing '}}' on the same line"),
                            ("}}", "'}}' without an opening '{{'"), ("{%", "statements ({% … %}) are not supported"),
                            ("%}", "statements ({% … %}) are not supported")):
            col = replaced.find(token)
            if col >= 0:
                problems.append(Problem(origin.file, f"unbalanced template expression: {what}", row=origin.line,
                                        column=str(col + 1), value=line.strip()[:80]))
                break
        out_lines.append(replaced)
    return "\n".join(out_lines), expressions, problems


def parse_attrs(text: str) -> dict[str, Any]:
    """``#id .class key=value key="v w"`` → {'id': …, 'classes': [...], key: value}."""
    attrs: dict[str, Any] = {"classes": []}
    for part in shlex.split(text):
        if part.startswith("#"):
            attrs["id"] = part[1:]
        elif part.startswith("."):
            attrs["classes"].append(part[1:])
        elif "=" in part:
            key, _, value = part.partition("=")
            attrs[key] = value
        else:
            raise ValueError(f"cannot read attribute {part!r}")
    return attrs


class _Reader:
    def __init__(self, source: Source, expressions: list[Expression]):
        self.source = source
        self.expressions = expressions
        self.problems: list[Problem] = []
        self.footnotes: dict[int, list] = {}
        self.footnote_sids: dict[int, str] = {}     # labelled footnotes: "file:first-last" of the definition

    def origin(self, token: Token | None, fallback: Origin | None = None) -> Origin:
        if token is not None and token.map:
            return self.source.origin(token.map[0])
        return fallback or self.source.origin(0)

    def problem(self, origin: Origin, message: str, value: object = None, expected: str | None = None,
                column: str | None = None) -> None:
        self.problems.append(Problem(origin.file, message, row=origin.line, column=column, value=value,
                                     expected=expected))

    def end(self, token: Token | None) -> Origin | None:
        """The last line of a block token (``token.map`` is [first, after-last))."""
        if token is not None and token.map and token.map[1] > token.map[0]:
            return self.source.origin(token.map[1] - 1)
        return None

    # -- inlines -------------------------------------------------------------------------------------------
    def inline_parts(self, children: list[Token], origin: Origin) -> list:
        parts: list = []
        bold = italic = False
        link: list | None = None
        href = ""
        for tok in children:
            kind = tok.type
            if kind == "text":
                self._text(tok.content, bold, italic, parts if link is None else link)
            elif kind == "code_inline":
                (parts if link is None else link).append(("text", tok.content, bold, italic, True))
            elif kind == "softbreak":
                (parts if link is None else link).append(("text", " ", bold, italic, False))
            elif kind == "hardbreak":
                parts.append(("break",))
            elif kind == "strong_open":
                bold = True
            elif kind == "strong_close":
                bold = False
            elif kind == "em_open":
                italic = True
            elif kind == "em_close":
                italic = False
            elif kind == "link_open":
                link, href = [], tok.attrs.get("href", "")
            elif kind == "link_close":
                text = "".join(p[1] for p in (link or []) if p[0] == "text")
                parts.append(("link", text, str(href)))
                link = None
            elif kind == "footnote_ref":
                parts.append(("footnote", tok.meta["id"]))
            elif kind == "html_inline":
                if not tok.content.startswith("<!--"):
                    self.problem(origin, "raw HTML is not supported in a template", value=tok.content[:60])
            elif kind == "image":
                self.problem(origin, "an image must stand alone in its paragraph (it becomes a numbered figure)",
                             value=tok.attrs.get("src"))
            else:
                self.problem(origin, f"unsupported Markdown element {kind!r}")
        return parts

    def _text(self, text: str, bold: bool, italic: bool, parts: list) -> None:
        position = 0
        for match in PLACEHOLDER.finditer(text):
            self._refs(text[position:match.start()], bold, italic, parts)
            parts.append(("expr", int(match.group(1)), bold, italic))
            position = match.end()
        self._refs(text[position:], bold, italic, parts)

    def _refs(self, text: str, bold: bool, italic: bool, parts: list) -> None:
        position = 0
        for match in REF.finditer(text):
            before = text[position:match.start()]
            if before:
                parts.append(("text", before, bold, italic, False))
            preceding = "".join(p[1] for p in parts if p[0] == "text") + before
            capital = not preceding.strip() or bool(re.search(r"[.!?]\s*$", preceding))
            parts.append(("ref", match.group(1), capital))
            position = match.end()
        if text[position:]:
            parts.append(("text", text[position:], bold, italic, False))

    # -- blocks --------------------------------------------------------------------------------------------
    def blocks(self, tokens: list[Token], start: int, stop_type: str | None) -> tuple[list, int]:
        items: list = []
        i = start
        while i < len(tokens):
            tok = tokens[i]
            kind = tok.type
            if stop_type is not None and kind == stop_type:
                return items, i + 1
            origin = self.origin(tok)
            if kind == "front_matter" or kind == "hr":
                i += 1
            elif kind == "heading_open":
                inline = tokens[i + 1]
                content = inline.content
                attrs: dict[str, Any] = {"classes": []}
                children = list(inline.children or [])
                match = ATTRS_TAIL.search(content)
                if match:
                    try:
                        attrs = parse_attrs(match.group(1))
                    except ValueError as exc:
                        self.problem(origin, f"heading attributes: {exc}", value=match.group(0).strip())
                    if children and children[-1].type == "text":
                        last = children[-1]
                        trimmed = ATTRS_TAIL.sub("", last.content)
                        children[-1] = Token("text", "", 0, content=trimmed)
                items.append(Heading(int(tok.tag[1]), self.inline_parts(children, origin), attrs, origin))
                i += 3
            elif kind == "paragraph_open":
                inline = tokens[i + 1]
                item = self.paragraph(inline, origin)
                item.end = self.end(tok)
                items.append(item)
                i += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                lst, i = self.list_block(tokens, i)
                items.append(Authored("list", lst, origin, self.end(tok)))
            elif kind == "blockquote_open":
                inner, i = self.blocks(tokens, i + 1, "blockquote_close")
                items.append(self.quote(inner, origin))
            elif kind.startswith("container_") and kind.endswith("_open"):
                name = kind[len("container_"):-len("_open")]
                info = tok.info.strip()
                title = info.split(" ", 1)[1].strip() if " " in info else ""
                inner, i = self.blocks(tokens, i + 1, f"container_{name}_close")
                items.append(self.box(BOX_KINDS[name], title, inner, origin))
            elif kind == "table_open":
                table, i = self.table(tokens, i)
                items.append(Authored("table", table, origin, self.end(tok)))
            elif kind == "fence":
                items.append(self.fence(tok, origin))
                i += 1
            elif kind == "code_block":
                self.problem(origin, "indented code is not supported (indent list items by at most 3 spaces)",
                             value=tok.content.strip()[:60])
                i += 1
            elif kind == "html_block":
                if not tok.content.lstrip().startswith("<!--"):
                    self.problem(origin, "raw HTML is not supported in a template", value=tok.content.strip()[:60])
                i += 1
            elif kind == "footnote_block_open":
                i = self.footnote_block(tokens, i + 1)
            else:
                self.problem(origin, f"unsupported Markdown element {kind!r}")
                i += 1
        return items, i

    def paragraph(self, inline: Token, origin: Origin):
        children = inline.children or []
        meaningful = [c for c in children if not (c.type == "text" and not c.content.strip())]
        if inline.content.strip() == NEWPAGE:
            return Authored("pagebreak", {}, origin)
        if len(meaningful) == 1 and meaningful[0].type == "image":
            img = meaningful[0]
            caption_parts = self.inline_parts(list(img.children or []), origin)
            return Authored("picture", {"src": img.attrs.get("src", ""), "caption": caption_parts,
                                        "attrs": {k: v for k, v in img.attrs.items() if k not in ("src", "alt")}},
                            origin)
        text = inline.content
        if text.startswith(": ") or text == ":":
            body = text[1:].strip()
            attrs: dict[str, Any] = {"classes": []}
            match = ATTRS_TAIL.search(body)
            if match:
                try:
                    attrs = parse_attrs(match.group(1))
                except ValueError as exc:
                    self.problem(origin, f"caption attributes: {exc}", value=match.group(0).strip())
                body = ATTRS_TAIL.sub("", body)
            parts: list = []
            self._text(body, False, False, parts)
            return Authored("caption", {"parts": parts, "attrs": attrs}, origin)
        return Authored("paragraph", {"parts": self.inline_parts(list(children), origin)}, origin)

    def list_block(self, tokens: list[Token], i: int) -> tuple[dict, int]:
        open_tok = tokens[i]
        ordered = open_tok.type == "ordered_list_open"
        close = "ordered_list_close" if ordered else "bullet_list_close"
        start = int(open_tok.attrs.get("start", 1)) if ordered else 1
        items = []
        i += 1
        while tokens[i].type != close:
            if tokens[i].type == "list_item_open":
                origin = self.origin(tokens[i])
                inner, i = self.blocks(tokens, i + 1, "list_item_close")
                parts: list = []
                children = []
                end = None
                for item in inner:
                    if isinstance(item, Authored) and item.kind == "paragraph":
                        if parts:
                            parts.append(("break",))
                        parts.extend(item.data["parts"])
                        end = item.end
                    elif isinstance(item, Authored) and item.kind == "list":
                        children.append(item.data)
                    else:
                        self.problem(origin, "a list item may hold text and nested lists only")
                items.append({"parts": parts, "children": children, "origin": origin, "end": end})
            else:
                i += 1
        return {"ordered": ordered, "start": start, "items": items}, i + 1

    def quote(self, inner: list, origin: Origin) -> Authored:
        attribution: list = []
        if inner and isinstance(inner[-1], Authored) and inner[-1].kind == "paragraph":
            parts = inner[-1].data["parts"]
            if parts and parts[0][0] == "text" and re.match(r"^\s*(—|–|--)\s*", parts[0][1]):
                first = ("text", re.sub(r"^\s*(—|–|--)\s*", "", parts[0][1]), *parts[0][2:])
                attribution = [first, *parts[1:]]
                inner = inner[:-1]
        self._only_text(inner, origin, "a quote")
        return Authored("quote", {"blocks": inner, "attribution": attribution}, origin)

    def box(self, kind: str, title: str, inner: list, origin: Origin) -> Authored:
        self._only_text(inner, origin, "a box")
        parts: list = []
        self._text(title, False, False, parts)
        return Authored("box", {"kind": kind, "title": parts, "blocks": inner}, origin)

    def _only_text(self, inner: list, origin: Origin, what: str) -> None:
        for item in inner:
            if not (isinstance(item, Authored) and item.kind in ("paragraph", "list")):
                self.problem(getattr(item, "origin", origin), f"{what} may hold paragraphs and lists only")

    def table(self, tokens: list[Token], i: int) -> tuple[dict, int]:
        header: list = []
        body: list = []
        row: list | None = None
        section = "head"
        aligns: list[str] = []
        origin = self.origin(tokens[i])
        i += 1
        while tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "thead_open":
                section = "head"
            elif tok.type == "tbody_open":
                section = "body"
            elif tok.type == "tr_open":
                row = []
                row_origin = self.origin(tok, origin)
            elif tok.type == "tr_close":
                (header if section == "head" else body).append(row)
            elif tok.type in ("th_open", "td_open"):
                style = str(tok.attrs.get("style", ""))
                align = "right" if "right" in style else "center" if "center" in style else "left"
                if section == "head":
                    aligns.append(align)
                parts = self.inline_parts(list(tokens[i + 1].children or []), origin)
                row.append({"parts": parts, "align": align, "origin": row_origin})
                i += 2
            i += 1
        return {"header": header, "body": body}, i + 1

    def fence(self, tok: Token, origin: Origin):
        info = tok.info.strip()
        match = re.fullmatch(r"\{block\}\s+([A-Za-z0-9_.:-]+)\s*", info)
        if not match:
            self.problem(origin, "code blocks are not supported; a computed block is written ```{block} NAME",
                         value=info or tok.content.strip()[:40])
            return Authored("paragraph", {"parts": []}, origin)
        import yaml

        params: dict[str, Any] = {}
        if tok.content.strip():
            try:
                loaded = yaml.safe_load(tok.content)
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line = origin.line + 1 + (mark.line if mark else 0)
                self.problems.append(Problem(origin.file, f"block parameters are not valid YAML: "
                                             f"{getattr(exc, 'problem', exc)}", row=line))
                loaded = {}
            if not isinstance(loaded, dict):
                self.problem(origin, "block parameters must be 'name: value' lines", value=tok.content.strip()[:60])
                loaded = {}
            params = loaded
        return Call(match.group(1), params, origin)

    def footnote_block(self, tokens: list[Token], i: int) -> int:
        current: int | None = None
        labelled = False
        while i < len(tokens) and tokens[i].type != "footnote_block_close":
            tok = tokens[i]
            if tok.type == "footnote_open":
                current = tok.meta["id"]
                self.footnotes[current] = []
                labelled = bool(tok.meta.get("label"))
            elif tok.type == "inline" and current is not None:
                origin = self.origin(tok, self.source.origin(0))
                end = self.end(tok)
                if labelled and tok.map and end is not None and end.file == origin.file:
                    first = self.footnote_sids.get(current, f"{origin.file}:{origin.line}-").rsplit("-", 1)[0]
                    self.footnote_sids[current] = f"{first}-{end.line}"
                if self.footnotes[current]:
                    self.footnotes[current].append(("text", " ", False, False, False))
                self.footnotes[current].extend(self.inline_parts(list(tok.children or []), origin))
            i += 1
        return i + 1


def parse(source: Source, lang: str = "da") -> Parsed:
    """Parse a template source into items; problems name file and line."""
    text, expressions, problems = protect_expressions(source)
    md = parser(lang)
    env: dict = {}
    tokens = md.parse(text, env)
    reader = _Reader(source, expressions)
    front: dict[str, Any] = {}
    for tok in tokens:
        if tok.type == "front_matter":
            import yaml

            try:
                loaded = yaml.safe_load(tok.content) or {}
            except yaml.YAMLError as exc:
                loaded = {}
                reader.problem(source.origin(0), f"front matter is not valid YAML: {exc}")
            if isinstance(loaded, dict):
                front = loaded
    items, _ = reader.blocks(tokens, 0, None)
    # footnote references → their content
    resolved = _resolve_footnotes(items, reader.footnotes, reader.footnote_sids)
    return Parsed(resolved, expressions, front, problems + reader.problems)


def _resolve_footnotes(items: list, footnotes: dict[int, list], sids: dict[int, str] | None = None) -> list:
    sids = sids or {}

    def fix(parts: list) -> list:
        out = []
        for part in parts:
            if part[0] == "footnote":
                out.append(("footnote", fix(footnotes.get(part[1], [])), sids.get(part[1], "")))
            else:
                out.append(part)
        return out

    def walk(obj):
        if isinstance(obj, list):
            if obj and isinstance(obj[0], tuple):
                return fix(obj)
            return [walk(x) for x in obj]
        if isinstance(obj, dict):
            return {k: (walk(v) if k != "origin" else v) for k, v in obj.items()}
        if isinstance(obj, (Authored, Heading)):
            if isinstance(obj, Heading):
                obj.parts = fix(obj.parts)
            else:
                obj.data = walk(obj.data)
            return obj
        return obj

    return [walk(item) for item in items]
