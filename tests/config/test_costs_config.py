"""The costs: section and municipality_names: alias in project.yaml: the documented example is the example
project's, and bad sections are refused naming the key."""

from __future__ import annotations

import pytest
import yaml
from cost_helpers import write_project
from example_projects import FIXTURES, ROOT

from reporter.config.load import load_project
from reporter.errors import InputError


def test_documented_costs_example_is_the_example_projects():
    text = (ROOT / "docs" / "project-format.md").read_text(encoding="utf-8")
    block = text.split("<!-- costs-example -->", 1)[1].split("```yaml", 1)[1].split("```", 1)[0]
    documented = yaml.safe_load(block)["costs"]
    project = yaml.safe_load((FIXTURES / "social-support" / "project.yaml").read_text(encoding="utf-8"))
    assert documented == project["costs"]
    loaded = load_project(FIXTURES / "social-support")
    assert loaded.costs.budget.actors[0].bears_costs and loaded.municipality_names == "alias"


def _messages(tmp_path, change) -> list[str]:
    folder = write_project(tmp_path / "p", note=None)
    path = folder / "project.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(config)
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_project(folder)
    return [p.message for p in info.value.problems]


@pytest.mark.parametrize("change, message", [
    (lambda c: c["municipalities"][2].pop("alias"), "municipalities.2 (Sønderborg).alias: municipality_names is"),
    (lambda c: c["municipalities"][3].update(alias="Kommune A"), "is the same name as"),
    (lambda c: c["municipalities"][3].update(alias="kommune-a"), "would share the profile file name"),
    (lambda c: c["municipalities"][0].update(alias="Vejen"), "'Vejen' is the real name of municipalities.4"),
    (lambda c: c["costs"]["participants"].update({"Kolding": 3}), "costs.participants.Kolding: unknown municipality"),
    (lambda c: c["costs"]["participants"].update({"Vejen": 0}), "must be more than 0 citizens per year"),
    (lambda c: c["costs"]["budget"]["actors"][1].update(bears_costs=True), "exactly one actor"),
    (lambda c: c["costs"].update(discount_rate=1.5), "discount_rate"),
])
def test_bad_sections_name_the_key(tmp_path, change, message):
    assert any(message in m for m in _messages(tmp_path, change)), _messages(tmp_path, change)


def test_aliases_are_not_needed_without_the_switch(tmp_path):
    folder = write_project(tmp_path / "p", aliases=False, note=None)
    path = folder / "project.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["municipalities"][0].pop("alias")
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    project = load_project(folder)
    assert project.with_aliases() is project


def test_with_aliases_renames_the_municipalities_and_their_keys(tmp_path):
    project = load_project(write_project(tmp_path / "p", note=None))
    public = project.with_aliases()
    assert [m.name for m in public.municipalities] == ["Kommune A", "Kommune B", "Kommune C", "Kommune D", "Kommune E"]
    assert public.costs.participants == {"Kommune A": 41, "Kommune B": 63, "Kommune C": 68, "Kommune D": 38,
                                         "Kommune E": 42}
    assert public.with_aliases() is public
