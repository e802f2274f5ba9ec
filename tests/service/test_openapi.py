"""The OpenAPI schema is served, and schemathesis (bounded examples, in-process ASGI) finds no server error."""

from __future__ import annotations

import shutil
import tempfile

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from reporter.service.app import create_app
from tests.service.conftest import FIXTURES, bearer, fake_render_note, fake_render_profiles, upload, zip_dir

DATA_DIR = tempfile.mkdtemp(prefix="reporter-openapi-")
APP = create_app(DATA_DIR, workers=1, job_mode="thread")
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module")
def tokens():
    """sof uploaded (fake renderers: schemathesis may start jobs); tokens of its owner and of Faxe."""
    from reporter import pipeline

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "render_note", fake_render_note)
        mp.setattr(pipeline, "render_profiles", fake_render_profiles)
        with TestClient(APP) as client:
            anna = APP.state.store.create_token(consultant="anna")
            assert upload(client, "sof", zip_dir(FIXTURES / "sof"), anna).status_code == 200
            faxe = APP.state.store.create_token(project="sof", municipality="Faxe")
            yield {"anna": anna, "faxe": faxe, "client": client}
    shutil.rmtree(DATA_DIR, ignore_errors=True)


def test_openapi_schema_is_served(tokens):
    spec = tokens["client"].get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert {"/projects", "/projects/{project_id}", "/projects/{project_id}/jobs", "/projects/{project_id}/files",
            "/projects/{project_id}/files/{name}", "/projects/{project_id}/municipalities/{slug}"} <= set(spec["paths"])
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


@schema.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case, tokens):
    """Every generated request, as the owner, as a municipality and without a token: never a 5xx."""
    for headers in (bearer(tokens["anna"]), bearer(tokens["faxe"]), {}):
        case.call_and_validate(headers=headers, checks=[not_a_server_error])
