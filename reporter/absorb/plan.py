"""Matching an edited DOCX against a fresh render of the project: what changed, where it goes in the
template files, and what cannot be absorbed."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from reporter.absorb.markdown import escape, footnote_markers, to_markdown
from reporter.absorb.read import Doc, Para, read_docx
from reporter.absorb.targets import block_kinds, ref_keys
from reporter.compose.template.source import BUILTIN_DIR
from reporter.model.document import Report
from reporter.render.docx_sources import source_bookmark, source_file
from reporter.text.strings_absorb import MESSAGES as M

SID = re.compile(r"^(?P<file>.+):(?P<first>\d+)-(?P<last>\d+)(?:#(?P<column>\d+))?$")


@dataclass
class Edit:
    """New Markdown for a block (``kind``: paragraph | item | picture | table-caption | footnote | cell) or a
    new paragraph inserted after line ``last`` (kind 'insert')."""

    file: str
    first: int
    last: int
    kind: str
    markdown: str
    column: int = 0
    sid: str = ""


@dataclass
class Plan:
    edits: list[Edit] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)      # reported, not absorbed (computed content)
    unmatched: list[str] = field(default_factory=list)      # not understood: nothing written without --partial
    pending: list[str] = field(default_factory=list)        # tracked changes not absorbed
    comments: list[str] = field(default_factory=list)
    matched: int = 0
    blocks: int = 0


def source_lines(project_dir: Path, file: str) -> list[str] | None:
    """The lines of a template file named as in a source id (project-relative or ``builtin:…``)."""
    path = BUILTIN_DIR / file[len("builtin:"):] if file.startswith("builtin:") else project_dir / file
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return None


def _content(para: Para, kind: str) -> list:
    """The tokens that belong to the block: a caption's own text starts at the marker."""
    tokens = para.tokens
    if kind in ("picture", "table-caption") and ("m",) in tokens:
        tokens = tokens[tokens.index(("m",)) + 1:]
    tokens = [t for t in tokens if t != ("m",)]
    while tokens and tokens[0][0] == "t" and not tokens[0][1].strip():
        tokens = tokens[1:]
    while tokens and tokens[-1][0] == "t" and not tokens[-1][1].strip():
        tokens = tokens[:-1]
    if tokens and tokens[0][0] == "t":
        tokens[0] = ("t", tokens[0][1].lstrip(), *tokens[0][2:])
    if tokens and tokens[-1][0] == "t":
        tokens[-1] = ("t", tokens[-1][1].rstrip(), *tokens[-1][2:])
    return tokens


def _comparable(tokens: list, doc: Doc) -> list:
    """Tokens with footnote calls resolved to the footnote (its source id, or its content) and values
    compared by their text only (LibreOffice drops the expression tags)."""
    out = []
    for tok in tokens:
        if tok[0] == "f":
            paras = doc.footnotes.get(tok[1], [])
            sid = next((p.sid for p in paras if p.sid), "")
            out.append(("f", sid or tuple(tuple(_comparable(_content(p, "footnote"), doc)) for p in paras)))
        elif tok[0] == "v":
            out.append(("v", tok[1].strip(), tok[3], tok[4]))
        elif tok[0] == "t":
            out.append(("t", re.sub(r"\s+", " ", tok[1]), tok[2], tok[3]))
        else:
            out.append(tok)
    return out


def _blocks(doc: Doc) -> dict[str, Para]:
    out: dict[str, Para] = {}
    for para in doc.paragraphs + [p for ps in doc.footnotes.values() for p in ps]:
        if para.sid and para.sid not in out:
            out[para.sid] = para
    return out


def _label(sid: str) -> str:
    match = SID.match(sid)
    if not match:
        return sid
    where = f"{match['file']}:{match['first']}" + (f"-{match['last']}" if match["last"] != match["first"] else "")
    return where + (f", {M['column']} {match['column']}" if match["column"] else "")


def plan_absorb(report: Report, fresh_document, edited: Path, project_dir: Path, *, accept: bool = False) -> Plan:
    """Everything ``reporter absorb`` would do with ``edited``, against a fresh render of the project."""
    plan = Plan()
    kinds = block_kinds(report)
    fresh = read_docx(fresh_document, accept=True)
    digests = dict(report.sources)
    bookmarks = {source_bookmark(sid, digests.get(source_file(sid), "")): sid
                 for sid in set(kinds) | set(_blocks(fresh))}
    doc = read_docx(edited, accept=accept, bookmarks=bookmarks)
    stale = sorted({source_file(p.tag_sid) for p in doc.paragraphs + [x for xs in doc.footnotes.values() for x in xs]
                    if p.tag_sid and p.bookmark and p.bookmark not in bookmarks and source_file(p.tag_sid) in digests})
    for file in stale:
        plan.unmatched.append(M["stale"].format(file=file))
    if stale:
        for p in doc.paragraphs + [x for xs in doc.footnotes.values() for x in xs]:
            if p.tag_sid and source_file(p.tag_sid) in stale:
                p.sid = "?" + p.tag_sid
    refs, words = ref_keys(report)
    fresh_blocks, edited_blocks = _blocks(fresh), _blocks(doc)
    plan.blocks = len(fresh_blocks)
    if not edited_blocks and not any(p.bookmark for p in doc.paragraphs):
        plan.unmatched.append(M["no_ids"].format(file=edited.name))
    unknown_marks = 0
    missing: list[str] = []
    for sid, para in edited_blocks.items():
        if sid not in fresh_blocks and source_file(sid.lstrip("?")) not in stale:
            if para.tag_sid:
                plan.unmatched.append(M["unknown_id"].format(id=sid.lstrip("?")))
            else:
                unknown_marks += 1
    if unknown_marks:
        plan.unmatched.append(M["unknown_marks"].format(n=unknown_marks))
    for sid, old in fresh_blocks.items():
        new = edited_blocks.get(sid)
        if new is None and (stale or unknown_marks):
            continue                  # the file is from another version: reported above, not block by block
        if new is None:
            missing.append(M["missing"].format(where=_label(sid), text=_short(old.text)))
            continue
        plan.matched += 1
        kind = kinds.get(sid, "footnote" if old.place == "footnote" else "paragraph")
        for change in new.changes:
            plan.pending.append(M["pending"].format(where=_label(sid), kind=M[change.kind], text=_short(change.text),
                                                    author=change.author or "?"))
        old_tokens, new_tokens = _content(old, kind), _content(new, kind)
        if _comparable(old_tokens, fresh) == _comparable(new_tokens, doc):
            continue
        edit = _edit(sid, kind, old_tokens, new_tokens, fresh, doc, refs, words, project_dir, plan)
        if edit is not None:
            plan.edits.append(edit)
    if plan.matched:
        plan.unmatched.extend(missing)
    elif fresh_blocks and edited_blocks:
        plan.unmatched.append(M["none_found"].format(n=len(fresh_blocks), file=edited.name))
    if plan.matched:                  # placing new paragraphs and comparing tables needs a matching file
        _inserted(fresh, doc, refs, words, project_dir, plan, kinds)
        _tables(fresh, doc, plan)
    for c in doc.comments:
        plan.comments.append(M["comment"].format(author=c.author or "?", text=c.text, anchor=_short(c.anchor)))
    return plan


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


def _edit(sid, kind, old_tokens, new_tokens, fresh: Doc, doc: Doc, refs, words, project_dir, plan) -> Edit | None:
    match = SID.match(sid)
    if match is None:
        plan.unmatched.append(M["unknown_id"].format(id=sid))
        return None
    lines = source_lines(project_dir, match["file"])
    first, last = int(match["first"]), int(match["last"])
    if lines is None or last > len(lines):
        plan.unmatched.append(M["unknown_id"].format(id=sid))
        return None
    expressions = _expressions(old_tokens, new_tokens, sid, plan)
    if expressions is None:
        return None
    markers = footnote_markers("\n".join(lines[first - 1:last]))

    def footnote_md(ident: str) -> str:
        paras = doc.footnotes.get(ident, [])
        return " ".join(_markdown(_content(p, "footnote"), p, fresh, doc, refs, words, sid, plan, []) for p in paras)

    text = to_markdown(new_tokens, expressions=expressions, refs=refs, ref_words=words, markers=markers,
                       footnote_md=footnote_md)
    return Edit(match["file"], first, last, kind, text, int(match["column"] or 0), sid)


def _markdown(tokens, para, fresh, doc, refs, words, sid, plan, markers) -> str:
    expressions = [t[2] for t in tokens if t[0] == "v"]
    return to_markdown(tokens, expressions=expressions, refs=refs, ref_words=words, markers=markers,
                       footnote_md=lambda ident: "")


def _expressions(old_tokens: list, new_tokens: list, sid: str, plan: Plan) -> list[str | None] | None:
    """The expression of every value in the edited block (its tag; else the fresh value at the same place),
    and a conflict for each value whose text was typed over."""
    old_values = [t for t in old_tokens if t[0] == "v"]
    new_values = [t for t in new_tokens if t[0] == "v"]
    by_expression = {t[2]: t for t in old_values}
    out: list[str | None] = []
    for i, value in enumerate(new_values):
        expression = value[2]
        if expression is None and len(new_values) == len(old_values):
            expression = old_values[i][2]
        if expression is None:
            same = [t for t in old_values if t[1].strip() == value[1].strip()]
            expression = same[0][2] if same else None
        if expression is None:
            plan.unmatched.append(M["value_unknown"].format(where=_label(sid), text=value[1]))
            return None
        old = by_expression.get(expression)
        if old is not None and old[1].strip() != value[1].strip():
            plan.conflicts.append(M["value_typed_over"].format(where=_label(sid), expression=expression,
                                                               old=old[1].strip(), new=value[1].strip()))
        out.append(expression)
    return out


def _sequence(doc: Doc) -> list[Para]:
    """Body paragraphs (not cells of computed tables, not empty), from the first authored block to the last."""
    paras = [p for p in doc.paragraphs if p.place != "table" and (p.text.strip() or p.sid)]
    marked = [i for i, p in enumerate(paras) if p.sid]
    return paras[marked[0]:marked[-1] + 1] if marked else []


def _key(p: Para) -> str:
    return "S:" + p.sid if p.sid else "U:" + " ".join(p.text.split())


def _inserted(fresh: Doc, doc: Doc, refs, words, project_dir: Path, plan: Plan, kinds: dict[str, str]) -> None:
    """Paragraphs typed between authored blocks → new paragraphs; edited generated text → conflicts."""
    a, b = _sequence(fresh), _sequence(doc)
    if not a or not b:
        return                        # nothing marked to place new paragraphs by (reported as unmatched)
    first: dict[str, int] = {}
    for j, para in enumerate(b):
        if not para.sid:
            continue
        if para.sid not in first:
            first[para.sid] = j
        elif kinds.get(para.sid) in ("paragraph", "item"):
            # a paragraph split in Word keeps its content control in both halves: the later one is new
            edit = _new_paragraph(b, j, replace(para, sid=""), fresh, doc, refs, words, project_dir, plan, kinds)
            if edit is not None:
                plan.edits.append(edit)
    matcher = difflib.SequenceMatcher(a=[_key(p) for p in a], b=[_key(p) for p in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        old_untagged = [p for p in a[i1:i2] if not p.sid]
        for j in range(j1, j2):
            para = b[j]
            if para.sid:
                continue              # a block of the template: compared by its id
            if old_untagged:
                was = old_untagged.pop(0)
                plan.conflicts.append(M["generated_edited"].format(old=_short(was.text), new=_short(para.text)))
                continue
            edit = _new_paragraph(b, j, para, fresh, doc, refs, words, project_dir, plan, kinds)
            if edit is not None:
                plan.edits.append(edit)
        for was in old_untagged:
            plan.conflicts.append(M["generated_deleted"].format(old=_short(was.text)))


def _new_paragraph(seq: list[Para], j: int, para: Para, fresh, doc, refs, words, project_dir, plan, kinds):
    anchor = next((seq[k] for k in range(j - 1, -1, -1) if seq[k].sid), None)
    after = True
    if anchor is None or kinds.get(anchor.sid) not in ("paragraph", "item"):
        nxt = next((seq[k] for k in range(j + 1, len(seq)) if seq[k].sid), None)
        if nxt is not None and kinds.get(nxt.sid) == "paragraph":
            anchor, after = nxt, False
    match = SID.match(anchor.sid) if anchor is not None else None
    if match is None:
        plan.unmatched.append(M["new_unplaced"].format(text=_short(para.text)))
        return None
    tokens = _content(para, "paragraph")
    if any(t[0] == "v" and t[2] is None for t in tokens):
        plan.unmatched.append(M["new_with_value"].format(text=_short(para.text)))
        return None
    markers = [_footnote_label(doc, t[1], project_dir) for t in tokens if t[0] == "f"]
    text = to_markdown(tokens, expressions=[t[2] for t in tokens if t[0] == "v"], refs=refs, ref_words=words,
                       markers=markers,
                       footnote_md=lambda ident: escape(" ".join(plain_footnote(doc, ident))))
    line = int(match["last"]) if after else int(match["first"]) - 1
    return Edit(match["file"], line, line, "insert", text, sid=anchor.sid)


def _footnote_label(doc: Doc, ident: str, project_dir: Path) -> str:
    """``[^label]`` of a labelled footnote (read at its definition line), else '^[' (write it inline)."""
    sid = next((p.sid for p in doc.footnotes.get(ident, []) if p.sid), "")
    match = SID.match(sid)
    lines = source_lines(project_dir, match["file"]) if match else None
    if lines and int(match["first"]) <= len(lines):
        label = re.match(r"\s*(\[\^[^\]]+\]):", lines[int(match["first"]) - 1])
        if label:
            return label.group(1)
    return "^["


def plain_footnote(doc: Doc, ident: str) -> list[str]:
    return [p.text.strip() for p in doc.footnotes.get(ident, [])]


def _tables(fresh: Doc, doc: Doc, plan: Plan) -> None:
    """Computed tables: every cell whose text was typed over is a conflict."""
    if len(fresh.tables) != len(doc.tables):
        plan.conflicts.append(M["tables_count"].format(old=len(fresh.tables), new=len(doc.tables)))
    for old, new in zip(fresh.tables, doc.tables):
        label = re.split(r"[.:]", old.caption, 1)[0].strip() or M["table"]
        if [len(r) for r in old.rows] != [len(r) for r in new.rows]:
            plan.conflicts.append(M["table_shape"].format(table=label))
            continue
        for r, (old_row, new_row) in enumerate(zip(old.rows, new.rows)):
            for c, ((was, col, span), (now, _, _)) in enumerate(zip(old_row, new_row)):
                if " ".join(was.split()) == " ".join(now.split()):
                    continue
                row_label = old_row[0][0] if c else ""
                headers = [text for hr in old.rows[:old.header_rows] for text, hc, hs in hr
                           if hc <= col < hc + hs and text and r >= old.header_rows]
                where = ", ".join(x for x in (label, row_label, " ".join(headers)) if x)
                plan.conflicts.append(M["cell_typed_over"].format(where=where, old=was or "∅", new=now or "∅"))
