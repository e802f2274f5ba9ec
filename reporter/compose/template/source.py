"""Where a template's Markdown comes from: a built-in template, a file in the project folder, the project's
section overrides (``note/<part>.md``) and ``{{< include part.md >}}`` lines, expanded into one text that
remembers, for every line, the file and line it came from (so every message names the consultant's file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reporter.errors import InputError, Problem

BUILTIN_DIR = Path(__file__).resolve().parents[2] / "text" / "templates"
INCLUDE = re.compile(r"^\s*\{\{<\s*include\s+(\S+)\s*>\}\}\s*$")
PAGEBREAK = re.compile(r"^\s*\{\{<\s*pagebreak\s*>\}\}\s*$")
SHORTCODE = re.compile(r"\{\{<\s*(\S+)")
MAX_INCLUDE_DEPTH = 8
MAX_TEMPLATE_BYTES = 2_000_000


@dataclass(frozen=True)
class Origin:
    """A line's place: the file as shown to the consultant and the 1-based line number."""

    file: str
    line: int


@dataclass
class Source:
    """A template expanded into one text; ``origins[i]`` is where line ``i`` (0-based) came from."""

    text: str
    origins: list[Origin] = field(default_factory=list)
    root: Path | None = None

    def origin(self, line: int) -> Origin:
        if not self.origins:
            return Origin("<template>", line + 1)
        return self.origins[min(max(line, 0), len(self.origins) - 1)]


def digests(source: Source) -> tuple[tuple[str, str], ...]:
    """Each template file of an expanded source with a short hash of its lines as used (so a DOCX rendered
    from another version of a file can be told apart: ``reporter absorb``)."""
    import hashlib

    lines: dict[str, list[str]] = {}
    for text, origin in zip(source.text.split("\n"), source.origins):
        lines.setdefault(origin.file, []).append(text)
    return tuple(sorted((file, hashlib.sha1("\n".join(body).encode("utf-8")).hexdigest()[:12])
                        for file, body in lines.items()))


def builtin_names(kind: str, lang: str) -> list[str]:
    """The built-in templates of a kind ('note' or 'profile') in a language."""
    folder = BUILTIN_DIR / lang
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / "main.md").is_file()
                  and ((p / ".profile").exists() == (kind == "profile")))


def _display(path: Path, project_dir: Path | None) -> str:
    if project_dir is not None:
        try:
            return str(path.resolve().relative_to(project_dir.resolve()))
        except ValueError:
            pass
    try:
        return "builtin:" + str(path.resolve().relative_to(BUILTIN_DIR))
    except ValueError:
        return str(path)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def locate(name: str, kind: str, lang: str, project_dir: Path | None, config_file: str = "project.yaml") -> Path:
    """The main file of a template: a built-in name ('survey-end') or a ``.md`` file inside the project."""
    if name.endswith(".md"):
        if project_dir is None:
            raise InputError([Problem(config_file, f"template file {name!r} needs a project folder", column=kind)])
        path = (project_dir / name)
        if not _inside(path, project_dir):
            raise InputError([Problem(config_file, "template file lies outside the project folder", column=kind,
                                      value=name)])
        if not path.is_file():
            raise InputError([Problem(config_file, "template file not found", column=f"{kind}.template", value=name)])
        return path
    path = BUILTIN_DIR / lang / name / "main.md"
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name) or not path.is_file():
        known = ", ".join(builtin_names(kind, lang)) or "none"
        raise InputError([Problem(config_file, f"unknown {kind} template", column=f"{kind}.template", value=name,
                                  expected=f"a built-in template ({known}) or a .md file in the project folder")])
    return path


def expand(main: Path, *, project_dir: Path | None, overrides: str = "note") -> Source:
    """Read ``main`` and expand its include lines. An included part is looked up first in the project's
    override folder (``project_dir/<overrides>/``), then beside the file that includes it; names must be
    plain relative paths inside those folders."""
    problems: list[Problem] = []
    lines: list[str] = []
    origins: list[Origin] = []
    override_dir = project_dir / overrides if project_dir is not None else None

    def read(path: Path, stack: tuple[Path, ...]) -> None:
        shown = _display(path, project_dir)
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(Problem(shown, f"cannot read template: {exc.strerror or exc}"))
            return
        if len(data) > MAX_TEMPLATE_BYTES:
            problems.append(Problem(shown, f"template is larger than {MAX_TEMPLATE_BYTES // 1_000_000} MB"))
            return
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            problems.append(Problem(shown, "template is not UTF-8", row=data[:exc.start].count(b"\n") + 1))
            return
        for number, line in enumerate(text.splitlines(), start=1):
            match = INCLUDE.match(line)
            if match:
                target = _resolve_include(match.group(1), path, override_dir, project_dir, shown, number, problems)
                if target is None:
                    continue
                if target.resolve() in stack:
                    problems.append(Problem(shown, "include cycle", row=number, value=match.group(1)))
                    continue
                if len(stack) >= MAX_INCLUDE_DEPTH:
                    problems.append(Problem(shown, f"includes nested deeper than {MAX_INCLUDE_DEPTH}", row=number))
                    continue
                read(target, stack + (target.resolve(),))
                continue
            if PAGEBREAK.match(line):
                line = "\\newpage"
            else:
                other = SHORTCODE.search(line)
                if other:
                    problems.append(Problem(shown, "unknown shortcode", row=number, column=str(other.start() + 1),
                                            value=other.group(1), expected="include or pagebreak"))
                    continue
            lines.append(line)
            origins.append(Origin(shown, number))
        lines.append("")       # a part ends a block: its last paragraph never runs into the next part
        origins.append(Origin(shown, len(text.splitlines()) + 1))

    read(main, (main.resolve(),))
    if problems:
        raise InputError(problems)
    return Source(text="\n".join(lines) + "\n", origins=origins, root=main.parent)


def _resolve_include(name: str, including: Path, override_dir: Path | None, project_dir: Path | None,
                     shown: str, line: int, problems: list[Problem]) -> Path | None:
    if name.startswith(("/", "\\")) or ".." in Path(name).parts or ":" in name:
        problems.append(Problem(shown, "include names must be plain relative paths", row=line, value=name))
        return None
    candidates = []
    if override_dir is not None:
        candidates.append((override_dir / name, override_dir))
    candidates.append((including.parent / name, including.parent))
    for path, folder in candidates:
        if path.is_file() and _inside(path, folder):
            if project_dir is not None and _inside(path, project_dir) is False and not _inside(path, BUILTIN_DIR):
                continue
            return path
    problems.append(Problem(shown, "included file not found", row=line, value=name,
                            expected=f"a file in {', '.join(str(_display(f, project_dir)) for _, f in candidates)}"))
    return None
