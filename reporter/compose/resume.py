"""The resumé: key findings as headline + sentence, numbers filled from metrics.

A consultant can write ``resume.md`` in the project directory: each ``## Headline`` followed by text
becomes a key finding placed before the computed ones. If the file's first line is
``<!-- replace -->`` the computed findings are left out.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from reporter.compose import participation
from reporter.compose.cells import Formatter
from reporter.compose.narrative import shown_pp
from reporter.config import Project
from reporter.model import KeyFinding
from reporter.text.collation import sort_key
from reporter.text.strings import join_list, t, tn

RESUME_FILE = "resume.md"


def read_resume(project_dir: Path) -> tuple[list[KeyFinding], bool]:
    """Consultant-written findings from ``resume.md`` and whether they replace the computed ones."""
    path = Path(project_dir) / RESUME_FILE
    if not path.is_file():
        return [], False
    text = path.read_text(encoding="utf-8")
    replace_all = text.lstrip().startswith("<!-- replace -->")
    findings = []
    for block in re.split(r"^##\s+", text, flags=re.MULTILINE)[1:]:
        headline, _, body = block.partition("\n")
        body = " ".join(line.strip() for line in body.strip().splitlines() if not line.startswith("<!--"))
        if headline.strip():
            findings.append(KeyFinding(headline=headline.strip(), text=body))
    return findings, replace_all


def _total(indicator: pd.DataFrame, index_id: str, wave: str) -> float | None:
    row = indicator[(indicator["index"] == index_id) & (indicator["group"] == "total") & (indicator["wave"] == wave)]
    if row.empty or pd.isna(row["value"].iloc[0]):
        return None
    return float(row["value"].iloc[0])


def computed_findings(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter) -> list[KeyFinding]:
    """Findings every note gets: participation, fidelity progress, largest gain, municipalities' development."""
    lang = project.language
    first, last = project.waves[0], project.waves[-1]
    findings: list[KeyFinding] = []

    responses = tables["responses"]
    tot = responses[(responses["municipality"] == "total") & (responses["group"] == "total")]
    n_last = tot[tot["wave"] == last.id]
    if not n_last.empty:
        rate = n_last["rate"].iloc[0] if "rate" in n_last.columns else math.nan
        findings.append(KeyFinding(
            headline=t("kf_responses_head", lang),
            text=tn("kf_responses", participation.count_in(project, last.id), lang,
                    n=fmt.count(n_last["value"].iloc[0]), wave=last.prose,
                    municipalities=participation.count_in(project, last.id))
            + ("" if pd.isna(rate) else " " + t("kf_rate", lang, rate=fmt.percent(rate))),
        ))

    indicator = tables["fidelity_indicator"]
    changes = []
    for _, core, index in project.indices():
        a, b = _total(indicator, index.id, first.id), _total(indicator, index.id, last.id)
        if a is not None and b is not None:
            changes.append((shown_pp(a, b), index, a, b))   # the change of the printed percentages
    if changes:
        rising = sum(1 for d, *_ in changes if d > 0)
        findings.append(KeyFinding(
            headline=t("kf_fidelity_head", lang) if rising * 2 >= len(changes) else t("kf_fidelity_head_mixed", lang),
            text=t("kf_fidelity", lang, k=rising, n=len(changes), a=first.prose, b=last.prose),
        ))
        best = max(changes, key=lambda c: (c[0], c[1].id))
        findings.append(KeyFinding(
            headline=t("kf_best_head", lang, label=best[1].label),
            text=t("kf_best", lang, label=best[1].label, x=fmt.pp(best[0] / 100),
                   a=fmt.percent(best[2]), b=fmt.percent(best[3]), wa=first.prose, wb=last.prose),
        ))

    mean = tables["fidelity_mean"]
    tm = mean[(mean["municipality"] == "total") & (mean["group"] == "samlet")]
    va = tm[tm["wave"] == first.id]["value"]
    vb = tm[tm["wave"] == last.id]["value"]
    if not va.empty and not vb.empty and not pd.isna(va.iloc[0]) and not pd.isna(vb.iloc[0]):
        findings.append(KeyFinding(
            headline=t("kf_mean_head", lang),
            text=t("kf_mean", lang, a=fmt.number(va.iloc[0]), b=fmt.number(vb.iloc[0]), wa=first.prose, wb=last.prose),
        ))

    ranking = tables["power_ranking"]
    if "status" in ranking.columns:
        rs = ranking[(ranking["group"] == "samlet") & (ranking["wave"] == last.id) & (ranking["municipality"] != "total")]
        counts = rs["status"].value_counts().to_dict()
        rule = project.thresholds.change.get("power_ranking")
        if rule is not None and len(rs):
            # counted from the cells the table shows: a hidden or missing value has no status
            classified = {str(m) for m, s in zip(rs["municipality"], rs["status"]) if s in ("up", "same", "down")}
            unclassified = sorted((m.name for m in project.municipalities if m.name not in classified), key=sort_key)
            text = tn("kf_ranking", counts.get("up", 0), lang, up=counts.get("up", 0), same=counts.get("same", 0),
                     down=counts.get("down", 0), a=project.wave(rule.from_).prose, b=project.wave(rule.to).prose,
                     x=fmt.pp(rule.threshold))
            if unclassified:
                key = "kf_ranking_unclassified_one" if len(unclassified) == 1 else "kf_ranking_unclassified"
                text += " " + t(key, lang, n=len(unclassified), names=join_list(unclassified, lang))
            findings.append(KeyFinding(headline=t("kf_ranking_head", lang), text=text))
    return findings
