"""Cost blocks (cost tables, cost per citizen, sensitivity, budget result) in the template registry: each
builder of :mod:`reporter.compose.costs` becomes a block whose parameters are the builder's keyword parameters.
The blocks can also be placed in a profile template; there a ``municipality`` parameter defaults to the profile's."""

from __future__ import annotations

import functools
import inspect
import typing

from reporter.compose import costs
from reporter.compose.template.blocks import BlockContext, block

_HIDDEN = {"key", "caption"}          # the template's common parameters 'label' and 'caption' do this
NAMES = {
    "costs.table": "cost-table",
    "costs.summary_table": "cost-summary-table",
    "costs.per_citizen_figure": "cost-per-citizen-figure",
    "costs.sensitivity_figure": "cost-sensitivity-figure",
    "costs.budget_figure": "budget-result-figure",
    "costs.budget_table": "budget-result-table",
    "costs.items_table": "cost-items-table",
}


def _as_block(name: str, builder) -> None:
    signature = inspect.signature(builder)
    hints = typing.get_type_hints(builder)
    params = [p for p in signature.parameters.values() if p.kind == inspect.Parameter.KEYWORD_ONLY
              and p.name not in _HIDDEN]

    takes_municipality = any(p.name == "municipality" for p in params)

    @functools.wraps(builder)
    def run(ctx: BlockContext, **kwargs) -> list:
        if ctx.project.costs is None:
            raise ValueError(f"block {name!r} needs a costs: section in project.yaml")
        if takes_municipality and ctx.municipality is not None and "municipality" not in kwargs:
            kwargs["municipality"] = ctx.municipality     # in a profile: the profile's municipality
        return [builder(ctx.project, ctx.tables, ctx.fmt, **kwargs)]

    run.__signature__ = inspect.Signature(
        [inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=BlockContext), *params])
    run.__annotations__ = {p.name: hints.get(p.name, typing.Any) for p in params}
    del run.__wrapped__
    block(name, kinds=("note", "profile"))(run)


for _key, _builder in costs.BLOCKS.items():
    _as_block(NAMES[_key], _builder)
