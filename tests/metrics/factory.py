"""Tiny projects and surveys for metric tests, built in memory (no files, no loader).

``project_dict()`` is a small but complete ``project.yaml`` as a dict: three waves, three municipalities,
two sides with four reporting roles, an agreement scale with "Ved ikke", a yes/no scale, a band scale,
a numeric scale, two tracks with three indices (one with ``leader_items``), five fidelity items (one asked
only of leaders) and change rules. ``make_project(**overrides)`` validates it (top-level keys replaced).

``make_survey(project, rows)`` builds the :class:`~reporter.data.schema.Survey` tables exactly as the loader
does (categoricals in configuration order, polarity-adjusted ``score``, ``is_top``, ``is_dont_know``) from
compact answer tuples ``(wave, respondent, municipality, role, item, answer)``:

- ordinal/single items: ``answer`` = option label (or code), e.g. ``"Enig"``, ``"Ved ikke"``;
- numeric items: ``answer`` = the number (goes to ``value``);
- text items: ``answer`` = the text (goes to ``option``);
- multi-select items: ``answer`` = ``(option label, 0 or 1)``.

``answers(wave, respondent, municipality, role, {item: answer, ...})`` expands one respondent's answers to
tuples; ``scored(...)`` picks agreement labels from scores (5 = Helt enig ... 1 = Helt uenig, None = Ved ikke).
``random_survey(project, n_per_wave, seed)`` draws a large synthetic survey, vectorised (benchmarks).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from reporter.config.models import SIDES, Project
from reporter.data.answers import option_attributes
from reporter.data.schema import ANSWER_COLUMNS, CODE_COLUMNS, RESPONDENT_COLUMNS, Survey

Answer = tuple[str, Any, str, str, str, Any]

AGREE = [
    {"code": 5, "label": "Helt enig", "score": 5, "top": True},
    {"code": 4, "label": "Enig", "score": 4, "top": True},
    {"code": 3, "label": "Hverken enig eller uenig", "score": 3},
    {"code": 2, "label": "Uenig", "score": 2},
    {"code": 1, "label": "Helt uenig", "score": 1},
    {"code": 9, "label": "Ved ikke", "dont_know": True},
]
LABEL_OF_SCORE = {5: "Helt enig", 4: "Enig", 3: "Hverken enig eller uenig", 2: "Uenig", 1: "Helt uenig",
                  None: "Ved ikke"}

_BASE: dict[str, Any] = {
    "id": "mini",
    "name": "Mini",
    "title": "Mininotat",
    "data": {"files": ["data.csv"]},
    "waves": [
        {"id": "start", "label": "Start", "table_label": "Startmåling", "prose": "startmålingen", "invited": 40},
        {"id": "midt", "label": "Midt", "table_label": "Midtvejsmåling", "prose": "midtvejsmålingen"},
        {"id": "slut", "label": "Slut", "table_label": "Slutmåling", "prose": "slutmålingen", "invited": 30},
    ],
    "municipalities": [{"name": "Aabenraa"}, {"name": "Billund"}, {"name": "Odder", "waves": ["start", "slut"]}],
    "roles": [
        {"id": "leder", "label": "Leder", "side": "leader"},
        {"id": "projektleder", "label": "Projektleder", "side": "employee"},
        {"id": "sagsbehandler", "label": "Sagsbehandler", "side": "employee"},
        {"id": "mentor", "label": "Mentor", "side": "employee"},
    ],
    "scales": {
        "agree": {"options": AGREE},
        "yesno": {"kind": "single", "options": [{"code": 1, "label": "Ja"}, {"code": 2, "label": "Nej"}]},
        "band": {"options": [
            {"code": 1, "label": "0-49 %", "score": 1}, {"code": 2, "label": "50-100 %", "score": 2, "top": True},
            {"code": 9, "label": "Ved ikke", "dont_know": True}]},
        "count": {"kind": "numeric", "min": 0, "max": 200},
        "multi": {"kind": "multi", "options": [{"code": 1, "label": "Mail"}, {"code": 2, "label": "Møde"}]},
        "text": {"kind": "text"},
    },
    "tracks": [
        {"id": "1", "label": "Spor 1", "core_elements": [
            {"id": "1a", "label": "Ledelse", "indices": [
                {"id": "1a", "label": "Ledelsesfokus (1a)", "items": ["f1", "f2"], "leader_items": ["f1", "f2", "f5"]}]},
            {"id": "1b", "label": "Synlighed", "indices": [
                {"id": "1b", "label": "Synlighed (1b)", "items": ["f3"]}]},
        ]},
        {"id": "2", "label": "Spor 2", "core_elements": [
            {"id": "2a", "label": "Pladser", "indices": [
                {"id": "2a", "label": "Virksomhedspladser (2a)", "items": ["f4"]}]},
        ]},
    ],
    "items": [
        {"id": "f1", "text": "Ledelsen prioriterer indsatsen", "scale": "agree", "fidelity": True},
        {"id": "f2", "text": "Roller er klare", "scale": "agree", "fidelity": True},
        {"id": "f3", "text": "Resultater er synlige", "scale": "agree", "fidelity": True},
        {"id": "f4", "text": "Det er svært at finde pladser", "scale": "agree", "fidelity": True, "reverse": True},
        {"id": "f5", "text": "Jeg følger op på indsatsen", "scale": "agree", "fidelity": True, "roles": ["leder"]},
        {"id": "tro", "text": "Andel i job", "scale": "band"},
        {"id": "bruger", "text": "Bruger du værktøjet?", "scale": "yesno"},
        {"id": "vaerktoej", "text": "Værktøjet er nyttigt", "scale": "agree",
         "filter": {"item": "bruger", "equals": ["Ja"]}},
        {"id": "sager", "text": "Antal sager", "scale": "count", "roles": ["sagsbehandler", "mentor"]},
        {"id": "kanal", "text": "Kanaler", "scale": "multi"},
        {"id": "barriere", "text": "Barrierer", "scale": "text"},
    ],
    "belief": [{"item": "tro", "title": "Tro på job"}],
    "thresholds": {
        "min_n": 3,
        "min_valid_items": 2,
        "change": {
            "power_ranking": {"threshold": 0.05, "from": "midt", "to": "slut"},
            "fidelity_mean": {"threshold": 0.1, "from": "midt", "to": "slut", "unit": "score"},
            "indicator": {"threshold": 0.05, "from": "start", "to": "slut"},
        },
    },
}


def project_dict() -> dict[str, Any]:
    """A fresh deep copy of the base project as a dict (edit freely, then ``Project.model_validate``)."""
    return copy.deepcopy(_BASE)


def make_project(base: Mapping[str, Any] | None = None, **overrides: Any) -> Project:
    """Validate ``base`` (default :func:`project_dict`) with top-level keys replaced by ``overrides``."""
    data = copy.deepcopy(dict(base)) if base is not None else project_dict()
    data.update(copy.deepcopy(overrides))
    return Project.model_validate(data)


def fidelity_project(n_employee: int, n_leader: int, n_shared: int | None = None,
                     municipalities: Sequence[str] = ("A", "B", "C"), **overrides: Any) -> Project:
    """A project with only agreement fidelity items: ``n_shared`` asked of everyone (default all of the
    smaller side), the rest only of employees or only of leaders, so that the employee side has
    ``n_employee`` items and the leader side ``n_leader``. Roles: ``leder`` (leader), ``medarbejder``
    and ``projektleder`` (employee). One index ``x`` over the employee items (leaders: their items)."""
    shared = min(n_employee, n_leader) if n_shared is None else n_shared
    items = [{"id": f"q{i:02d}", "text": f"Udsagn {i}", "scale": "agree", "fidelity": True}
             for i in range(1, shared + 1)]
    items += [{"id": f"e{i:02d}", "text": f"Medarbejderudsagn {i}", "scale": "agree", "fidelity": True,
               "roles": ["medarbejder", "projektleder"]} for i in range(1, n_employee - shared + 1)]
    items += [{"id": f"l{i:02d}", "text": f"Lederudsagn {i}", "scale": "agree", "fidelity": True,
               "roles": ["leder"]} for i in range(1, n_leader - shared + 1)]
    employee = [i["id"] for i in items if not i["id"].startswith("l")]
    leader = [i["id"] for i in items if not i["id"].startswith("e")]
    data = project_dict()
    data.update(
        municipalities=[{"name": m} for m in municipalities],
        roles=[{"id": "leder", "label": "Leder", "side": "leader"},
               {"id": "projektleder", "label": "Projektleder", "side": "employee"},
               {"id": "medarbejder", "label": "Medarbejder", "side": "employee"}],
        scales={"agree": {"options": AGREE}},
        tracks=[{"id": "1", "label": "Spor 1", "core_elements": [{"id": "x", "label": "X", "indices": [
            {"id": "x", "label": "Indeks x", "items": employee,
             "leader_items": leader if leader != employee else None}]}]}],
        items=items, belief=[], coded=[],
    )
    return make_project(data, **overrides)


def answers(wave: str, respondent: Any, municipality: str, role: str, by_item: Mapping[str, Any]) -> list[Answer]:
    """One respondent's answers as tuples (``{item: answer}``; a list of answers for multi-select rows)."""
    out: list[Answer] = []
    for item, answer in by_item.items():
        for a in (answer if isinstance(answer, list) else [answer]):
            out.append((wave, respondent, municipality, role, item, a))
    return out


def scored(wave: str, respondent: Any, municipality: str, role: str, by_item: Mapping[str, int | None]) -> list[Answer]:
    """Like :func:`answers` with agreement scores 1-5 (None = Ved ikke) instead of labels (raw, before polarity)."""
    return answers(wave, respondent, municipality, role, {i: LABEL_OF_SCORE[s] for i, s in by_item.items()})


def _cat(values: Iterable[Any], categories: Sequence[str]) -> pd.Categorical:
    return pd.Categorical(list(values), categories=list(categories), ordered=False)


def make_survey(project: Project, rows: Iterable[Answer],
                respondents: Iterable[tuple[str, Any, str, str]] = (),
                codes: pd.DataFrame | None = None) -> Survey:
    """The Survey tables from answer tuples ``(wave, respondent, municipality, role, item, answer)``.

    ``respondents`` adds respondents ``(wave, respondent, municipality, role)`` that gave no answers.
    Unknown labels raise ``ValueError`` (a factory mistake, not a data problem to report).
    """
    rows = list(rows)
    side_of = {r.id: r.side for r in project.roles}
    resp: dict[tuple[str, str], tuple[str, Any, str, str]] = {}
    for wave, respondent, municipality, role, *_ in [*rows, *respondents]:
        key = (wave, str(respondent))
        if key in resp and resp[key][2:] != (municipality, role):
            raise ValueError(f"respondent {respondent!r} in wave {wave!r} has two municipalities/roles")
        resp.setdefault(key, (wave, str(respondent), municipality, role))
    keys = list(resp.values())
    respondent_table = pd.DataFrame({
        "wave": _cat((k[0] for k in keys), project.wave_ids),
        "respondent": pd.Series([k[1] for k in keys], dtype=object),
        "municipality": _cat((k[2] for k in keys), [m.name for m in project.municipalities]),
        "role": _cat((k[3] for k in keys), [r.id for r in project.roles]),
        "side": _cat((side_of[k[3]] for k in keys), list(SIDES)),
        "raw_role": pd.Series([project.role(k[3]).label for k in keys], dtype=object),
        "source_file": pd.Categorical(["factory"] * len(keys)),
        "source_row": np.arange(2, len(keys) + 2, dtype=np.int64),
    })[RESPONDENT_COLUMNS]
    row_of = {(k[0], k[1]): i + 2 for i, k in enumerate(keys)}

    attrs = {i.id: option_attributes(project.scales[i.scale], i.reverse) for i in project.items
             if project.scales[i.scale].kind in ("ordinal", "single")}
    records = []
    for wave, respondent, municipality, role, item_id, answer in rows:
        scale = project.scale_of(item_id)
        option = code = None
        score = value = np.nan
        dont_know = top = False
        if scale.kind in ("ordinal", "single"):
            opt = scale.option_by_answer(answer)
            if opt is None:
                raise ValueError(f"unknown answer {answer!r} to item {item_id!r}")
            option, code = opt.label, str(opt.code)
            score, top = attrs[item_id][opt.label]
            dont_know = opt.dont_know
        elif scale.kind == "multi":
            label, chosen = answer
            opt = scale.option_by_answer(label)
            if opt is None:
                raise ValueError(f"unknown option {label!r} of item {item_id!r}")
            option, code, value = opt.label, str(opt.code), float(chosen)
        elif scale.kind == "numeric":
            value = float(answer)
        else:
            option = str(answer)
        records.append((wave, str(respondent), municipality, role, side_of[role], item_id, option, code, score,
                        value, dont_know, top, "factory", row_of[(wave, str(respondent))]))
    frame = pd.DataFrame.from_records(records, columns=ANSWER_COLUMNS)
    answer_table = pd.DataFrame({
        "wave": _cat(frame["wave"], project.wave_ids),
        "respondent": frame["respondent"].astype(object),
        "municipality": _cat(frame["municipality"], [m.name for m in project.municipalities]),
        "role": _cat(frame["role"], [r.id for r in project.roles]),
        "side": _cat(frame["side"], list(SIDES)),
        "item": _cat(frame["item"], [i.id for i in project.items]),
        "option": frame["option"].astype(object),
        "code": frame["code"].astype(object),
        "score": frame["score"].astype(float),
        "value": frame["value"].astype(float),
        "is_dont_know": frame["is_dont_know"].astype(bool),
        "is_top": frame["is_top"].astype(bool),
        "source_file": pd.Categorical(frame["source_file"]),
        "source_row": frame["source_row"].astype(np.int64),
    })[ANSWER_COLUMNS]
    return Survey(respondents=respondent_table, answers=answer_table,
                  codes=codes if codes is not None else pd.DataFrame(columns=CODE_COLUMNS))


def random_survey(project: Project, n_per_wave: int, seed: int = 0, dont_know: float = 0.05) -> Survey:
    """A large synthetic survey: every respondent answers every ordinal item asked of its role and wave
    (random agreement labels, ``dont_know`` share "Ved ikke"). Vectorised; for benchmarks and properties."""
    rng = np.random.default_rng(seed)
    munis = [m.name for m in project.municipalities]
    roles = [r.id for r in project.roles]
    side_codes = np.array([list(SIDES).index(r.side) for r in project.roles])
    resp_parts, ans_parts = [], []
    items = [i for i in project.items if project.scales[i.scale].kind == "ordinal"]
    for w_i, wave in enumerate(project.wave_ids):
        muni = rng.integers(0, len(munis), n_per_wave)
        role = rng.integers(0, len(roles), n_per_wave)
        rid = np.char.add(f"{wave}-", np.arange(n_per_wave).astype(str)).astype(object)
        resp_parts.append((np.full(n_per_wave, w_i), rid, muni, role))
        for item in items:
            scale = project.scales[item.scale]
            asked = np.array([project.asked(item.id, r, wave) for r in roles])[role]
            who = np.flatnonzero(asked)
            if not len(who):
                continue
            attrs = option_attributes(scale, item.reverse)
            opts = scale.options
            is_dk = np.array([o.dont_know for o in opts])
            probs = np.where(is_dk, dont_know, (1 - dont_know * is_dk.any()) / max(int((~is_dk).sum()), 1))
            pick = rng.choice(len(opts), size=len(who), p=probs / probs.sum())
            ans_parts.append(dict(
                wave=np.full(len(who), w_i), respondent=rid[who], municipality=muni[who], role=role[who],
                item=np.full(len(who), [i.id for i in project.items].index(item.id)),
                option=np.array([o.label for o in opts], dtype=object)[pick],
                code=np.array([str(o.code) for o in opts], dtype=object)[pick],
                score=np.array([attrs[o.label][0] for o in opts])[pick],
                is_dont_know=np.array([o.dont_know for o in opts])[pick],
                is_top=np.array([attrs[o.label][1] for o in opts])[pick],
            ))
    w, rid, muni, role = (np.concatenate(x) for x in zip(*resp_parts))
    wave_dt = pd.CategoricalDtype(project.wave_ids)
    muni_dt = pd.CategoricalDtype(munis)
    role_dt = pd.CategoricalDtype(roles)
    side_dt = pd.CategoricalDtype(list(SIDES))
    respondents = pd.DataFrame({
        "wave": pd.Categorical.from_codes(w, dtype=wave_dt),
        "respondent": pd.Series(rid, dtype=object),
        "municipality": pd.Categorical.from_codes(muni, dtype=muni_dt),
        "role": pd.Categorical.from_codes(role, dtype=role_dt),
        "side": pd.Categorical.from_codes(side_codes[role], dtype=side_dt),
        "raw_role": pd.Series(np.array(roles, dtype=object)[role], dtype=object),
        "source_file": pd.Categorical(np.full(len(w), "synthetic")),
        "source_row": np.arange(len(w), dtype=np.int64) + 2,
    })
    a = {k: np.concatenate([p[k] for p in ans_parts]) for k in ans_parts[0]}
    n = len(a["wave"])
    answers_table = pd.DataFrame({
        "wave": pd.Categorical.from_codes(a["wave"], dtype=wave_dt),
        "respondent": pd.Series(a["respondent"], dtype=object),
        "municipality": pd.Categorical.from_codes(a["municipality"], dtype=muni_dt),
        "role": pd.Categorical.from_codes(a["role"], dtype=role_dt),
        "side": pd.Categorical.from_codes(side_codes[a["role"]], dtype=side_dt),
        "item": pd.Categorical.from_codes(a["item"], categories=[i.id for i in project.items]),
        "option": pd.Series(a["option"], dtype=object),
        "code": pd.Series(a["code"], dtype=object),
        "score": a["score"].astype(float),
        "value": np.full(n, np.nan),
        "is_dont_know": a["is_dont_know"].astype(bool),
        "is_top": a["is_top"].astype(bool),
        "source_file": pd.Categorical(np.full(n, "synthetic")),
        "source_row": np.zeros(n, dtype=np.int64),
    })[ANSWER_COLUMNS]
    return Survey(respondents=respondents[RESPONDENT_COLUMNS], answers=answers_table)
