"""Generate the synthetic survey data of the example projects in ``fixtures/``.

Run ``python tools/generate_fixtures.py`` to rewrite, byte for byte, the data files of

- ``fixtures/stv/data/responses.csv`` + ``barriers.csv`` (27 municipalities, 5 roles, 3 waves), and
- ``fixtures/sof/data/sof.sav`` + ``barriers.csv`` (20 jobcentres, leader/employee, 3 waves).

The ``project.yaml`` files are written by hand and are the input here: the generator reads them with
:func:`reporter.config.load.load_project` and fills in answers for every item a role was asked in a
wave. Respondents are drawn from a small latent model: each municipality has a fidelity level per
wave and side that drifts over the project, roles shift it, items have a difficulty (and a growth
over the waves), respondents have their own random effect, and a few per cent answer "Ved ikke".
Counts per role and wave follow the published response tables exactly.

:func:`generate_large` writes an STV-like project of any size for benchmarks.
"""

from __future__ import annotations

import argparse
import csv
import math
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from reporter.config.load import load_project
from reporter.config.models import Item, Project, Scale

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
STV_SEED = 20200131
SOF_SEED = 20190301

# ------------------------------------------------------------------------------------------------
# Published response tables (respondents per role x wave) the fixtures must reproduce exactly.
# ------------------------------------------------------------------------------------------------

STV_RESPONDENTS: dict[str, tuple[int, int, int]] = {
    "leder": (88, 65, 72),
    "projektleder": (28, 25, 27),
    "sagsbehandler": (265, 239, 206),
    "virksomhedskonsulent": (143, 109, 105),
    "mentor": (63, 29, 39),
}
SOF_RESPONDENTS: dict[str, tuple[int, int, int]] = {"leder": (32, 28, 28), "medarbejder": (205, 202, 183)}

# STV: latent fidelity level (1-5 scale) per municipality: employee side start/midt/slut, then
# leader side start/midt/slut. Shaped like the published fidelity-mean table, so the fixture has
# strong improvers (Nyborg, Stevns, Solrød), decliners (Samsø, Nordfyn, Faxe) and stable ones.
STV_LATENT: dict[str, tuple[float, ...]] = {
    "Aabenraa": (3.09, 3.16, 3.17, 3.26, 3.67, 3.59),
    "Ballerup": (3.18, 3.20, 3.39, 3.62, 3.77, 4.13),
    "Billund": (2.99, 3.18, 3.36, 2.62, 3.03, 3.43),
    "Brøndby": (3.22, 3.67, 3.78, 3.13, 3.47, 3.60),
    "Brønderslev": (3.14, 3.43, 3.50, 3.23, 3.67, 3.80),
    "Favrskov": (3.17, 3.34, 3.65, 3.56, 4.04, 4.00),
    "Faxe": (3.41, 3.21, 3.33, 3.53, 3.39, 3.67),
    "Fredericia": (3.09, 3.05, 3.09, 3.61, 3.60, 3.65),
    "Frederiksberg": (3.03, 3.34, 3.41, 3.27, 3.67, 3.79),
    "Frederikshavn": (3.39, 3.52, 3.65, 3.73, 3.77, 3.80),
    "Gladsaxe": (3.10, 3.06, 3.17, 3.63, 3.75, 3.87),
    "Glostrup": (3.51, 3.64, 3.55, 3.58, 4.10, 4.00),
    "Greve": (3.24, 3.40, 3.57, 3.49, 3.69, 3.84),
    "Helsingør": (3.28, 3.42, 3.44, 4.03, 3.77, 3.53),
    "Holstebro": (3.25, 3.27, 3.36, 3.81, 4.03, 3.87),
    "Middelfart": (3.71, 3.66, 3.91, 4.00, 4.40, 4.15),
    "Nordfyn": (3.45, 3.60, 3.39, 3.77, 3.87, 3.80),
    "Nyborg": (3.10, 3.36, 3.75, 2.93, 3.93, 3.72),
    "Odder": (2.94, 2.98, 3.29, 3.51, 3.59, 3.82),
    "Ringkøbing-Skjern": (3.14, 3.51, 3.66, 3.22, 3.58, 3.68),
    "Rudersdal": (3.15, 3.59, 3.25, 3.47, 3.78, 3.89),
    "Samsø": (3.40, 3.71, 3.31, 4.03, 4.17, 3.95),
    "Silkeborg": (3.24, 3.46, 3.38, 3.73, 4.28, 3.81),
    "Skive": (3.38, 3.25, 3.61, 3.73, 3.97, 3.98),
    "Solrød": (2.99, 3.46, 3.68, 3.62, 3.96, 3.65),
    "Stevns": (3.03, 3.11, 3.57, 3.80, 3.95, 4.20),
    "Svendborg": (3.23, 3.34, 3.46, 3.58, 3.50, 3.57),
}
# Municipality x wave cells without any leader (blank leader and Samlet cells in the note).
STV_NO_LEADERS = {("midt", "Gladsaxe"), ("slut", "Frederikshavn"), ("slut", "Glostrup")}

STV_RAW_LABELS: dict[str, dict[str, float]] = {
    "leder": {"Jobcenterchef": 0.25, "Afdelingsleder": 0.5, "Teamleder": 0.25},
    "projektleder": {"STV-projektleder": 0.8, "Projektleder": 0.2},
    "sagsbehandler": {"Myndighedssagsbehandler": 0.5, "Sagsbehandler": 0.35, "Rådgiver": 0.15},
    "virksomhedskonsulent": {"Virksomhedskonsulent": 0.85, "Jobkonsulent": 0.15},
    "mentor": {"Mentor": 0.8, "Beskæftigelsesmentor": 0.2},
}
STV_ROLE_EFFECT = {"leder": 0.0, "projektleder": 0.15, "sagsbehandler": -0.02, "virksomhedskonsulent": 0.08,
                   "mentor": -0.08}

# Item parameters. ``d`` = difficulty (higher = fewer agree), ``g`` = growth from first to last wave
# (relative to the municipality's own drift), ``dk`` = share answering "Ved ikke", ``lead`` = extra
# level on the leader side (leaders rate their own focus high).
_STV_INDEX_PARAMS = {
    "ledelsesfokus": dict(d=-0.35, g=0.15, dk=0.03, lead=0.3),
    "samarbejde": dict(d=0.05, g=-0.15, dk=0.03),
    "synlighed": dict(d=0.35, g=0.7, dk=0.03, lead=0.15),
    "branchekendskab": dict(d=0.15, g=0.05, dk=0.02),
    "virksomhedspladser": dict(d=0.25, g=0.05, dk=0.05),
    "retning": dict(d=0.7, g=0.6, dk=0.03),
    "progression": dict(d=0.2, g=0.0, dk=0.03),
    "mentorstoette": dict(d=-0.35, g=-0.25, dk=0.06),
}
STV_ITEM_PARAMS: dict[str, dict] = {
    "tro_praktik": dict(model="bands", shift=3.1, dk=0.05),
    "tro_loentimer": dict(model="bands", shift=2.3, dk=0.07),
    "skriftlige_aftaler": dict(model="yesno", p={"*": 0.84, "mentor": 0.72}, slope=0.6, dk=0.05),
    "aftale_elementer": dict(model="multi", p=[0.8, 0.86, 0.7, 0.48, 0.3], g=[0.0, 0.0, 0.02, 0.04, 0.15]),
    "tidskraevende": dict(model="agree", d=0.3, g=-0.1, dk=0.04),
    "samarbejdsform": dict(model="choice", p={"sagsbehandler": [0.65, 0.3, 0.05],
                                              "virksomhedskonsulent": [0.54, 0.44, 0.02]}),
    "sparring_ledelse": dict(model="agree", d=0.25, dk=0.03),
    "sparring_vk": dict(model="agree", d=-0.3, dk=0.03),
    "caseload_betydning": dict(model="choice", p={"sagsbehandler": [0.03, 0.12, 0.75, 0.10],
                                                  "virksomhedskonsulent": [0.2, 0.05, 0.65, 0.10]}),
    "sager_total": dict(model="count", mean={"sagsbehandler": 48.0, "virksomhedskonsulent": 36.0}, sd=0.45,
                        missing=0.04),
    "sager_stv": dict(model="share_of", of="sager_total", low=0.15, high=0.7, missing=0.04),
    "greb_anvendt": dict(model="yesno", p={"leder": 0.78, "projektleder": 0.95}, slope=0.3, dk=0.0),
    "greb_aktiviteter": dict(model="multi", p=[0.55, 0.6, 0.45, 0.35, 0.3], g=[0.0, -0.08, 0.05, -0.1, -0.05],
                             role_shift={"projektleder": 0.25}),
    "greb_vurdering": dict(model="agree", d=0.1, dk=0.04),
    "barrierer": dict(model="coded", answer={"employee": 0.55, "leader": 0.7}),
}
# Items added to the STV questionnaire after the fixture was first published (Figur 19-21 of the end note):
# own random streams, so the earlier answers stay byte for byte the same.
STV_LATER_ITEMS: dict[str, dict] = {
    **{f"greb_vurdering_{i}": dict(model="agree", d=d, dk=0.04) for i, d in enumerate((0.0, 0.2, 0.3, 0.1, 0.4), 1)},
    "egne_aktiviteter": dict(model="multi", p=[0.6, 0.55, 0.35, 0.25], g=[-0.05, -0.05, 0.0, -0.05],
                             role_shift={"projektleder": 0.2}),
    **{f"egne_vurdering_{i}": dict(model="agree", d=d, dk=0.04) for i, d in enumerate((-0.1, 0.0, 0.3, 0.5), 1)},
}
STV_ITEM_PARAMS.update({k: dict(v, own_stream=True) for k, v in STV_LATER_ITEMS.items()})
STV_CODE_PROB = {  # probability that an answering respondent mentions a code
    "employee": {"tid": 0.4, "pladser": 0.3, "helbred": 0.35, "roller": 0.12, "ledelse": 0.06,
                 "administration": 0.15, "mentor": 0.1, "udskiftning": 0.08},
    "leader": {"tid": 0.35, "pladser": 0.25, "helbred": 0.25, "roller": 0.2, "ledelse": 0.04,
               "administration": 0.1, "mentor": 0.08, "udskiftning": 0.25},
}
STV_SNIPPETS = {
    "tid": ["Der er simpelthen for mange sager til at følge tæt op.", "Vi mangler tid til den enkelte borger."],
    "pladser": ["Det er svært at finde virksomheder, der vil tage vores borgere.", "For få relevante praktikpladser."],
    "helbred": ["Mange borgere er for syge til at starte på en virksomhed.", "Borgerne er ikke motiverede."],
    "roller": ["Det er uklart, hvem der gør hvad i forløbene.", "Vi træder hinanden over tæerne."],
    "ledelse": ["Ledelsen har andre prioriteter lige nu.", "Fokus fra ledelsen svinger meget."],
    "administration": ["Dokumentationen tager al tiden.", "Alt for meget registrering."],
    "mentor": ["Der er for få mentortimer.", "Mentorstøtten kommer for sent i gang."],
    "udskiftning": ["Mange nye kolleger, der skal læres op.", "Udskiftning i teamet har sat os tilbage."],
}

# SOF: respondents per municipality (employees, leaders) per wave, and latent levels per wave/side.
SOF_COUNTS: dict[str, tuple[tuple[int, int], ...]] = {
    "Allerød": ((6, 2), (9, 1), (11, 2)),
    "Ballerup": ((4, 1), (7, 1), (6, 1)),
    "Billund": ((8, 1), (7, 1), (0, 0)),
    "Faaborg-Midtfyn": ((12, 0), (13, 2), (14, 3)),
    "Faxe": ((10, 3), (7, 2), (7, 1)),
    "Fredericia": ((9, 0), (10, 1), (5, 2)),
    "Gentofte": ((10, 1), (9, 1), (8, 1)),
    "Hedensted": ((5, 1), (8, 1), (8, 1)),
    "Herning": ((24, 3), (23, 2), (22, 1)),
    "Kolding": ((13, 3), (11, 3), (11, 3)),
    "Lejre": ((6, 1), (7, 1), (4, 1)),
    "Lemvig": ((6, 2), (6, 1), (6, 2)),
    "Odder": ((5, 2), (6, 1), (5, 2)),
    "Rebild": ((5, 1), (7, 2), (9, 1)),
    "Ringsted": ((8, 2), (9, 2), (6, 2)),
    "Stevns": ((5, 1), (6, 1), (4, 1)),
    "Tårnby": ((11, 2), (11, 1), (13, 1)),
    "Vejen": ((9, 1), (7, 1), (8, 1)),
    "Vejle": ((24, 2), (14, 2), (13, 1)),
    "Viborg": ((25, 3), (25, 1), (23, 1)),
}
SOF_LATENT: dict[str, tuple[float, ...]] = {  # employee n/m/a, leader n/m/a
    "Allerød": (3.18, 3.35, 3.35, 3.02, 3.76, 3.81),
    "Ballerup": (3.18, 3.91, 4.17, 3.33, 4.32, 4.48),
    "Billund": (3.30, 3.45, 3.50, 3.60, 3.70, 3.70),
    "Faaborg-Midtfyn": (3.35, 3.75, 4.10, 3.30, 3.19, 3.66),
    "Faxe": (3.38, 3.71, 3.78, 3.52, 3.89, 3.55),
    "Fredericia": (3.78, 4.27, 4.11, 4.20, 4.32, 4.32),
    "Gentofte": (3.13, 3.35, 3.72, 3.00, 3.74, 4.14),
    "Hedensted": (3.89, 4.48, 4.55, 3.69, 4.43, 3.95),
    "Herning": (3.37, 3.87, 3.97, 3.73, 4.35, 4.12),
    "Kolding": (3.58, 4.01, 4.22, 4.17, 4.19, 3.96),
    "Lejre": (3.51, 4.17, 4.19, 3.69, 3.95, 4.16),
    "Lemvig": (3.24, 3.91, 4.18, 4.21, 4.56, 4.06),
    "Odder": (3.28, 3.66, 3.75, 3.96, 4.00, 4.37),
    "Rebild": (3.49, 3.96, 3.94, 4.41, 4.09, 4.26),
    "Ringsted": (3.84, 4.10, 4.09, 3.54, 4.31, 4.24),
    "Stevns": (3.24, 3.67, 3.94, 4.38, 4.47, 4.54),
    "Tårnby": (2.78, 2.95, 2.99, 3.48, 3.85, 3.84),
    "Vejen": (4.13, 4.24, 4.52, 4.50, 4.68, 4.63),
    "Vejle": (3.55, 4.36, 4.11, 4.34, 4.69, 4.84),
    "Viborg": (3.65, 4.06, 4.21, 3.90, 4.22, 4.40),
}
SOF_RAW_LABELS: dict[str, tuple[dict[str, float], ...]] = {  # per wave: shares of the function labels
    "medarbejder": (
        {"Myndighedssagsbehandler": 131, "Virksomhedskonsulent": 10, "Fastholdelseskonsulent": 62, "Anden faglighed": 2},
        {"Myndighedssagsbehandler": 23, "Virksomhedskonsulent": 9, "Fastholdelseskonsulent": 166, "Anden faglighed": 4},
        {"Myndighedssagsbehandler": 60, "Virksomhedskonsulent": 9, "Fastholdelseskonsulent": 148, "Anden faglighed": 11},
    ),
    "leder": tuple(
        {"Afdelingsleder/teamchef for sygedagpengeområdet": a, "Afdelingsleder/teamchef for virksomhedsindsatsen": b,
         "Faglig koordinator": c, "Anden ledelsesfunktion": d}
        for a, b, c, d in ((23, 8, 5, 3), (15, 5, 6, 7), (18, 3, 5, 5))
    ),
}
# Odder's leaders in the midway wave answer "Ved ikke" to every fidelity item but these four.
SOF_ODDER_VALID = ("s2a_hensigt", "s2a_praksis", "s2a_ansvar", "s2a_organisering")

SOF_ITEM_PARAMS: dict[str, dict] = {
    "tro_13uger": dict(model="bands", shift=2.4, dk=0.06, g=0.5),
    "tro_26uger": dict(model="bands", shift=3.3, dk=0.06, g=0.4),
    "s1a_tro_samtale": dict(d=-0.45, g=0.0, dk=0.02),
    "s1a_let_samtale": dict(d=0.35, g=0.3, dk=0.03),
    "s1a_arbejdsgiver": dict(d=0.0, g=0.1, dk=0.03),
    "s1a_rettidig": dict(d=0.2, g=0.1, dk=0.04),
    "s1b_plan": dict(d=0.05, g=0.0, dk=0.03),
    "s1b_aktivitet": dict(d=0.45, g=0.1, dk=0.05),
    "s1b_ordninger": dict(d=0.25, g=-0.1, dk=0.05),
    "s2a_hensigt": dict(d=-0.6, g=0.1, dk=0.02),
    "s2a_praksis": dict(d=-0.3, g=0.2, dk=0.02),
    "s2a_ansvar": dict(d=-0.4, g=0.3, dk=0.02),
    "s2a_organisering": dict(d=-0.1, g=0.2, dk=0.03),
    "s2b_kompetencer": dict(d=-0.3, g=0.3, dk=0.02),
    "s2b_sparring": dict(d=0.0, g=0.0, dk=0.03),
    "s3a_enighed": dict(d=-0.35, g=0.1, dk=0.04),
    "s3a_kommunikerer": dict(d=-0.1, g=0.0, dk=0.03, lead=0.2),
    "s3a_anvisning_samtale": dict(d=0.2, g=0.0, dk=0.03, lead=0.2),
    "s3a_anvisning_13uger": dict(d=0.35, g=0.0, dk=0.04, lead=0.2),
    "s3b_opdateret": dict(d=0.3, g=-0.1, dk=0.05),
    "s3b_adgang": dict(d=0.35, g=-0.2, dk=0.05),
    "organisering_aendret": dict(model="agree", d=0.4, g=0.4, dk=0.04),
    "undtagelser": dict(model="yesno", p={"*": 0.42}, slope=0.0, dk=0.1, g=0.08),
    "materialer": dict(model="multi", p=[0.5, 0.45, 0.42, 0.35, 0.3], role_shift={"leder": 0.25}),
    "materialer_brugt": dict(model="any_of", of="materialer"),
    "materialer_vurdering": dict(model="agree", d=0.3, dk=0.05),
    "sagsstamme": dict(model="count", mean={"medarbejder": 42.0}, sd=0.35, missing=0.03),
    "barrierer": dict(model="coded", answer={"employee": 0.6, "leader": 0.72}),
}
# Items added to the SOF questionnaire after the fixture was first published (every figure of the end note can
# be placed): each draws from its own random stream, so the earlier answers stay byte for byte the same.
SOF_LATER_ITEMS: dict[str, dict] = {
    "funktioner_medarbejder": dict(model="functions", also=0.03, own={
        "Myndighedssagsbehandler": ["Myndighedssagsbehandler"], "Virksomhedskonsulent": ["Virksomhedskonsulent"],
        "Fastholdelseskonsulent": ["Fastholdelseskonsulent"], "Andet": ["Anden faglighed"]}),
    "funktioner_leder": dict(model="functions", also=0.08, own={
        "Afdelingsleder/teamchef for sygedagpengeområdet": ["Afdelingsleder/teamchef for sygedagpengeområdet"],
        "Afdelingsleder/teamchef for virksomhedsindsatsen": ["Afdelingsleder/teamchef for virksomhedsindsatsen"],
        "Faglig koordinator": ["Faglig koordinator"], "Andet": ["Anden ledelsesfunktion"]}),
    "viderefoere": dict(model="multi", p=[0.67, 0.65, 0.51, 0.05], role_shift={"leder": 0.15}),
    **{f"materiale_vurdering_{i}": dict(model="agree", d=d, dk=0.04)
       for i, d in enumerate((0.3, 0.5, 0.45, -0.1, 0.2), 1)},
    "aktiviteter": dict(model="multi", p=[0.69, 0.48, 0.25, 0.2], role_shift={"leder": 0.3}),
    **{f"aktivitet_vurdering_{i}": dict(model="agree", d=d, dk=0.04) for i, d in enumerate((0.2, 0.35, 0.4, 0.5), 1)},
    "understoetter": dict(model="agree", d=0.1, g=0.3, dk=0.04),
    "visitation": dict(model="choice", p={"medarbejder": [0.3, 0.33, 0.08, 0.29], "leder": [0.18, 0.3, 0.21, 0.31]}),
    "undtagelseskriterier": dict(model="coded", answer={"employee": 0.5, "leader": 0.75}, code_prob={
        "employee": {"raskmelding": 0.48, "lang_afstand": 0.42, "standby": 0.08, "modvilje_arbejdsgiver": 0.25,
                     "transport": 0.11, "modvilje_borger": 0.09},
        "leader": {"raskmelding": 0.6, "lang_afstand": 0.4, "standby": 0.25, "modvilje_arbejdsgiver": 0.2,
                   "transport": 0.15, "modvilje_borger": 0.02}}, snippets={
        "raskmelding": ["Hvis borgeren raskmeldes inden for 2-4 uger.", "Ved opsigelse inden første samtale."],
        "lang_afstand": ["Over 30 km til arbejdspladsen.", "Mere end en halv times kørsel."],
        "standby": ["Standby-sager.", "Når lægen fraråder det."],
        "modvilje_arbejdsgiver": ["Arbejdsgiveren vil ikke, selv efter flere forsøg.", "Afvisning fra arbejdsgiver."],
        "transport": ["Borgeren kan ikke selv komme derhen.", "Borgeren kan ikke køre på grund af sygdom."],
        "modvilje_borger": ["Borgeren vil stadig ikke.", "Borgeren afslår efter dialog."]}),
    "samtale_andel": dict(model="bands", shift=2.6, dk=0.05, g=1.2),
    "begrundelser": dict(model="multi", p=[0.35, 0.4, 0.3, 0.25, 0.1], g=[-0.05, 0.0, -0.05, 0.0, 0.02]),
    "rollefordeling": dict(model="choice", p={"medarbejder": [0.8, 0.17, 0.03], "leder": [0.85, 0.14, 0.01]}),
    "ansvar_samme": dict(model="yesno", p={"*": 0.9}, slope=0.4, dk=0.02, g=0.8),
    "sagsstamme_kat23": dict(model="share_of", of="sagsstamme", low=0.85, high=1.0, missing=0.02),
    "sagsstamme_hele": dict(model="share_of", of="sagsstamme_kat23", low=0.45, high=1.0, missing=0.03),
    "caseload_aendring": dict(model="choice", p={"medarbejder": [0.33, 0.34, 0.19, 0.14]}),
    "samarbejde_sundhed": dict(model="agree", d=0.6, dk=0.08),
    "synlighed_praksis": dict(model="agree", d=0.2, g=0.3, dk=0.04),
    "synlighed_virkning": dict(model="agree", d=0.45, g=0.3, dk=0.05),
}
SOF_ITEM_PARAMS.update({k: dict(v, own_stream=True) for k, v in SOF_LATER_ITEMS.items()})

SOF_CODE_PROB = {
    "employee": {"tid": 0.46, "velvilje": 0.18, "administration": 0.07, "rettidighed": 0.1, "afstand": 0.08,
                 "fleksibilitet": 0.08, "kultur": 0.07},
    "leader": {"tid": 0.5, "velvilje": 0.15, "administration": 0.05, "rettidighed": 0.12, "afstand": 0.08,
               "fleksibilitet": 0.02, "kultur": 0.22},
}
SOF_SNIPPETS = {
    "tid": ["For mange sager til at nå ud på arbejdspladserne.", "Vi har ikke tid nok."],
    "velvilje": ["Arbejdsgiverne vil ikke altid have os på besøg.", "Borgeren ønsker ikke mødet på jobbet."],
    "administration": ["Det tager lang tid at finde kontaktoplysninger på arbejdsgiveren.", "Meget papirarbejde."],
    "rettidighed": ["Vi får sagerne for sent til at nå fristen.", "Svært at overholde rettidigheden."],
    "afstand": ["Lang køretid til arbejdspladsen.", "Arbejdspladserne ligger langt væk."],
    "fleksibilitet": ["Modellen er for stiv.", "Vi mangler bærbar og mobiltelefon."],
    "kultur": ["Svært at vænne sig til den nye rolle.", "Ikke alle kolleger bakker op om modellen."],
}

# ------------------------------------------------------------------------------------------------
# The simulation
# ------------------------------------------------------------------------------------------------


@dataclass
class Spec:
    """Everything the simulation needs besides the project configuration."""

    counts: dict[tuple[str, str, str], int]          # (wave, municipality, role) -> respondents
    latent: dict[tuple[str, str, str], float]        # (wave, municipality, side) -> fidelity level
    raw_labels: dict[tuple[str, str], dict[str, float]]  # (wave, role) -> raw label -> weight
    role_effect: dict[str, float]
    item_params: dict[str, dict]
    code_prob: dict[str, dict[str, float]]
    snippets: dict[str, list[str]]
    force_dk: dict[tuple[str, str, str], tuple[str, ...]] = field(default_factory=dict)  # (wave, muni, role) -> items
    force_valid: dict[tuple[str, str, str], tuple[str, ...]] = field(default_factory=dict)
    respondent_sd: float = 0.45
    noise: float = 0.6
    stream_seed: int = 0                              # seed of the own streams of later-added items


@dataclass
class WaveSample:
    """Simulated respondents of one wave: one array per data column (None = blank)."""

    wave: str
    ids: np.ndarray
    municipality: np.ndarray
    role: np.ndarray
    raw_role: np.ndarray
    answers: dict[str, np.ndarray]                   # item id (or multi column) -> object array
    codes: list[tuple[int, str]]                     # (respondent, code)


def _labels_by_score(scale: Scale) -> dict[int, str]:
    return {int(o.score): o.label for o in scale.options if o.score is not None}


def _dont_know(scale: Scale) -> str | None:
    return next((o.label for o in scale.options if o.dont_know), None)


def _cut5(values: np.ndarray) -> np.ndarray:
    """Latent values to categories 1..5 (half-point cut-offs)."""
    return np.clip(np.rint(values), 1, 5).astype(int)


def _params_for(project: Project, item: Item, spec: Spec) -> dict:
    params = dict(spec.item_params.get(item.id, {}))
    scale = project.scales[item.scale]
    if "model" not in params:
        if scale.kind == "ordinal" and any(o.score is not None for o in scale.options):
            params["model"] = "agree"
        elif scale.kind == "ordinal":
            params["model"] = "bands"
        else:
            params["model"] = {"single": "choice", "multi": "multi", "numeric": "count", "text": "coded"}[scale.kind]
    return params


def _passes_filter(project: Project, item: Item, answers: dict[str, np.ndarray]) -> np.ndarray:
    """Who passed an item's filter: the filter item answered with one of ``equals`` (for a multi-select
    filter item: one of those options ticked)."""
    source = project.item(item.filter.item)
    scale = project.scales[source.scale]
    if scale.kind != "multi":
        return np.isin(answers[item.filter.item], item.filter.equals)
    passed = None
    for option in scale.options:
        if option.label in item.filter.equals:
            hit = answers[source.columns.get(option.label, f"{source.id}_{option.code}")] == 1
            passed = hit if passed is None else passed | hit
    return passed if passed is not None else np.zeros(len(next(iter(answers.values()))), dtype=bool)


def simulate(project: Project, spec: Spec, rng: np.random.Generator) -> list[WaveSample]:
    """Draw every wave's respondents and answers."""
    side_of = {r.id: r.side for r in project.roles}
    n_waves = len(project.waves)
    out: list[WaveSample] = []
    for w_i, wave in enumerate(project.wave_ids):
        t = w_i / max(n_waves - 1, 1) - 0.5                 # -0.5 first wave .. +0.5 last wave
        cells = [(m.name, r.id, spec.counts.get((wave, m.name, r.id), 0))
                 for m in project.municipalities for r in project.roles]
        muni = np.array([m for m, _, n in cells for _ in range(n)], dtype=object)
        role = np.array([r for _, r, n in cells for _ in range(n)], dtype=object)
        order = rng.permutation(len(muni))
        muni, role = muni[order], role[order]
        n = len(muni)
        ids = np.arange(1001, 1001 + n)
        side = np.array([side_of[r] for r in role], dtype=object)
        raw = np.empty(n, dtype=object)
        for r in project.roles:
            mask = role == r.id
            weights = spec.raw_labels[(wave, r.id)]
            labels = list(weights)
            p = np.array([weights[k] for k in labels], dtype=float)
            raw[mask] = np.array(labels, dtype=object)[rng.choice(len(labels), size=int(mask.sum()), p=p / p.sum())]
        base = np.array([spec.latent[(wave, m, s)] for m, s in zip(muni, side)], dtype=float)
        base += np.array([spec.role_effect.get(r, 0.0) for r in role]) + rng.normal(0.0, spec.respondent_sd, n)
        is_leader = side == "leader"
        answers: dict[str, np.ndarray] = {}
        codes: list[tuple[int, str]] = []
        for item in project.items:
            asked = np.isin(role, item.roles or [r.id for r in project.roles]) & (item.waves is None or wave in item.waves)
            if item.filter is not None:
                asked &= _passes_filter(project, item, answers)
            params = _params_for(project, item, spec)
            # items added after a fixture was published draw from their own stream, so the answers to
            # every earlier item (and the published tables built on them) stay byte for byte the same
            g = np.random.default_rng([spec.stream_seed, w_i, zlib.crc32(item.id.encode())]) \
                if params.get("own_stream") else rng
            scale = project.scales[item.scale]
            model = params["model"]
            values = np.full(n, None, dtype=object)
            idx = np.flatnonzero(asked)
            k = len(idx)
            if model == "agree":
                level = base[idx] - params.get("d", 0.0) + params.get("g", 0.0) * t
                level += params.get("lead", 0.0) * is_leader[idx]
                cat = _cut5(level + g.logistic(0.0, spec.noise, k))
                if item.reverse:
                    cat = 6 - cat
                labels = _labels_by_score(scale)
                dk = g.random(k) < params.get("dk", 0.03)
                for key, items in spec.force_dk.items():
                    hit = (muni[idx] == key[1]) & (role[idx] == key[2]) & (wave == key[0])
                    dk[hit] = item.id in items
                for key, items in spec.force_valid.items():
                    if item.id in items:
                        dk[(muni[idx] == key[1]) & (role[idx] == key[2]) & (wave == key[0])] = False
                values[idx] = np.array([labels[c] for c in cat], dtype=object)
                values[idx[dk]] = _dont_know(scale)
            elif model == "bands":
                ordered = [o.label for o in scale.options if not o.dont_know]
                level = params["shift"] + 0.5 * (base[idx] - 3.4) + params.get("g", 0.0) * t
                cat = _cut5(level + g.logistic(0.0, 0.55, k))
                values[idx] = np.array([ordered[c - 1] for c in cat], dtype=object)
                values[idx[g.random(k) < params.get("dk", 0.05)]] = _dont_know(scale)
            elif model == "yesno":
                p0 = np.array([params["p"].get(r, params["p"].get("*", 0.5)) for r in role[idx]], dtype=float)
                logit = np.log(p0 / (1 - p0)) + params.get("slope", 0.0) * (base[idx] - 3.4) + params.get("g", 0.0) * t * 2
                yes = g.random(k) < 1 / (1 + np.exp(-logit))
                values[idx] = np.where(yes, "Ja", "Nej")
                values[idx[g.random(k) < params.get("dk", 0.0)]] = _dont_know(scale)
            elif model == "choice":
                labels = [o.label for o in scale.options]
                for r in np.unique(role[idx]):
                    sub = idx[role[idx] == r]
                    p = np.array(params["p"][r], dtype=float)
                    values[sub] = np.array(labels, dtype=object)[g.choice(len(labels), size=len(sub), p=p / p.sum())]
            elif model == "any_of":
                cols = [c for c in answers if c.startswith(params["of"] + "_")]
                ticked = np.zeros(n, dtype=bool)
                for c in cols:
                    ticked |= answers[c] == 1
                values[idx] = np.where(ticked[idx], "Ja", "Nej")
            elif model == "count":
                mean = np.array([params["mean"][r] for r in role[idx]], dtype=float)
                drawn = np.rint(mean * np.exp(g.normal(0.0, params["sd"], k)))
                drawn = np.clip(drawn, scale.min or 0, scale.max or 1e9).astype(int)
                values[idx] = drawn.astype(object)
                values[idx[g.random(k) < params.get("missing", 0.0)]] = None
            elif model == "share_of":
                total = answers[params["of"]][idx]
                share = g.uniform(params["low"], params["high"], k)
                have = np.array([v is not None for v in total], dtype=bool)
                part = np.array([int(round(v * s)) if v is not None else 0 for v, s in zip(total, share)], dtype=object)
                values[idx[have]] = part[have]
                values[idx[g.random(k) < params.get("missing", 0.0)]] = None
            if model == "functions":
                # a multi-valued work function: the respondent's own function ticked, others now and then
                own = {label: option for option, labels in params["own"].items() for label in labels}
                for option in scale.options:
                    column = item.columns.get(option.label, f"{item.id}_{option.code}")
                    col = np.full(n, None, dtype=object)
                    mine = np.array([own.get(x) == option.label for x in raw[idx]], dtype=bool)
                    col[idx] = (mine | (g.random(k) < params.get("also", 0.05))).astype(int).astype(object)
                    answers[column] = col
                continue
            if model == "multi":
                p = np.array(params["p"], dtype=float) + np.array(params.get("g", [0.0] * len(params["p"]))) * (t + 0.5)
                shift = np.array([params.get("role_shift", {}).get(r, 0.0) for r in role[idx]])
                for o_i, option in enumerate(scale.options):
                    column = item.columns.get(option.label, f"{item.id}_{option.code}")
                    col = np.full(n, None, dtype=object)
                    col[idx] = (g.random(k) < np.clip(p[o_i] + shift, 0.02, 0.98)).astype(int).astype(object)
                    answers[column] = col
                continue
            if model == "coded":
                coded = next((c for c in project.coded if c.id == item.id), None)
                answering = idx[g.random(k) < np.array([params["answer"][s] for s in side[idx]])]
                for pos in answering:
                    probs = params.get("code_prob", spec.code_prob)[side[pos]]
                    chosen = [c.code for c in coded.codes if g.random() < probs[c.code]] if coded else []
                    if not chosen and coded:
                        weights = np.array([probs[c.code] for c in coded.codes])
                        chosen = [coded.codes[int(g.choice(len(weights), p=weights / weights.sum()))].code]
                    snippets = params.get("snippets", spec.snippets)
                    text = " ".join(snippets[c][int(g.integers(len(snippets[c])))] for c in chosen)
                    values[pos] = text
                    codes.extend((int(ids[pos]), c) for c in chosen)
            answers[item.id] = values
        out.append(WaveSample(wave, ids, muni, role, raw, answers, sorted(codes)))
    return out


# ------------------------------------------------------------------------------------------------
# Writers
# ------------------------------------------------------------------------------------------------


def data_columns(project: Project) -> list[str]:
    """Item data columns in configuration order (multi-select items expand to one column per option)."""
    cols: list[str] = []
    for item in project.items:
        scale = project.scales[item.scale]
        if scale.kind == "multi":
            cols += [item.columns.get(o.label, f"{item.id}_{o.code}") for o in scale.options]
        else:
            cols.append(item.id)
    return cols


def write_codes(path: Path, project: Project, waves: list[WaveSample], question: int = 0) -> None:
    """The coded open answers of one coded question: ``respondent,wave,code``, comma-separated UTF-8, one row
    per code (code names are unique across a project's coded questions)."""
    order = {c.code: i for i, c in enumerate(project.coded[question].codes)}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["respondent", "wave", "code"])
        for w in waves:
            mine = [rc for rc in w.codes if rc[1] in order]
            for respondent, code in sorted(mine, key=lambda rc: (rc[0], order[rc[1]])):
                writer.writerow([respondent, w.wave, code])


def _text(value: object) -> str:
    return "" if value is None else str(value)


def write_csv(path: Path, project: Project, waves: list[WaveSample], only: Project | None = None) -> None:
    """Semicolon-separated UTF-8 with BOM; answers as label texts, blank = not asked / no answer (the columns
    of ``only``'s items when given: a project that asks a subset of the questions)."""
    cols = data_columns(project)
    if only is not None:
        keep = set(data_columns(only))
        cols = [c for c in cols if c in keep]
    d = project.data
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\n")
        writer.writerow([d.respondent, d.wave, d.municipality, d.role, *cols])
        for w in waves:
            columns = [w.answers[c] for c in cols]
            for i in np.argsort(w.ids, kind="stable"):
                writer.writerow([w.ids[i], w.wave, w.municipality[i], w.raw_role[i], *(_text(c[i]) for c in columns)])


def write_sav(path: Path, project: Project, waves: list[WaveSample], stamp: tuple[str, str] = ("01 Mar 19", "09:00:00")) -> None:
    """SPSS file: numeric codes with value labels; wave id as a string; fixed header timestamp."""
    import pandas as pd
    import pyreadstat

    d = project.data
    munis = [m.name for m in project.municipalities]
    raws = [label for r in project.roles for label in r.raw]
    frame: dict[str, list] = {d.respondent: [], d.wave: [], d.municipality: [], d.role: []}
    labels = {d.respondent: "Respondent-id (entydigt inden for en måling)", d.wave: "Måling",
              d.municipality: "Jobcenter", d.role: "Arbejdsfunktion"}
    value_labels: dict[str, dict[int, str]] = {
        d.municipality: {i + 1: name for i, name in enumerate(munis)},
        d.role: {i + 1: name for i, name in enumerate(raws)},
    }
    measure: dict[str, str] = {d.municipality: "nominal", d.role: "nominal", d.wave: "nominal"}
    code_of: dict[str, dict[str, int | str]] = {}
    text_cols: set[str] = set()
    for item in project.items:
        scale = project.scales[item.scale]
        if scale.kind == "multi":
            for o in scale.options:
                col = item.columns.get(o.label, f"{item.id}_{o.code}")
                frame[col] = []
                labels[col] = f"{item.text} – {o.label}"
                measure[col] = "nominal"
            continue
        frame[item.id] = []
        labels[item.id] = item.text
        if scale.kind in ("ordinal", "single"):
            code_of[item.id] = {o.label: o.code for o in scale.options}
            value_labels[item.id] = {int(o.code): o.label for o in scale.options}
            measure[item.id] = "ordinal" if scale.kind == "ordinal" else "nominal"
        elif scale.kind == "text":
            text_cols.add(item.id)
        else:
            measure[item.id] = "scale"
    for w in waves:
        for i in np.argsort(w.ids, kind="stable"):
            frame[d.respondent].append(float(w.ids[i]))
            frame[d.wave].append(w.wave)
            frame[d.municipality].append(float(munis.index(w.municipality[i]) + 1))
            frame[d.role].append(float(raws.index(w.raw_role[i]) + 1))
            for col in frame:
                if col in (d.respondent, d.wave, d.municipality, d.role):
                    continue
                value = w.answers[col][i]
                if col in text_cols:
                    frame[col].append("" if value is None else value)
                elif value is None:
                    frame[col].append(math.nan)
                elif col in code_of:
                    frame[col].append(float(code_of[col][value]))
                else:
                    frame[col].append(float(value))
    df = pd.DataFrame(frame)
    path.parent.mkdir(parents=True, exist_ok=True)
    pyreadstat.write_sav(df, str(path), file_label=project.name[:64], column_labels=labels,
                         variable_value_labels=value_labels, variable_measure=measure)
    # ReadStat stamps the creation date/time into the header (offsets 92 and 101): fix them.
    data = bytearray(path.read_bytes())
    assert data[:4] == b"$FL2", "unexpected SAV header"
    data[92:101] = stamp[0].encode("ascii")
    data[101:109] = stamp[1].encode("ascii")
    path.write_bytes(bytes(data))


# ------------------------------------------------------------------------------------------------
# Counts and specs of the two fixtures
# ------------------------------------------------------------------------------------------------


def allocate(total: int, weights: np.ndarray, minimum: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Split ``total`` over cells: each gets its minimum, the rest is drawn in proportion to weights."""
    minimum = minimum.copy()
    if minimum.sum() > total:  # not enough for everyone: give the minimum to a random subset
        eligible = np.flatnonzero(minimum > 0)
        keep = rng.choice(eligible, size=total, replace=False)
        minimum[:] = 0
        minimum[keep] = 1
    rest = total - int(minimum.sum())
    p = weights / weights.sum()
    return minimum + rng.multinomial(rest, p)


def _stv_item_params(project: Project) -> dict[str, dict]:
    """Attach the index parameters to the fidelity items, with a small item-level jitter."""
    params = dict(STV_ITEM_PARAMS)
    jitter = np.random.default_rng(STV_SEED + 1)
    for _, _, index in project.indices():
        base = _STV_INDEX_PARAMS[index.id]
        for item_id in dict.fromkeys(index.items + (index.leader_items or [])):
            p = dict(base, model="agree")
            p["d"] = base["d"] + float(jitter.normal(0.0, 0.12))
            params[item_id] = p
    fid = project.fidelity_items()
    mean_d = float(np.mean([params[i]["d"] for i in fid]))
    mean_g = float(np.mean([params[i].get("g", 0.0) for i in fid]))
    for i in fid:  # centre so the municipality means follow the latent levels
        params[i] = dict(params[i], d=params[i]["d"] - mean_d, g=params[i].get("g", 0.0) - mean_g)
    return params


def stv_spec(project: Project, rng: np.random.Generator) -> Spec:
    munis = [m.name for m in project.municipalities]
    waves = project.wave_ids
    pops = np.array([m.population or 30000 for m in project.municipalities], dtype=float)
    counts: dict[tuple[str, str, str], int] = {}
    for role, totals in STV_RESPONDENTS.items():
        weights = pops ** 0.7 * rng.lognormal(0.0, 0.25, len(munis))
        for w_i, wave in enumerate(waves):
            open_ = np.array([not (role == "leder" and (wave, m) in STV_NO_LEADERS) for m in munis])
            minimum = {"leder": 1, "projektleder": 1, "sagsbehandler": 2, "virksomhedskonsulent": 1}.get(role, 0)
            alloc = allocate(totals[w_i], weights * open_, np.where(open_, minimum, 0), rng)
            for m, k in zip(munis, alloc):
                counts[(wave, m, role)] = int(k)
    latent = {}
    for m, values in STV_LATENT.items():
        for w_i, wave in enumerate(waves):
            latent[(wave, m, "employee")] = values[w_i]
            latent[(wave, m, "leader")] = values[3 + w_i]
    raw = {(w, r): labels for w in waves for r, labels in STV_RAW_LABELS.items()}
    return Spec(counts, latent, raw, STV_ROLE_EFFECT, _stv_item_params(project), STV_CODE_PROB, STV_SNIPPETS,
                stream_seed=STV_SEED)


def sof_spec(project: Project) -> Spec:
    waves = project.wave_ids
    counts, latent = {}, {}
    for m, per_wave in SOF_COUNTS.items():
        for w_i, wave in enumerate(waves):
            counts[(wave, m, "medarbejder")], counts[(wave, m, "leder")] = per_wave[w_i]
            latent[(wave, m, "employee")] = SOF_LATENT[m][w_i]
            latent[(wave, m, "leader")] = SOF_LATENT[m][3 + w_i]
    raw = {(w, r): SOF_RAW_LABELS[r][w_i] for w_i, w in enumerate(waves) for r in SOF_RAW_LABELS}
    fid = project.fidelity_items()
    params = dict(SOF_ITEM_PARAMS)
    mean_d = float(np.mean([params[i]["d"] for i in fid]))
    for i in fid:
        params[i] = dict(params[i], model="agree", d=params[i]["d"] - mean_d)
    odder = ("midtvejs", "Odder", "leder")
    return Spec(counts, latent, raw, {"leder": 0.0, "medarbejder": 0.0}, params, SOF_CODE_PROB, SOF_SNIPPETS,
                force_dk={odder: tuple(i for i in fid if i not in SOF_ODDER_VALID)},
                force_valid={odder: SOF_ODDER_VALID}, respondent_sd=0.35, noise=0.5, stream_seed=SOF_SEED)


# ------------------------------------------------------------------------------------------------
# Entry points
# ------------------------------------------------------------------------------------------------


def generate_stv(out_dir: Path, config_dir: Path = FIXTURES / "stv", columns_of: Path | None = None) -> Path:
    """Write the STV data files (data/responses.csv, data/barriers.csv) under ``out_dir`` (only the columns of
    the project in ``columns_of`` when given)."""
    project = load_project(config_dir)
    rng = np.random.default_rng(STV_SEED)
    waves = simulate(project, stv_spec(project, rng), rng)
    only = load_project(columns_of) if columns_of is not None else None
    write_csv(Path(out_dir) / project.data.files[0], project, waves, only)
    write_codes(Path(out_dir) / project.coded[0].file, project, waves)
    return Path(out_dir)


def generate_sof(out_dir: Path, config_dir: Path = FIXTURES / "sof") -> Path:
    """Write the SOF data files (data/sof.sav, data/barriers.csv) under ``out_dir``."""
    project = load_project(config_dir)
    rng = np.random.default_rng(SOF_SEED)
    waves = simulate(project, sof_spec(project), rng)
    write_sav(Path(out_dir) / project.data.files[0], project, waves)
    for q_i, question in enumerate(project.coded):
        write_codes(Path(out_dir) / question.file, project, waves, q_i)
    return Path(out_dir)


_PREFIXES = ["Aa", "Bjerg", "Dal", "Ege", "Fjord", "Hvid", "Lyng", "Mose", "Nør", "Sø", "Vest", "Øster", "Å",
             "Ær", "Skov", "Strand", "Bro", "Kirke"]
_SUFFIXES = ["by", "bæk", "holm", "lund", "havn", "sted", "rup", "skov", "næs", "høj"]


def distinct_file_names(n: int) -> list[str]:
    """``n`` of :func:`municipality_names` whose profile file names differ ('Åby' and 'Aaby' would share one,
    which project validation refuses)."""
    from reporter.config.names import slug

    out, seen = [], set()
    for name in municipality_names(3 * n):
        if slug(name) not in seen:
            seen.add(slug(name))
            out.append(name)
    return out[:n]


def municipality_names(n: int) -> list[str]:
    """``n`` distinct, Danish-looking municipality names (Æ/Ø/Å and 'Aa' included for collation)."""
    names = [p + s for s in _SUFFIXES for p in _PREFIXES]
    out = names[:n]
    i = 2
    while len(out) < n:
        out += [f"{name} {i}" for name in names[: n - len(out)]]
        i += 1
    return out


def generate_large(out_dir: Path, n_municipalities: int = 98, respondents_per_wave: int = 20000, seed: int = 7) -> Path:
    """Write an STV-like project (project.yaml + data/) of the given size for benchmarks; returns ``out_dir``."""
    out_dir = Path(out_dir)
    rng = np.random.default_rng(seed)
    raw = yaml.safe_load((FIXTURES / "stv" / "project.yaml").read_text(encoding="utf-8"))
    names = distinct_file_names(n_municipalities)
    pops = np.rint(rng.lognormal(10.4, 0.6, n_municipalities) / 100) * 100 + 2000
    raw["id"] = "stv_large"
    raw["name"] = f"STV-lignende benchmarkprojekt ({n_municipalities} kommuner)"
    raw["subtitle"] = f"Syntetiske data: {n_municipalities} kommuner, {respondents_per_wave} svar pr. måling"
    raw["municipalities"] = [{"name": nm, "population": int(p)} for nm, p in zip(names, pops)]
    for w in raw["waves"]:
        w["invited"] = int(round(respondents_per_wave / 0.86))
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "project.yaml").write_text(
        "# Generated by tools/generate_fixtures.py generate_large(); synthetic benchmark data.\n"
        + yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    project = load_project(out_dir)
    waves = project.wave_ids
    shares = np.array([STV_RESPONDENTS[r.id][0] for r in project.roles], dtype=float)
    role_totals = allocate(respondents_per_wave, shares, np.zeros(len(shares), dtype=int), rng)
    counts = {}
    weights = pops ** 0.7
    for r_i, r in enumerate(project.roles):
        for wave in waves:
            alloc = allocate(int(role_totals[r_i]), weights * rng.lognormal(0, 0.1, len(names)),
                             np.zeros(len(names), dtype=int), rng)
            counts.update({(wave, m, r.id): int(k) for m, k in zip(names, alloc)})
    latent = {}
    start = rng.normal(3.2, 0.18, len(names))
    drift = rng.normal(0.3, 0.25, len(names))
    gap = rng.normal(0.35, 0.25, len(names))
    for m_i, m in enumerate(names):
        path = (0.0, float(rng.uniform(0.3, 0.7)), 1.0)
        for w_i, wave in enumerate(waves):
            level = start[m_i] + drift[m_i] * path[w_i]
            latent[(wave, m, "employee")] = float(level)
            latent[(wave, m, "leader")] = float(level + gap[m_i] + rng.normal(0, 0.12))
    rawlabels = {(w, r): labels for w in waves for r, labels in STV_RAW_LABELS.items()}
    spec = Spec(counts, latent, rawlabels, STV_ROLE_EFFECT, _stv_item_params(project), STV_CODE_PROB, STV_SNIPPETS)
    sim = simulate(project, spec, rng)
    write_csv(out_dir / project.data.files[0], project, sim)
    write_codes(out_dir / project.coded[0].file, project, sim)
    return out_dir


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", nargs="*", help="fixtures to regenerate: stv (also stv-summary's data), sof "
                                                 "(default: both)")
    which = parser.parse_args(argv).which or ["stv", "sof"]
    if set(which) - {"stv", "sof"}:
        parser.error(f"unknown fixture(s): {', '.join(sorted(set(which) - {'stv', 'sof'}))}")
    if "stv" in which:
        print(generate_stv(FIXTURES / "stv"))
        # the summary example uses the same survey data (the columns of its own questionnaire)
        print(generate_stv(FIXTURES / "stv-summary", columns_of=FIXTURES / "stv-summary"))
    if "sof" in which:
        print(generate_sof(FIXTURES / "sof"))


if __name__ == "__main__":
    main()
