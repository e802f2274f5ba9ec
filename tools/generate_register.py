"""Generate a synthetic register extract with an effect built in by construction.

    python tools/generate_register.py                      # fixtures/stv-summary/register/ (fixed seed)
    python tools/generate_register.py --out DIR --persons 100000 --effect 0

Persons (``persons.csv``): an intervention group in the STV municipalities (``fixtures/stv/project.yaml``),
a comparison group in other job centres and a reference population; background characteristics
(age band, sex, origin, benefit = target group), start (visitation) date, end of follow-up (censoring)
and the dates of the first company-based activity and the first ordinary hours.

Weeks (``weeks.parquet``): one row per person × week since start while followed, with a status
(``virk`` company-based activity, ``ord`` ordinary hours, ``ingen`` neither) and ordinary hours.

The model: in week t a person is in ``virk``/``ord`` with probability
``p(t) = base(t) + shift(age) + shift(benefit) + municipality + effect(t)`` where ``effect(t)`` is
``effect × min(t, effect_week) / effect_week`` for the intervention group, 0 otherwise — so at
``effect_week`` the intervention group is ``effect`` (default +6 pct.-points) above the comparison
group with the same characteristics. Background shares are drawn from the same distribution in both
groups; municipality shifts sum to zero over the intervention persons and rise with the municipality's
fidelity in the STV survey fixture (0,2 per scale point), so the fidelity scatter shows a relation. Weeks are tied within a person
by a Gaussian copula (persistent careers), so the marginal probabilities hold exactly.
Same arguments → byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SEED = 20190930
START = dt.date(2016, 10, 24)   # week 43 2016: the week before the project started in the job centres
EXTRACT = dt.date(2019, 3, 1)
AGE = (["18-29", "30-39", "40-49", "50+"], [0.25, 0.25, 0.25, 0.25], [0.03, 0.01, -0.01, -0.03])
SEX = (["Kvinde", "Mand"], [0.5, 0.5])
ORIGIN = (["Dansk", "Indvandrer", "Efterkommer"], [0.7, 0.22, 0.08])
BENEFIT = (["Kontanthjælp", "Ressourceforløb"], [0.65, 0.35], [0.01, -0.02])
POPULATION_AGE = [0.35, 0.25, 0.2, 0.2]     # the population is younger: a difference the table should flag
COMPARISON_MUNICIPALITIES = ["Øvrige jobcentre"]
FIRST_ID = 100001  # pseudonymised person numbers


def _norm_ppf(p: np.ndarray) -> np.ndarray:
    from scipy.special import ndtri

    return ndtri(np.clip(p, 1e-6, 1 - 1e-6))


def synthesize(municipalities: list[str], *, intervention: int = 2000, comparison: int = 2000, population: int = 1000,
               weeks: int = 104, effect: float = 0.06, effect_week: int = 52, seed: int = SEED,
               censor_share: float = 0.1, fidelity: dict[str, float] | None = None,
               fidelity_slope: float = 0.2) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(persons, weeks) tables with raw column names as a register extract would have them."""
    rng = np.random.default_rng(seed)
    n = intervention + comparison + population
    group = np.array(["I"] * intervention + ["K"] * comparison + ["P"] * population)
    muni_i = rng.integers(0, len(municipalities), size=intervention)
    muni_p = rng.integers(0, len(municipalities), size=population)
    kommune = np.concatenate([np.asarray(municipalities, dtype=object)[muni_i],
                              np.array(COMPARISON_MUNICIPALITIES * comparison, dtype=object),
                              np.asarray(municipalities, dtype=object)[muni_p]])
    age_p = np.where(group[:, None] == "P", np.array(POPULATION_AGE)[None, :], np.array(AGE[1])[None, :])
    age = (rng.random(n)[:, None] > np.cumsum(age_p, axis=1)).sum(axis=1)
    sex = rng.choice(len(SEX[0]), size=n, p=SEX[1])
    origin = rng.choice(len(ORIGIN[0]), size=n, p=ORIGIN[1])
    benefit = rng.choice(len(BENEFIT[0]), size=n, p=BENEFIT[1])
    start_offset = rng.integers(0, 6, size=n) * 7 + rng.integers(0, 5, size=n)   # visitation in the first weeks
    start = pd.Timestamp(START) + pd.to_timedelta(start_offset, unit="D")
    last_possible = np.minimum(np.asarray((pd.Timestamp(EXTRACT) - start).days) // 7, weeks)
    followed = np.where(rng.random(n) < censor_share, rng.integers(8, weeks, size=n), weeks)
    followed = np.minimum(followed, last_possible)

    # municipality shifts, centred on the intervention persons (the pooled effect stays exact)
    shift = rng.normal(0, 0.03 if fidelity is None else 0.015, size=len(municipalities))
    if fidelity is not None:  # municipalities with higher fidelity do better (fidelity_slope per scale point)
        fid = np.array([fidelity.get(m, np.nan) for m in municipalities])
        fid = np.where(np.isnan(fid), np.nanmean(fid), fid)
        shift += fidelity_slope * (fid - fid.mean())
    weights = np.bincount(muni_i, minlength=len(municipalities))
    shift -= (shift * weights).sum() / max(weights.sum(), 1)
    person_shift = np.array(AGE[2])[age] + np.array(BENEFIT[2])[benefit]
    person_shift[:intervention] += shift[muni_i]

    m = intervention + comparison  # persons with weeks (the population has background data only)
    t = np.arange(1, weeks + 1, dtype=float)
    base = 0.19 + 0.03 * t / weeks
    lift = effect * np.minimum(t, effect_week) / effect_week
    p = base[None, :] + person_shift[:m, None] + np.where(group[:m, None] == "I", lift[None, :], 0.0)
    rho = 0.85
    a = rng.standard_normal(m)[:, None]
    z = rho * a + np.sqrt(1 - rho ** 2) * rng.standard_normal((m, weeks))
    active = z < _norm_ppf(p)
    ordinary_share = 0.15 + 0.45 * t / weeks
    ordinary = active & (rng.random((m, weeks)) < ordinary_share[None, :])
    hours = np.where(ordinary, np.round(rng.gamma(3.0, 4.0, size=(m, weeks)), 1), 0.0)
    observed = t[None, :] <= followed[:m, None]

    status = np.where(ordinary, "ord", np.where(active, "virk", "ingen"))
    rows, cols = np.nonzero(observed)
    weeks_table = pd.DataFrame({
        "person_id": (FIRST_ID + rows).astype(np.int64),
        "uge": (cols + 1).astype(np.int16),
        "status": pd.Categorical(status[rows, cols], categories=["virk", "ord", "ingen"]),
        "timer": hours[rows, cols].astype(np.float32),
    })

    def first(mask: np.ndarray) -> pd.Series:
        hit = mask & observed
        week = np.where(hit.any(axis=1), hit.argmax(axis=1) + 1, 0)
        dates = start[:m] + pd.to_timedelta((week - 1) * 7, unit="D")
        out = pd.Series(dates, dtype="datetime64[ns]").where(week > 0)
        return pd.concat([out, pd.Series([pd.NaT] * population, dtype="datetime64[ns]")], ignore_index=True)

    censor = pd.Series(start + pd.to_timedelta(followed * 7 - 1, unit="D"))
    censor[m:] = pd.NaT

    def iso(s: pd.Series) -> pd.Series:
        return s.dt.strftime("%Y-%m-%d").where(s.notna(), "")

    persons = pd.DataFrame({
        "person_id": FIRST_ID + np.arange(n, dtype=np.int64),
        "kommune": kommune,
        "gruppe": group,
        "visitation": iso(pd.Series(start)),
        "ophoer": iso(censor),
        "alder": np.array(AGE[0], dtype=object)[age],
        "koen": np.array(SEX[0], dtype=object)[sex],
        "herkomst": np.array(ORIGIN[0], dtype=object)[origin],
        "ydelse": np.array(BENEFIT[0], dtype=object)[benefit],
        "forste_virk": iso(first(active & ~ordinary)),
        "forste_ord": iso(first(ordinary)),
    })
    return persons, weeks_table


def write(out_dir: Path, persons: pd.DataFrame, weeks_table: pd.DataFrame, weeks_format: str = "parquet") -> None:
    """Write persons.csv and weeks.parquet (or weeks.csv) deterministically."""
    out_dir.mkdir(parents=True, exist_ok=True)
    persons.to_csv(out_dir / "persons.csv", index=False, lineterminator="\n")
    if weeks_format == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(weeks_table, preserve_index=False)
        table = table.replace_schema_metadata(None)
        pq.write_table(table, out_dir / "weeks.parquet", compression="zstd", use_dictionary=True,
                       write_statistics=False, store_schema=False)
    else:
        weeks_table.to_csv(out_dir / "weeks.csv", index=False, lineterminator="\n")


def stv_fidelity() -> dict[str, float]:
    """Fidelity mean (samlet, last wave) per municipality of the STV survey fixture."""
    sys.path.insert(0, str(ROOT))
    from reporter.data.load import load_survey
    from reporter.metrics.fidelity import fidelity_mean

    project, survey = load_survey(ROOT / "fixtures" / "stv")
    table = fidelity_mean(project, survey)
    rows = table[(table["group"] == "samlet") & (table["wave"] == project.wave_ids[-1])
                 & (table["municipality"] != "total")]
    return {str(m): float(v) for m, v in zip(rows["municipality"], rows["value"]) if v == v}


def stv_municipalities() -> list[str]:
    import yaml

    config = yaml.safe_load((ROOT / "fixtures" / "stv" / "project.yaml").read_text(encoding="utf-8"))
    return [m["name"] for m in config["municipalities"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "fixtures" / "stv-summary" / "register")
    parser.add_argument("--persons", type=int, default=4000, help="intervention + comparison persons (split 50/50)")
    parser.add_argument("--population", type=int, default=1000)
    parser.add_argument("--effect", type=float, default=0.06)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--csv", action="store_true", help="weeks as CSV instead of Parquet")
    args = parser.parse_args(argv)
    persons, weeks_table = synthesize(stv_municipalities(), intervention=args.persons // 2,
                                      comparison=args.persons - args.persons // 2, population=args.population,
                                      effect=args.effect, seed=args.seed, fidelity=stv_fidelity())
    write(args.out, persons, weeks_table, "csv" if args.csv else "parquet")
    print(f"{len(persons)} persons, {len(weeks_table)} person-weeks → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
