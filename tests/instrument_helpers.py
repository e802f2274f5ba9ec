"""A mini panel project on disk for the instrument and panel tests: three measurements, two municipalities,
WHO-5 (5 items 0–5, × 4, no missing item allowed) and GSE (10 items 1–4, at most 3 missing), one row per
citizen × measurement in ``data.csv``.

``write_panel(dir, rows)`` writes ``project.yaml`` and ``data.csv``; each row is
``(id, wave, municipality, who5 answers (5), gse answers (10))`` with ``None`` for a blank cell.
"""

from __future__ import annotations

from pathlib import Path

WHO5_ITEMS = [f"who5_{k}" for k in range(1, 6)]
GSE_ITEMS = [f"gse_{k}" for k in range(1, 11)]

PROJECT = """\
id: mini-panel
name: Mini panel
title: Mini panel
data:
  files: [data.csv]
  respondent: id
  wave: wave
  municipality: kommune
  role: rolle
  panel: {panel}
waves:
  - {{id: m1, label: 1. måling, table_label: 1. måling, prose: første måling}}
  - {{id: m2, label: 2. måling, table_label: 2. måling, prose: anden måling}}
  - {{id: m3, label: 3. måling, table_label: 3. måling, prose: tredje måling}}
municipalities: [{{name: Aby, alias: Kommune A}}, {{name: Bby, alias: Kommune B}}]
roles: [{{id: borger, label: Borger, side: employee}}]
scales:
  who5:
    options: [{{code: 5, label: Hele tiden, score: 5}}, {{code: 4, label: Det meste af tiden, score: 4}},
              {{code: 3, label: Lidt over halvdelen, score: 3}}, {{code: 2, label: Lidt under halvdelen, score: 2}},
              {{code: 1, label: Lidt af tiden, score: 1}}, {{code: 0, label: På intet tidspunkt, score: 0}}]
  gse:
    options: [{{code: 4, label: Passer præcist, score: 4}}, {{code: 3, label: Passer nogenlunde, score: 3}},
              {{code: 2, label: Passer dårligt, score: 2}}, {{code: 1, label: Passer slet ikke, score: 1}}]
items:
{items}
instruments:
  - id: who5
    label: Trivsel (WHO-5)
    short: WHO-5
    items: [{who5}]
    min: 0
    max: 5
    multiplier: 4
    reference: {{value: 68, label: Befolkningen}}
    bands: [{{label: Stor risiko, upto: 35}}, {{label: Risiko, upto: 50}}, {{label: Ingen risiko}}]
    sensitivity:
      - {{id: lav, label: Konservativt, recode: {{3: 2}}}}
      - {{id: hoej, label: Optimistisk, recode: {{1: 2}}}}
  - id: gse
    label: Tro på egne evner (GSE)
    items: [{gse}]
    min: 1
    max: 4
    max_missing: 3
    categories: [{{label: Lav, values: [1, 2]}}, {{label: Høj, values: [3, 4]}}]
thresholds: {{min_n: 1}}
"""


def project_yaml(panel: bool = True) -> str:
    items = "\n".join(f"  - {{id: {i}, text: {i}, scale: who5}}" for i in WHO5_ITEMS) + "\n" + \
        "\n".join(f"  - {{id: {i}, text: {i}, scale: gse}}" for i in GSE_ITEMS)
    return PROJECT.format(panel="true" if panel else "false", items=items, who5=", ".join(WHO5_ITEMS),
                          gse=", ".join(GSE_ITEMS))


def write_panel(directory: Path, rows: list[tuple], *, panel: bool = True) -> Path:
    """The project folder with ``project.yaml`` and ``data.csv`` (header row = line 1)."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "project.yaml").write_text(project_yaml(panel), encoding="utf-8")
    header = ["id", "wave", "kommune", "rolle", *WHO5_ITEMS, *GSE_ITEMS]
    lines = [",".join(header)]
    for rid, wave, muni, who5, gse in rows:
        cells = [rid, wave, muni, "Borger", *("" if a is None else str(a) for a in (*who5, *gse))]
        lines.append(",".join(cells))
    (directory / "data.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


FULL_GSE = [3] * 10

# a small panel with hand-checkable scores (WHO-5 raw sums in comments)
ROWS = [
    ("p1", "m1", "Aby", [2, 2, 2, 2, 2], FULL_GSE),                        # 10 -> 40
    ("p2", "m1", "Aby", [1, 1, 1, 1, 1], [2] * 10),                        # 5 -> 20; GSE 20
    ("p3", "m1", "Bby", [3, 3, 3, 3, 3], [4, 4, 4, 4, 4, 4, 4, None, None, None]),   # 15 -> 60; GSE 40
    ("p4", "m1", "Bby", [4, None, 4, 4, 4], [1] * 10),                     # no WHO-5 score; GSE 10
    ("p5", "m1", "Bby", [0, 1, 3, 1, 0], [2, 2, 2, 2, None, None, None, None, 2, 2]),  # 5 -> 20; GSE: 4 missing
    ("p1", "m2", "Aby", [3, 3, 2, 2, 2], FULL_GSE),                        # 12 -> 48
    ("p2", "m2", "Aby", [2, 1, 1, 1, 1], [3] * 10),                        # 6 -> 24; GSE 30
    ("p3", "m2", "Bby", [4, 4, 4, 4, 4], [4] * 10),                        # 20 -> 80; GSE 40
    ("p6", "m2", "Bby", [5, 5, 5, 5, 5], FULL_GSE),                        # first answer at m2
    ("p1", "m3", "Aby", [4, 4, 4, 4, 4], FULL_GSE),                        # 20 -> 80
    ("p3", "m3", "Bby", [3, 3, 3, 3, 4], [3] * 10),                        # 16 -> 64; GSE 30
]
