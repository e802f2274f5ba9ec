"""Upload safety: names, symlinks, zip bombs, limits, references outside the upload; validation errors as JSON."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from reporter.service.app import create_app
from reporter.service.uploads import Limits, UploadError, check_references, extract_zip
from tests.service.conftest import FIXTURES, bearer, copy_fixture, stv_with_atlantis, upload, zip_dir

PROJECT = b"id: x\n"


def make_zip(entries: list[tuple[str | zipfile.ZipInfo, bytes]], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def extract(tmp_path: Path, data: bytes, limits: Limits = Limits()) -> list[str]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "upload.zip"
    source.write_bytes(data)
    return extract_zip(source, tmp_path / "out", limits)


def refused(tmp_path: Path, data: bytes, code: str, limits: Limits = Limits()) -> UploadError:
    with pytest.raises(UploadError) as info:
        extract(tmp_path, data, limits)
    assert info.value.code == code, info.value.message
    assert not any(p.name == "passwd" for p in tmp_path.rglob("*"))
    return info.value


def test_plain_and_top_folder_zips_extract(tmp_path):
    names = extract(tmp_path, make_zip([("sof/project.yaml", PROJECT), ("sof/data/a.csv", b"x"),
                                        ("__MACOSX/sof/._a.csv", b""), ("sof/.DS_Store", b"")]))
    assert sorted(names) == ["data/a.csv", "project.yaml"]
    assert (tmp_path / "out" / "data" / "a.csv").read_bytes() == b"x"


@pytest.mark.parametrize("name", ["../passwd", "a/../../passwd", "/etc/passwd", "..\\passwd", "C:/passwd",
                                  "a/./passwd", "a//passwd", "~/passwd", "a/pass\x01wd", "a/pass\nwd", ".."])
def test_unsafe_names_are_refused(tmp_path, name):
    error = refused(tmp_path, make_zip([("project.yaml", PROJECT), (name, b"root:x:0:0")]), "bad_name")
    assert error.entry is not None
    assert not (tmp_path / "out").exists()


def test_symlink_entries_are_refused(tmp_path):
    link = zipfile.ZipInfo("data/link.csv")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    error = refused(tmp_path, make_zip([("project.yaml", PROJECT), (link, b"/etc/passwd")]), "symlink")
    assert error.entry == "data/link.csv"


def test_zip_bomb_ratio_is_refused(tmp_path):
    bomb = make_zip([("project.yaml", PROJECT), ("data/zeros.csv", b"0" * (20 * 1024 * 1024))])
    assert len(bomb) < 100_000
    refused(tmp_path, bomb, "zip_bomb")


def test_total_size_file_count_and_duplicates(tmp_path):
    small = Limits(max_total_bytes=1000, max_files=3)
    refused(tmp_path / "a", make_zip([("project.yaml", PROJECT), ("d.csv", b"x" * 2000)]), "too_large", small)
    refused(tmp_path / "b", make_zip([("project.yaml", PROJECT)] + [(f"{i}.csv", b"1") for i in range(4)]),
            "too_many_files", small)
    refused(tmp_path / "c", make_zip([("project.yaml", PROJECT), ("A.csv", b"1"), ("a.csv", b"2")]), "bad_name")
    # a file and a folder of the same name
    refused(tmp_path / "d", make_zip([("project.yaml", PROJECT), ("data", b"1"), ("data/a.csv", b"2")]), "bad_name")


def test_lying_sizes_are_caught_while_extracting(tmp_path):
    """The central directory claims 10 bytes; the data is 5000: extraction stops at the real limit."""
    data = bytearray(make_zip([("project.yaml", PROJECT), ("d.csv", b"y" * 5000)], zipfile.ZIP_STORED))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("d.csv")
    # patch the uncompressed size in the central directory record of d.csv
    central = data.find(b"PK\x01\x02", data.find(b"PK\x01\x02") + 4)
    assert data[central + 46:central + 46 + 5] == b"d.csv" and info.file_size == 5000
    data[central + 24:central + 28] = (10).to_bytes(4, "little")
    with pytest.raises(UploadError) as info:
        extract(tmp_path, bytes(data), Limits(max_total_bytes=1000))
    assert info.value.code in ("too_large", "corrupt_zip") and info.value.entry == "d.csv"


def test_no_project_file_empty_and_not_a_zip(tmp_path):
    refused(tmp_path / "a", make_zip([("data/a.csv", b"x"), ("other/b.csv", b"y")]), "no_project_file")
    refused(tmp_path / "b", make_zip([]), "empty")
    refused(tmp_path / "c", b"PK\x03\x04 not really", "not_a_zip")


def test_encrypted_entries_are_refused(tmp_path):
    data = bytearray(make_zip([("project.yaml", PROJECT)], zipfile.ZIP_STORED))
    # set the 'encrypted' flag bit in the central directory record
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 0x1
    refused(tmp_path, bytes(data), "encrypted")


@pytest.mark.parametrize("reference", ["../../secret.csv", "/etc/passwd", "data/../../secret.csv"])
def test_project_files_outside_the_upload_are_problems(tmp_path, reference):
    project = copy_fixture("stv", tmp_path / "stv")
    (tmp_path / "secret.csv").write_text("id;kommune\n1;x\n")
    text = (project / "project.yaml").read_text(encoding="utf-8")
    (project / "project.yaml").write_text(text.replace("files: [data/responses.csv]", f"files: [{reference}]"),
                                          encoding="utf-8")
    assert f"files: [{reference}]" in (project / "project.yaml").read_text(encoding="utf-8")
    problems = check_references(project)
    assert [p.value for p in problems] == [reference]
    assert "inside the" in problems[0].message and "data.files" in problems[0].message


def test_unknown_brand_is_a_problem(tmp_path):
    project = copy_fixture("sof", tmp_path / "sof")
    text = (project / "project.yaml").read_text(encoding="utf-8")
    (project / "project.yaml").write_text(text.replace("brand: fjord", "brand: ../../../etc"), encoding="utf-8")
    assert [p.value for p in check_references(project)] == ["../../../etc"]


# --- over HTTP -------------------------------------------------------------------------------------

@pytest.fixture
def client(tmp_path):
    app = create_app(tmp_path / "data", job_mode="thread",
                     limits=Limits(max_upload_bytes=2 * 1024 * 1024))
    with TestClient(app) as c:
        c.token = app.state.store.create_token(consultant="anna")
        c.data_dir = tmp_path / "data"
        yield c


def test_invalid_project_answers_422_with_located_problems(client, tmp_path):
    project = stv_with_atlantis(tmp_path / "stv")
    response = upload(client, "stv", zip_dir(project), client.token)
    assert response.status_code == 422
    body = response.json()
    assert body["error"]["code"] == "invalid_project"
    problem = next(p for p in body["problems"] if p["value"] == "Atlantis")
    assert problem["file"] == "data/responses.csv" and problem["row"] == 6 and problem["column"] == "kommune"
    assert str(client.data_dir) not in response.text  # server paths never leak
    assert client.get("/projects/stv", headers=bearer(client.token)).status_code == 404  # nothing claimed


def test_bad_zips_answer_422_naming_the_entry(client):
    response = upload(client, "x", make_zip([("project.yaml", PROJECT), ("../evil.csv", b"1")]), client.token)
    assert response.status_code == 422
    assert response.json()["error"] == {"status": 422, "code": "bad_name",
                                        "message": "entry name contains '.', '..' or an empty path segment"}
    assert response.json()["entry"] == "../evil.csv"
    response = upload(client, "x", b"not a zip at all", client.token)
    assert response.status_code == 422 and response.json()["error"]["code"] == "not_a_zip"


def test_too_large_upload_is_413(client):
    big = make_zip([("project.yaml", PROJECT), ("noise.bin", bytes(range(256)) * 12000)], zipfile.ZIP_STORED)
    assert len(big) > 2 * 1024 * 1024
    response = upload(client, "x", big, client.token)
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"


def test_too_large_chunked_upload_is_413(client):
    """No Content-Length: the limit is enforced on the bytes received."""
    def body():
        for _ in range(40):
            yield b"x" * 100_000

    response = client.put("/projects/x", headers={**bearer(client.token), "Content-Type": "multipart/form-data; boundary=b"},
                          content=body())
    assert response.status_code == 413


def test_valid_upload_reports_municipalities_and_respondents(client):
    response = upload(client, "sof", zip_dir(FIXTURES / "sof"), client.token)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["valid"] is True and body["respondents"] == 237 + 230 + 211
    assert len(body["municipalities"]) == 20
    assert {"name": "Faxe", "slug": "faxe", "page": "/projects/sof/municipalities/faxe"} in body["municipalities"]
    stored = list((client.data_dir / "projects" / "sof" / "uploads").iterdir())
    assert len(stored) == 1 and (stored[0] / "project.yaml").is_file()


def test_bad_project_ids_are_422(client):
    for pid in ["Sof", "-x", "a" * 65, "s%2e%2e", "s.x"]:
        response = client.get(f"/projects/{pid}", headers=bearer(client.token))
        assert response.status_code in (404, 422), (pid, response.status_code)
        assert response.json()["error"]["code"] in ("invalid", "not_found")
