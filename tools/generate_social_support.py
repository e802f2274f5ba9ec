"""Generate the synthetic 'Social støtte' example project: citizens in five municipalities answering WHO-5,
General Self-Efficacy and BIP indicators at five linked measurements (a panel), plus a register extract with a
matched comparison group.

    python tools/generate_social_support.py            # fixtures/social-support/ (fixed seed)
    python tools/generate_social_support.py --out DIR

Writes ``data/progression.csv`` (one row per citizen × measurement answered, ids linked across measurements)
and ``register/persons.csv`` + ``register/weeks.parquet`` (via ``tools/generate_register.py``, the same model
with an effect built in). ``project.yaml``, the template and the consultant-written parts are written by hand
and only copied when missing.

The model: each citizen has a latent well-being, self-efficacy and readiness; well-being rises over the
measurements (about +5 WHO-5 points at the second, +8 at the fifth), self-efficacy and readiness barely move.
Answer 2 of WHO-5 ('Lidt mindre end halvdelen af tiden') was missing from the questionnaire, as in the
reference evaluation: such answers land on 1 or 3 instead. About 3 % of the item answers are blank; a few
citizens first answer at the second measurement (validation warns about them). Same arguments →
byte-identical files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from generate_register import synthesize, write  # noqa: E402

SEED = 20200315
MUNICIPALITIES = {"Havby": 126, "Skovby": 110, "Engby": 95, "Bakkeby": 90, "Fjordby": 83}   # 504 citizens
WAVES = ["m1", "m2", "m3", "m4", "m5"]
ANSWER_RATE = [0.865, 0.76, 0.69, 0.66, 0.615]     # ~436, 383, 347, 331, 310 answers
LATE_STARTERS = 6                                  # first answer at m2 (no first measurement)
WHO5_LIFT = [0.0, 5.0, 6.0, 7.0, 8.0]              # WHO-5 points (0–100) over the measurements
GSE_LIFT = [0.0, 0.05, 0.1, 0.15, 0.25]           # GSE points (10–40)
BIP_LIFT = [0.0, 0.01, 0.02, 0.02, 0.03]           # BIP mean (1–5)
CONTENT = ["Støttende samtaler/social støtte", "Kontakt med jobcentret", "Praktisk hjælp i hverdagen",
           "Økonomi og gæld", "Sundhed og behandling", "Bolig", "Netværk og fritid"]
CONTENT_P = [0.82, 0.64, 0.38, 0.27, 0.31, 0.16, 0.21]
BLANK = 0.03


def _items(rng: np.random.Generator, latent: np.ndarray, n_items: int, low: int, high: int,
           spread: float) -> np.ndarray:
    """Integer answers around a latent item mean, clipped to low–high (float, NaN = blank)."""
    raw = latent[:, None] + rng.normal(0, spread, size=(latent.size, n_items))
    answers = np.clip(np.rint(raw), low, high).astype(float)
    answers[rng.random(answers.shape) < BLANK] = np.nan
    return answers


def progression(seed: int = SEED) -> pd.DataFrame:
    """One row per citizen × measurement answered."""
    rng = np.random.default_rng(seed)
    kommune = np.concatenate([[m] * n for m, n in MUNICIPALITIES.items()])
    n = kommune.size
    ids = np.array([f"B{k:04d}" for k in range(1, n + 1)], dtype=object)
    wellbeing = np.clip(rng.normal(48, 20, n), 2, 98)           # WHO-5 0–100
    efficacy = np.clip(rng.normal(2.64, 0.5, n), 1.1, 3.9)      # GSE per item 1–4
    readiness = np.clip(rng.normal(3.7, 0.6, n), 1.2, 4.9)      # BIP per item 1–5
    late = rng.choice(n, size=LATE_STARTERS, replace=False)
    frames = []
    joined = rng.random(n) < ANSWER_RATE[0]      # answered the first measurement
    joined[late] = True
    for w, wave in enumerate(WAVES):
        # later measurements: among those who joined, independently per measurement (gaps happen)
        answered = joined & (rng.random(n) < ANSWER_RATE[w] / ANSWER_RATE[0])
        if w == 0:
            answered[late] = False
        elif w == 1:
            answered[late] = True
        who = _items(rng, (wellbeing + WHO5_LIFT[w]) / 20, 5, 0, 5, 0.8)
        two = who == 2
        who[two] = np.where(rng.random(int(two.sum())) < 0.5, 1.0, 3.0)   # option 2 was not on the form
        gse = _items(rng, efficacy + GSE_LIFT[w] / 10, 10, 1, 4, 0.6)
        bip = _items(rng, readiness + BIP_LIFT[w], 6, 1, 5, 0.9)
        frame = pd.DataFrame({"borger_id": ids, "maaling": wave, "kommune": kommune, "funktion": "Borger"})
        for k in range(5):
            frame[f"who5_{k + 1}"] = who[:, k]
        for k in range(10):
            frame[f"gse_{k + 1}"] = gse[:, k]
        for k in range(6):
            frame[f"bip_{k + 1}"] = bip[:, k]
        if w > 0:
            ticks = rng.random((n, len(CONTENT))) < np.array(CONTENT_P)[None, :]
            for k in range(len(CONTENT)):
                frame[f"cti_indhold_{k + 1}"] = ticks[:, k].astype(int)
        frames.append(frame[answered])
    out = pd.concat(frames, ignore_index=True)
    # ids in file order: by measurement, then by citizen
    return _contact_items(out, seed)


CONTACT = ["Dagligt", "Flere gange om ugen", "Ugentligt", "Hver anden uge", "Sjældnere"]
CONTACT_P = [[0.08, 0.32, 0.40, 0.14, 0.06], [0.05, 0.25, 0.42, 0.19, 0.09], [0.03, 0.18, 0.41, 0.24, 0.14],
             [0.02, 0.13, 0.38, 0.27, 0.20]]               # m2–m5: contact thins out over the course
AGREE_P = {"plan_inddraget": [0.42, 0.33, 0.13, 0.05, 0.03, 0.04], "plan_mening": [0.36, 0.35, 0.16, 0.06, 0.03, 0.04]}
MINUTES = [52, 47, 43, 40]                                 # mean minutes per contact, m2–m5


def _contact_items(out: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The CTI questions at m2–m5 (plan, contact frequency and minutes per contact), drawn from their own random
    stream so the earlier columns stay as they were: two agreement statements (5 = Helt enig … 1 = Helt uenig,
    9 = Ved ikke), the contact frequency (1–5 = ``CONTACT``) and minutes per contact (blank at m1)."""
    rng = np.random.default_rng(seed + 1)
    out = out.copy()
    wave = out["maaling"].map({w: k for k, w in enumerate(WAVES)}).to_numpy()
    later = wave > 0
    for column, p in AGREE_P.items():
        codes = np.array([5, 4, 3, 2, 1, 9], dtype=float)[rng.choice(6, size=len(out), p=p)]
        out[column] = np.where(later, codes, np.nan)
    frequency = np.full(len(out), np.nan)
    minutes = np.full(len(out), np.nan)
    for k in range(1, len(WAVES)):
        rows = wave == k
        frequency[rows] = 1 + rng.choice(len(CONTACT), size=int(rows.sum()), p=CONTACT_P[k - 1])
        minutes[rows] = np.clip(np.rint(rng.normal(MINUTES[k - 1], 15, int(rows.sum()))), 10, 120)
    blank = rng.random(len(out)) < BLANK
    frequency[blank] = np.nan
    minutes[blank | (rng.random(len(out)) < BLANK)] = np.nan
    out["kontakt_hyppighed"] = frequency
    out["kontakt_minutter"] = minutes
    return out


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    """Answers as integer text, blank for missing."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype.kind == "f":
            out[column] = out[column].map(lambda x: "" if np.isnan(x) else str(int(x)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "fixtures" / "social-support")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    (args.out / "data").mkdir(parents=True, exist_ok=True)
    _text(progression(args.seed)).to_csv(args.out / "data" / "progression.csv", index=False, lineterminator="\n")
    persons, weeks = synthesize(list(MUNICIPALITIES), intervention=sum(MUNICIPALITIES.values()), comparison=1000,
                                population=500, weeks=52, effect=0.08, effect_week=26, seed=args.seed)
    write(args.out / "register", persons, weeks)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
