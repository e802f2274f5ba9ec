"""A tiny project builder: write a project.yaml and a survey file (CSV/XLSX/SAV) into a tmp dir."""

from __future__ import annotations

import copy
import csv
from pathlib import Path

import pytest
import yaml

ENIG = [
    {"code": 5, "label": "Helt enig", "score": 5, "top": True},
    {"code": 4, "label": "Enig", "score": 4, "top": True},
    {"code": 3, "label": "Hverken enig eller uenig", "score": 3},
    {"code": 2, "label": "Uenig", "score": 2},
    {"code": 1, "label": "Helt uenig", "score": 1},
    {"code": 9, "label": "Ved ikke", "dont_know": True},
]

BASE_CONFIG = {
    "id": "mini",
    "name": "Mini",
    "title": "Testnotat",
    "data": {"files": ["data/svar.csv"], "respondent": "id", "wave": "måling", "municipality": "kommune",
             "role": "funktion"},
    "waves": [
        {"id": "start", "label": "Start", "table_label": "Startmåling", "prose": "startmålingen", "invited": 8},
        {"id": "slut", "label": "Slut", "table_label": "Slutmåling", "prose": "slutmålingen"},
    ],
    "municipalities": [{"name": "Aarhus"}, {"name": "Ærø", "waves": ["start"]}],
    "roles": [
        {"id": "leder", "label": "Leder", "side": "leader", "raw": ["Jobcenterchef", "Teamleder"]},
        {"id": "medarbejder", "label": "Medarbejder", "side": "employee", "raw": ["Sagsbehandler"]},
    ],
    "scales": {
        "enig": {"kind": "ordinal", "options": ENIG},
        "janej": {"kind": "single", "options": [{"code": 1, "label": "Ja", "top": True}, {"code": 2, "label": "Nej"}]},
        "flere": {"kind": "multi", "options": [{"code": 1, "label": "Møder"}, {"code": 2, "label": "Mails"}]},
        "antal": {"kind": "numeric", "min": 0, "max": 100},
        "tekst": {"kind": "text"},
    },
    "items": [
        {"id": "q1", "text": "Udsagn 1", "scale": "enig", "fidelity": True},
        {"id": "q2", "text": "Negativt udsagn", "scale": "enig", "reverse": True},
        {"id": "q3", "text": "Bruger du møder?", "scale": "janej"},
        {"id": "q4", "text": "Hvilke?", "scale": "flere", "filter": {"item": "q3", "equals": ["Ja"]}},
        {"id": "q5", "text": "Antal sager", "scale": "antal", "roles": ["medarbejder"]},
        {"id": "q6", "text": "Barrierer", "scale": "tekst", "waves": ["slut"]},
    ],
}

KEYS = ["id", "måling", "kommune", "funktion"]
ITEM_COLUMNS = ["q1", "q2", "q3", "q4_1", "q4_2", "q5", "q6"]

# A valid data set: 4 respondents at start (Aarhus 2, Ærø 2), 3 at slut (Aarhus).
BASE_ROWS = [
    {"id": "1", "måling": "start", "kommune": "Aarhus", "funktion": "Jobcenterchef", "q1": "Helt enig", "q2": "Helt uenig",
     "q3": "Ja", "q4_1": "1", "q4_2": "0"},
    {"id": "2", "måling": "start", "kommune": "Aarhus", "funktion": "Sagsbehandler", "q1": "Enig", "q2": "Enig",
     "q3": "Nej", "q5": "12"},
    {"id": "3", "måling": "start", "kommune": "Ærø", "funktion": "Teamleder", "q1": "Ved ikke", "q2": "Uenig", "q3": "Ja",
     "q4_1": "0", "q4_2": "1"},
    {"id": "4", "måling": "start", "kommune": "Ærø", "funktion": "Sagsbehandler", "q1": "Uenig", "q3": "Nej",
     "q5": "7,5"},
    {"id": "1", "måling": "slut", "kommune": "Aarhus", "funktion": "Jobcenterchef", "q1": "Helt enig", "q2": "Hverken enig eller uenig",
     "q3": "Ja", "q4_1": "1", "q4_2": "1", "q6": "For lidt tid"},
    {"id": "2", "måling": "slut", "kommune": "Aarhus", "funktion": "Sagsbehandler", "q1": "Helt uenig", "q3": "Nej",
     "q5": "0", "q6": "Ingen"},
    {"id": "5", "måling": "slut", "kommune": "Aarhus", "funktion": "Sagsbehandler", "q1": "Enig", "q2": "Helt enig"},
]


class ProjectBuilder:
    """Builds a small project in a directory; tests change ``config``/``rows`` and call a writer."""

    def __init__(self, root: Path):
        self.root = root
        self.config = copy.deepcopy(BASE_CONFIG)
        self.rows = copy.deepcopy(BASE_ROWS)
        self.columns = KEYS + ITEM_COLUMNS

    # -- config ------------------------------------------------------------------------------
    def write_config(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "project.yaml").write_text(yaml.safe_dump(self.config, allow_unicode=True, sort_keys=False),
                                                encoding="utf-8")
        return self.root

    def item(self, item_id: str) -> dict:
        return next(i for i in self.config["items"] if i["id"] == item_id)

    def table(self) -> list[list[str]]:
        return [self.columns] + [[str(r.get(c, "")) for c in self.columns] for r in self.rows]

    def data_path(self, suffix: str) -> Path:
        name = f"data/svar.{suffix}"
        self.config["data"]["files"] = [name]
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    # -- writers -----------------------------------------------------------------------------
    def csv(self, *, sep: str = ";", encoding: str = "utf-8-sig") -> Path:
        path = self.data_path("csv")
        with path.open("w", encoding=encoding, newline="") as fh:
            csv.writer(fh, delimiter=sep, lineterminator="\n").writerows(self.table())
        return self.write_config()

    def raw(self, data: bytes, suffix: str = "csv") -> Path:
        self.data_path(suffix).write_bytes(data)
        return self.write_config()

    def xlsx(self) -> Path:
        import openpyxl

        path = self.data_path("xlsx")
        wb = openpyxl.Workbook()
        ws = wb.active
        header, *body = self.table()
        ws.append(header)
        for row in body:
            ws.append([_excel_value(v) for v in row])
        wb.save(path)
        return self.write_config()

    def sav(self, *, codes: bool = True) -> Path:
        """SPSS file: answers as numeric codes with value labels (or label strings when ``codes`` is False)."""
        import pandas as pd
        import pyreadstat

        path = self.data_path("sav")
        scales = self.config["scales"]
        header, *body = self.table()
        frame: dict[str, list] = {c: [row[i] for row in body] for i, c in enumerate(header)}
        value_labels: dict[str, dict] = {}
        munis = [m["name"] for m in self.config["municipalities"]]
        value_labels["kommune"] = {float(i + 1): m for i, m in enumerate(munis)}
        frame["kommune"] = [float(munis.index(v) + 1) for v in frame["kommune"]]
        frame["id"] = [float(v) for v in frame["id"]]
        for item in self.config["items"]:
            kind = scales[item["scale"]]["kind"]
            if kind in ("ordinal", "single") and codes and item["id"] in frame:
                options = scales[item["scale"]]["options"]
                by_label = {o["label"]: float(o["code"]) for o in options}
                frame[item["id"]] = [by_label.get(v, float("nan")) if v else float("nan") for v in frame[item["id"]]]
                value_labels[item["id"]] = {float(o["code"]): o["label"] for o in options}
            elif kind in ("multi", "numeric"):
                for col in [c for c in header if c == item["id"] or c.startswith(item["id"] + "_")]:
                    frame[col] = [float(v.replace(",", ".")) if v else float("nan") for v in frame[col]]
        pyreadstat.write_sav(pd.DataFrame(frame), str(path), variable_value_labels=value_labels)
        return self.write_config()


def _excel_value(text: str):
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        return text


@pytest.fixture
def builder(tmp_path: Path) -> ProjectBuilder:
    """A fresh mini project under ``tmp_path/proj`` (nothing written until a writer is called)."""
    return ProjectBuilder(tmp_path / "proj")
