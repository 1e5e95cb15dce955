"""Bulk data for the trajectories benchmark: 200 organisations, 60,000 clients and 600,000
contact entries, written with ``bulk_create`` (encrypted fields are still encrypted).

Kept in the app (not in ``benchmarks/``) so the benchmark scenarios stay free of model code
and the volume can also be built from a shell: ``build(rng)``. The demo login
``professional`` additionally gets one client with a 200-contact history, whose id the
timeline scenario requests.
"""

import random
from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from koers.accounts.models import Membership, Role, User, UserKind
from koers.organisations.models import Organisation, OrganisationKind

from .models import Client, ContactEntry, PhaseChange, Trajectory
from .vocabulary import ContactChannel, DurationBand, Phase, SexWorkStatus

ORGANISATIONS = 200
CLIENTS_PER_ORGANISATION = 300
CONTACTS_PER_CLIENT = 10


def build(rng: random.Random) -> dict[str, Any]:
    """Create the volume; returns ``{"long_client_id": …}`` for the timeline page."""
    today = timezone.localdate()
    password = make_password(None)
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(name=f"Bench organisation {index:03d}", kind=OrganisationKind.SPECIALISED)
            for index in range(ORGANISATIONS)
        ]
    )
    workers = User.objects.bulk_create(
        [
            User(username=f"bench-worker-{index:03d}", password=password, kind=UserKind.STAFF)
            for index in range(ORGANISATIONS)
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(user=w, organisation=o, role=Role.PROFESSIONAL)
            for w, o in zip(workers, organisations, strict=True)
        ]
    )
    for organisation, worker in zip(organisations, workers, strict=True):
        clients = Client.objects.bulk_create(
            [
                Client(organisation=organisation, work_name=f"Bench {index}")
                for index in range(CLIENTS_PER_ORGANISATION)
            ]
        )
        trajectories = Trajectory.objects.bulk_create(
            [
                Trajectory(
                    client=client,
                    organisation=organisation,
                    contact_person=worker,
                    phase=rng.choice(Phase.values),
                    sex_work_status=rng.choice(SexWorkStatus.values),
                    last_contact_on=today - timedelta(days=rng.randint(0, 60)),
                    next_contact_on=today + timedelta(days=rng.randint(-20, 30)),
                )
                for client in clients
            ]
        )
        contacts = [
            ContactEntry(
                trajectory=trajectory,
                by=worker,
                on=today - timedelta(days=7 * step),
                channel=ContactChannel.PHONE,
                duration_band=DurationBand.UP_TO_15,
                note="Check-in." if step == 0 else "",
            )
            for trajectory in trajectories
            for step in range(CONTACTS_PER_CLIENT)
        ]
        ContactEntry.objects.bulk_create(contacts, batch_size=5000)
    professional = User.objects.get(username="professional")
    own = professional.organisation
    client = Client.objects.create(organisation=own, work_name="Bench long history")
    trajectory = Trajectory.objects.create(
        client=client, organisation=own, contact_person=professional, last_contact_on=today
    )
    PhaseChange.objects.create(
        trajectory=trajectory, phase=Phase.CONTACT, on=today - timedelta(days=1000)
    )
    ContactEntry.objects.bulk_create(
        [
            ContactEntry(
                trajectory=trajectory,
                by=professional,
                on=today - timedelta(days=5 * step),
                channel=ContactChannel.WHATSAPP,
                duration_band=DurationBand.UP_TO_15,
                note=f"Contact {step}",
            )
            for step in range(200)
        ]
    )
    return {"long_client_id": client.pk}
