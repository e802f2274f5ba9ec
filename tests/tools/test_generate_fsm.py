"""tools/generate_fsm.py regenerates fixtures/fsm byte for byte, with the documented shape."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_fsm_fixture_is_reproducible(tmp_path):
    from tools.generate_fsm import generate

    out = generate(tmp_path / "fsm")
    for name in ("project.yaml", "data/responses.csv", "data/barriers.csv"):
        assert (out / name).read_bytes() == (ROOT / "fixtures" / "fsm" / name).read_bytes(), name
    project = yaml.safe_load((out / "project.yaml").read_text(encoding="utf-8"))
    assert len(project["municipalities"]) == 88 and len(project["waves"]) == 2
    assert all({"volume", "readiness"} <= set(m["attributes"]) for m in project["municipalities"])
    leaders = {}
    for line in (out / "data" / "responses.csv").read_text(encoding="utf-8-sig").splitlines()[1:]:
        _, wave, muni, role, *_ = line.split(";")
        if role == "Jobcenterchef":
            leaders[(wave, muni)] = leaders.get((wave, muni), 0) + 1
    assert set(leaders.values()) == {1}                          # one leader per municipality
    assert 80 <= sum(1 for w, _ in leaders if w == "start") < 88  # a few do not answer
