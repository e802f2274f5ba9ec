"""Register blocks (outcomes, survival, effects, regression) in the template registry: each builder of
:mod:`reporter.compose.register` becomes a block whose parameters are the builder's keyword parameters."""

from __future__ import annotations

import functools
import inspect
import typing

from reporter.compose import register as reg
from reporter.compose import register_intake
from reporter.compose.template.blocks import BlockContext, block

_HIDDEN = {"key", "caption"}          # the template's common parameters 'label' and 'caption' do this


def _as_block(name: str, builder) -> None:
    signature = inspect.signature(builder)
    hints = typing.get_type_hints(builder)
    params = [p for p in signature.parameters.values() if p.kind == inspect.Parameter.KEYWORD_ONLY
              and p.name not in _HIDDEN]

    @functools.wraps(builder)
    def run(ctx: BlockContext, **kwargs) -> list:
        if ctx.project.register is None:
            raise ValueError(f"block {name!r} needs a register: section in project.yaml")
        return [builder(ctx.project, ctx.tables, ctx.fmt, **kwargs)]

    run.__signature__ = inspect.Signature(
        [inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=BlockContext), *params])
    run.__annotations__ = {p.name: hints.get(p.name, typing.Any) for p in params}
    run.__wrapped__ = None
    del run.__wrapped__
    block(name.replace(".", "-").replace("_", "-"))(run)


for _name, _builder in {**reg.BLOCKS, **register_intake.BLOCKS}.items():
    _as_block(_name, _builder)


@block("register-chapter")
def register_chapter(ctx: BlockContext) -> list:
    """The whole register chapter: outcome table, weekly lines, effects, time to first event, regression."""
    section = reg.register_chapter(ctx.project, ctx.tables, ctx.fmt)
    return [section] if section is not None else []
