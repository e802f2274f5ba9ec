"""Templates: a note is Markdown in which a consultant writes prose and places computed blocks.

``load_template`` finds and expands the template (built-in or the project's own, with section overrides),
``parse`` reads the Markdown, ``render_template`` evaluates values and blocks into sections. See
docs/templates.md for the language.
"""

from __future__ import annotations

from pathlib import Path

from reporter.compose.template.blocks import REGISTRY, BlockContext, block, describe
from reporter.compose.template.engine import Built, render_template
from reporter.compose.template.expressions import Evaluator, Style
from reporter.compose.template.markdown import parse
from reporter.compose.template.source import Source, expand, locate

__all__ = ["REGISTRY", "BlockContext", "Built", "Evaluator", "Source", "Style", "block", "build_sections",
           "describe", "expand", "load_template", "locate", "parse", "render_template"]


def load_template(name: str, kind: str, lang: str, project_dir: Path | None) -> Source:
    """The expanded source of a note (or profile) template; overrides come from ``project_dir/<kind>/``."""
    main = locate(name, kind, lang, project_dir)
    return expand(main, project_dir=project_dir, overrides=kind)


def build_sections(source: Source, ctx: BlockContext, names: dict, kind: str = "note") -> Built:
    """Parse and evaluate a template against a block context and the expression names."""
    evaluator = Evaluator(names, Style(lang=ctx.lang, percent_space=ctx.fmt.percent_space))
    return render_template(source, parse(source, ctx.lang), ctx, evaluator, kind)
