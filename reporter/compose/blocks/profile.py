"""Blocks of the one-page municipality profile (template kind ``profile``): the lead sentences, the
fidelity-mean table with the rank, the indicator table against the average, and the belief bars."""

from __future__ import annotations

from reporter.compose import profile as pf
from reporter.compose.template.blocks import BlockContext, block
from reporter.model import Paragraph


def _inputs(ctx: BlockContext):
    if ctx.municipality is None or "inputs" not in ctx.extra:
        raise ValueError("profile blocks need a municipality (use them in a profile template)")
    return ctx.extra["inputs"]


@block("profile-summary", kinds=("profile",))
def profile_summary(ctx: BlockContext) -> list:
    """The lead paragraph: above the average on k of n indicators, the rank, the respondents."""
    texts = pf.profile_texts(ctx.project, _inputs(ctx), ctx.municipality, ctx.fmt, ctx.extra)
    return [Paragraph(" ".join(texts), style="lead")]


@block("profile-mean-table", kinds=("profile",))
def profile_mean_table(ctx: BlockContext) -> list:
    """Fidelity mean of employees, leaders and overall against all municipalities, with the power-ranking rank."""
    _first, last = pf.profile_waves(ctx.project, ctx.municipality)
    return [pf._mean_table(ctx.project, _inputs(ctx), ctx.municipality, ctx.fmt, last.id)]


@block("profile-indicator-table", kinds=("profile",))
def profile_indicator_table(ctx: BlockContext) -> list:
    """Every indicator at the municipality's first and last wave, with the average of all municipalities."""
    if not ctx.project.indices():
        return []          # a project without tracks has no indicators
    table, _above, _compared = pf.indicator_table(ctx.project, _inputs(ctx), ctx.municipality, ctx.fmt, ctx.extra)
    return [table]


@block("profile-belief-bars", kinds=("profile",))
def profile_belief_bars(ctx: BlockContext) -> list:
    """The belief questions as 100 % bars, the municipality against all municipalities (native bars)."""
    _first, last = pf.profile_waves(ctx.project, ctx.municipality)
    figure = pf._belief_figure(ctx.project, _inputs(ctx), ctx.municipality, ctx.fmt, last)
    return [figure] if figure is not None else []
