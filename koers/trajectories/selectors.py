"""Reads: who may see which file, the caseload ("my clients"), the timeline, the profile
suggestion, the export.

Visibility: staff see only their own organisation's files. A coordinator sees every file of
the organisation; a professional sees files where they are the contact person and those a
coordinator shared with them. Analysts and every other role never see a case.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    F,
    Prefetch,
    Q,
    QuerySet,
    Window,
)
from django.http import Http404
from django.utils import timezone

from koers.accounts.models import Membership, Role, User
from koers.selfcheck.answers import Answers
from koers.selfcheck.profiles import profile_label, suggest_profile

from .models import (
    Client,
    ContactEntry,
    Goal,
    Handover,
    OutcomeRecord,
    PhaseChange,
    Referral,
    ReferralStatusChange,
    SexWorkStatusChange,
    SupportAction,
    Trajectory,
    TrajectoryEvent,
    TrajectoryShare,
)
from .vocabulary import (
    GoalStatus,
    LifeDomain,
    Phase,
    Profile,
    SexWorkStatus,
)

CASEWORK_ROLES = (Role.PROFESSIONAL, Role.COORDINATOR)
#: The profiles the rules can suggest ("none of these" is only ever the professional's choice).
SUGGESTABLE = (Profile.P1, Profile.P2, Profile.P3)


def _own_or_shared(user: Any) -> Q:
    """Files where ``user`` is the contact person or that were shared with them.

    The (few) shared ids are read first, so the main query stays an indexed lookup on the
    contact person instead of an OR with a subquery, which SQLite answers with a full scan.
    """
    shared = list(TrajectoryShare.objects.filter(user=user).values_list("trajectory_id", flat=True))
    return Q(contact_person=user) | Q(pk__in=shared)


def visible_trajectories(user: Any) -> QuerySet[Trajectory]:
    """Every trajectory ``user`` may open (empty for anyone without a casework role)."""
    organisation = getattr(user, "organisation", None)
    if organisation is None or not user.has_role(*CASEWORK_ROLES):
        return Trajectory.objects.none()
    queryset = Trajectory.objects.filter(organisation=organisation)
    if user.has_role(Role.COORDINATOR):
        return queryset
    return queryset.filter(_own_or_shared(user))


def trajectory_for(user: Any, client_id: int, *, details: bool = True) -> Trajectory:
    """The trajectory of client ``client_id`` if ``user`` may open it, else 404 (ids of other
    organisations' clients cannot be probed). The same rule as :func:`visible_trajectories`,
    checked on the one row found: a share is looked up only when the user is neither the
    contact person nor a coordinator.

    ``details=False`` (the client page) leaves out the joins the page does not need: the
    client's municipality and region and, when it is someone else, the contact person
    (loaded when first used).
    """
    organisation = getattr(user, "organisation", None)
    if organisation is None or not user.has_role(*CASEWORK_ROLES):
        raise Http404
    queryset = Trajectory.objects.filter(organisation=organisation, client_id=client_id)
    if details:
        queryset = queryset.select_related(
            "client", "contact_person", "client__municipality", "client__region"
        )
    else:
        queryset = queryset.select_related("client")
    try:
        trajectory = queryset.get()
    except Trajectory.DoesNotExist:
        raise Http404 from None
    # The filter above makes these the user's own organisation (and, usually, the user):
    # already loaded, so not joined again.
    trajectory.organisation = organisation
    if trajectory.contact_person_id == user.pk:
        trajectory.contact_person = user
    if (
        trajectory.contact_person_id != user.pk
        and not user.has_role(Role.COORDINATOR)
        and not TrajectoryShare.objects.filter(trajectory=trajectory, user=user).exists()
    ):
        raise Http404
    return trajectory


def caseload(user: Any, *, scope: str = "mine", closed: bool = False) -> QuerySet:
    """ "My clients": overdue first, then by next planned contact, files without a planned
    contact last. One indexed query, giving tuples (``presenters.caseload_lines`` turns a
    page of them into lines).

    Since an overdue date lies before every future one, "overdue first, then by date" is
    simply the next contact date, ascending, with the files without one at the end.
    ``scope="organisation"`` (coordinators) lists every file of the organisation.
    """
    organisation_wide = scope == "organisation" and user.has_role(Role.COORDINATOR)
    queryset = Trajectory.objects.filter(organisation=user.organisation, is_closed=closed)
    if not organisation_wide:
        queryset = queryset.filter(_own_or_shared(user))
    # Only what the list shows: of the client just the work name (no other identifying field
    # is read, so none is decrypted), of the contact person the name.
    # The last column is the number of files in the whole list (``COUNT(*) OVER ()``), so a
    # page needs no separate count query (see ``counted_page``).
    return (
        queryset.order_by(F("next_contact_on").asc(nulls_last=True), "pk")
        .annotate(total=Window(Count("*")))
        .values_list(
            "client_id",
            "client__work_name",
            "phase",
            "sex_work_status",
            "last_contact_on",
            "next_contact_on",
            "is_sealed",
            "contact_person__username",
            "total",
        )
    )


def counted_page(rows: QuerySet, number: Any, size: int) -> Page:
    """``Paginator(rows, size).get_page(number)`` for rows whose last column is the total
    (see ``caseload``): one query instead of a count and a page. A number past the end
    gives the last page, as ``get_page`` does (that costs a count)."""
    try:
        # At most 2**31: a larger page number (past the end anyway) makes an OFFSET that
        # SQLite refuses ("datatype mismatch"), and it shows the last page like any other.
        number = min(max(int(number), 1), 2**31)
    except (TypeError, ValueError):
        number = 1
    paginator = Paginator(rows, size)
    page = list(rows[(number - 1) * size : number * size])
    if not page and number > 1:
        paginator.count = rows.count()
        number = paginator.num_pages
        page = list(rows[(number - 1) * size : number * size])
    paginator.count = page[0][-1] if page else 0
    return Page(page, number, paginator)


def colleagues(organisation: Any) -> QuerySet:
    """Staff of the organisation who can carry a caseload (contact persons)."""
    user_ids = Membership.objects.filter(organisation=organisation, role__in=CASEWORK_ROLES).values(
        "user_id"
    )
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("username")


@dataclass(frozen=True)
class OverdueGroup:
    worker: Any
    trajectories: list[Trajectory]


def overdue_by_worker(user: Any) -> list[OverdueGroup]:
    """Files whose planned contact (or aftercare check-in) date has passed, per contact person.

    A coordinator sees every worker of the organisation; a professional their own list.
    """
    today = timezone.localdate()
    queryset = Trajectory.objects.filter(
        organisation=user.organisation, is_closed=False, next_contact_on__lt=today
    ).select_related("client", "contact_person")
    if not user.has_role(Role.COORDINATOR):
        queryset = queryset.filter(contact_person=user)
    groups: dict[int, OverdueGroup] = {}
    for trajectory in queryset.order_by("contact_person__username", "next_contact_on"):
        group = groups.setdefault(
            trajectory.contact_person_id, OverdueGroup(trajectory.contact_person, [])
        )
        group.trajectories.append(trajectory)
    return list(groups.values())


@dataclass(frozen=True)
class TimelineItem:
    """One line on the client page."""

    on: date
    created_at: datetime
    kind: str
    obj: Any

    @property
    def sort_key(self) -> tuple:
        return (self.on, self.created_at)


def history(trajectory: Trajectory) -> dict[str, list]:
    """Every history table of one trajectory: one query per table, whatever its length."""
    by = ("by",)
    return {
        "phase": list(PhaseChange.objects.filter(trajectory=trajectory).select_related(*by)),
        "status": list(
            SexWorkStatusChange.objects.filter(trajectory=trajectory).select_related(*by)
        ),
        "contact": list(ContactEntry.objects.filter(trajectory=trajectory).select_related(*by)),
        "handover": list(
            Handover.objects.filter(trajectory=trajectory).select_related(
                "by", "from_user", "to_user"
            )
        ),
        "goal": list(Goal.objects.filter(trajectory=trajectory).select_related(*by)),
        "action": list(
            SupportAction.objects.filter(trajectory=trajectory).select_related(
                "by", "goal", "partner_organisation"
            )
        ),
        "referral": list(
            Referral.objects.filter(trajectory=trajectory).select_related(
                "by", "service", "partner_organisation", "goal"
            )
        ),
        "referral_change": list(
            ReferralStatusChange.objects.filter(trajectory=trajectory).select_related(
                "by", "referral"
            )
        ),
        "outcome": list(OutcomeRecord.objects.filter(trajectory=trajectory).select_related(*by)),
        "event": list(TrajectoryEvent.objects.filter(trajectory=trajectory).select_related(*by)),
    }


# The kinds on the timeline, each with the relations its line shows besides its author
# (``by``, see ``_attach_authors``). A referral itself is not a line: it appears through its
# status changes.
TIMELINE_KINDS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "phase": (PhaseChange, ()),
    "status": (SexWorkStatusChange, ()),
    "contact": (ContactEntry, ()),
    "handover": (Handover, ("from_user", "to_user")),
    "goal": (Goal, ()),
    "action": (SupportAction, ("goal", "partner_organisation")),
    "referral_change": (
        ReferralStatusChange,
        ("referral__service", "referral__partner_organisation"),
    ),
    "outcome": (OutcomeRecord, ()),
    "event": (TrajectoryEvent, ()),
}
MAX_TIMELINE_PAGE = 100_000


@dataclass(frozen=True)
class TimelinePage:
    """One page of the timeline, newest first, with links to newer and older entries."""

    items: list[TimelineItem]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        # Past the end (an old link after entries were erased): back to the newest.
        return self.number - 1 if self.items else 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def _attach_authors(objects: list, *known: Any) -> None:
    """Set ``obj.by`` on every entry: mostly the contact person or the reader (already
    loaded), the others in one query for just their names."""
    users = {user.pk: user for user in known if user is not None and user.pk}
    missing = {obj.by_id for obj in objects if obj.by_id and obj.by_id not in users}
    if missing:
        users.update(
            User.objects.only("username", "first_name", "last_name").in_bulk(list(missing))
        )
    for obj in objects:
        obj.by = users.get(obj.by_id) if obj.by_id else None


@lru_cache(maxsize=1)
def _timeline_keys_sql() -> tuple[str, int]:
    """``(kind, id)`` of one page of the timeline, newest first; built once per process.

    Written as SQL (the table and column names come from the models) because the ORM
    rebuilt and recompiled the same nine-part ``UNION ALL`` on every page view, which cost
    more than running it. Parameters: the trajectory id once per table, then limit, offset.
    """
    quote = connection.ops.quote_name
    parts = []
    for kind, (model, _related) in TIMELINE_KINDS.items():
        meta = model._meta
        parts.append(
            f"SELECT '{kind}' AS entry_kind, {quote(meta.pk.column)} AS entry_id, "  # noqa: S608
            f"{quote(meta.get_field('on').column)} AS entry_on, "
            f"{quote(meta.get_field('created_at').column)} AS entry_created "
            f"FROM {quote(meta.db_table)} "
            f"WHERE {quote(meta.get_field('trajectory').column)} = %s"
        )
    sql = (
        "SELECT entry_kind, entry_id FROM ("  # noqa: S608 - names from the models
        + " UNION ALL ".join(parts)
        + ") AS entries ORDER BY entry_on DESC, entry_created DESC, entry_id DESC "
        "LIMIT %s OFFSET %s"
    )
    return sql, len(parts)


def _page_number(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_TIMELINE_PAGE)


def timeline_page(
    trajectory: Trajectory, page: Any = 1, *, size: int = 30, viewer: Any = None
) -> TimelinePage:
    """The ``page``-th ``size`` entries of the timeline, newest first.

    One query picks the entries of the page from the keys (date, time written) of every
    history table (a ``UNION ALL``, no note is read or decrypted), then one query per kind
    present on the page loads those rows. So the work and the number of queries depend on
    the page size, never on the length of the history.
    """
    number = _page_number(page)
    sql, tables = _timeline_keys_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [trajectory.pk] * tables + [size + 1, (number - 1) * size])
        keys = cursor.fetchall()
    has_next = len(keys) > size
    keys = keys[:size]
    wanted: dict[str, list[int]] = {}
    for kind, pk in keys:
        wanted.setdefault(kind, []).append(pk)
    loaded = {}
    for kind, pks in wanted.items():
        model, related = TIMELINE_KINDS[kind]
        # (select_related() without names would follow every relation)
        queryset = model.objects.select_related(*related) if related else model.objects.all()
        loaded[kind] = queryset.in_bulk(pks)
    known = [viewer]
    if Trajectory._meta.get_field("contact_person").is_cached(trajectory):
        known.append(trajectory.contact_person)
    _attach_authors([obj for objects in loaded.values() for obj in objects.values()], *known)
    items = []
    for kind, pk in keys:
        obj = loaded[kind].get(pk)
        if obj is not None:  # removed between the two queries
            items.append(TimelineItem(obj.on, obj.created_at, kind, obj))
    return TimelinePage(items, number, has_next)


@lru_cache(maxsize=1)
def _plan_exists_sql() -> str:
    quote = connection.ops.quote_name
    checks = []
    for model in (Goal, Referral):
        meta = model._meta
        checks.append(
            f"EXISTS (SELECT 1 FROM {quote(meta.db_table)} "  # noqa: S608 - names from models
            f"WHERE {quote(meta.get_field('trajectory').column)} = %s)"
        )
    return f"SELECT {', '.join(checks)}"


def current_plan(trajectory: Trajectory) -> dict[str, list]:
    """Goals with their support (module and partner only) and referrals, for the client page.

    At most four queries whatever the history, one when the file has neither goals nor
    referrals (a single ``EXISTS`` check first, which costs far less than building the
    queries that would find nothing); texts the page does not show are not read.
    """
    with connection.cursor() as cursor:
        cursor.execute(_plan_exists_sql(), [trajectory.pk, trajectory.pk])
        has_goals, has_referrals = cursor.fetchone()
    goals: list = []
    if has_goals:
        actions = SupportAction.objects.select_related("partner_organisation").only(
            "goal", "module", "partner_organisation", "partner_name", "on", "created_at"
        )
        goals = [
            (goal, list(goal.actions.all()))
            for goal in Goal.objects.filter(trajectory=trajectory).prefetch_related(
                Prefetch("actions", queryset=actions)
            )
        ]
    referrals: list = []
    if has_referrals:
        referrals = list(
            Referral.objects.filter(trajectory=trajectory).select_related(
                "service", "partner_organisation"
            )
        )
    return {"goals": goals, "referrals": referrals}


# --- profile suggestion ---------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileAdvice:
    """What the client page says about the profile (see :func:`profile_suggestion`).

    ``profile`` is ``"p1"``/``"p2"``/``"p3"`` or ``""`` (too little to go on), with the rules
    that fired in ``because``. ``at_contact_request`` is the profile suggested from the
    self-check answers the person shared with their contact request, when it differs from
    ``profile`` (``""`` otherwise); ``same_at_contact_request`` says that it was the same.
    """

    profile: str
    because: tuple[str, ...]
    at_contact_request: str = ""
    same_at_contact_request: bool = False

    @property
    def label(self) -> str:
        return profile_label(self.profile)

    @property
    def contact_request_label(self) -> str:
        return profile_label(self.at_contact_request)


def _situation(trajectory: Trajectory) -> str:
    """The self-check's situation for this trajectory: the phase where it names the life
    phase (orientation is considering a change, execution is making it), else the sex-work
    status (partly doing sex work is changing, not doing it is having stopped)."""
    if trajectory.phase == Phase.ORIENTATION:
        return "considering"
    if trajectory.phase == Phase.EXECUTION:
        return "changing"
    return {
        SexWorkStatus.DOING: "doing",
        SexWorkStatus.PARTLY: "changing",
        SexWorkStatus.NOT_DOING: "stopped",
    }.get(trajectory.sex_work_status, "")


def intake_answers(client: Client, goals: Iterable[Goal]) -> Answers:
    """The profile rules' input (:class:`koers.selfcheck.answers.Answers`) from what the
    professional recorded: the life domains of the goals (except dropped ones) as needs, the
    phase and sex-work status as the situation, the migration background. "Unknown" is
    left empty, as "prefer not to say" is in the self-check."""
    dropped = GoalStatus.DROPPED
    domains = {goal.life_domain for goal in goals if goal.status != dropped}
    order = list(LifeDomain.values)
    migration = client.migration_background
    return Answers(
        situation=_situation(client.trajectory),
        needs=tuple(sorted(domains & set(order), key=order.index)),
        migration=migration if migration in ("yes", "no") else "",
    )


def profile_suggestion(client: Client, *, goals: Iterable[Goal] | None = None) -> ProfileAdvice:
    """The profile Koers suggests for ``client``, with its reasons: the rule set of
    :mod:`koers.selfcheck.profiles` over the intake (:func:`intake_answers`). It is only
    shown; ``Client.chosen_profile`` is the professional's and is never set from it.

    ``goals`` are the client's goals when the caller already has them (the client page gets
    them from :func:`current_plan`), so the suggestion costs no query there; otherwise they
    are read in one query. ``client.trajectory`` must be loaded (``trajectory_for`` does).

    The suggestion made at the contact request (``Client.suggested_profile``, stored when
    the request was turned into this file) is not mixed into the rules' input: it came from
    the person's own answers at that moment, while the intake describes the file as it is
    now, so each stands on its own and the page shows both when they differ. The intake
    comes first because it is current; the earlier one stays in view because a person's
    answers then (for instance feeling unsafe) should not vanish behind newer goals. Its
    reasons are not shown: the file keeps only the profile code, the answers stay with the
    request and are deleted with it after the retention period.
    """
    if goals is None:
        goals = Goal.objects.filter(trajectory_id=client.trajectory.pk).only(
            "life_domain", "status"
        )
    suggestion = suggest_profile(intake_answers(client, goals))
    earlier = client.suggested_profile if client.suggested_profile in SUGGESTABLE else ""
    because = suggestion.because if suggestion.profile else ()
    return ProfileAdvice(
        profile=suggestion.profile,
        because=because,
        at_contact_request=earlier if earlier != suggestion.profile else "",
        same_at_contact_request=bool(earlier) and earlier == suggestion.profile,
    )


def _display(obj: Any, field: str) -> str:
    value = getattr(obj, field)
    if not value:
        return ""
    return str(getattr(obj, f"get_{field}_display")())


def export_data(trajectory: Trajectory) -> dict[str, Any]:
    """Everything Koers holds about one client, readable (labels, not codes), for the person."""
    client: Client = trajectory.client
    records = history(trajectory)

    def who(user: Any) -> str:
        return user.get_username() if user else ""

    return {
        "client": {
            "id": client.pk,
            "work_name": client.work_name,
            "legal_name": client.legal_name,
            "phone": client.phone,
            "email": client.email,
            "birth_year": client.birth_year,
            "preferred_channel": _display(client, "preferred_channel"),
            "preferred_language": _display(client, "preferred_language"),
            "gender": _display(client, "gender"),
            "migration_background": _display(client, "migration_background"),
            "unlicensed_work": _display(client, "unlicensed_work"),
            "municipality": str(client.municipality or ""),
            "region": str(client.region or ""),
            "suggested_profile": _display(client, "suggested_profile"),
            "chosen_profile": _display(client, "chosen_profile"),
            "organisation": str(client.organisation),
            "created_at": client.created_at.isoformat(),
        },
        "trajectory": {
            "contact_person": who(trajectory.contact_person),
            "opened_on": trajectory.opened_on.isoformat(),
            "phase": _display(trajectory, "phase"),
            "phase_since": trajectory.phase_since.isoformat(),
            "sex_work_status": _display(trajectory, "sex_work_status"),
            "within_branch_change": _display(trajectory, "within_branch_change"),
            "direction": _display(trajectory, "direction"),
            "last_contact_on": trajectory.last_contact_on.isoformat()
            if trajectory.last_contact_on
            else None,
            "next_contact_on": trajectory.next_contact_on.isoformat()
            if trajectory.next_contact_on
            else None,
            "aftercare_level": _display(trajectory, "aftercare_level"),
            "aftercare_triggers": trajectory.aftercare_triggers,
            "closed": trajectory.is_closed,
            "closed_on": trajectory.closed_on.isoformat() if trajectory.closed_on else None,
            "closing_reason": _display(trajectory, "closing_reason"),
        },
        "phases": [
            {
                "on": p.on.isoformat(),
                "phase": p.get_phase_display(),
                "note": p.note,
                "by": who(p.by),
            }
            for p in records["phase"]
        ],
        "sex_work_status": [
            {
                "on": s.on.isoformat(),
                "status": s.get_status_display(),
                "within_branch_change": _display(s, "within_branch_change"),
                "note": s.note,
                "by": who(s.by),
            }
            for s in records["status"]
        ],
        "contacts": [
            {
                "on": c.on.isoformat(),
                "channel": c.get_channel_display(),
                "duration": c.get_duration_band_display(),
                "note": c.note,
                "by": who(c.by),
            }
            for c in records["contact"]
        ],
        "handovers": [
            {
                "on": h.on.isoformat(),
                "from": who(h.from_user),
                "to": who(h.to_user),
                "note": h.note,
            }
            for h in records["handover"]
        ],
        "goals": [
            {
                "set_on": g.on.isoformat(),
                "life_domain": g.get_life_domain_display(),
                "goal": g.description,
                "status": g.get_status_display(),
                "support": [
                    {
                        "on": a.on.isoformat(),
                        "module": a.get_module_display(),
                        "what": a.description,
                        "partner": str(a.partner_organisation or a.partner_name),
                        "partner_contact": a.partner_contact,
                    }
                    for a in records["action"]
                    if a.goal_id == g.pk
                ],
            }
            for g in records["goal"]
        ],
        "referrals": [
            {
                "proposed_on": r.on.isoformat(),
                "to": str(r.service or r.partner_organisation or r.partner_name),
                "partner_contact": r.partner_contact,
                "status": r.get_status_display(),
                "consent_on": r.consent_on.isoformat() if r.consent_on else None,
                "consent_how": _display(r, "consent_how"),
                "history": [
                    {"on": c.on.isoformat(), "status": c.get_status_display()}
                    for c in records["referral_change"]
                    if c.referral_id == r.pk
                ],
            }
            for r in records["referral"]
        ],
        "outcomes": [
            {
                "on": o.on.isoformat(),
                "situation": o.get_situation_display(),
                "sector": _display(o, "sector"),
                "within_branch_change": _display(o, "within_branch_change"),
            }
            for o in records["outcome"]
        ],
        "events": [
            {"on": e.on.isoformat(), "event": e.get_kind_display(), "value": e.code, "note": e.note}
            for e in records["event"]
        ],
    }
