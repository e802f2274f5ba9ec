"""Shared helpers for the register tests: the test project in tests/register_project and synthetic extracts."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REGISTER_PROJECT = ROOT / "tests" / "register_project"


def generator():
    """tools/generate_register.py as a module."""
    spec = importlib.util.spec_from_file_location("generate_register", ROOT / "tools" / "generate_register.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate_register", module)
    spec.loader.exec_module(module)
    return module


def copy_project(target: Path) -> Path:
    """A copy of the register test project that a test may change."""
    shutil.copytree(REGISTER_PROJECT, target)
    return target


def edit_config(project_dir: Path, change) -> None:
    """Apply ``change(config_dict)`` to project.yaml."""
    path = project_dir / "project.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(config)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def synthetic_project(target: Path, *, persons: int, effect: float, seed: int, population: int = 200) -> Path:
    """The test project with a generated extract for its two municipalities (weeks as Parquet)."""
    copy_project(target)
    gen = generator()
    p, w = gen.synthesize(["Aarhus", "Ærø"], intervention=persons // 2, comparison=persons - persons // 2,
                          population=population, effect=effect, seed=seed)
    gen.write(target / "register", p, w)
    return target
