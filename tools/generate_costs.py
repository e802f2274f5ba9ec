"""Write the synthetic cost and budget sheets of the 'Social støtte' example project.

``python tools/generate_costs.py [fixtures/social-support]`` writes ``costs.csv`` (semicolon-separated, Danish
numbers, as a municipality's spreadsheet exports it) and ``budget.csv``. The cost items are those the reference
evaluation collected (its Tabel 7-3): establishment once, operation quarter by quarter over two years; staff time
as hours × an hourly rate (annual salary / 1.418 effective hours + 20 pct. overhead), other costs as amounts.
The budget sheet holds four archetypes' consequences per citizen for the municipality and the state.
Deterministic: the same files on every run.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

MUNICIPALITIES = ["Havby", "Skovby", "Engby", "Bakkeby", "Fjordby"]
# hourly rates (kr.): annual salary incl. pension / 1418 hours × 1.2 overhead, rounded
RATES = {"projektleder": 520, "frontmedarbejder": 430, "virksomhedskonsulent": 450, "cti": 410}
# relative size of each municipality's effort (organisation differs, as in the reference)
SCALE = {"Havby": 1.25, "Skovby": 0.95, "Engby": 0.8, "Bakkeby": 1.05, "Fjordby": 0.7}

ESTABLISHMENT = [   # group, item, rate key (None: an amount), typical hours or kr.
    ("Projektledelse", "Intern opstart af samarbejde", "projektleder", 190),
    ("Projektledelse", "Øvrig administration i etableringsfasen", "projektleder", 120),
    ("Projektledelse", "Kompetenceudvikling", "projektleder", 35),
    ("Frontmedarbejdere", "Intern opstart af samarbejde", "frontmedarbejder", 240),
    ("Frontmedarbejdere", "Øvrig administration i etableringsfasen", "frontmedarbejder", 90),
    ("Frontmedarbejdere", "Kompetenceudvikling", "frontmedarbejder", 140),
    ("Frontmedarbejdere", "Transport", None, 14_000),
    ("Frontmedarbejdere", "Øvrige omkostninger", None, 22_000),
]
OPERATION = [       # item, rate key, typical hours or kr. per quarter
    ("Administration", "projektleder", 330),
    ("Kompetenceudvikling", "frontmedarbejder", 55),
    ("Fælles opstart, koordinering og samarbejde", "frontmedarbejder", 720),
    ("Virksomhedsrettet indsats", "virksomhedskonsulent", 390),
    ("CTI-støtte", "cti", 640),
    ("Øvrige udgifter", None, 9_000),
]
BUDGET = [          # archetype, actor, consequence, kr. per citizen over six years
    ("B", "kommune", "Kontanthjælp og beskæftigelse", 61_000), ("B", "stat", "Skat af indkomst", 52_400),
    ("C", "kommune", "Kontanthjælp og beskæftigelse", 84_500), ("C", "kommune", "Socialpædagogisk støtte", 11_800),
    ("C", "stat", "Skat af indkomst", 87_300),
    ("D", "kommune", "Kontanthjælp og beskæftigelse", 101_400), ("D", "kommune", "Socialpædagogisk støtte", 23_600),
    ("D", "stat", "Skat af indkomst", 104_800),
]


def danish(value: float, decimals: int = 0) -> str:
    """12500.5 → '12.500,5'."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def cost_rows(rng: random.Random) -> list[list[str]]:
    rows = [["kommune", "fase", "kvartal", "gruppe", "post", "timer", "timeløn", "beløb"]]
    for name in MUNICIPALITIES:
        scale = SCALE[name]
        for group, item, rate, typical in ESTABLISHMENT:
            size = typical * scale * rng.uniform(0.45, 1.6)
            if rate is None:
                rows.append([name, "Etablering", "", group, item, "", "", danish(round(size, -2))])
            else:
                rows.append([name, "Etablering", "", group, item, danish(round(size * 2) / 2, 1).removesuffix(",0"),
                             str(RATES[rate]), ""])
        for quarter in range(1, 9):
            for item, rate, typical in OPERATION:
                size = typical * scale * rng.uniform(0.7, 1.3)
                when = f"{2018 + (quarter - 1) // 4}-K{(quarter - 1) % 4 + 1}"
                if rate is None:
                    rows.append([name, "Drift", when, "", item, "", "", danish(round(size, -2))])
                else:
                    rows.append([name, "Drift", when, "", item, danish(round(size * 2) / 2, 1).removesuffix(",0"),
                                 str(RATES[rate]), ""])
    return rows


def write(folder: Path) -> None:
    rng = random.Random(2020)
    with (folder / "costs.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows(cost_rows(rng))
    with (folder / "budget.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(["arketype", "aktør", "konsekvens", "beløb"])
        writer.writerows([a, b, c, danish(v)] for a, b, c, v in BUDGET)


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "fixtures" / "social-support")
