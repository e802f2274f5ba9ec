"""Test projects for the template tests: a copy of the STV example project whose note is a template written
in the test (with an image), and the complete example of docs/templates.md."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def docs_example() -> str:
    """The complete example of docs/templates.md (between its markers)."""
    text = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    body = text.split("<!-- example:begin -->", 1)[1].split("<!-- example:end -->", 1)[0]
    lines = body.strip().splitlines()
    assert lines[0].startswith("~~~") and lines[-1].startswith("~~~")
    return "\n".join(lines[1:-1]) + "\n"


def write_png(path: Path, size: tuple[int, int] = (400, 200)) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (30, 90, 140)).save(path, format="PNG")


def make_project(tmp: Path, template: str, name: str = "note.md") -> Path:
    """Copy fixtures/stv to ``tmp/stv`` with ``note: {template: name}`` and the template text."""
    target = tmp / "stv"
    shutil.copytree(ROOT / "fixtures" / "stv", target)
    yaml_path = target / "project.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    text = re.sub(r"^note:.*\n(  .*\n)*", "", text, flags=re.M)
    yaml_path.write_text(text + f"\nnote:\n  template: {name}\n", encoding="utf-8")
    (target / name).write_text(template, encoding="utf-8")
    write_png(target / "images" / "model.png")
    return target
