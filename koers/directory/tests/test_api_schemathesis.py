# ruff: noqa: E501
"""Property-based run of the HSDS API against its own OpenAPI document (in-process WSGI):
no 5xx, and every response conforms to the documented schema. About 540 generated cases."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from koers.organisations.models import Organisation, OrganisationKind
from koers.wsgi import application

from .factories import TRANS_HOUSING, TRANS_HOUSING_NL, make_service

schema = schemathesis.openapi.from_wsgi("/api/hsds/openapi.json", application)


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes the database connection at the end of each request when it is
    not in autocommit mode — as inside a test transaction on PostgreSQL. Django's test client
    unhooks that signal handler; calling the WSGI application directly, we do the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def directory(db, keep_test_connection):
    org = Organisation.objects.create(name="Steunpunt Tilburg", kind=OrganisationKind.SPECIALISED)
    make_service(org, name=TRANS_HOUSING_NL[0], description=TRANS_HOUSING_NL[1], translations=TRANS_HOUSING,
                 groups=["trans_nonbinary"], can_be_anonymous=True)  # fmt: skip
    make_service(org, national=True, scope="friendly", name="Soa-test", description="Gratis.")


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_hsds_api_never_errors_and_matches_its_schema(case, directory):
    case.call_and_validate(
        checks=[
            schemathesis.checks.not_a_server_error,
            schemathesis.checks.response_schema_conformance,
            schemathesis.checks.status_code_conformance,
        ]
    )
