"""tools/draw_social_support_model.py draws the example's model figure (images/model.png) the same every time."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_redraws_the_model_image_identically(tmp_path):
    spec = importlib.util.spec_from_file_location("draw_model", ROOT / "tools" / "draw_social_support_model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = module.draw(tmp_path / "model.png")
    assert out.read_bytes() == (ROOT / "fixtures" / "social-support" / "images" / "model.png").read_bytes()
    assert out.read_bytes().startswith(b"\x89PNG")
