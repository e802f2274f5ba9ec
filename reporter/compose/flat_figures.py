"""A chart that says nothing is a sentence instead: a single bar, or every cluster showing the same value at
every wave (45 / 45). Decided on the values the reader would see (the bar labels), not on the exact values."""

from __future__ import annotations

from reporter.config import Project
from reporter.model import Figure, Paragraph
from reporter.text.strings import join_list, t

SUPPRESSED = "*"
FLAT_CHOICES = ("sentence", "chart")


def _shown(figure: Figure, index: int) -> list[str]:
    """The bar labels of one category (cluster), one per series with a displayed value."""
    out = []
    for series in figure.series:
        value = series.values[index] if index < len(series.values) else None
        text = series.labels[index] if index < len(series.labels) else ""
        if value is not None and text and text != SUPPRESSED:
            out.append(text)
    return out


def says_nothing(figure: Figure) -> bool:
    """At most one bar in the whole chart, or every cluster's bars show one and the same value."""
    if figure.kind not in ("clustered_bar", "horizontal_bar"):
        return False
    shown = [_shown(figure, i) for i in range(len(figure.categories))]
    bars = sum(len(s) for s in shown)
    if bars <= 1:
        return bars == 1
    return len(figure.series) > 1 and all(len(s) == len(figure.series) and len(set(s)) == 1 for s in shown)


def _waves_text(project: Project, series) -> str:
    """"både midtvejsmålingen og afslutningsmålingen" / "a, b og c" for the waves of ``series``."""
    lang = project.language
    names = [project.wave(s.wave).prose if s.wave else s.name for s in series]
    if len(names) == 2:
        return t("flat_both", lang, a=names[0], b=names[1])
    return join_list(names, lang)


def figure_sentence(project: Project, figure: Figure) -> list[Paragraph]:
    """What the chart would have shown, as a sentence (and its note lines in small type)."""
    lang = project.language
    shown = [(figure.categories[i], _shown(figure, i)) for i in range(len(figure.categories))]
    shown = [(c, s) for c, s in shown if s]
    waves = [s for s in figure.series if any(v is not None for v in s.values)]
    if len(shown) == 1:
        category, labels = shown[0]
        what = t("flat_what", lang, caption=figure.caption, category=category.replace("\n", " "))
        text = t("flat_one", lang, what=what, value=labels[0], waves=_waves_text(project, waves))
    else:
        values = "; ".join(f"{c.replace(chr(10), ' ')} {s[0]}" for c, s in shown)
        key = "flat_many_question" if figure.caption.rstrip().endswith("?") else "flat_many"
        text = t(key, lang, caption=figure.caption, waves=_waves_text(project, waves), values=values)
    out = [Paragraph(text)]
    if figure.notes:
        out.append(Paragraph(" ".join((t("note", lang), *figure.notes)), style="small"))
    return out


def keep_or_tell(project: Project, figure: Figure, intro: list, flat: str) -> list:
    """``intro`` + ``figure``, or the sentence when the figure says nothing and ``flat`` is "sentence"."""
    if flat not in FLAT_CHOICES:
        raise ValueError(f"flat must be one of {', '.join(FLAT_CHOICES)}, not {flat!r}")
    if flat == "sentence" and says_nothing(figure):
        return figure_sentence(project, figure)
    return [*intro, figure]
