"""A corpus of bad input and faults generated from the example fixtures.

Every case copies a fixture project (``fixtures/stv``: CSV, ``fixtures/sof``: SPSS) into a fresh folder,
damages it in one way, and says what the command line must do about it: the exit code and what the
message names. New loaders and formats get the same treatment by adding a case here; the tests in this
folder run every case (``test_corpus.py``) and the output faults (``test_output_faults.py``).

The file-reading noise (UTF-16 text, CR-only line ends, odd spaces in labels, XLSX dates and formulas,
a data file listed twice) is covered with the readers (tests/data).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


@dataclass(frozen=True)
class Case:
    """One bad project: how to make it from a fixture, and what ``reporter validate`` must say."""

    id: str
    fixture: str
    damage: Callable[[Path], None]
    exit_code: int = 1
    says: tuple[str, ...] = ()           # substrings of the error output (paths relative to the project)
    lines: int | None = None             # number of problem lines, when it is fixed
    notes: str = field(default="", compare=False)


def copy_fixture(name: str, to: Path) -> Path:
    """A private copy of ``fixtures/<name>`` (the fixtures themselves are never touched)."""
    target = to / name
    shutil.copytree(FIXTURES / name, target)
    return target


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _add_municipalities(*names: str) -> Callable[[Path], None]:
    def damage(project: Path) -> None:
        entries = "".join(f'  - {{name: "{n}"}}\n' for n in names)
        _edit(project / "project.yaml", "\nmunicipalities:\n", "\nmunicipalities:\n" + entries)

    return damage


def _line_of(project: Path, text: str) -> int:
    return next(i for i, line in enumerate((project / "project.yaml").read_text("utf-8").splitlines(), 1)
                if text in line)


def _duplicate_title(project: Path) -> None:
    _edit(project / "project.yaml", "\ntitle: ", "\ntitle: Et andet notat\ntitle: ")


def _duplicate_option_key(project: Path) -> None:
    _edit(project / "project.yaml", "{code: 1, label: Borgerens jobmål}",
          "{code: 1, label: Borgerens jobmål, code: 7}")


def _latin1_yaml(project: Path) -> None:
    path = project / "project.yaml"
    path.write_bytes(path.read_text("utf-8").encode("latin-1", errors="replace"))


def _unclosed_bracket(project: Path) -> None:
    _edit(project / "project.yaml", "files: [data/responses.csv]", "files: [data/responses.csv")


def _empty_yaml(project: Path) -> None:
    (project / "project.yaml").write_text("# nothing here\n", encoding="utf-8")


def _data_file_missing(project: Path) -> None:
    (project / "data" / "responses.csv").unlink()


def _data_file_is_a_folder(project: Path) -> None:
    (project / "data" / "responses.csv").unlink()
    (project / "data" / "responses.csv").mkdir()


def _path_escape(project: Path) -> None:
    _edit(project / "project.yaml", "files: [data/responses.csv]", "files: [../stv/data/responses.csv]")


def _no_project_file(project: Path) -> None:
    (project / "project.yaml").unlink()


CASES: list[Case] = [
    # municipality names (issue 20): two names sharing a profile file, one name spelled twice
    Case("slug-aaby", "stv", _add_municipalities("Åby", "Aaby"),
         says=("'Aaby' and municipalities.0 'Åby' would share the profile file name 'aaby'",), lines=1),
    Case("slug-hyphen-space", "stv", _add_municipalities("Ringkøbing Skjern"),
         says=("'Ringkøbing-Skjern'", "'Ringkøbing Skjern'", "profile file name 'ringkoebing-skjern'"), lines=1),
    Case("case-duplicate", "stv", _add_municipalities("FAXE"),
         says=("'Faxe' is the same name as municipalities.0 'FAXE'",), lines=1),
    Case("nfd-duplicate", "sof", _add_municipalities("Ta\u030arnby"),
         says=("'Tårnby' is the same name as municipalities.0",), lines=1),
    Case("nbsp-duplicate", "sof", _add_municipalities("Faaborg-Midtfyn\u00a0"),
         says=("is the same name as municipalities.0",), lines=1),
    # project.yaml itself
    Case("duplicate-key-top", "stv", _duplicate_title,
         says=("project.yaml, line 7: duplicate key 'title' (first given on line 6)",), lines=1),
    Case("duplicate-key-nested", "stv", _duplicate_option_key,
         says=("duplicate key 'code' (first given on line",), lines=1),
    Case("yaml-not-utf8", "stv", _latin1_yaml, says=("project.yaml: not UTF-8 text",), lines=1),
    Case("yaml-syntax", "stv", _unclosed_bracket, says=("project.yaml, line", "invalid YAML"), lines=1),
    Case("yaml-empty", "stv", _empty_yaml, says=("project.yaml: must be a mapping of keys",), lines=1),
    Case("yaml-missing", "stv", _no_project_file, says=("project.yaml: project file not found",), lines=1),
    # data files named by project.yaml
    Case("data-missing", "stv", _data_file_missing, says=("data/responses.csv",)),
    Case("data-is-folder", "stv", _data_file_is_a_folder, says=("data/responses.csv",)),
    Case("data-outside-project", "stv", _path_escape, says=("must be a path inside the project folder",)),
]


FORMULAS = {  # OWASP's first characters, in labels that reach the metric exports
    "label: Tidspres og mange sager": "label: \"=HYPERLINK(\\\"http://evil.example\\\",\\\"klik\\\")\"",
    "group: Ressourcer": "group: \"+SUM(1;2)\"",
    "{code: 1, label: Borgerens jobmål}": "{code: 1, label: \"-Borgerens jobmål\"}",
    "{code: 2, label: Konkrete arbejdsopgaver}": "{code: 2, label: \"@Konkrete arbejdsopgaver\"}",
}
FORMULA_TEXTS = ("=HYPERLINK(", "+SUM(1;2)", "-Borgerens jobmål", "@Konkrete arbejdsopgaver")


def formula_labels(project: Path) -> None:
    """Code labels, code groups and multi-select option labels that a spreadsheet would run."""
    for old, new in FORMULAS.items():
        _edit(project / "project.yaml", old, new)
