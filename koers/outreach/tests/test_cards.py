"""Contact cards: a card's code opens a contact request to the card's organisation, the
request records only that it came through outreach, and a wrong code is never an error."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login
from koers.contact.models import ContactRequest
from koers.directory.tests.factories import make_service
from koers.outreach.models import ContactCard

pytestmark = pytest.mark.django_db

FORM = {"work_name": "Lola", "channel": "sms", "phone": "06 1234 5678", "language": "nl"}


@pytest.fixture
def service_a(org_a):
    return make_service(org_a, region_slugs=("amsterdam",), name="Inloop Amsterdam")


def _make_card(client, users, service) -> ContactCard:
    login(client, users["professional_a"])
    response = client.post(reverse("outreach:cards"), {"service": service.pk})
    assert response.status_code == 302
    return ContactCard.objects.get()


def test_a_card_leads_to_a_request_in_the_organisations_inbox(client, users, service_a):
    card = _make_card(client, users, service_a)
    page = client.get(reverse("outreach:card", args=[card.pk])).content.decode()
    assert "<svg" in page and card.code in page
    client.logout()

    form = client.get(reverse("outreach:card_open", args=[card.code]), follow=True)
    page = form.content.decode()
    assert "Inloop Amsterdam" in page
    assert 'name="via" value="outreach"' in page
    data = {**FORM, "service": str(service_a.pk), "via": "outreach", "token": "t-card-1"}
    sent = client.post(reverse("contact:new"), data)
    assert sent.status_code == 200
    stored = ContactRequest.objects.get()
    assert stored.organisation == service_a.organisation and stored.via_outreach

    login(client, users["professional_a"])
    detail = client.get(reverse("contact:request", args=[stored.pk])).content.decode()
    assert "came through an outreach contact card" in detail


def test_the_request_does_not_say_which_card_or_worker():
    fields = {field.name for field in ContactRequest._meta.get_fields()}
    assert not any("card" in name or "worker" in name for name in fields)


def test_a_typed_code_works_whatever_the_case_and_dashes(client, users, service_a):
    card = _make_card(client, users, service_a)
    client.logout()
    typed = f" {card.code[:3].lower()}-{card.code[3:].lower()} "
    response = client.post(reverse("outreach:card_enter"), {"code": typed})
    assert response["Location"].endswith(f"?service={service_a.pk}&via=outreach")


@pytest.mark.parametrize("code", ["ZZZZZZ", "x", "<script>", "A" * 200])
def test_an_unknown_code_opens_the_ordinary_form_with_a_note(client, code):
    response = client.post(reverse("outreach:card_enter"), {"code": code}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "We do not know the code of that card" in page
    assert 'name="via"' not in page


def test_an_expired_card_opens_the_ordinary_form(client, users, service_a):
    card = _make_card(client, users, service_a)
    card.valid_until = timezone.localdate() - timedelta(days=1)
    card.save()
    response = client.get(reverse("outreach:card_open", args=[card.code]), follow=True)
    assert "We do not know the code of that card" in response.content.decode()


def test_a_card_for_another_organisations_service_is_refused(client, users, org_b):
    other = make_service(org_b, region_slugs=("rotterdam",), name="Elders")
    login(client, users["professional_a"])
    response = client.post(reverse("outreach:cards"), {"service": other.pk})
    assert response.status_code == 400
    assert "Choose one of your organisation" in response.content.decode()
    assert not ContactCard.objects.exists()
