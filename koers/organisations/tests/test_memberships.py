"""Who may hold which role where: the invariants of staff memberships."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conftest import make_user
from koers.accounts.models import Membership, Role, UserKind

pytestmark = pytest.mark.django_db


def test_a_member_cannot_get_a_staff_role(org_a):
    member = make_user("work-name", kind=UserKind.MEMBER)
    membership = Membership(user=member, organisation=org_a, role=Role.PROFESSIONAL)
    with pytest.raises(ValidationError):
        membership.full_clean()


def test_a_staff_user_belongs_to_one_organisation_only(org_a, org_b):
    user = make_user("jolien", role=Role.PROFESSIONAL, organisation=org_a)
    elsewhere = Membership(user=user, organisation=org_b, role=Role.COORDINATOR)
    with pytest.raises(ValidationError):
        elsewhere.full_clean()
    # Several roles in the same organisation are fine.
    Membership(user=user, organisation=org_a, role=Role.COORDINATOR).full_clean()


def test_one_membership_per_role(org_a):
    user = make_user("jolien", role=Role.PROFESSIONAL, organisation=org_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, organisation=org_a, role=Role.PROFESSIONAL)


def test_the_site_administrator_role_has_no_organisation(org_a):
    user = make_user("root-ish")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, organisation=org_a, role=Role.SITE_ADMINISTRATOR)
    Membership.objects.create(user=user, organisation=None, role=Role.SITE_ADMINISTRATOR)
    assert user.organisation is None


def test_every_other_role_needs_an_organisation():
    user = make_user("floating")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, organisation=None, role=Role.PROFESSIONAL)


def test_a_users_organisation_and_roles(org_a):
    user = make_user("jolien", role=Role.PROFESSIONAL, organisation=org_a)
    Membership.objects.create(user=user, organisation=org_a, role=Role.COORDINATOR)
    user.refresh_from_db()
    fresh = type(user).objects.get(pk=user.pk)
    assert fresh.organisation == org_a
    assert fresh.roles == {Role.PROFESSIONAL, Role.COORDINATOR}
    assert fresh.has_role(Role.COORDINATOR) and not fresh.has_role(Role.ANALYST)
