"""Fail when a runtime dependency of reporter is under a copyleft licence (GPL, AGPL, LGPL).

Runtime = ``[project] dependencies`` plus the shipped extras ``service``, ``cluster`` and ``compare`` of
pyproject.toml, with everything they require (the closure is walked through the installed packages'
metadata, ``importlib.metadata``; environment markers are evaluated). The ``test`` extra is not shipped and
not checked. A package's licence is read from ``License-Expression``, ``License`` and its licence
classifiers. A package offered under several licences passes only when it is listed in :data:`CHOSEN`
with the non-copyleft licence we use it under.

Run: ``python tools/check_licences.py`` (exit 1 and one line per offending package); ``make test`` runs it
through tests/tools/test_check_licences.py.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_EXTRAS = ("service", "cluster", "compare")

COPYLEFT = re.compile(r"\b(A|L)?GPL|General Public License", re.I)

# Packages offered under several licences, some copyleft: the one we use them under.
CHOSEN = {
    "pyphen": "MPL-1.1 (tri-licensed GPL-2.0+ / LGPL-2.1+ / MPL-1.1)",
}


@dataclass(frozen=True)
class Licence:
    package: str
    version: str
    texts: tuple[str, ...]

    @property
    def copyleft(self) -> bool:
        if _normal(self.package) in CHOSEN:
            return False
        expression = next((t for t in self.texts if t.startswith("expression: ")), None)
        if expression is not None:   # SPDX: an OR offers a choice, every AND term applies
            alternatives = re.split(r"\s+OR\s+", expression.removeprefix("expression: "))
            return all(COPYLEFT.search(a) for a in alternatives)
        return any(COPYLEFT.search(t) for t in self.texts)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in RUNTIME_EXTRAS:
        requirements += project.get("optional-dependencies", {}).get(extra, [])
    return requirements


def licence_of(dist: metadata.Distribution) -> Licence:
    meta = dist.metadata
    texts = []
    if meta.get("License-Expression"):
        texts.append("expression: " + meta["License-Expression"])
    licence = (meta.get("License") or "").strip()
    if licence and len(licence) < 200:          # some packages paste the whole licence text here
        texts.append(licence)
    elif licence:
        texts.append(licence.splitlines()[0])
    texts += [c for c in (meta.get_all("Classifier") or []) if c.startswith("License ::")]
    return Licence(meta["Name"], dist.version, tuple(texts))


def closure(requirements: list[str]) -> tuple[dict[str, metadata.Distribution], list[str]]:
    """Every installed distribution the requirements pull in (by normalised name), and the names not installed."""
    found: dict[str, metadata.Distribution] = {}
    missing: list[str] = []
    todo = [(Requirement(r), frozenset()) for r in requirements]
    seen: set[tuple[str, frozenset]] = set()
    while todo:
        req, parent_extras = todo.pop()
        env_ok = req.marker is None or any(req.marker.evaluate({"extra": e}) for e in (parent_extras or {""}))
        if not env_ok:
            continue
        name = _normal(req.name)
        key = (name, frozenset(req.extras))
        if key in seen:
            continue
        seen.add(key)
        if name == "reporter":                 # the project's own extras ("reporter[service]")
            pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
            for extra in req.extras:
                todo += [(Requirement(r), frozenset()) for r in pyproject["optional-dependencies"][extra]]
            continue
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            missing.append(req.name)
            continue
        found[name] = dist
        for sub in dist.requires or []:
            todo.append((Requirement(sub), frozenset(req.extras)))
    return found, sorted(set(missing))


def copyleft_packages(requirements: list[str]) -> tuple[list[Licence], list[str]]:
    """The packages under a copyleft licence among the requirements' closure, and those not installed."""
    found, missing = closure(requirements)
    bad = [lic for lic in (licence_of(d) for _, d in sorted(found.items())) if lic.copyleft]
    return bad, missing


def main() -> int:
    bad, missing = copyleft_packages(runtime_requirements())
    for name in missing:
        print(f"not installed, licence unknown: {name}", file=sys.stderr)
    for lic in bad:
        print(f"copyleft runtime dependency: {lic.package} {lic.version}: {'; '.join(lic.texts)}", file=sys.stderr)
    if bad or missing:
        return 1
    found, _ = closure(runtime_requirements())
    print(f"{len(found)} runtime packages, none under GPL/AGPL/LGPL")
    return 0


if __name__ == "__main__":
    sys.exit(main())
