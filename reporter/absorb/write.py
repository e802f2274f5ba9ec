"""Applying a plan to the template files: a unified diff, and (with ``--write``) every changed file
replaced atomically after a backup copy. Files of a built-in template are never written: an edit of a
built-in part becomes an override file in the project's ``note/`` folder."""

from __future__ import annotations

import difflib
import shutil
from collections import defaultdict
from pathlib import Path

from reporter.absorb.markdown import replace_block
from reporter.absorb.plan import Plan, source_lines
from reporter.atomic import write_bytes
from reporter.text.strings_absorb import MESSAGES as M


def target_of(file: str, project_dir: Path, overrides: str = "note") -> Path | None:
    """Where an edit of ``file`` is written: the project file, or ``note/<part>`` for a built-in part."""
    if not file.startswith("builtin:"):
        return project_dir / file
    parts = Path(file[len("builtin:"):]).parts          # lang / template / part…
    if len(parts) < 3 or parts[2:] == ("main.md",):
        return None
    return project_dir / overrides / Path(*parts[2:])


def new_texts(plan: Plan, project_dir: Path) -> dict[str, tuple[list[str], list[str]]]:
    """File → (old lines, new lines), edits applied from the bottom so line numbers stay valid."""
    by_file = defaultdict(list)
    for edit in plan.edits:
        by_file[edit.file].append(edit)
    out = {}
    for file, edits in by_file.items():
        old = source_lines(project_dir, file) or []
        lines = list(old)
        for edit in sorted(edits, key=lambda e: (e.first, e.kind != "insert", e.column), reverse=True):
            if edit.kind == "insert":
                following = lines[edit.last] if edit.last < len(lines) else ""
                new = ([""] if edit.last else []) + [edit.markdown] + ([""] if following.strip() else [])
                lines[edit.last:edit.last] = new
            else:
                lines = replace_block(lines, edit.kind, edit.first, edit.last, edit.markdown, edit.column)
        out[file] = (old, lines)
    return out


def apply_plan(plan: Plan, project_dir: Path, *, write: bool = False) -> tuple[str, list[Path]]:
    """The unified diff of every template file the plan changes; with ``write`` the files are written."""
    diffs, written = [], []
    for file, (old, new) in new_texts(plan, project_dir).items():
        target = target_of(file, project_dir)
        if target is None:
            plan.unmatched.append(M["builtin_main"].format(file=file))
            continue
        shown = str(target.relative_to(project_dir))
        diffs.extend(difflib.unified_diff([x + "\n" for x in old], [x + "\n" for x in new],
                                          fromfile=f"a/{file}", tofile=f"b/{shown}"))
        if write:
            if target.exists():
                shutil.copy2(target, target.with_name(target.name + ".bak"))
            target.parent.mkdir(parents=True, exist_ok=True)
            write_bytes(target, ("\n".join(new) + "\n").encode("utf-8"))
            written.append(target)
    return "".join(diffs), written
