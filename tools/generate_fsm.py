"""Generate the synthetic 'Flere skal med' example project in ``fixtures/fsm/`` (deterministic, fixed seed).

``python tools/generate_fsm.py`` rewrites ``fixtures/fsm/project.yaml``, ``data/responses.csv`` and
``data/barriers.csv`` byte for byte. The project: 88 municipalities with population, volume (citizens in
the target group) and readiness attributes, two waves, a municipality-level survey answered by one leader
(jobcentre manager) per municipality plus staff (case managers and employer consultants) in most
municipalities. Six municipalities do not answer the start wave and four the end wave (no leader); staff
answer in about two thirds of the municipalities, so the number of municipalities behind a core-element
score varies. The note template ``fixtures/fsm/note.md`` is written by hand.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.generate_fixtures import municipality_names  # noqa: E402

OUT = ROOT / "fixtures" / "fsm"
SEED = 20230601
N_MUNICIPALITIES = 88
WAVES = ("start", "slut")
AGREE = ["Helt uenig", "Uenig", "Hverken enig eller uenig", "Enig", "Helt enig"]
DEGREE = ["Slet ikke", "I mindre grad", "I nogen grad", "I høj grad", "I meget høj grad"]
BANDS = ["0-19 %", "20-39 %", "40-59 %", "60-79 %", "80-100 %"]
PRIORITIES = ["Tidlig indsats", "Virksomhedssamarbejde", "Mentorstøtte", "Opkvalificering",
              "Sundhedsindsats", "Tværfagligt samarbejde"]
FUNCTIONS = ["Myndighedssagsbehandling", "Virksomhedskonsulent", "Jobformidling", "Mentorkoordinering"]
OFFERS = ["Virksomhedspraktik", "Løntilskud", "Uddannelse", "Andet"]
CODES = [("tid", "Tidspres og mange sager", "Ressourcer"), ("it", "Mangelfulde it-systemer", "Ressourcer"),
         ("virk", "Få virksomheder vil samarbejde", "Samarbejdspartnere"),
         ("borger", "Borgerne er ikke motiverede", "Samarbejdspartnere"),
         ("ledelse", "Uklar prioritering fra ledelsen", "Organisering")]
FIDELITY = [("k1_plan", "k1", "Borgeren har en plan med et klart jobmål"),
            ("k1_opf", "k1", "Planen følges op mindst hver tredje måned"),
            ("k2_virk", "k2", "Vi samarbejder tæt med lokale virksomheder"),
            ("k2_match", "k2", "Borgerne matches til konkrete job"),
            ("k3_tvaer", "k3", "Indsatsen koordineres på tværs af forvaltninger"),
            ("k3_sund", "k3", "Sundhedsindsatsen er en del af forløbet"),
            ("k4_ledelse", "k4", "Ledelsen følger op på resultaterne"),
            ("k4_data", "k4", "Vi bruger data til at justere indsatsen")]
CORES = {"k1": "Jobrettet plan", "k2": "Virksomhedssamarbejde", "k3": "Helhedsorienteret indsats",
         "k4": "Ledelse og opfølgning"}


def _slug(name: str) -> str:
    """The profile file name of a municipality (as reporter.config.names.slug: æ→ae, ø→oe, å→aa)."""
    import re
    import unicodedata

    text = unicodedata.normalize("NFC", name).lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9-]", "", re.sub(r"\s+", "-", text.strip())) or "kommune"


def names(n: int) -> list[str]:
    """``n`` municipality names whose profile file names differ ('Åby' and 'Aaby' would share one)."""
    out, seen = [], set()
    for name in municipality_names(3 * n):
        if _slug(name) not in seen:
            seen.add(_slug(name))
            out.append(name)
    return out[:n]


def scale(labels: list[str], top: int = 2, dont_know: bool = True, kind: str = "ordinal", scored: bool = True) -> dict:
    n = len(labels)
    options = []
    for i, label in enumerate(reversed(labels)):
        opt = {"code": i + 1, "label": label}
        if scored:
            opt["score"] = n - i
        if i < top:
            opt["top"] = True
        options.append(opt)
    if dont_know:
        options.append({"code": 9, "label": "Ved ikke", "dont_know": True})
    return {"kind": kind, "options": options}


def project_dict(names: list[str], rng: np.random.Generator) -> dict:
    population = np.round(np.exp(rng.normal(10.6, 0.7, len(names)))).astype(int)
    volume = np.round(population * rng.uniform(0.004, 0.012, len(names)))
    readiness = rng.choice(["Høj", "Middel", "Lav"], size=len(names), p=[0.3, 0.45, 0.25])
    items = [{"id": iid, "text": text, "scale": "enighed", "fidelity": True} for iid, _, text in FIDELITY]
    items[0]["text_by_role"] = {"leder": "Borgerne i jobcentret har en plan med et klart jobmål"}
    items += [
        {"id": "tro_job", "text": "Hvor stor en del af borgerne i målgruppen tror du kan komme i job inden for et år?",
         "scale": "andel"},
        {"id": "samarbejde", "text": "Samarbejdet med de andre forvaltninger fungerer godt", "scale": "enighed"},
        {"id": "parathed", "text": "I hvilken grad er jobcentret klar til at arbejde efter modellen?",
         "scale": "grad", "roles": ["leder"]},
        {"id": "tilbud", "text": "Hvilket tilbud bruger du oftest til borgerne i målgruppen?", "scale": "tilbud",
         "text_by_role": {"leder": "Hvilket tilbud bruger jobcentret oftest til borgerne i målgruppen?"}},
        {"id": "kursus", "text": "Har du deltaget i projektets kursus?", "scale": "janej"},
        {"id": "kursus_vurdering", "text": "I hvilken grad har kurset hjulpet dig i arbejdet?", "scale": "grad",
         "filter": {"item": "kursus", "equals": ["Ja"]}},
        {"id": "prioriteter", "text": "Hvilke tre indsatser prioriterer jobcentret højest? (vælg op til tre)",
         "scale": "prioriteter", "roles": ["leder"]},
        {"id": "funktioner", "text": "Hvilke funktioner varetager du? (flere svar mulige)", "scale": "funktioner",
         "roles": ["sagsbehandler", "konsulent"]},
        {"id": "sagsantal", "text": "Hvor mange borgere i målgruppen har du ansvaret for?", "scale": "antal",
         "roles": ["sagsbehandler", "konsulent"]},
        {"id": "barrierer", "text": "Hvad er de største barrierer for indsatsen?", "scale": "tekst"},
    ]
    return {
        "id": "fsm",
        "name": "Flere skal med",
        "title": "Surveynotat: kommunerne som enhed",
        "subtitle": "Ledere og medarbejdere i 88 jobcentre – start- og slutmåling",
        "date": "2023-06-01",
        "brand": "nordlys",
        "language": "da",
        "data": {"files": ["data/responses.csv"], "respondent": "id", "wave": "maaling", "municipality": "kommune",
                 "role": "funktion"},
        "waves": [
            {"id": "start", "label": "Start", "table_label": "Startmåling", "prose": "startmålingen",
             "fieldwork_from": "2021-09-01", "fieldwork_to": "2021-10-15"},
            {"id": "slut", "label": "Slut", "table_label": "Slutmåling", "prose": "slutmålingen",
             "fieldwork_from": "2023-03-01", "fieldwork_to": "2023-04-15"},
        ],
        "municipalities": [{"name": n, "population": int(p), "attributes": {"volume": float(v), "readiness": str(r)}}
                           for n, p, v, r in zip(names, population, volume, readiness)],
        "roles": [
            {"id": "leder", "label": "Jobcenterchef", "side": "leader", "raw": ["Jobcenterchef"]},
            {"id": "sagsbehandler", "label": "Sagsbehandler", "side": "employee", "raw": ["Sagsbehandler"]},
            {"id": "konsulent", "label": "Virksomhedskonsulent", "side": "employee", "raw": ["Virksomhedskonsulent"]},
        ],
        "scales": {
            "enighed": scale(AGREE),
            "grad": scale(DEGREE),
            "andel": scale(BANDS, top=0, scored=False),
            "janej": {"kind": "single", "options": [{"code": 1, "label": "Ja", "top": True}, {"code": 2, "label": "Nej"}]},
            "tilbud": {"kind": "single", "options": [{"code": i + 1, "label": o} for i, o in enumerate(OFFERS)]},
            "prioriteter": {"kind": "multi", "options": [{"code": i + 1, "label": o} for i, o in enumerate(PRIORITIES)]},
            "funktioner": {"kind": "multi", "options": [{"code": i + 1, "label": o} for i, o in enumerate(FUNCTIONS)]},
            "antal": {"kind": "numeric", "min": 0, "max": 200},
            "tekst": {"kind": "text"},
        },
        "tracks": [{"id": "fsm", "label": "Flere skal med", "core_elements": [
            {"id": cid, "label": label, "indices": [
                {"id": f"{cid}_x", "label": label, "items": [i for i, c, _ in FIDELITY if c == cid]}]}
            for cid, label in CORES.items()]}],
        "items": items,
        "belief": [{"item": "tro_job", "title": "Tro på, at borgerne kan komme i job"}],
        "coded": [{"id": "barrierer", "title": "Barrierer for indsatsen", "file": "data/barriers.csv",
                   "item": "barrierer",
                   "codes": [{"code": c, "label": label, "group": g} for c, label, g in CODES]}],
        # one leader answers per municipality: the synthetic project shows groups of one (min_n 1)
        "thresholds": {"min_n": 1, "min_valid_items": 4,
                       "change": {"fidelity_mean": {"threshold": 0.1, "from": "start", "to": "slut", "unit": "score"},
                                  "indicator": {"threshold": 0.05, "from": "start", "to": "slut"}}},
        "note": {"template": "note.md"},
    }


def _cut(x: np.ndarray, labels: list[str]) -> list[str]:
    idx = np.clip(np.rint(x), 1, len(labels)).astype(int) - 1
    return [labels[i] for i in idx]


def simulate(names: list[str], rng: np.random.Generator):
    """Rows of (id, wave, municipality, raw role, {column: value}) and barrier codes (respondent, wave, code)."""
    n = len(names)
    level = rng.normal(3.2, 0.35, n)
    growth = rng.normal(0.35, 0.3, n)
    no_answer = {"start": set(rng.choice(n, 6, replace=False)), "slut": set(rng.choice(n, 4, replace=False))}
    staff_in = rng.random(n) < 0.68
    rows, codes = [], []
    for w_i, wave in enumerate(WAVES):
        rid = 1000 * (w_i + 1)
        for m in range(n):
            if m in no_answer[wave]:
                continue
            people = [("Jobcenterchef", "leder")]
            if staff_in[m]:
                people += [("Sagsbehandler", "sagsbehandler")] * int(rng.integers(1, 5))
                people += [("Virksomhedskonsulent", "konsulent")] * int(rng.integers(0, 3))
            for raw, role in people:
                rid += 1
                base = level[m] + growth[m] * w_i + (0.25 if role == "leder" else 0.0) + rng.normal(0, 0.45)
                ans: dict[str, object] = {}
                for iid, _, _ in FIDELITY:
                    value = _cut(np.array([base + rng.normal(0, 0.7)]), AGREE)[0]
                    ans[iid] = "Ved ikke" if rng.random() < 0.04 else value
                ans["tro_job"] = "Ved ikke" if rng.random() < 0.06 else _cut(np.array([base - 0.6 + rng.normal(0, 1)]), BANDS)[0]
                ans["samarbejde"] = _cut(np.array([base - 0.2 + rng.normal(0, 0.9)]), AGREE)[0]
                ans["tilbud"] = OFFERS[int(rng.choice(4, p=[0.4, 0.3, 0.2, 0.1]))]
                ans["kursus"] = "Ja" if rng.random() < 0.45 + 0.2 * w_i else "Nej"
                if ans["kursus"] == "Ja":
                    ans["kursus_vurdering"] = _cut(np.array([base + rng.normal(0, 0.8)]), DEGREE)[0]
                if role == "leder":
                    ans["parathed"] = _cut(np.array([base + rng.normal(0, 0.7)]), DEGREE)[0]
                    pick = set(rng.choice(len(PRIORITIES), 3, replace=False, p=[0.3, 0.25, 0.15, 0.1, 0.1, 0.1]))
                    for k in range(len(PRIORITIES)):
                        ans[f"prioriteter_{k + 1}"] = 1 if k in pick else 0
                else:
                    chosen = rng.random(len(FUNCTIONS)) < [0.7, 0.35, 0.3, 0.2]
                    if not chosen.any():
                        chosen[0] = True
                    for k in range(len(FUNCTIONS)):
                        ans[f"funktioner_{k + 1}"] = int(chosen[k])
                    ans["sagsantal"] = int(max(5, round(rng.normal(38 - 4 * w_i, 9))))
                if rng.random() < 0.6:
                    ans["barrierer"] = "Se kodning"
                    for c, _, _ in CODES:
                        if rng.random() < {"tid": 0.5, "it": 0.2, "virk": 0.3, "borger": 0.25, "ledelse": 0.15}[c]:
                            codes.append((rid, wave, c))
                rows.append((rid, wave, names[m], raw, ans))
    return rows, codes


def columns() -> list[str]:
    cols = [i for i, _, _ in FIDELITY] + ["tro_job", "samarbejde", "parathed", "tilbud", "kursus", "kursus_vurdering"]
    cols += [f"prioriteter_{k + 1}" for k in range(len(PRIORITIES))]
    cols += [f"funktioner_{k + 1}" for k in range(len(FUNCTIONS))]
    return cols + ["sagsantal", "barrierer"]


def generate(out: Path = OUT) -> Path:
    rng = np.random.default_rng(SEED)
    project = project_dict(names(N_MUNICIPALITIES), rng)
    out.mkdir(parents=True, exist_ok=True)
    header = ("# Flere skal med (FSM) — the municipality as the unit: one leader per municipality plus staff.\n"
              "# Synthetic example project for `reporter`, written by tools/generate_fsm.py (do not edit by hand).\n")
    (out / "project.yaml").write_text(header + yaml.safe_dump(project, allow_unicode=True, sort_keys=False, width=120),
                                      encoding="utf-8")
    rows, codes = simulate([m["name"] for m in project["municipalities"]], rng)
    (out / "data").mkdir(exist_ok=True)
    cols = columns()
    with (out / "data" / "responses.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\n")
        writer.writerow(["id", "maaling", "kommune", "funktion", *cols])
        for rid, wave, muni, raw, ans in rows:
            writer.writerow([rid, wave, muni, raw, *("" if ans.get(c) is None else ans[c] for c in cols)])
    with (out / "data" / "barriers.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["respondent", "wave", "code"])
        writer.writerows(codes)
    return out


if __name__ == "__main__":
    print(generate())
