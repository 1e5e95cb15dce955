"""Demo data: one command fills an empty database with organisations and one login per role,
deterministically for a seed; the helper commands print what the README promises."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from koers.accounts.demo import DEMO_PASSWORD
from koers.accounts.models import Role, User, UserKind
from koers.demodata.registry import run_all
from koers.directory.models import Service
from koers.organisations.models import Organisation, OrganisationKind
from koers.outcomes.models import Participant
from koers.regions.models import Region

pytestmark = pytest.mark.django_db

README_LOGINS = {
    "coordinator": Role.COORDINATOR,
    "professional": Role.PROFESSIONAL,
    "professional-b": Role.PROFESSIONAL,
    "adviser": Role.CONFIDENTIAL_ADVISER,
    "moderator": Role.MODERATOR,
    "analyst": Role.ANALYST,
    "admin": Role.SITE_ADMINISTRATOR,
}


def summary() -> dict:
    """What a visitor would notice differs between two demo databases (ids excluded: they
    depend on the database's sequences, not on the seed)."""
    return {
        "users": sorted(User.objects.values_list("username", "kind", "is_active")),
        "organisations": sorted(Organisation.objects.values_list("name", "kind", "is_national")),
        "totp_keys": sorted(TOTPDevice.objects.values_list("user__username", "key")),
        "organisation_hsds_ids": sorted(Organisation.objects.values_list("name", "hsds_id")),
        "services": sorted(Service.objects.values_list("hsds_id", "name_nl")),
        "questionnaire_refs": sorted(Participant.objects.values_list("ref", flat=True)),
    }


def generate_and_roll_back(seed: int) -> dict:
    """Run every generator into the (empty) test database, summarise, then empty it again."""
    with transaction.atomic():
        run_all(scale=1, seed=seed, show_progress=False)
        result = summary()
        transaction.set_rollback(True)
    assert not User.objects.exists()
    return result


def run_command(*args: str) -> str:
    out = io.StringIO()
    call_command("demo_data", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_demo_data_creates_organisations_and_one_login_per_role():
    output = run_command("--scale", "1", "--seed", "7", "--no-progress")
    # Organisations: per region a specialised one and the municipality, plus national ones.
    regions = Region.objects.count()
    assert Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).count() == regions
    assert (
        Organisation.objects.filter(kind=OrganisationKind.SPECIALISED, is_national=False).count()
        >= regions
    )
    assert Organisation.objects.filter(kind=OrganisationKind.CONFIDENTIAL_ADVISER).exists()
    # One login per role, the ones the README lists, with a second factor for staff.
    for username, role in README_LOGINS.items():
        user = User.objects.get(username=username)
        assert user.kind == UserKind.STAFF and user.has_role(role), username
        assert user.check_password(DEMO_PASSWORD)
        assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        assert username in output
    member = User.objects.get(username="member")
    assert member.kind == UserKind.MEMBER and member.check_password(DEMO_PASSWORD)
    assert {role for role, _label in Role.choices} <= {
        role for user in User.objects.all() for role in user.roles
    }
    assert (
        User.objects.get(username="coordinator")
        .organisation.regions.filter(slug="amsterdam")
        .exists()
    )
    assert User.objects.get(username="admin").organisation is None
    assert DEMO_PASSWORD in output
    # Demo clients live in a region their organisation serves, so the regional dashboard
    # has trajectories to count.
    from koers.trajectories.models import Client

    regional = Client.objects.filter(organisation__is_national=False)
    assert regional.exists()
    assert not regional.filter(region__isnull=True).exists()
    for client in regional.select_related("organisation")[:50]:
        assert client.organisation.regions.filter(pk=client.region_id).exists()

    # What the README promises: `demo_logins` lists them, `demo_code USERNAME` gives the code.
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    listing = out.getvalue()
    assert f"password for all: {DEMO_PASSWORD}" in listing
    for username in [*README_LOGINS, "member"]:
        assert re.search(rf"\s{re.escape(username)}$", listing, re.M), username
    assert "demo_code USERNAME" in listing

    out = io.StringIO()
    call_command("demo_code", "coordinator", stdout=out)
    printed = out.getvalue()
    match = re.match(r"(\d{6})  \(valid for (\d+) more seconds\)", printed)
    assert match, printed
    device = TOTPDevice.objects.get(user__username="coordinator")
    assert 1 <= int(match.group(2)) <= device.step
    assert device.verify_token(match.group(1)), "the printed code logs the demo user in"

    # A user without a demo authenticator gets no code.
    with pytest.raises(CommandError, match="not a demo user"):
        call_command("demo_code", "member", stdout=io.StringIO())


def test_same_seed_gives_identical_data_and_another_seed_other_keys():
    first = generate_and_roll_back(seed=7)
    again = generate_and_roll_back(seed=7)
    other = generate_and_roll_back(seed=8)
    assert all(first.values()), "every summarised kind of data is generated"
    assert again == first
    assert other["totp_keys"] != first["totp_keys"]
    assert other["organisation_hsds_ids"] != first["organisation_hsds_ids"]
    assert other["questionnaire_refs"] != first["questionnaire_refs"]


def test_demo_data_refuses_a_database_that_already_holds_users():
    User.objects.create_user("someone", password="x" * 20)
    with pytest.raises(CommandError, match="empty database"):
        run_command("--no-progress")
    assert Organisation.objects.count() == 0


@override_settings(DEMO_MODE=False)
def test_demo_commands_refuse_outside_demo_mode():
    with pytest.raises(CommandError, match="never in production"):
        run_command("--no-progress")
    assert not User.objects.exists()
    with pytest.raises(CommandError, match="demo mode"):
        call_command("demo_logins", stdout=io.StringIO())
    with pytest.raises(CommandError, match="demo mode"):
        call_command("demo_code", "coordinator", stdout=io.StringIO())
