"""Bad project.yaml files raise InputError naming the key path and the bad value."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from reporter.config.load import load_project
from reporter.errors import InputError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

CONFIG = {
    "id": "mini", "name": "Mini", "title": "Test",
    "data": {"files": ["data.csv"]},
    "waves": [{"id": "start", "label": "Start", "table_label": "Startmåling", "prose": "startmålingen"},
              {"id": "slut", "label": "Slut", "table_label": "Slutmåling", "prose": "slutmålingen"}],
    "municipalities": [{"name": "Aarhus"}],
    "roles": [{"id": "leder", "label": "Leder", "side": "leader"}],
    "scales": {"janej": {"kind": "single", "options": [{"code": 1, "label": "Ja"}, {"code": 2, "label": "Nej"}]}},
    "items": [{"id": f"q{i}", "text": f"Spørgsmål {i}", "scale": "janej"} for i in range(1, 5)],
    "thresholds": {"change": {"indicator": {"threshold": 0.05, "from": "start", "to": "slut"}}},
}


def _write(tmp_path, config) -> None:
    (tmp_path / "project.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def _messages(tmp_path, config) -> list[str]:
    _write(tmp_path, config)
    with pytest.raises(InputError) as exc:
        load_project(tmp_path)
    return [str(p) for p in exc.value.problems]


def test_valid_config_loads(tmp_path):
    _write(tmp_path, CONFIG)
    assert load_project(tmp_path).wave_ids == ["start", "slut"]


def test_unknown_scale_names_item_path_and_value(tmp_path):
    config = copy.deepcopy(CONFIG)
    config["items"][3]["scale"] = "enighed"
    (message,) = _messages(tmp_path, config)
    assert "items.3 (q4).scale" in message
    assert "'enighed'" in message
    assert "project.yaml" in message


def test_bad_wave_in_change_rule(tmp_path):
    config = copy.deepcopy(CONFIG)
    config["thresholds"]["change"]["indicator"]["from"] = "midt"
    (message,) = _messages(tmp_path, config)
    assert "thresholds.change.indicator" in message and "'midt'" in message


def test_several_reference_errors_are_separate_problems(tmp_path):
    config = copy.deepcopy(CONFIG)
    config["items"][0]["scale"] = "x"
    config["items"][1]["roles"] = ["chef"]
    messages = _messages(tmp_path, config)
    assert len(messages) == 2
    assert any("items.0 (q1).scale" in m and "'x'" in m for m in messages)
    assert any("items.1 (q2).roles" in m and "'chef'" in m for m in messages)


def test_wrong_type_names_key_path_and_value(tmp_path):
    config = copy.deepcopy(CONFIG)
    config["waves"][0]["invited"] = "mange"
    (message,) = _messages(tmp_path, config)
    assert "waves.0.invited" in message and "'mange'" in message


def test_unknown_key_is_rejected(tmp_path):
    config = copy.deepcopy(CONFIG)
    config["items"][2]["skala"] = "janej"
    messages = _messages(tmp_path, config)
    assert any("items.2.skala" in m for m in messages)


def test_invalid_yaml_names_row(tmp_path):
    (tmp_path / "project.yaml").write_text("id: x\nname: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_project(tmp_path)
    assert exc.value.problems[0].row is not None


def test_missing_project_file(tmp_path):
    with pytest.raises(InputError, match="project file not found"):
        load_project(tmp_path)


@pytest.mark.parametrize("bad", ["../secret.csv", "/etc/passwd", "data/../../x.csv", "C:\\\\data\\\\x.csv", ""])
def test_data_files_must_stay_inside_the_project(tmp_path, bad):
    import yaml

    raw = yaml.safe_load((FIXTURES / "sof" / "project.yaml").read_text(encoding="utf-8"))
    raw["data"]["files"] = [bad]
    (tmp_path / "project.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_project(tmp_path)
    assert "data.files" in str(info.value)


def test_brand_is_a_plain_folder_name(tmp_path):
    import yaml

    raw = yaml.safe_load((FIXTURES / "sof" / "project.yaml").read_text(encoding="utf-8"))
    raw["brand"] = "../../etc"
    (tmp_path / "project.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_project(tmp_path)
    assert "brand" in str(info.value) and "../../etc" in str(info.value)
