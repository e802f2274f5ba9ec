"""Checks on survey files that produce :class:`~reporter.errors.Problem` s.

Every check is vectorised over a column: values are factorised, each distinct value is looked up
once, and rows with the same problem and value are reported as one problem naming the first row
and the number of rows. Errors stop loading (:class:`ProblemLog.raise_if_errors`); warnings travel
with the survey (``Survey.warnings``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from reporter.config.models import Item, Project
from reporter.data.readers import RawTable, fold
from reporter.errors import InputError, Problem

MAX_PROBLEMS = 50


@dataclass
class ProblemLog:
    """Collects errors and warnings while loading; raises all errors at once."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        (self.warnings if problem.severity == "warning" else self.errors).append(problem)

    def error(self, file: str, message: str, **kw) -> None:
        self.add(Problem(file, message, **kw))

    def warn(self, file: str, message: str, **kw) -> None:
        self.add(Problem(file, message, severity="warning", **kw))

    def extend(self, problems: list[Problem]) -> None:
        for p in problems:
            self.add(p)

    def rows(self, file: str, rows: np.ndarray, values: np.ndarray | pd.Series, message: str, *,
             column: str | None = None, expected: str | None = None, severity: str = "error") -> None:
        """One problem per distinct value among the given rows, naming its first row and the row count."""
        rows = np.asarray(rows)
        if rows.size == 0:
            return
        values = np.asarray(values, dtype=object)
        codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
        for k, value in enumerate(uniques):
            where = rows[codes == k]
            text = message if where.size == 1 else f"{message} ({where.size} rows; the first is shown)"
            self.add(Problem(file, text, row=int(where.min()), column=column, value=value, expected=expected,
                             severity=severity))

    def raise_if_errors(self, cap: int = MAX_PROBLEMS) -> None:
        """Raise :class:`InputError` with every error (capped, with a final 'and N more')."""
        if not self.errors:
            return
        problems = list(self.errors)
        if len(problems) > cap:
            rest = len(problems) - cap
            problems = problems[:cap] + [Problem(problems[cap].file, f"... and {rest} more problem(s)")]
        raise InputError(problems)


def _fold(text: object) -> str:
    """Matching key: NFC, inner whitespace (incl. no-break spaces) collapsed, case-folded."""
    return fold(text)


def _listing(values: list[str], limit: int = 12) -> str:
    shown = ", ".join(values[:limit])
    return shown + (f", ... ({len(values)} in all)" if len(values) > limit else "")


# --- lookups of key values ----------------------------------------------------------------------


def wave_lookup(project: Project) -> dict[str, str]:
    """Accepted spellings of a wave (id, label, table label; case-insensitive) -> wave id."""
    out: dict[str, str] = {}
    for w in project.waves:
        for text in (w.label, w.table_label, w.id):
            out[_fold(text)] = w.id
    return out


def municipality_lookup(project: Project) -> dict[str, str]:
    """Municipality names (case-insensitive, whitespace-normalised) -> configured name."""
    return {_fold(m.name): m.name for m in project.municipalities}


def role_lookup(project: Project, log: ProblemLog | None = None, project_file: str = "project.yaml") -> dict[str, str]:
    """Raw function labels, role ids and role labels (case-insensitive) -> role id.

    A raw label claimed by two roles is a configuration error (reported to ``log``).
    """
    out: dict[str, str] = {}
    for r in project.roles:
        for text in (r.id, r.label):
            out.setdefault(_fold(text), r.id)
    raw_owner: dict[str, str] = {}
    for r_i, r in enumerate(project.roles):
        for raw in r.raw:
            key = _fold(raw)
            if key in raw_owner and raw_owner[key] != r.id and log is not None:
                log.error(project_file, f"roles.{r_i} ({r.id}).raw: function label is also mapped to role "
                                        f"{raw_owner[key]!r}", value=raw, expected="each raw label in one role only")
            raw_owner.setdefault(key, r.id)
            out[key] = raw_owner[key]
    return out


def map_column(values: pd.Series, lookup: dict[str, str]) -> tuple[np.ndarray, np.ndarray]:
    """Map text cells through a folded lookup: (mapped values or None, blank mask)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = np.array([lookup.get(_fold(u)) for u in uniques] + [None], dtype=object)
    out = mapped[codes]
    blank = (values == "").to_numpy()
    out[blank] = None
    return out, blank


# --- columns ------------------------------------------------------------------------------------


def option_columns(project: Project, item: Item) -> list[tuple[str, object]]:
    """For a multi-select item: (data column, option) per option, in scale order."""
    scale = project.scales[item.scale]
    return [(item.columns.get(o.label, f"{item.id}_{o.code}"), o) for o in scale.options]


def key_columns(project: Project) -> dict[str, str]:
    """The key columns the data files must have (no role column when ``data.role`` is null: a citizen survey)."""
    d = project.data
    keys = {"respondent": d.respondent, "wave": d.wave, "municipality": d.municipality, "role": d.role}
    return {k: v for k, v in keys.items() if v is not None}


def check_columns(project: Project, table: RawTable, log: ProblemLog) -> bool:
    """Required key columns present (errors) and unknown columns (warnings). True when keys are complete."""
    present = set(table.columns)
    ok = True
    for what, column in key_columns(project).items():
        if column not in present:
            ok = False
            log.error(table.file, f"required {what} column is missing (set by data.{what} in project.yaml)",
                      row=1, column=column, expected=f"a column named {column!r}; the header has {_listing(table.columns)}")
    known = set(key_columns(project).values())
    for item in project.items:
        if project.scales[item.scale].kind == "multi":
            known.update(col for col, _ in option_columns(project, item))
        else:
            known.add(item.id)
    for column in table.columns:
        if column not in known:
            log.warn(table.file, "column is neither a key column nor a known item or option column; it is ignored",
                     row=1, column=column)
    return ok


def check_item_columns(project: Project, table: RawTable, waves_present: set[str], log: ProblemLog) -> None:
    """Items asked in a wave this file covers must have their column(s)."""
    present = set(table.columns)
    for item in project.items:
        if item.waves is not None and not waves_present & set(item.waves):
            continue
        if project.scales[item.scale].kind == "multi":
            for column, option in option_columns(project, item):
                if column not in present:
                    log.error(table.file, f"column of multi-select item {item.id!r} (option {option.label!r}) is missing",
                              row=1, column=column, expected="one 0/1 column per option")
        elif item.id not in present:
            log.error(table.file, f"column of item {item.id!r} is missing", row=1, column=item.id,
                      expected=f"a column named {item.id!r} (the item id)")


# --- respondent keys ------------------------------------------------------------------------------


def respondent_keys(project: Project, table: RawTable, log: ProblemLog, role_map: dict[str, str]) -> pd.DataFrame:
    """Map the key columns of one file; report blank/unknown values and municipalities outside their waves.

    Returns a frame with ``respondent, wave, municipality, role, raw_role, source_row, valid``
    (``valid`` = every key could be mapped).
    """
    keys = key_columns(project)
    frame = table.frame
    rows = table.rows
    respondent = frame[keys["respondent"]].to_numpy(dtype=object)
    raw_wave = frame[keys["wave"]]
    raw_muni = frame[keys["municipality"]]
    # without a role column every respondent is of the project's one role (validated in the configuration)
    raw_role = frame[keys["role"]] if "role" in keys else \
        pd.Series(np.full(len(frame), project.roles[0].id, dtype=object), index=frame.index, dtype=object)

    blank_id = (frame[keys["respondent"]] == "").to_numpy()
    log.rows(table.file, rows[blank_id], respondent[blank_id], "respondent id is blank", column=keys["respondent"])

    wave_ids = project.wave_ids
    wave_code, blank = map_codes(raw_wave, wave_lookup(project), wave_ids)
    log.rows(table.file, rows[blank], raw_wave.to_numpy()[blank], "wave is blank", column=keys["wave"])
    bad = (wave_code < 0) & ~blank
    log.rows(table.file, rows[bad], raw_wave.to_numpy()[bad], "unknown wave", column=keys["wave"],
             expected=f"one of the wave ids {', '.join(project.wave_ids)}")

    muni_names = [m.name for m in project.municipalities]
    muni_code, blank = map_codes(raw_muni, municipality_lookup(project), muni_names)
    log.rows(table.file, rows[blank], raw_muni.to_numpy()[blank], "municipality is blank", column=keys["municipality"])
    bad = (muni_code < 0) & ~blank
    log.rows(table.file, rows[bad], raw_muni.to_numpy()[bad], "unknown municipality", column=keys["municipality"],
             expected="a name listed under municipalities in project.yaml")

    role_ids = [r.id for r in project.roles]
    role_code, blank = map_codes(raw_role, role_map, role_ids)
    log.rows(table.file, rows[blank], raw_role.to_numpy()[blank], "role (function) is blank", column=keys.get("role"))
    bad = (role_code < 0) & ~blank
    log.rows(table.file, rows[bad], raw_role.to_numpy()[bad], "unknown role (function)", column=keys.get("role"),
             expected="a label listed under roles[].raw, or a role id or label")

    def text(ids: list[str], codes: np.ndarray) -> pd.Series:
        return pd.Series(np.array(list(ids) + [None], dtype=object)[codes], dtype=object, copy=False)

    out = pd.DataFrame({
        "respondent": pd.Series(respondent, dtype=object, copy=False), "wave": text(wave_ids, wave_code),
        "municipality": text(muni_names, muni_code), "role": text(role_ids, role_code),
        "raw_role": pd.Series(raw_role.to_numpy(dtype=object), dtype=object, copy=False),
        "source_file": pd.Categorical.from_codes(np.zeros(len(rows), dtype=np.int8), categories=[table.file]),
        "source_row": rows})
    out["role_code"] = role_code
    out["wave_code"] = wave_code
    out["municipality_code"] = muni_code
    out["valid"] = ~blank_id & (wave_code >= 0) & (muni_code >= 0) & (role_code >= 0)

    # a municipality answering in a wave it does not take part in
    ok = (wave_code >= 0) & (muni_code >= 0)
    for k, m in enumerate(project.municipalities):
        if m.waves is None:
            continue
        wave_in = np.array([w in m.waves for w in wave_ids] + [True], dtype=bool)
        outside = ok & (muni_code == k) & ~wave_in[wave_code]
        if outside.any():
            log.rows(table.file, rows[outside], out["wave"].to_numpy()[outside],
                     f"municipality {m.name!r} answers in a wave it does not take part in",
                     column=keys["wave"], expected=f"one of {', '.join(m.waves)} (municipalities.waves)")
    return out


def map_codes(values: pd.Series, lookup: dict[str, str], ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Map text cells through a folded lookup to an index into ``ids``: (codes, -1 = unmapped; blank mask)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    index = {v: k for k, v in enumerate(ids)}
    mapped = np.array([index.get(lookup.get(_fold(u)), -1) for u in uniques] + [-1], dtype=np.int16)
    blank_unique = np.array([u == "" for u in uniques] + [True], dtype=bool)
    mapped[blank_unique] = -1
    return mapped[codes], blank_unique[codes]


def check_duplicates(respondents: pd.DataFrame, project: Project, log: ProblemLog) -> None:
    """A respondent id may occur once per wave (over all files)."""
    ok = respondents[respondents["respondent"].ne("") & respondents["wave"].notna()]
    dup = ok[ok.duplicated(["wave", "respondent"], keep=False)]
    if dup.empty:
        return
    column = project.data.respondent
    for (wave, rid), group in dup.groupby(["wave", "respondent"], sort=False, observed=True):
        first, *others = list(zip(group["source_file"], group["source_row"]))
        also = ", ".join(f"row {r}" if f == first[0] else f"{f} row {r}" for f, r in others)
        if project.data.panel:
            log.error(first[0], f"panel respondent answers twice in measurement {wave!r} (also {also})",
                      row=int(first[1]), column=column, value=rid,
                      expected="one questionnaire per respondent and measurement")
            continue
        log.error(first[0], f"duplicate respondent id in wave {wave!r} (also {also})", row=int(first[1]),
                  column=column, value=rid, expected="each respondent id once per wave")


def check_panel(respondents: pd.DataFrame, project: Project, log: ProblemLog) -> None:
    """A panel respondent whose first answer is at a later measurement than the first: a warning per
    measurement (naming the first such row). They count in every measurement they answered, but paired change
    from the first measurement leaves them out, and the note counts them there."""
    if not project.data.panel:
        return
    ok = respondents[respondents["valid"]]
    if ok.empty:
        return
    order = {w: k for k, w in enumerate(project.wave_ids)}
    rank = ok["wave"].map(order).astype(int)
    first = rank.groupby(ok["respondent"].to_numpy()).transform("min")
    late = ok[(rank == first).to_numpy() & (first > 0).to_numpy()]
    column = project.data.respondent
    first_wave = project.wave_ids[0]
    places = ok.groupby("respondent", sort=False)["municipality"].nunique()
    moved = ok[ok["respondent"].isin(places.index[places > 1])]
    if not moved.empty:
        firsts = moved.drop_duplicates("respondent")
        again = moved[~moved.index.isin(firsts.index)]
        head = again.merge(firsts[["respondent", "municipality"]], on="respondent", suffixes=("", "_first"))
        head = head[head["municipality"] != head["municipality_first"]].iloc[0]
        n = int(places.gt(1).sum())
        who = f"{n} respondents answer" if n > 1 else "a respondent answers"
        log.warn(str(head["source_file"]), f"panel: {who} in more than one municipality (the first is shown: "
                 f"{head['municipality_first']!r}, then {head['municipality']!r}); each answer counts in the "
                 "municipality it names", row=int(head["source_row"]), column=project.data.municipality,
                 value=head["respondent"], expected="one municipality per panel respondent")
    for wave, group in late.groupby("wave", sort=False, observed=True):
        head = group.iloc[0]
        who = f"{len(group)} respondents answer" if len(group) > 1 else "a respondent answers"
        shown = " (the first is shown)" if len(group) > 1 else ""
        log.warn(str(head["source_file"]), f"panel: {who} first in measurement {wave!r}, without an answer in an "
                 f"earlier measurement{shown}; change from {first_wave!r} leaves them out", row=int(head["source_row"]), column=column, value=head["respondent"],
                 expected=f"each panel respondent's first answer in measurement {first_wave!r}")


def check_coverage(respondents: pd.DataFrame, project: Project, log: ProblemLog, data_file: str) -> None:
    """Waves without respondents (error); municipalities with no respondents or no leaders in a wave (warning)."""
    valid = respondents[respondents["valid"]]
    for wave in project.waves:
        if not (valid["wave"] == wave.id).any():
            log.error(data_file, f"wave {wave.id!r} ({wave.label}) has no respondents in the data files",
                      value=wave.id, expected="at least one respondent per configured wave")
    leader_roles = {r.id for r in project.roles if r.side == "leader"}
    if not leader_roles:
        return
    # as dicts: a lookup per municipality × wave in a MultiIndex Series costs ~0,1 ms each
    counts = valid.groupby(["municipality", "wave"], observed=True).size().to_dict()
    leaders = valid[valid["role"].isin(leader_roles)].groupby(["municipality", "wave"], observed=True).size().to_dict()
    present_waves = set(valid["wave"].dropna().unique())
    for m in project.municipalities:
        for w in project.municipality_waves(m.name):
            if w not in present_waves:
                continue
            if counts.get((m.name, w), 0) == 0:
                log.warn(data_file, f"municipality {m.name!r} has no respondents in wave {w!r}")
            elif leaders.get((m.name, w), 0) == 0:
                log.warn(data_file, f"municipality {m.name!r} has no leaders among its respondents in wave {w!r}; "
                                       "leader-side values will be blank")
