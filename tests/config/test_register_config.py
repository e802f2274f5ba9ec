"""The register section: the documented example is the test project's, and bad sections name the key."""

from __future__ import annotations

import copy

import pytest
import yaml
from pydantic import ValidationError
from register_helpers import REGISTER_PROJECT, ROOT

from reporter.config.load import load_project
from reporter.config.register import Register
from reporter.errors import InputError


def _documented() -> dict:
    text = (ROOT / "docs" / "project-format.md").read_text(encoding="utf-8")
    block = text.split("<!-- register-example -->", 1)[1].split("```yaml", 1)[1].split("```", 1)[0]
    return yaml.safe_load(block)["register"]


def _project_section() -> dict:
    return yaml.safe_load((REGISTER_PROJECT / "project.yaml").read_text(encoding="utf-8"))["register"]


def test_documented_example_is_the_test_project_and_loads():
    assert _documented() == _project_section()
    project = load_project(REGISTER_PROJECT)
    assert project.register is not None and project.register.effects.period == 52
    assert project.register.persons.file_format == "csv" and project.register.periods_file.file_format == "parquet"


@pytest.mark.parametrize("change, message", [
    (lambda r: r["outcomes"][0].update(statuses=["virk", "ferie"]), "unknown status 'ferie'"),
    (lambda r: r["effects"].update(outcome="nope"), "effects.outcome: unknown outcome 'nope'"),
    (lambda r: r.update(segment="alder2"), "segment: unknown background 'alder2'"),
    (lambda r: r["time_points"][1].update(period=200), "beyond periods (104)"),
    (lambda r: r.update(groups=[g for g in r["groups"] if g["role"] != "intervention"]), "no group has role 'intervention'"),
    (lambda r: r["outcomes"][2].update(statuses=["ord"]), "either statuses"),
])
def test_bad_sections_name_the_key(change, message):
    section = copy.deepcopy(_project_section())
    change(section)
    with pytest.raises(ValidationError) as info:
        Register.model_validate(section)
    assert message in str(info.value)


def test_error_in_project_yaml_names_register(tmp_path):
    config = yaml.safe_load((REGISTER_PROJECT / "project.yaml").read_text(encoding="utf-8"))
    config["register"]["persons"]["file"] = "../outside.csv"
    (tmp_path / "project.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_project(tmp_path)
    assert any("register.persons.file" in p.message for p in info.value.problems)
