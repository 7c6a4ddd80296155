"""A schema-driven fuzz of the whole public API (schemathesis), as tests/aids/test_api_fuzz.py
does for the simulator: whatever each operation of the one OpenAPI document is sent, it never
answers 500, every answer is one the document describes (status, content type, body), and
no answer ever carries a private contact.

Bounded and deterministic: a fixed number of examples per mode, derandomized, no example
database. The world has rows of every list, a private offer and a real catalogue, so that
valid requests reach every kind of row."""

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from aids.seed import seed_schemes
from opendata.openapi import document
from tests.opendata.conftest import PRIVATE_MARKERS

pytestmark = pytest.mark.django_db

SCHEMA = schemathesis.openapi.from_dict(document())
PATHS = sorted(document()["paths"])
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
FUZZ = settings(
    max_examples=30,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def application(tmp_path, world):
    seed_schemes()
    layer = tmp_path / "medecins.csv"
    layer.write_text("code_insee;zonage\n46102;ZIP\n46042;hors\n")
    call_command(
        "import_zoning",
        str(layer),
        *("--layer", "ars", "--profession", "medecin-generaliste"),
        *("--source", "Zonage de test", "--date", "2025-01-01"),
    )
    # Keep the end of each WSGI request from closing the test's connection (see the
    # simulator's fuzz: with CONN_MAX_AGE=0 on PostgreSQL it would end the test's transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def fuzz(application, strategy):
    statuses = set()

    @FUZZ
    @given(case=strategy)
    def run(case):
        # The WSGI test client does not undo GZipMiddleware's compression, a real client does.
        response = case.call(app=application, headers={"Accept-Encoding": "identity"})
        statuses.add(response.status_code)
        case.validate_response(response, checks=CHECKS)
        for marker in PRIVATE_MARKERS:
            assert marker not in response.text

    run()
    return statuses


def test_the_schema_is_valid_openapi():
    SCHEMA.validate()


@pytest.mark.parametrize("path", PATHS)
def test_valid_requests_for_a_known_commune_are_answered(application, path):
    # The commune is the one thing random codes would almost never hit.
    operation = SCHEMA[path]["GET"]
    query = {"commune": "46102"}
    statuses = fuzz(application, operation.as_strategy(query=query))

    assert 200 in statuses
    assert statuses <= {200, 400}


@pytest.mark.parametrize("path", PATHS)
def test_any_request_the_schema_allows_gets_a_described_answer(application, path):
    statuses = fuzz(application, SCHEMA[path]["GET"].as_strategy())

    assert statuses <= {200, 400}


@pytest.mark.parametrize("path", PATHS)
def test_requests_the_schema_refuses_get_a_400_never_a_500(application, path):
    operation = SCHEMA[path]["GET"]
    statuses = fuzz(application, operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))

    assert statuses <= {200, 400}
    assert 400 in statuses
