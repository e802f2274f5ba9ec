"""A small survey project with a cost sheet, written into a test's tmp folder.

The cost lines are the reference evaluation's own Tabel 7-4 (establishment) and Tabel 7-5 (operation over the
2-year period), item by item, for five municipalities shown as Kommune A–E; the participants per year
(41, 63, 68, 38, 42; mean 50,4) are the ones its per-citizen row implies. Project-management establishment
lines are hours × 500 kr., front-line staff lines hours × 400 kr.; the rest are amounts.
"""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

REAL = ["Tønder", "Aabenraa", "Sønderborg", "Haderslev", "Vejen"]
ALIAS = ["Kommune A", "Kommune B", "Kommune C", "Kommune D", "Kommune E"]
PARTICIPANTS = [41, 63, 68, 38, 42]

# Tabel 7-4 (thousand kr.): (group, item, values A–E)
ESTABLISHMENT = [
    ("Projektledelse", "Intern opstart af samarbejde", [33, 177, 102, 154, 61]),
    ("Projektledelse", "Øvrig administration i etableringsfasen", [30, 64, 68, 62, 88]),
    ("Projektledelse", "Kompetenceudvikling", [21, 18, 15, 11, 21]),
    ("Frontmedarbejdere", "Intern opstart af samarbejde", [58, 16, 12, 80, 388]),
    ("Frontmedarbejdere", "Øvrig administration i etableringsfasen", [4, 5, 12, 24, 176]),
    ("Frontmedarbejdere", "Kompetenceudvikling", [22, 34, 120, 62, 61]),
    ("Frontmedarbejdere", "Transport", [12, 0, 12, 44, 9]),
    ("Frontmedarbejdere", "Øvrige omkostninger", [0, 46, 75, 0, 5]),
]
# Tabel 7-5 (thousand kr., the whole 2-year period)
OPERATION = [
    ("", "Administration", [787, 1785, 1076, 1892, 2153]),
    ("", "Uddannelsesaktiviteter", [111, 112, 768, 36, 29]),
    ("", "Fælles opstart, koordinering og samarbejde", [1489, 4909, 4177, 2324, 683]),
    ("", "Virksomhedsrettet indsats", [989, 1259, 1187, 1165, 3104]),
    ("", "CTI-indsats", [1146, 917, 3530, 3083, 3680]),
    ("", "Øvrig kompetenceudvikling", [107, 354, 727, 0, 137]),
    ("", "Øvrige udgifter", [0, 111, 151, 0, 111]),
]
# budget consequences per citizen (kr.): scenario → {actor: amount}
BUDGET = {"A": {}, "B": {"kommune": 65_200, "stat": 48_300}, "C": {"kommune": 98_100, "stat": 86_500},
          "D": {"kommune": 118_600, "stat": 111_300}}


def danish(value: float) -> str:
    """12500.5 → '12.500,5' (how a Danish spreadsheet exports it)."""
    whole, _, frac = f"{value:.2f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    frac = frac.rstrip("0")
    return grouped + ("," + frac if frac else "")


def cost_rows(names: list[str] = REAL) -> list[dict]:
    rows = []
    for group, item, values in ESTABLISHMENT:
        for name, value in zip(names, values):
            rate = 500 if group == "Projektledelse" else 400
            if group == "Projektledelse" or item != "Øvrige omkostninger":
                rows.append({"kommune": name, "fase": "etablering", "gruppe": group, "post": item,
                             "timer": danish(value * 1000 / rate), "timeløn": str(rate), "beløb": ""})
            else:
                rows.append({"kommune": name, "fase": "etablering", "gruppe": group, "post": item,
                             "timer": "", "timeløn": "", "beløb": danish(value * 1000)})
    for group, item, values in OPERATION:
        for name, value in zip(names, values):
            rows.append({"kommune": name, "fase": "Drift", "gruppe": group, "post": item,
                         "timer": "", "timeløn": "", "beløb": danish(value * 1000) + " kr."})
    return rows


def write_csv(path: Path, rows: list[dict], delimiter: str = ";") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)


def _survey_rows() -> list[dict]:
    rows = []
    answers = ["Helt enig", "Enig", "Hverken enig eller uenig", "Uenig", "Enig", "Helt enig"]
    rid = 0
    for m_i, name in enumerate(REAL):
        for wave in ("start", "slut"):
            for k in range(6):
                rid += 1
                role = "Leder" if k == 0 else "Sagsbehandler"
                rows.append({"id": f"{m_i}-{k}", "måling": wave, "kommune": name, "funktion": role,
                             "q1": answers[(k + m_i) % 6], "q2": answers[(k + 2 * m_i + (wave == "slut")) % 6],
                             "q3": "Ja" if (k + m_i) % 3 else "Nej"})
    return rows


NOTE = """---
toc: false
---

# Økonomi {#sec-costs}

Kapitlet viser omkostningerne.

```{block} cost-per-citizen-figure
label: fig-costs
```

```{block} cost-sensitivity-figure
label: fig-sensitivity
```

```{block} budget-result-figure
label: fig-budget
```

```{block} cost-table
phase: establishment
label: tbl-establishment
```

```{block} cost-table
phase: operation
label: tbl-operation
```
"""


def write_project(target: Path, *, aliases: bool = True, budget: bool = True, note: str | None = NOTE) -> Path:
    """The project in ``target``; ``aliases`` switches ``municipality_names: alias`` on."""
    target.mkdir(parents=True, exist_ok=True)
    write_csv(target / "data" / "svar.csv", _survey_rows())
    write_csv(target / "costs.csv", cost_rows())
    write_csv(target / "budget.csv", [{"arketype": s, "aktør": a, "beløb": danish(v)}
                                      for s, actors in BUDGET.items() for a, v in actors.items()]
              or [{"arketype": "A", "aktør": "kommune", "beløb": "0"}])
    enig = [{"code": 5, "label": "Helt enig", "score": 5, "top": True}, {"code": 4, "label": "Enig", "score": 4, "top": True},
            {"code": 3, "label": "Hverken enig eller uenig", "score": 3}, {"code": 2, "label": "Uenig", "score": 2},
            {"code": 1, "label": "Helt uenig", "score": 1}]
    config = {
        "id": "costs-mini", "name": "Social støtte (test)", "title": "Økonomisk analyse", "date": "2021-06-30",
        "data": {"files": ["data/svar.csv"], "respondent": "id", "wave": "måling", "municipality": "kommune",
                 "role": "funktion"},
        "waves": [{"id": "start", "label": "Start", "table_label": "Startmåling", "prose": "startmålingen"},
                  {"id": "slut", "label": "Slut", "table_label": "Slutmåling", "prose": "slutmålingen"}],
        "municipalities": [{"name": n, "alias": a} for n, a in zip(REAL, ALIAS)],
        "roles": [{"id": "leder", "label": "Leder", "side": "leader", "raw": ["Leder"]},
                  {"id": "medarbejder", "label": "Medarbejder", "side": "employee", "raw": ["Sagsbehandler"]}],
        "scales": {"enig": {"kind": "ordinal", "options": enig},
                   "janej": {"kind": "single", "options": [{"code": 1, "label": "Ja", "top": True},
                                                           {"code": 2, "label": "Nej"}]}},
        "tracks": [{"id": "s1", "label": "Spor 1", "core_elements": [{"id": "k1", "label": "Samarbejde", "indices": [
            {"id": "i1", "label": "Fælles mål", "items": ["q1", "q2"]}]}]}],
        "items": [{"id": "q1", "text": "Vi har fælles mål", "scale": "enig", "fidelity": True},
                  {"id": "q2", "text": "Vi mødes fast", "scale": "enig", "fidelity": True},
                  {"id": "q3", "text": "Bruger du CTI?", "scale": "janej"}],
        "thresholds": {"min_n": 1},
        "costs": {
            "file": "costs.csv",
            "columns": {"group": "gruppe"},
            "participants": dict(zip(REAL, PARTICIPANTS)),
            "horizon_years": 2, "operation_years": 2, "discount_rate": 0.04, "price_year": 2020,
        },
    }
    if aliases:
        config["municipality_names"] = "alias"
    if budget:
        config["costs"]["budget"] = {
            "file": "budget.csv",
            "actors": [{"code": "kommune", "label": "Kommune", "bears_costs": True}, {"code": "stat", "label": "Stat"}],
            "scenarios": [{"code": s, "label": f"Arketype {s}"} for s in BUDGET],
        }
    if note is not None:
        (target / "note.md").write_text(note, encoding="utf-8")
        config["note"] = {"template": "note.md"}
    (target / "project.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target
