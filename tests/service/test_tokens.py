"""`reporter token` commands: tokens are printed once and stored only as hashes; scopes are checked."""

from __future__ import annotations

from typer.testing import CliRunner

from reporter.cli import app
from reporter.service.store import Store, hash_token

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_consultant_token_is_stored_hashed(tmp_path):
    result = invoke("token", "create", "--consultant", "anna", "--data-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert token.startswith("rpt_") and len(token) > 40
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("service.sqlite3*"))
    assert token.encode() not in raw and hash_token(token).encode() in raw
    row = Store(tmp_path).token(token)
    assert (row.kind, row.consultant, row.project) == ("consultant", "anna", None)
    listing = invoke("token", "list", "--data-dir", str(tmp_path)).stdout
    assert "consultant\tanna" in listing and token not in listing


def test_municipality_token_needs_a_known_project_and_municipality(tmp_path):
    store = Store(tmp_path)
    assert invoke("token", "create", "--project", "sof", "--municipality", "Faxe",
                  "--data-dir", str(tmp_path)).exit_code == 2
    store.claim_project("sof", "anna")
    store.set_upload("sof", "u1", "SOF", ["Faxe", "Lejre"])
    result = invoke("token", "create", "--project", "sof", "--municipality", "Atlantis", "--data-dir", str(tmp_path))
    assert result.exit_code == 2 and "Atlantis" in result.output
    result = invoke("token", "create", "--project", "sof", "--municipality", "Faxe", "--data-dir", str(tmp_path))
    assert result.exit_code == 0
    row = store.token(result.stdout.strip())
    assert (row.kind, row.project, row.municipality, row.consultant) == ("municipality", "sof", "Faxe", None)


def test_bad_combinations_and_revoke(tmp_path):
    for args in (["--consultant", "anna", "--project", "sof"], ["--project", "sof"], ["--municipality", "Faxe"], []):
        result = invoke("token", "create", *args, "--data-dir", str(tmp_path))
        assert result.exit_code == 2, args
    token = invoke("token", "create", "--consultant", "bo", "--data-dir", str(tmp_path)).stdout.strip()
    assert invoke("token", "revoke", "1", "--data-dir", str(tmp_path)).exit_code == 0
    assert Store(tmp_path).token(token) is None
    assert invoke("token", "revoke", "99", "--data-dir", str(tmp_path)).exit_code == 2
