"""Read and validate a register extract (the ``register:`` section) into :class:`RegisterData`.

Files: CSV (pyarrow's CSV reader), XLSX (openpyxl), SPSS ``.sav`` (pyreadstat) and Parquet (pyarrow;
only the declared columns are read). Every problem names file, row, column and value; rows are the
line numbers a spreadsheet shows (header = row 1, first data row = row 2) — for Parquet and SPSS the
record number + 1, so the same convention holds.

Checks: required columns present; person id blank or duplicated (persons file) and person × period
duplicated (periods file); group, status and background values declared; municipalities of
intervention persons in ``municipalities``; dates unreadable, before ``register.start`` or after
``register.extract`` (in the future); events before the person's start or after censoring; periods
outside 1..``register.periods``; hours not a number ≥ 0; persons in the periods file missing from the
persons file; a declared group with no persons.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from reporter.config.models import Project
from reporter.config.register import PeriodsFile, PersonsFile, Register, RegisterFile
from reporter.data.schema import RegisterData
from reporter.data.validate import ProblemLog
from reporter.errors import InputError, Problem

EVENT_PREFIX = "event:"


def _read(project_dir: Path, spec: RegisterFile, columns: list[str]) -> pd.DataFrame:
    """The declared columns of one register file (missing columns raise with their names)."""
    path = project_dir / spec.file
    if not path.is_file():
        raise InputError([Problem(spec.file, "register file not found", expected="a file inside the project folder")])
    fmt = spec.file_format
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            import pyarrow as pa

            schema = pq.read_schema(path)
            _check_columns(spec.file, list(schema.names), columns)
            # text columns come back as categoricals: one string per distinct value, not one per row
            text = [c for c in columns if pa.types.is_string(schema.field(c).type)
                    or pa.types.is_large_string(schema.field(c).type)]
            frame = pq.read_table(path, columns=columns, read_dictionary=text or None).to_pandas(
                types_mapper=_arrow_text, date_as_object=False, self_destruct=True, split_blocks=True)
        elif fmt == "csv":
            import pyarrow.csv as pacsv

            header = path.open("r", encoding="utf-8-sig").readline().rstrip("\r\n").split(spec.separator)
            _check_columns(spec.file, [h.strip().strip('"') for h in header], columns)
            table = pacsv.read_csv(
                path, parse_options=pacsv.ParseOptions(delimiter=spec.separator),
                convert_options=pacsv.ConvertOptions(include_columns=columns, strings_can_be_null=True))
            frame = table.to_pandas(types_mapper=_arrow_text, date_as_object=False)
        elif fmt == "xlsx":
            frame = pd.read_excel(path, sheet_name=spec.sheet or 0, engine="openpyxl", dtype=object)
            frame.columns = [str(c).strip() for c in frame.columns]
            _check_columns(spec.file, list(frame.columns), columns)
            frame = frame[columns]
        else:
            import pyreadstat

            frame, _meta = pyreadstat.read_sav(str(path), usecols=None)
            _check_columns(spec.file, [str(c) for c in frame.columns], columns)
            frame = frame[columns]
    except InputError:
        raise
    except Exception as exc:  # unreadable file: one message, no traceback
        raise InputError([Problem(spec.file, f"cannot read the {fmt} file: {exc}")]) from None
    return frame.reset_index(drop=True)


def _arrow_text(arrow_type):
    """Arrow strings stay arrow-backed in pandas (no Python object per cell)."""
    import pyarrow as pa

    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype("pyarrow")
    return None


def _check_columns(file: str, present: list[str], needed: list[str]) -> None:
    missing = [c for c in dict.fromkeys(needed) if c not in present]
    if missing:
        raise InputError([Problem(file, "column not found", column=c, expected=f"one of the columns {present[:12]}")
                          for c in missing])


_TEXT = pd.StringDtype("pyarrow")


def _text(values: pd.Series) -> pd.Series:
    """Values as stripped strings (blank → NA); whole floats (SPSS, Excel) lose their '.0'."""
    if pd.api.types.is_float_dtype(values):
        out = values.map(lambda v: "" if pd.isna(v) else (str(int(v)) if float(v).is_integer() else str(v)))
        out = out.astype(_TEXT)
    elif values.dtype == _TEXT:
        out = values.str.strip()
    elif values.dtype == object:
        try:   # all strings (or missing): arrow converts them in one pass
            out = values.astype(_TEXT).str.strip()
        except Exception:   # mixed types (Excel): one by one
            out = pd.Series(values.map(lambda v: v if v is None or isinstance(v, str) or pd.isna(v) else str(v)),
                            index=values.index).astype(_TEXT).str.strip()
    else:   # str (arrow-backed), integers, categoricals: arrow converts them in one pass
        out = values.astype(_TEXT).str.strip()
    return out.mask(out == "")


def _dates(values: pd.Series) -> pd.Series:
    """Dates as datetime64 (NaT when blank or unreadable; the caller reports unreadable ones)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        out = values
        if getattr(out.dt, "tz", None) is not None:
            out = out.dt.tz_localize(None)
        return out.astype("datetime64[ns]")
    text = _text(values)
    out = pd.to_datetime(text, errors="coerce", format="ISO8601")
    retry = out.isna() & text.notna()
    if retry.any():   # other spellings (e.g. 06-03-2017, 6/3/2017): parsed one by one, day first
        out[retry] = pd.to_datetime(text[retry], errors="coerce", format="mixed", dayfirst=True)
    return out.astype("datetime64[ns]")


def _categorical(values: pd.Series, categories: list[str]) -> pd.Categorical:
    """Values as a categorical of ``categories`` (stripped text; others → code -1), one look-up per distinct value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapping = pd.Index(categories).get_indexer(_text(pd.Series(uniques)).fillna("\x00").astype(str).to_numpy(dtype=object))
    mapped = np.append(mapping, -1)[codes]
    return pd.Categorical.from_codes(mapped.astype(np.int16 if len(categories) < 30000 else np.int32),
                                     categories=categories)


def _row_numbers(n: int) -> np.ndarray:
    return np.arange(2, n + 2, dtype=np.int64)


def _flag(log: ProblemLog, file: str, mask: np.ndarray, values, message: str, *, column: str,
          expected: str | None = None) -> None:
    """Report the rows where ``mask`` is true (values taken only for those rows: long columns stay untouched)."""
    if not mask.any():
        return
    idx = np.flatnonzero(mask)
    if isinstance(values, pd.Series):
        picked = values.iloc[idx]
        picked = picked.dt.date.to_numpy() if pd.api.types.is_datetime64_any_dtype(picked) else picked.to_numpy()
    else:
        picked = np.asarray(values)[idx]
    log.rows(file, idx + 2, picked, message, column=column, expected=expected)


def _check_dates(log: ProblemLog, file: str, column: str, raw: pd.Series, parsed: pd.Series, reg: Register,
                 rows: np.ndarray, *, required: bool) -> None:
    blank = _text(raw).isna().to_numpy() if not pd.api.types.is_datetime64_any_dtype(raw) else raw.isna().to_numpy()
    bad = parsed.isna().to_numpy() & ~blank
    _flag(log, file, bad, raw, "not a date", column=column, expected="a date like 2017-03-06")
    if required:
        _flag(log, file, blank, raw, "date missing", column=column, expected="a date")
    values = parsed.to_numpy()
    early = values < np.datetime64(reg.start)
    _flag(log, file, early, parsed, "date before the project start", column=column,
             expected=f"on or after register.start {reg.start}")
    late = values > np.datetime64(reg.extract)
    _flag(log, file, late, parsed, "date in the future (after the extract date)",
             column=column, expected=f"on or before register.extract {reg.extract}")


def _persons(project: Project, reg: Register, frame: pd.DataFrame, log: ProblemLog) -> pd.DataFrame:
    spec: PersonsFile = reg.persons
    cols = spec.columns
    file = spec.file
    rows = _row_numbers(len(frame))
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))

    person = _text(frame[cols.person])
    blank = person.isna().to_numpy()
    _flag(log, file, blank, frame[cols.person], "person id missing", column=cols.person)
    dup = person.duplicated(keep="first").to_numpy() & ~blank
    _flag(log, file, dup, person, "person id appears more than once", column=cols.person,
             expected="one row per person")
    out["person"] = person.astype(object)

    codes = [g.code for g in reg.groups]
    group = _categorical(frame[cols.group], codes)
    unknown = group.codes < 0
    _flag(log, file, unknown, frame[cols.group], "group not declared", column=cols.group,
             expected=f"one of {codes} (register.groups)")
    out["group"] = group
    counts = out["group"].value_counts()
    for g in reg.groups:
        if counts.get(g.code, 0) == 0:
            log.error(file, f"group {g.label!r} has no persons", column=cols.group, value=g.code,
                      expected="at least one person per declared group")

    municipality = _text(frame[cols.municipality])
    names = [m.name for m in project.municipalities]
    intervention = out["group"].isin(reg.group_codes("intervention")).to_numpy()
    bad_muni = intervention & ~municipality.isin(names).to_numpy()
    log.rows(file, rows[bad_muni], municipality.to_numpy()[bad_muni],
             "municipality of an intervention person is not a project municipality", column=cols.municipality,
             expected="a name listed under municipalities")
    others = sorted(set(municipality.dropna().unique()) - set(names))
    out["municipality"] = pd.Categorical(municipality, categories=names + others)

    start = _dates(frame[cols.start])
    _check_dates(log, file, cols.start, frame[cols.start], start, reg, rows, required=True)
    out["start"] = start
    if cols.censor is not None:
        censor = _dates(frame[cols.censor])
        _check_dates(log, file, cols.censor, frame[cols.censor], censor, reg, rows, required=False)
        before = (censor < start).to_numpy()
        _flag(log, file, before, censor, "censoring date before the start date",
                 column=cols.censor, expected="on or after the person's start date")
        out["censor"] = censor.fillna(pd.Timestamp(reg.extract))
    else:
        out["censor"] = pd.Series(pd.Timestamp(reg.extract), index=out.index).astype("datetime64[ns]")

    for bg in reg.background:
        values = _text(frame[bg.column])
        if bg.categories is not None:
            bad = values.notna().to_numpy() & ~values.isin(bg.categories).to_numpy()
            _flag(log, file, bad, values, f"{bg.label}: value not declared", column=bg.column,
                     expected=f"one of {bg.categories}")
            categories = list(bg.categories)
        else:
            categories = sorted(values.dropna().unique())
        out[bg.id] = pd.Categorical(values, categories=categories)

    for event in reg.events:
        date = _dates(frame[event.column])
        _check_dates(log, file, event.column, frame[event.column], date, reg, rows, required=False)
        early = (date < start).to_numpy()
        _flag(log, file, early, date, f"{event.label}: event before the start date",
                 column=event.column, expected="on or after the person's start date")
        after = (date > out["censor"]).to_numpy()
        _flag(log, file, after, date, f"{event.label}: event after censoring",
                 column=event.column, expected=f"on or before the censoring date ({cols.censor})")
        out[EVENT_PREFIX + event.id] = date
    out["source_row"] = rows
    return out


def _person_positions(ids: pd.Series, person: pd.Series) -> np.ndarray:
    """Row in the persons table of every id in the periods file (-1 = not there)."""
    if pd.api.types.is_integer_dtype(ids):
        numeric = pd.to_numeric(person, errors="coerce")
        if numeric.notna().all() and (numeric.astype(str) == person.astype(str)).all():
            # whole-number ids on both sides: a binary search per row, no hashing of the long column
            keys = numeric.to_numpy(dtype=np.int64)
            values = ids.to_numpy(dtype=np.int64)
            low = int(keys.min()) if len(keys) else 0
            span = int(keys.max()) - low + 1 if len(keys) else 0
            if 0 < span <= 50_000_000:   # a dense id range: one look-up table, one gather
                table = np.full(span, -1, dtype=np.int64)
                table[(keys - low)[::-1]] = np.arange(len(keys) - 1, -1, -1)   # first row wins on duplicates
                offset = values - low
                inside = (offset >= 0) & (offset < span)
                return np.where(inside, table[np.clip(offset, 0, span - 1)], -1)
            order = np.argsort(keys, kind="stable")
            sorted_keys = keys[order]
            at = np.minimum(np.searchsorted(sorted_keys, values), len(keys) - 1)
            return np.where(sorted_keys[at] == values, order[at], -1) if len(keys) else np.full(len(ids), -1)
    # otherwise: factorise the long column once, look each distinct id up once
    codes, uniques = pd.factorize(ids, use_na_sentinel=True)
    lookup = pd.Index(person.astype(str)).drop_duplicates()
    found = lookup.get_indexer(_text(pd.Series(uniques)).fillna("").astype(str).to_numpy(dtype=object))
    return np.append(found, -1)[codes]  # NA sentinel → not found


def _periods(reg: Register, frame: pd.DataFrame, persons: pd.DataFrame, log: ProblemLog) -> pd.DataFrame:
    spec: PeriodsFile = reg.periods_file  # type: ignore[assignment]
    cols = spec.columns
    file = spec.file

    position = _person_positions(frame[cols.person], persons["person"])
    missing = position < 0
    _flag(log, file, missing, frame[cols.person], "person not in the persons file", column=cols.person,
          expected=f"an id from {reg.persons.file}")

    period = frame[cols.period]
    if pd.api.types.is_integer_dtype(period):
        period_values = period.to_numpy(dtype=np.int64)
        bad = (period_values < 1) | (period_values > reg.periods)
    else:
        values = pd.to_numeric(period, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isfinite(values) | (values != np.round(values)) | (values < 1) | (values > reg.periods)
        period_values = np.where(bad, 0, values).astype(np.int64)
    _flag(log, file, bad, period, f"{reg.unit} not in 1–{reg.periods}", column=cols.period,
          expected=f"a whole number from 1 to {reg.periods} (register.periods)")
    period_int = np.where(bad, 0, period_values).astype(np.int16)

    ok = ~missing & ~bad
    key = position.astype(np.int64) * (reg.periods + 1) + period_int
    dup = np.zeros(len(frame), dtype=bool)
    if ok.any():
        k = key if ok.all() else key[ok]
        if k.max() < 50_000_000:   # counting is cheaper than sorting for the usual sizes
            seen = np.bincount(k)
            multi = seen[k] > 1
            if multi.any():
                idx = np.flatnonzero(ok)[multi]
                first = pd.Series(key[idx]).duplicated(keep="first").to_numpy()
                dup[idx[first]] = True
        else:
            order = np.argsort(k, kind="stable")
            sk = k[order]
            repeat = np.zeros(sk.size, dtype=bool)
            repeat[1:] = sk[1:] == sk[:-1]
            dup[np.flatnonzero(ok)[order[repeat]]] = True
    _flag(log, file, dup, frame[cols.person], f"person appears more than once in the same {reg.unit}",
          column=cols.person, expected=f"one row per person and {reg.unit}")

    status = frame[cols.status]
    codes = [s.code for s in reg.statuses]
    status_cat = _categorical(status, codes)
    undeclared = status_cat.codes < 0
    _flag(log, file, undeclared, status, "status not declared", column=cols.status,
          expected=f"one of {codes} (register.statuses)")

    if cols.hours is not None:
        raw = frame[cols.hours]
        if pd.api.types.is_float_dtype(raw) or pd.api.types.is_integer_dtype(raw):
            hours = raw.to_numpy(dtype=np.float32, na_value=np.nan)
            bad_hours = hours < 0
        else:
            hours = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=np.float32, na_value=np.nan)
            bad_hours = (np.isnan(hours) & raw.notna().to_numpy()) | (hours < 0)
        _flag(log, file, bad_hours, raw, "hours not a number ≥ 0", column=cols.hours,
              expected="hours as a number, 0 or more")
    else:
        hours = np.full(len(frame), np.nan, dtype=np.float32)
    return pd.DataFrame({
        "person_row": position.astype(np.int32),
        "period": period_int,
        "status": status_cat,
        "hours": hours,
    }, copy=False)


def read_register(project: Project, project_dir: str | Path, log: ProblemLog) -> RegisterData | None:
    """Read and check the register files, adding every problem to ``log``; ``None`` when unreadable."""
    reg = project.register
    if reg is None:
        return None
    project_dir = Path(project_dir)
    pc = reg.persons.columns
    person_columns = [pc.person, pc.municipality, pc.group, pc.start] + ([pc.censor] if pc.censor else []) \
        + [b.column for b in reg.background] + [e.column for e in reg.events]
    try:
        persons = _persons(project, reg, _read(project_dir, reg.persons, list(dict.fromkeys(person_columns))), log)
    except InputError as exc:
        log.extend(exc.problems)
        return None
    periods = None
    if reg.periods_file is not None:
        qc = reg.periods_file.columns
        period_columns = [qc.person, qc.period, qc.status] + ([qc.hours] if qc.hours else [])
        try:
            periods = _periods(reg, _read(project_dir, reg.periods_file, period_columns), persons, log)
        except InputError as exc:
            log.extend(exc.problems)
            return None
    return RegisterData(persons=persons, periods=periods)


def load_register(project: Project, project_dir: str | Path, log: ProblemLog | None = None) -> RegisterData | None:
    """The validated register extract of a project. Without ``log``, raises :class:`InputError` on problems."""
    own = log is None
    log = ProblemLog() if log is None else log
    data = read_register(project, project_dir, log)
    if own:
        log.raise_if_errors()
    return data
