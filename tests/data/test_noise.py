"""Real-world file noise the loader accepts (with a warning) or rejects with one clear problem.

Each case is built from the mini project of ``conftest.py``; the accepted ones must give the same
answers as the clean CSV (built independently in a sibling directory).
"""

from __future__ import annotations

import csv
import dataclasses
import pickle
import unicodedata

import numpy as np
import pandas as pd
import pytest

from reporter.data.load import load_survey
from reporter.data.readers import read_csv, read_table
from reporter.errors import InputError

COLS = ["wave", "respondent", "municipality", "role", "item", "option", "code", "score", "value", "is_top",
        "is_dont_know", "source_row"]


@pytest.fixture
def reference(builder):
    """Answers of the clean mini project (semicolon CSV, UTF-8 with BOM)."""
    other = type(builder)(builder.root.parent / "clean")
    return load_survey(other.csv())[1]


def _same_answers(survey, reference) -> None:
    pd.testing.assert_frame_equal(survey.answers[COLS], reference.answers[COLS])
    keys = [c for c in survey.respondents.columns if c != "source_file"]
    pd.testing.assert_frame_equal(survey.respondents[keys], reference.respondents[keys])


def _write(builder, *, sep: str, encoding: str, newline: str) -> None:
    path = builder.data_path("csv")
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=sep, lineterminator=newline).writerows(builder.table())
    builder.write_config()


# --- encodings and line ends ---------------------------------------------------------------------


def test_utf16_tab_separated_as_excel_unicode_text(builder, reference):
    _write(builder, sep="\t", encoding="utf-16", newline="\r\n")  # BOM + UTF-16LE, tabs, CRLF
    assert (builder.root / "data/svar.csv").read_bytes()[:2] == b"\xff\xfe"
    _, survey = load_survey(builder.root)
    _same_answers(survey, reference)


def test_utf16_without_bom(builder, reference):
    _write(builder, sep="\t", encoding="utf-16-le", newline="\n")
    _, survey = load_survey(builder.root)
    _same_answers(survey, reference)


def test_cr_only_line_ends_as_excel_for_mac(builder, reference):
    _write(builder, sep=";", encoding="utf-8", newline="\r")
    data = (builder.root / "data/svar.csv").read_bytes()
    assert b"\n" not in data and data.count(b"\r") == 8
    _, survey = load_survey(builder.root)
    _same_answers(survey, reference)


def test_cp1252_found_after_a_long_ascii_start(tmp_path):
    # the first non-ASCII byte lies beyond the part read to sniff the header
    lines = ["id;kommune"] + [f"{i};Aarhus" for i in range(20_000)] + ["20000;Ærø"]
    path = tmp_path / "a.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    table = read_csv(path)
    assert table.encoding == "cp1252"
    assert table.frame["kommune"].tolist()[-1] == "Ærø"
    assert table.rows[-1] == 20_002


# --- short and long rows -------------------------------------------------------------------------


def test_truncated_last_row_is_rejected_with_its_row_number(builder):
    path = builder.csv()
    data = (path / "data/svar.csv").read_bytes()
    last = data.rstrip(b"\n").rsplit(b"\n", 1)[1]
    cut = data[: len(data) - 1 - len(last)] + last.split(b";Sagsbehandler;")[0] + b";Sagsbehandler;Enig"
    (path / "data/svar.csv").write_bytes(cut)
    with pytest.raises(InputError) as exc:
        load_survey(path)
    (problem,) = exc.value.problems
    assert problem.file == "data/svar.csv"
    assert problem.row == 8  # header + 7 data rows: the last one
    # the cut row keeps id, måling, kommune, funktion and q1: 5 of the header's 11 fields
    assert "row has 5 field(s) but the header has 11" in problem.message
    assert "fewer fields" in problem.message


def test_short_row_in_the_middle_and_a_long_row(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id;a;b\n1;x;y\n2;x\n3;x;y\n4;x;y;z\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_csv(path, display_name="data/a.csv")
    rows = {(p.row, p.message.split(":")[0]) for p in exc.value.problems}
    assert rows == {(3, "row has 2 field(s) but the header has 3"), (5, "row has 4 field(s) but the header has 3")}


def test_entirely_empty_short_rows_are_spacers(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id;a;b\n1;x;y\n\n;\n   \n6;x;y\n", encoding="utf-8")
    table = read_csv(path)
    assert table.frame["id"].tolist() == ["1", "6"]
    assert table.rows.tolist() == [2, 6]


# --- whitespace and Unicode in labels -------------------------------------------------------------


def test_double_and_no_break_spaces_match_with_a_warning(builder, reference):
    builder.rows[0]["q1"] = "Helt  enig"  # double inner space
    builder.rows[1]["q1"] = "Enig"
    builder.rows[2]["q2"] = "Uenig"
    builder.rows[4]["q2"] = "Hverken\u00a0enig eller uenig"  # no-break space, copied from a web page
    _, survey = load_survey(builder.csv())
    _same_answers(survey, reference)
    spaced = [w for w in survey.warnings if "whitespace normalisation" in w.message]
    assert {(w.row, w.column, w.value) for w in spaced} == {
        (2, "q1", "Helt  enig"), (6, "q2", "Hverken\u00a0enig eller uenig")}
    assert all(w.severity == "warning" for w in spaced)


def test_nfd_cells_are_normalised_and_counted(builder):
    builder.config["roles"][1]["raw"].append("Rådgiver")
    builder.rows[1]["funktion"] = unicodedata.normalize("NFD", "Rådgiver")
    builder.rows[4]["q6"] = unicodedata.normalize("NFD", "Gennemgående samarbejde")
    assert builder.rows[1]["funktion"] != "Rådgiver"
    _, survey = load_survey(builder.csv())
    assert survey.respondents["raw_role"].tolist()[1] == "Rådgiver"
    assert survey.respondents["role"].tolist()[1] == "medarbejder"
    text = survey.answers[survey.answers["item"] == "q6"]["option"].tolist()
    assert "Gennemgående samarbejde" in text
    (warning,) = [w for w in survey.warnings if "NFC" in w.message]
    assert warning.message.startswith("2 cell(s)") and "funktion" in warning.message and "q6" in warning.message


def test_nfd_labels_in_project_yaml(builder, reference):
    builder.config["municipalities"][1]["name"] = unicodedata.normalize("NFD", "Ærø")  # Æ, ø do not decompose
    builder.config["roles"][1]["raw"] = [unicodedata.normalize("NFD", "Sagsbehandler"), "Rådgiver"]
    builder.config["roles"][1]["label"] = unicodedata.normalize("NFD", "Medarbejder på stedet")
    builder.rows[1]["funktion"] = "Rådgiver"
    builder.rows[3]["funktion"] = "Rådgiver"
    project, survey = load_survey(builder.csv())
    assert project.roles[1].label == "Medarbejder på stedet"  # NFC
    assert survey.respondents["role"].tolist()[1] == "medarbejder"


# --- Excel ------------------------------------------------------------------------------------------


def test_xlsx_numbers_formatted_as_dates_use_the_number(builder, reference):
    import openpyxl

    path = builder.xlsx()
    wb = openpyxl.load_workbook(path / "data/svar.xlsx")
    ws = wb.active
    column = [c.value for c in ws[1]].index("q5") + 1
    formatted = 0
    for row in range(2, ws.max_row + 1):
        cell = ws.cell(row=row, column=column)
        if isinstance(cell.value, (int, float)):  # 12 and 0; "7,5" is a text cell
            cell.number_format = "dd-mm-yyyy"
            formatted += 1
    wb.save(path / "data/svar.xlsx")
    assert formatted == 2
    _, survey = load_survey(path)
    cols = [c for c in COLS if c != "source_row"]
    pd.testing.assert_frame_equal(survey.answers[cols], reference.answers[cols])
    (warning,) = [w for w in survey.warnings if "formatted as dates" in w.message]
    assert (warning.column, warning.row, warning.value) == ("q5", 3, "12")
    assert warning.message.startswith("2 number cell(s)")


def test_xlsx_formula_cells_without_values_are_an_error_naming_the_cells(builder):
    import openpyxl

    path = builder.xlsx()
    wb = openpyxl.load_workbook(path / "data/svar.xlsx")
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header.index("q1") == 4  # column E
    ws["E2"] = '="Helt "&"enig"'  # openpyxl saves formulas without a calculated value
    ws["E4"] = '=IF(1,"Ved ikke","")'
    wb.save(path / "data/svar.xlsx")
    with pytest.raises(InputError) as exc:
        load_survey(path)
    (problem,) = exc.value.problems
    assert problem.file == "data/svar.xlsx" and problem.column == "q1" and problem.row == 2
    assert "2 formula cell(s) have no saved value (cells E2, E4)" in problem.message
    assert problem.value == '="Helt "&"enig"'


def test_xlsx_formula_cells_with_saved_values_are_read(tmp_path):
    # a workbook as Excel saves it: the formula and its cached value (written into the XML by hand)
    import zipfile

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "q1"])
    ws.append([1, "=A2&\"x\""])
    src = tmp_path / "raw.xlsx"
    wb.save(src)
    out = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="B2"><f>', b'<c r="B2" t="str"><f>').replace(b"</f><v></v></c>", b"</f><v>1x</v></c>")
                if b"<v>1x</v>" not in data:
                    data = data.replace(b"</f></c>", b"</f><v>1x</v></c>")
            zout.writestr(info, data)
    table = read_table(out)
    assert table.frame["q1"].tolist() == ["1x"]


# --- data.files and Parquet ------------------------------------------------------------------------


@pytest.mark.parametrize("second", ["data/svar.csv", "./data/svar.csv", "data//svar.csv"])
def test_the_same_file_listed_twice(builder, second):
    builder.csv()
    builder.config["data"]["files"] = ["data/svar.csv", second]
    builder.write_config()
    with pytest.raises(InputError) as exc:
        load_survey(builder.root)
    messages = [str(p) for p in exc.value.problems]
    assert len(messages) == 1, messages
    assert "data.files.1: the file is listed twice in data.files (also data.files.0" in messages[0]
    assert "duplicate respondent" not in messages[0]


def test_parquet_loads_like_csv(builder, reference):
    import pyarrow as pa
    import pyarrow.parquet as pq

    header, *body = builder.table()
    columns = {c: [row[i] for row in body] for i, c in enumerate(header)}
    columns["id"] = [int(v) for v in columns["id"]]  # typed columns, as a statistician's export has them
    columns["q4_1"] = [int(v) if v else None for v in columns["q4_1"]]
    columns["q5"] = [float(v.replace(",", ".")) if v else None for v in columns["q5"]]
    path = builder.data_path("parquet")
    pq.write_table(pa.table(columns), path)
    builder.write_config()
    _, survey = load_survey(builder.root)
    _same_answers(survey, reference)


# --- the lazy long table ----------------------------------------------------------------------------


def test_answers_built_on_first_use_and_pickled_built(builder):
    _, survey = load_survey(builder.csv())
    assert survey.answer_count == 29
    assert "answers" in survey.__dict__ and not isinstance(survey.__dict__["answers"], pd.DataFrame)
    copy = pickle.loads(pickle.dumps(survey))
    assert isinstance(copy.__dict__["answers"], pd.DataFrame) and len(copy.answers) == 29
    pd.testing.assert_frame_equal(copy.answers, survey.answers)
    fewer = dataclasses.replace(survey, answers=survey.answers.iloc[:3])
    assert fewer.answer_count == 3 and np.array_equal(fewer.answers.index, [0, 1, 2])


def test_line_breaks_in_quoted_cells_across_read_blocks(tmp_path):
    # quoted cells with line breaks, far enough apart that pyarrow reads them in different blocks
    filler = "x" * 200
    lines = ["id;tekst"] + [f'{i};"linje 1\nlinje 2 {filler}"' for i in range(60_000)]
    path = tmp_path / "a.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = read_csv(path)
    assert len(table) == 60_000
    assert table.frame["tekst"].iloc[-1] == f"linje 1\nlinje 2 {filler}"
    assert table.frame["id"].iloc[-1] == "59999"


def test_cli_validate_rejects_a_truncated_row_and_prints_warnings(builder):
    from typer.testing import CliRunner

    from reporter.cli import app

    builder.rows[0]["q1"] = "Helt\u00a0enig"
    path = builder.csv()
    result = CliRunner().invoke(app, ["validate", str(path)], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "whitespace normalisation" in result.output and "row 2" in result.output

    data = (path / "data/svar.csv").read_bytes()
    (path / "data/svar.csv").write_bytes(data.rstrip(b"\n")[:-12])  # the last line loses its last fields
    result = CliRunner().invoke(app, ["validate", str(path)], terminal_width=200)
    assert result.exit_code == 1
    assert "row 8" in result.output and "but the header has 11" in result.output
    assert "Traceback" not in result.output
