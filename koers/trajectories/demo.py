"""Demo clients with realistic, non-linear histories for the demo organisations.

At scale 1: the demo login "professional" (Amsterdam) carries about 40 clients, the Amsterdam
coordinator a few, every other specialised organisation about a dozen (a few hundred in all).
Rows are written with ``bulk_create`` so larger scales stay quick; the denormalised state on
each trajectory is computed from the same generated history. Work names are invented.
"""

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from koers.accounts.models import Membership, Role, User, UserKind
from koers.demodata.registry import DemoContext, register

from .models import (
    Client,
    ContactEntry,
    Goal,
    OutcomeRecord,
    PhaseChange,
    Referral,
    ReferralStatusChange,
    SexWorkStatusChange,
    Trajectory,
)
from .vocabulary import (
    AftercareLevel,
    ContactChannel,
    DurationBand,
    GoalStatus,
    LifeDomain,
    OutcomeSituation,
    Phase,
    PreferredLanguage,
    ReferralStatus,
    Sector,
    SexWorkStatus,
)

WORK_NAMES = [
    "Amber",
    "Bella",
    "Chanel",
    "Daisy",
    "Esmee",
    "Fleur",
    "Gina",
    "Hanna",
    "Iris",
    "Jade",
    "Kiki",
    "Lola",
    "Mila",
    "Nina",
    "Olivia",
    "Pip",
    "Quinty",
    "Roxy",
    "Sasha",
    "Tess",
    "Uma",
    "Vera",
    "Wendy",
    "Xena",
    "Yara",
    "Zoë",
    "Alex",
    "Bo",
    "Chris",
    "Dani",
    "Eli",
    "Finn",
    "Kai",
    "Luca",
    "Max",
    "Noor",
    "Robin",
    "Sam",
    "Sky",
    "Tim",
    "Valentina",
    "Ioana",
    "Andreea",
    "Lucía",
    "Carmen",
    "Mirela",
    "Bianca",
    "Elena",
    "Daria",
    "Lin",
]
GOALS = {
    LifeDomain.HOUSING: [
        "A room of my own",
        "Temporary safe place to stay",
        "Priority statement for housing",
    ],
    LifeDomain.WORK_INCOME: [
        "Work in a kitchen",
        "Apply for a benefit",
        "Job in cleaning with a contract",
    ],
    LifeDomain.EDUCATION: ["Dutch course", "Finish MBO care training"],
    LifeDomain.DEBTS: ["Overview of debts", "Payment plan with the tax office"],
    LifeDomain.MENTAL_HEALTH: ["Talk to a psychologist", "Sleep better"],
    LifeDomain.SAFETY: ["Stop contact with former manager"],
    LifeDomain.BUDGETING: ["Monthly budget that works"],
}
NOTES = [
    "Short check-in, doing fine.",
    "Talked about options, no decision yet.",
    "Went through vacancies.",
    "Worried about rent this month.",
    "Met at the walk-in hour.",
    "Prepared the intake at the partner.",
    "Feels tired; agreed to call next week.",
    "Practised what to say about the gap on the CV.",
]


def _contact_people(context: DemoContext, organisations: dict) -> dict:
    """Per organisation the staff who carry caseloads (demo logins where they exist)."""
    people: dict = {}
    password = make_password(None)
    for key, organisation in organisations.items():
        if not key.startswith("specialised:") and key != "peer":
            continue
        staff = list(
            User.objects.filter(
                membership__organisation=organisation,
                membership__role__in=[Role.PROFESSIONAL, Role.COORDINATOR],
            ).order_by("username")
        )
        if not staff:
            slug = key.split(":")[-1]
            for index in (1, 2):
                user = User.objects.create(
                    username=f"pmw-{slug}-{index}", password=password, kind=UserKind.STAFF
                )
                Membership.objects.create(
                    user=user, organisation=organisation, role=Role.PROFESSIONAL
                )
                staff.append(user)
        people[key] = (organisation, staff)
    return people


def _history(context: DemoContext, trajectory: Trajectory, worker, today, rows: dict) -> None:
    """A non-linear path: phases back and forth, a status timeline, contacts, goals, referrals."""
    rng = context.rng
    day = trajectory.opened_on
    phase = Phase.CONTACT
    status = rng.choice([SexWorkStatus.DOING, SexWorkStatus.DOING, SexWorkStatus.PARTLY])
    rows["phase"].append(PhaseChange(trajectory=trajectory, phase=phase, on=day, by=worker))
    rows["status"].append(
        SexWorkStatusChange(trajectory=trajectory, status=status, on=day, by=worker)
    )
    order = list(Phase.values)
    last_contact = None
    goals: list[Goal] = []
    while True:
        day = day + timedelta(days=rng.randint(7, 35))
        if day > today:
            break
        last_contact = day
        rows["contact"].append(
            ContactEntry(
                trajectory=trajectory,
                by=worker,
                on=day,
                channel=rng.choice(ContactChannel.values[:6]),
                duration_band=rng.choice(DurationBand.values),
                note=rng.choice(NOTES),
            )
        )
        roll = rng.random()
        if roll < 0.12:
            index = order.index(phase)
            step = rng.choice([1, 1, 1, -1])
            phase = order[max(0, min(len(order) - 1, index + step))]
            rows["phase"].append(PhaseChange(trajectory=trajectory, phase=phase, on=day, by=worker))
        elif roll < 0.2:
            status = rng.choice(SexWorkStatus.values)
            rows["status"].append(
                SexWorkStatusChange(trajectory=trajectory, status=status, on=day, by=worker)
            )
        elif roll < 0.26 and phase in (Phase.ORIENTATION, Phase.EXECUTION) and len(goals) < 3:
            domain = rng.choice(list(GOALS))
            goal = Goal(
                trajectory=trajectory,
                by=worker,
                on=day,
                life_domain=domain,
                description=rng.choice(GOALS[domain]),
                status=rng.choice([GoalStatus.OPEN, GoalStatus.IN_PROGRESS, GoalStatus.ACHIEVED]),
            )
            goals.append(goal)
            rows["goal"].append(goal)
        elif roll < 0.29 and phase == Phase.EXECUTION:
            final = rng.choice(
                [ReferralStatus.PROPOSED, ReferralStatus.ACTIVE, ReferralStatus.ENDED]
            )
            referral = Referral(
                trajectory=trajectory,
                by=worker,
                on=day,
                partner_name="Schuldhulp Samen",
                partner_contact=rng.choice(["Mira", "Joost", "Fatima"]),
                status=final,
                consent_on=day if final != ReferralStatus.PROPOSED else None,
                consent_how="in_person" if final != ReferralStatus.PROPOSED else "",
            )
            rows["referral"].append(referral)
        elif roll < 0.31:
            situation = rng.choice(OutcomeSituation.values)
            rows["outcome"].append(
                OutcomeRecord(
                    trajectory=trajectory,
                    by=worker,
                    on=day,
                    situation=situation,
                    sector=rng.choice(Sector.values) if situation == "work_outside" else "",
                    within_branch_change="licensed" if situation == "within_branch_change" else "",
                )
            )
    trajectory.phase = phase
    trajectory.phase_since = rows["phase"][-1].on
    trajectory.sex_work_status = status
    trajectory.last_contact_on = last_contact
    trajectory.next_contact_on = (last_contact or today) + timedelta(days=rng.randint(-10, 28))
    if phase == Phase.AFTERCARE:
        trajectory.aftercare_level = rng.choice(AftercareLevel.values)
        trajectory.aftercare_triggers = ["job_loss", "rising_debts"]


@register("trajectories", order=40)
def generate(context: DemoContext) -> None:
    organisations = context.shared["organisations"]
    today = timezone.localdate()
    people = _contact_people(context, organisations)
    plan = []  # (organisation, worker, how many)
    for key in sorted(people):
        organisation, staff = people[key]
        for worker in staff:
            if worker.username == "professional":
                count = 40
            elif worker.username == "coordinator":
                count = 6
            else:
                count = 6
            plan.append((organisation, worker, count * context.scale))
    rows: dict[str, list] = {
        k: [] for k in ("phase", "status", "contact", "goal", "referral", "outcome")
    }
    for organisation, worker, count in plan:
        # A client lives in one of the regions the organisation serves (none for a purely
        # national organisation): the monitoring dashboard counts trajectories per region.
        regions = list(organisation.regions.order_by("pk").values_list("pk", flat=True))
        clients = [
            Client(
                organisation=organisation,
                region_id=context.rng.choice(regions) if regions else None,
                work_name=f"{context.rng.choice(WORK_NAMES)} {context.rng.randint(1, 99)}",
                preferred_channel=context.rng.choice(ContactChannel.values[:6]),
                preferred_language=context.rng.choice(PreferredLanguage.values[:4]),
                birth_year=str(context.rng.randint(1965, 2005))
                if context.rng.random() < 0.4
                else "",
            )
            for _ in range(count)
        ]
        Client.objects.bulk_create(clients)
        trajectories = [
            Trajectory(
                client=client,
                organisation=organisation,
                contact_person=worker,
                opened_on=today - timedelta(days=context.rng.randint(20, 900)),
            )
            for client in clients
        ]
        for trajectory in trajectories:
            trajectory.phase_since = trajectory.opened_on
        Trajectory.objects.bulk_create(trajectories)
        for trajectory in trajectories:
            _history(context, trajectory, worker, today, rows)
        Trajectory.objects.bulk_update(
            trajectories,
            [
                "phase",
                "phase_since",
                "sex_work_status",
                "last_contact_on",
                "next_contact_on",
                "aftercare_level",
                "aftercare_triggers",
            ],
        )
    PhaseChange.objects.bulk_create(rows["phase"], batch_size=2000)
    SexWorkStatusChange.objects.bulk_create(rows["status"], batch_size=2000)
    ContactEntry.objects.bulk_create(rows["contact"], batch_size=2000)
    Goal.objects.bulk_create(rows["goal"], batch_size=2000)
    Referral.objects.bulk_create(rows["referral"], batch_size=2000)
    ReferralStatusChange.objects.bulk_create(
        [
            ReferralStatusChange(
                trajectory=r.trajectory, referral=r, status=r.status, on=r.on, by=r.by
            )
            for r in rows["referral"]
        ],
        batch_size=2000,
    )
    OutcomeRecord.objects.bulk_create(rows["outcome"], batch_size=2000)
