"""Every computed block the registry has (what `reporter blocks` lists) is documented in docs/templates.md."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_every_registered_block_is_in_the_template_docs():
    import reporter.compose.blocks  # noqa: F401 - registers the built-in blocks
    from reporter.compose.template.blocks import REGISTRY

    doc = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    assert REGISTRY
    missing = [name for name in REGISTRY if f"| `{name}` |" not in doc]
    assert not missing, f"blocks without a row in docs/templates.md: {missing}"


def test_the_block_list_command_lists_every_block():
    from typer.testing import CliRunner

    import reporter.compose.blocks  # noqa: F401
    from reporter.cli import app
    from reporter.compose.template.blocks import REGISTRY

    listed = set()
    for kind in ("note", "profile"):    # `reporter blocks --kind profile` lists the profile template's blocks
        result = CliRunner().invoke(app, ["blocks", "--kind", kind], terminal_width=200)
        assert result.exit_code == 0, result.output
        listed |= {line.split()[0] for line in result.output.splitlines() if line and not line.startswith(" ")}
    assert set(REGISTRY) <= listed
