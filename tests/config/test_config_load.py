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


# --- duplicate keys and municipality names (issue 20) -------------------------------------------------


def test_duplicate_top_level_key_names_both_lines(tmp_path):
    text = yaml.safe_dump(CONFIG, allow_unicode=True, sort_keys=False)
    lines = text.splitlines()
    assert lines[2].startswith("title:")  # id, name, title: the title is on line 3
    lines.insert(3, "title: Anden titel")  # … and again on line 4
    (tmp_path / "project.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_project(tmp_path)
    (problem,) = exc.value.problems
    assert problem.row == 4
    assert str(problem).startswith(f"{tmp_path / 'project.yaml'}, line 4: duplicate key 'title' (first given on line 3)")


def test_duplicate_key_in_a_nested_mapping_is_refused(tmp_path):
    text = yaml.safe_dump(CONFIG, allow_unicode=True, sort_keys=False)
    text = text.replace("    - code: 1\n", "    - code: 1\n      code: 3\n", 1)
    (tmp_path / "project.yaml").write_text(text, encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.strip() == "code: 3")
    with pytest.raises(InputError) as exc:
        load_project(tmp_path)
    messages = [str(p) for p in exc.value.problems]
    assert messages == [f"{tmp_path / 'project.yaml'}, line {line}: duplicate key 'code' (first given on line "
                        f"{line - 1}); expected each key once per mapping"]


def test_every_duplicate_key_is_reported(tmp_path):
    text = yaml.safe_dump(CONFIG, allow_unicode=True, sort_keys=False)
    text = text.replace("name: Mini\n", "name: Mini\nname: Maxi\n").replace("id: mini\n", "id: mini\nid: mini\n")
    (tmp_path / "project.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_project(tmp_path)
    assert [(p.row, "'id'" in p.message, "'name'" in p.message) for p in exc.value.problems] == [
        (2, True, False), (4, False, True)]


def test_a_merge_key_may_be_overridden(tmp_path):
    text = yaml.safe_dump(CONFIG, allow_unicode=True, sort_keys=False)
    text = text.replace("waves:\n- id: start\n", "waves:\n- &start\n  id: start\n", 1)
    (tmp_path / "project.yaml").write_text(text.replace(
        "- id: slut\n", "- <<: *start\n  id: slut\n", 1), encoding="utf-8")
    project = load_project(tmp_path)
    assert project.wave_ids == ["start", "slut"]


def _with_municipalities(names: list[str]) -> dict:
    config = copy.deepcopy(CONFIG)
    config["municipalities"] = [{"name": n} for n in names]
    return config


@pytest.mark.parametrize("first, second", [("Åby", "Aaby"), ("Lyngby-Taarbæk", "Lyngby Taarbæk"),
                                           ("Ærø", "AEROE")])
def test_municipalities_sharing_a_profile_file_name_are_refused_naming_both(tmp_path, first, second):
    (message,) = _messages(tmp_path, _with_municipalities(["Aarhus", first, second]))
    assert f"municipalities.2: {second!r} and municipalities.1 {first!r}" in message
    assert "profile file name" in message


@pytest.mark.parametrize("first, second", [
    ("Faxe", "FAXE"),
    ("Ærø", "ÆRØ"),
    ("Brønderslev", "Brønderslev"),                   # a plain duplicate
    ("Århus", "A\u030arhus"),                         # Å decomposed (NFD, as some Mac tools write it)
    ("Ringkøbing Skjern", "Ringkøbing\u00a0 Skjern"),  # a no-break space and a double space
])
def test_municipalities_differing_only_in_spelling_are_one_name(tmp_path, first, second):
    (message,) = _messages(tmp_path, _with_municipalities([first, "Aarhus" if first != "Århus" else "Odense", second]))
    import unicodedata

    shown = unicodedata.normalize("NFC", second)        # project.yaml texts are read as NFC
    assert f"municipalities.2: {shown!r} is the same name as municipalities.0 {first!r}" in message


def test_distinct_municipalities_with_distinct_slugs_load(tmp_path):
    _write(tmp_path, _with_municipalities(["Aarhus", "Århus Syd", "Lyngby-Taarbæk", "Lyngby"]))
    assert [m.name for m in load_project(tmp_path).municipalities] == ["Aarhus", "Århus Syd", "Lyngby-Taarbæk", "Lyngby"]


def test_the_profiles_pdf_engine_is_unset_unless_the_project_names_one(tmp_path):
    _write(tmp_path, CONFIG)
    assert load_project(tmp_path).profile.pdf_engine is None    # chosen from the brand: reporter.pipeline
    config = copy.deepcopy(CONFIG)
    config["profile"] = {"template": "profile", "pdf_engine": "weasyprint"}
    _write(tmp_path, config)
    assert load_project(tmp_path).profile.pdf_engine == "weasyprint"
    config["profile"]["pdf_engine"] = "latex"
    (message,) = _messages(tmp_path, config)
    assert "profile.pdf_engine" in message and "latex" in message
