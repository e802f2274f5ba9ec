"""Bad input to the survey blocks, through a note template (tiny project in mini_blocks.py): a block asked for an
item of the wrong scale kind, a role split on a side without respondents, a grouping by an attribute some
municipalities lack. Each is one problem naming the template file and line, the block, and the item or the
municipality; nothing is built."""

from __future__ import annotations

import pytest

from mini_blocks import mini_context, mini_project

from reporter.errors import InputError

CASES = [
    # block, parameters (YAML lines), words the message must hold
    ("statement-topbox-figure", "items: [sager]", ["'sager'", "'numeric'"]),
    ("statement-means-figure", "items: [kanal]", ["'kanal'", "'multi'"]),
    ("distribution-figure", "items: [sager]", ["'sager'", "'numeric'"]),
    ("ratings-figure", "items: [kanal]", ["'kanal'", "'multi'"]),
    ("role-split-figure", "item: barriere", ["'barriere'", "'text'"]),
    ("numeric-municipality-figure", "items: [sam]", ["'sam'", "'ordinal'"]),
    ("function-count-table", "item: sam", ["'sam'", "'ordinal'"]),
    ("municipality-distribution-figure", "item: kanal", ["'kanal'", "'multi'"]),
    ("top-priorities-figure", "item: sam", ["'sam'", "'ordinal'"]),
    # a split on a side nobody of the item's roles is on (only employees answer the caseload question)
    ("role-split-figure", "item: sager\nby: side\ngroups: [leader]", ["'sager'", "no respondents", "'leader'"]),
    ("statement-topbox-figure", "items: [f5]\ngroups: [mentor]", ["'f5'", "no respondents", "'mentor'"]),
    # a municipality asked for by name that has no answers
    ("numeric-municipality-figure", "items: [sager]\nmunicipalities: [Odder]", ["'Odder'", "no answers", "sager"]),
]


def _build(tmp_path, project, body: str):
    from reporter.compose.note import build_note

    (tmp_path / "note.md").write_text("# Afsnit\n\nTekst.\n\n" + body, encoding="utf-8")
    ctx = mini_context(project)
    with pytest.raises(InputError) as err:
        build_note(project, ctx.tables, project_dir=tmp_path)
    return err.value.problems


@pytest.mark.parametrize("name,params,words", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_bad_block_input_is_one_problem_naming_block_and_item(tmp_path, name, params, words):
    project = mini_project(note={"template": "note.md"})
    (problem,) = _build(tmp_path, project, f"```{{block}} {name}\n{params}\n```\n")
    assert problem.file.endswith("note.md") and problem.row == 5
    assert f"block {name!r}" in problem.message
    for w in words:
        assert w in problem.message, problem.message


def test_grouping_by_an_attribute_some_municipalities_lack_names_them(tmp_path):
    data = mini_project().model_dump(by_alias=True)
    data["municipalities"][1]["attributes"] = {"volume": 120}          # Billund: no readiness
    data["municipalities"][2]["attributes"] = {}                       # Odder: neither
    project = mini_project(municipalities=data["municipalities"], note={"template": "note.md"})
    body = ("```{block} attribute-table\nattribute: readiness\nmetric: core_score\nelement: 1a\n```\n\n"
            "```{block} attribute-table\nattribute: volume\nbands: [100]\nband_labels: [Små, Store]\n```\n")
    first, second = _build(tmp_path, project, body)
    assert first.row == 5 and "block 'attribute-table'" in first.message
    assert "without attribute 'readiness': Billund, Odder" in first.message
    assert second.row == 11 and "without attribute 'volume': Odder" in second.message
