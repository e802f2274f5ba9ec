"""A constructed project written into a test's tmp_path: small groups, a municipality that leaves after the first
wave, no tracks and two waves — the shapes the example projects do not have, for the disclosure, participation,
prose and wording rules (tests/compose/test_constructed_project.py)."""

from __future__ import annotations

import random
from pathlib import Path

PROJECT_YAML = """\
id: tpj
name: Tæt på jobbet (TPJ)
title: Surveynotat
subtitle: Ledere og rådgivere i fem kommuner
date: 2024-05-01
brand: nordlys
language: da
data:
  files: [data/svar.csv]
  respondent: id
  wave: runde
  municipality: kommune
  role: stilling
waves:
  - {id: foer, label: Før, table_label: Førmåling, prose: førmålingen}
  - {id: efter, label: Efter, table_label: Eftermåling, prose: eftermålingen}
municipalities:
  - {name: Aby}
  - {name: Borup}
  - {name: Celle}
  - {name: Dalby}
  - {name: Egeby, waves: [foer]}
roles:
  - {id: chef, label: Chef, side: leader, raw: [Chef]}
  - {id: raadgiver, label: Rådgiver, side: employee, raw: [Rådgiver]}
scales:
  grad:
    kind: ordinal
    options:
      - {code: 1, label: I meget høj grad, score: 5, top: true}
      - {code: 2, label: I høj grad, score: 4, top: true}
      - {code: 3, label: I nogen grad, score: 3}
      - {code: 4, label: I ringe grad, score: 2}
      - {code: 5, label: Slet ikke, score: 1}
      - {code: 6, label: Ved ikke, dont_know: true}
items:
{items}
thresholds:
  min_n: {employee: 3, leader: 1}
  min_valid_items: 3
  change:
    fidelity_mean: {threshold: 0.1, from: foer, to: efter, unit: score}
    power_ranking: {threshold: 0.05, from: foer, to: efter, unit: share}
"""

ITEMS = [f"p{i}" for i in range(1, 7)]
LABELS = ["I meget høj grad", "I høj grad", "I nogen grad", "I ringe grad", "Slet ikke", "Ved ikke"]
# respondents per municipality × wave: (rådgivere, chefer) — Borup and Dalby have too few rådgivere,
# Celle has no chef in the second wave, Egeby leaves after the first wave
GROUPS = {
    ("Aby", "foer"): (9, 2), ("Aby", "efter"): (8, 2),
    ("Borup", "foer"): (2, 1), ("Borup", "efter"): (4, 1),
    ("Celle", "foer"): (6, 1), ("Celle", "efter"): (5, 0),
    ("Dalby", "foer"): (3, 2), ("Dalby", "efter"): (1, 1),
    ("Egeby", "foer"): (5, 1),
}


def write_project(tmp: Path, seed: int = 7) -> Path:
    """Write ``tmp/tpj`` (project.yaml and data/svar.csv) and return the folder."""
    rng = random.Random(seed)
    target = tmp / "tpj"
    (target / "data").mkdir(parents=True, exist_ok=True)
    items = "\n".join(f"  - {{id: {i}, text: Vi arbejder efter princip {i[1:]} i hverdagen, scale: grad, fidelity: true}}"
                      for i in ITEMS)
    (target / "project.yaml").write_text(PROJECT_YAML.replace("{items}", items), encoding="utf-8")
    lines = [";".join(["id", "runde", "kommune", "stilling", *ITEMS])]
    rid = 1000
    for (municipality, wave), (advisers, chiefs) in GROUPS.items():
        lean = {"Aby": 0, "Borup": 1, "Celle": 2, "Dalby": 1, "Egeby": 2}[municipality] + (wave == "foer")
        for role, count in (("Rådgiver", advisers), ("Chef", chiefs)):
            for _ in range(count):
                rid += 1
                answers = [LABELS[min(5, max(0, lean + rng.choice([-1, 0, 0, 1, 2])))] for _ in ITEMS]
                lines.append(";".join([str(rid), wave, municipality, role, *answers]))
    (target / "data" / "svar.csv").write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    return target
