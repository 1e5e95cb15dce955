"""Objects for the authorization matrix rows of the contact app (tests/access_matrix.py)."""

from koers.contact.models import ContactRequest
from koers.contact.services import Route, create_request


def _request_of(organisation, token: str) -> ContactRequest:
    return create_request(
        token=token,
        route=Route(organisation, None),
        work_name="Lola",
        channel="phone",
        contact_detail="+31612345678",
        language="nl",
    ).request


def request_a(world) -> dict:
    return {"pk": _request_of(world.org_a, "matrix-a").pk}


def request_b(world) -> dict:
    return {"pk": _request_of(world.org_b, "matrix-b").pk}


def request_adviser(world) -> dict:
    return {"pk": _request_of(world.org_adviser, "matrix-adviser").pk}
