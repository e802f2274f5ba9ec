"""Readers: encodings, delimiters, empty files, source row numbers."""

from __future__ import annotations

import numpy as np
import pytest

from reporter.data.readers import read_csv, read_sav, read_table, read_xlsx
from reporter.errors import InputError


def test_semicolon_utf8_bom(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("\ufeffid;kommune\n1;Ærø\n2; Aarhus \n".encode("utf-8"))
    table = read_csv(path)
    assert table.columns == ["id", "kommune"]
    assert table.delimiter == ";"
    assert table.frame["kommune"].tolist() == ["Ærø", "Aarhus"]
    assert table.rows.tolist() == [2, 3]


def test_comma_utf8_without_bom(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('id,svar\n1,"Enig, helt"\n', encoding="utf-8")
    table = read_csv(path)
    assert table.delimiter == ","
    assert table.frame["svar"].tolist() == ["Enig, helt"]


def test_cp1252_as_danish_excel_writes_it(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("id;kommune\n1;Ærø\n2;Brøndby\n".encode("cp1252"))
    table = read_csv(path)
    assert table.encoding == "cp1252"
    assert table.frame["kommune"].tolist() == ["Ærø", "Brøndby"]


def test_wrong_encoding_names_file_offset_and_row(tmp_path):
    path = tmp_path / "latin.csv"
    data = "id;kommune\n1;Aarhus\n".encode() + b"2;Br\x81ndby\n"  # 0x81 is neither UTF-8 nor cp1252
    path.write_bytes(data)
    with pytest.raises(InputError) as exc:
        read_csv(path, display_name="data/latin.csv")
    (problem,) = exc.value.problems
    assert problem.file == "data/latin.csv"
    assert problem.row == 3
    assert "wrong encoding" in problem.message
    offset = data.index(b"\x81")
    assert f"byte offset {offset}" in problem.message


def test_empty_file_zero_bytes(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(InputError) as exc:
        read_table(path, display_name="data/empty.csv")
    assert exc.value.problems[0].file == "data/empty.csv"
    assert "empty" in exc.value.problems[0].message


def test_header_only(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("id;måling;kommune\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_csv(path)
    assert "no data rows" in str(exc.value)
    assert exc.value.problems[0].row == 1


def test_blank_lines_keep_row_numbers(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id;x\n1;a\n\n;\n4;b\n", encoding="utf-8")
    table = read_csv(path)
    assert table.frame["id"].tolist() == ["1", "4"]
    assert table.rows.tolist() == [2, 5]


def test_duplicate_header_column(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id;q1;q1\n1;a;b\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_csv(path)
    assert exc.value.problems[0].column == "q1"


def test_ragged_row_names_row(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id;q1\n1;a\n2;b;c;d\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_csv(path)
    assert exc.value.problems[0].row == 3


def test_xlsx_cells_as_text_with_rows(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "q1", "n"])
    ws.append([1, "Enig", 2.5])
    ws.append([None, None, None])
    ws.append([2, None, 3])
    path = tmp_path / "a.xlsx"
    wb.save(path)
    table = read_xlsx(path)
    assert table.frame.to_dict("list") == {"id": ["1", "2"], "q1": ["Enig", ""], "n": ["2.5", "3"]}
    assert table.rows.tolist() == [2, 4]


def test_sav_labels_applied_or_kept(tmp_path):
    import pandas as pd
    import pyreadstat

    path = tmp_path / "a.sav"
    df = pd.DataFrame({"id": [1.0, 2.0, 3.0], "q1": [5.0, np.nan, 7.0], "txt": ["a", "", "c"]})
    pyreadstat.write_sav(df, str(path), variable_value_labels={"q1": {5.0: "Helt enig", 4.0: "Enig"}})
    labelled = read_sav(path)
    assert labelled.frame.to_dict("list") == {"id": ["1", "2", "3"], "q1": ["Helt enig", "", "7"], "txt": ["a", "", "c"]}
    assert labelled.rows.tolist() == [2, 3, 4]
    coded = read_sav(path, apply_labels=False)
    assert coded.frame["q1"].tolist() == ["5", "", "7"]
    assert coded.value_labels["q1"][5.0] == "Helt enig"


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "a.json"
    path.write_text("{}")
    with pytest.raises(InputError, match="unsupported file type"):
        read_table(path)
