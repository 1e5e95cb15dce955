"""THE table of who may use which URL. Every URL pattern of the project must have a row.

A row says, for each role, what a request must get:

- ``ALLOW``  — the page works (2xx, or a redirect that is not to the login page);
- ``LOGIN``  — redirected to the login page;
- ``DENY``   — refused (403, or 404 so that ids cannot be probed);
- ``ALLOW_OR_MISSING`` — for generic admin URLs requested with a made-up id: works or 404.

Rows name URL patterns by their namespaced name (``accounts:login``). ``kwargs`` builds the
URL arguments from the ``world`` (the fixtures: ``world.users``, ``world.org_a`` …), so a row
can aim a role at another organisation's object and expect ``DENY``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ALLOW = "allow"
LOGIN = "login"
DENY = "deny"
ALLOW_OR_MISSING = "allow_or_missing"

ROLES = [
    "anonymous",
    "member",
    "professional_a",
    "professional_b",
    "coordinator",
    "confidential_adviser",
    "moderator",
    "analyst",
    "administrator",
]
STAFF_ROLES = ROLES[2:]


@dataclass(frozen=True)
class Row:
    expect: dict[str, str]
    method: str = "get"
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda world: {})
    data: Callable[[Any], dict[str, Any]] = field(default=lambda world: {})


def everyone() -> dict[str, str]:
    return {role: ALLOW for role in ROLES}


def logged_in() -> dict[str, str]:
    return {role: (LOGIN if role == "anonymous" else ALLOW) for role in ROLES}


def staff(*allowed: str) -> dict[str, str]:
    """Staff views: anonymous → login, members → refused, staff with a listed role (or any
    staff role when none are listed) → allowed, other staff → refused."""
    allowed_roles = set(allowed or STAFF_ROLES)
    expect = {"anonymous": LOGIN, "member": DENY}
    for role in STAFF_ROLES:
        expect[role] = ALLOW if role in allowed_roles else DENY
    return expect


def members_only() -> dict[str, str]:
    expect = {role: DENY for role in ROLES}
    expect["anonymous"] = LOGIN
    expect["member"] = ALLOW
    return expect


def admin_only() -> dict[str, str]:
    """The Django admin sends everyone who is not a verified site administrator to log in."""
    expect = {role: LOGIN for role in ROLES}
    expect["administrator"] = ALLOW_OR_MISSING
    return expect


# --- directory (issue 3) helpers ---
def _directory_service(organisation):
    """A directory service of ``organisation`` (created on first use)."""
    from koers.directory.models import ContactPoint, Service

    service = Service.objects.filter(organisation=organisation).first()
    if service is None:
        service = Service.objects.create(
            organisation=organisation,
            name_nl="Hulp bij je cv",
            description_nl="Samen je cv schrijven.",
            is_national=True,
        )
        ContactPoint.objects.create(service=service, channel="phone", value="+31 20 123 4567")
    return service


def _directory_location(organisation):
    from koers.directory.models import Location

    return Location.objects.filter(organisation=organisation).first() or Location.objects.create(
        organisation=organisation, name="Inloop", address_1="Straat 1", city="Amsterdam"
    )


def _directory_taxonomy_id() -> str:
    from koers.directory.vocabulary import taxonomy_uuid

    return taxonomy_uuid("koers-life-domain")


def _directory_term_id() -> str:
    from koers.directory.vocabulary import term_uuid

    return term_uuid("koers-life-domain", "housing")


# --- end directory (issue 3) helpers ---


def _member_session(world) -> int:
    """A noted session of the matrix's member (made once per test)."""
    from koers.accounts.models import AccountSession

    row, _created = AccountSession.objects.get_or_create(
        session_key="matrix-member-session", defaults={"user": world.users["member"]}
    )
    return row.pk


MATRIX: dict[str, Row] = {
    # Frame and public pages
    "health": Row(everyone()),
    "choose_language": Row(everyone(), kwargs=lambda world: {"code": "en"}),
    "service_worker": Row(everyone()),
    "manifest": Row(everyone()),
    "pages:home": Row(everyone()),
    # Issue 12: the quick exit (logs out, empties the session, leaves) and "browse safely".
    "quick_exit": Row(everyone()),
    "pages:browse_safely": Row(everyone()),
    # Accounts
    "accounts:login": Row(everyone()),
    "accounts:verify": Row(logged_in()),
    "accounts:enrol": Row(logged_in()),
    "accounts:logout": Row(everyone(), method="post"),
    "accounts:dashboard": Row(staff()),
    "accounts:recovery_codes": Row(staff()),
    "accounts:staff": Row(staff("coordinator")),
    "accounts:staff_reset_second_factor": Row(
        staff("coordinator"),
        method="post",
        kwargs=lambda world: {"user_id": world.users["professional_a"].pk},
    ),
    "accounts:staff_deactivate": Row(
        staff("coordinator"),
        method="post",
        kwargs=lambda world: {"user_id": world.users["professional_a"].pk},
    ),
    # A coordinator cannot act on another organisation's staff: the id is simply not found.
    "accounts:staff_deactivate#other-organisation": Row(
        staff(),  # replaced below
        method="post",
        kwargs=lambda world: {"user_id": world.users["professional_b"].pk},
    ),
    # --- accounts self-service (issue 19) ---
    "accounts:logged_out": Row(everyone()),
    "accounts:password_change": Row(logged_in()),
    "accounts:forgot": Row(everyone()),
    "accounts:forgot_code": Row(everyone()),
    "accounts:staff_code": Row(everyone()),
    "accounts:new_password": Row(everyone()),
    "accounts:sessions": Row(logged_in()),
    # A session row of the member: only its owner may end it; for anyone else it is not found.
    "accounts:session_end": Row(
        members_only(),
        method="post",
        kwargs=lambda world: {"session_id": _member_session(world)},
    ),
    "accounts:sessions_end_all": Row(logged_in(), method="post"),
    "accounts:my_data": Row(members_only()),
    "accounts:my_data_json": Row(members_only()),
    "accounts:delete": Row(members_only()),
    "accounts:delete#post": Row(members_only(), method="post"),
    # Coordinators reset their own organisation's staff; the administrator only coordinators.
    "accounts:staff_reset_password": Row(
        staff("coordinator"),
        method="post",
        kwargs=lambda world: {"user_id": world.users["professional_a"].pk},
    ),
    "accounts:staff_reset_password#other-organisation": Row(
        {**staff("coordinator"), "coordinator": DENY},
        method="post",
        kwargs=lambda world: {"user_id": world.users["professional_b"].pk},
    ),
    "accounts:staff_reset_password#coordinator-by-administrator": Row(
        staff("administrator"),
        method="post",
        kwargs=lambda world: {"user_id": world.users["coordinator"].pk},
    ),
    "accounts:coordinators": Row(staff("administrator")),
    # --- end accounts self-service ---
    # Audit
    "audit:organisation_log": Row(staff("coordinator")),
    # --- directory (issue 3) ---
    "directory:search": Row(everyone()),
    "directory:help_now": Row(everyone()),
    "directory:region_offline": Row(everyone(), kwargs=lambda world: {"slug": "utrecht"}),
    "directory:signpost": Row(staff()),
    "directory:manage": Row(staff("coordinator")),
    "directory:service_new": Row(staff("coordinator")),
    "directory:service_edit": Row(
        staff("coordinator"), kwargs=lambda world: {"pk": _directory_service(world.org_a).pk}
    ),
    # A coordinator cannot open or verify another organisation's entry: 404.
    "directory:service_edit#other-organisation": Row(
        {**staff("coordinator"), "coordinator": DENY},
        kwargs=lambda world: {"pk": _directory_service(world.org_b).pk},
    ),
    "directory:service_verify": Row(
        staff("coordinator"),
        method="post",
        kwargs=lambda world: {"pk": _directory_service(world.org_a).pk},
    ),
    "directory:service_verify#other-organisation": Row(
        {**staff("coordinator"), "coordinator": DENY},
        method="post",
        kwargs=lambda world: {"pk": _directory_service(world.org_b).pk},
    ),
    "directory:location_new": Row(staff("coordinator")),
    "directory:location_edit": Row(
        staff("coordinator"), kwargs=lambda world: {"pk": _directory_location(world.org_a).pk}
    ),
    "directory:location_edit#other-organisation": Row(
        {**staff("coordinator"), "coordinator": DENY},
        kwargs=lambda world: {"pk": _directory_location(world.org_b).pk},
    ),
    # HSDS API: public, read-only, outside the language prefixes.
    "hsds:index": Row(everyone()),
    "hsds:openapi": Row(everyone()),
    "hsds:services": Row(everyone()),
    "hsds:service": Row(
        everyone(), kwargs=lambda world: {"id": str(_directory_service(world.org_a).hsds_id)}
    ),
    "hsds:organizations": Row(everyone()),
    "hsds:organization": Row(everyone(), kwargs=lambda world: {"id": str(world.org_a.hsds_id)}),
    "hsds:taxonomies": Row(everyone()),
    "hsds:taxonomy": Row(everyone(), kwargs=lambda world: {"id": _directory_taxonomy_id()}),
    "hsds:taxonomy_terms": Row(everyone()),
    "hsds:taxonomy_term": Row(everyone(), kwargs=lambda world: {"id": _directory_term_id()}),
    # --- end directory ---
    # --- selfcheck & contact (issue 4) ---
    # The self-check, the contact form and the status page are public and need no account.
    # The inbox is for professionals, coordinators and confidential advisers of the
    # request's organisation; another organisation's request is a 404. The register is the
    # confidential adviser's. Objects come from koers/contact/tests/factories.py.
    "selfcheck:check": Row(everyone()),
    "selfcheck:check#post": Row(
        everyone(),
        method="post",
        data=lambda world: {"screen": "1", "situation": "doing", "direction": "not_sure"},
    ),
    "selfcheck:result": Row(
        everyone(),
        method="post",
        data=lambda world: {"situation": "doing", "direction": "within", "needs": ["housing"]},
    ),
    "selfcheck:topics": Row(everyone()),
    "contact:new": Row(everyone()),
    "contact:status": Row(everyone()),
    "contact:withdraw": Row(everyone(), method="post", data=lambda world: {"code": "ABCDE-FGHJK"}),
    "contact:inbox": Row(
        _ct_inbox := staff(
            "professional_a", "professional_b", "coordinator", "confidential_adviser"
        )
    ),
    "contact:request": Row(
        _ct_a := {**_ct_inbox, "professional_b": DENY, "confidential_adviser": DENY},
        kwargs=(_ct := __import__("koers.contact.tests.factories", fromlist=["_"])).request_a,
    ),
    "contact:request#other-organisation": Row(
        _ct_b := {
            **_ct_inbox,
            "professional_a": DENY,
            "coordinator": DENY,
            "confidential_adviser": DENY,
        },
        kwargs=_ct.request_b,
    ),
    "contact:request#adviser": Row(
        _ct_adv := {
            **_ct_inbox,
            "professional_a": DENY,
            "professional_b": DENY,
            "coordinator": DENY,
        },
        kwargs=_ct.request_adviser,
    ),
    "contact:request_update": Row(_ct_a, method="post", kwargs=_ct.request_a),
    "contact:request_update#other-organisation": Row(_ct_b, method="post", kwargs=_ct.request_b),
    "contact:request_update#adviser": Row(_ct_adv, method="post", kwargs=_ct.request_adviser),
    "contact:register": Row(staff("confidential_adviser")),
    # --- end selfcheck & contact ---
    # --- trajectories (issue 5) ---
    # Case files are for professionals and coordinators of the file's organisation only; a
    # professional sees own and shared files. Moderators, analysts, advisers and the site
    # administrator never see cases. Object rows aim at a file of organisation A (contact
    # person professional_a), so professional_b gets 404; "#other-organisation" rows aim at
    # organisation B's file, so only professional_b may open it. Expectations and the object
    # builders (koers/trajectories/tests/factories.py) are bound with ":=" because this
    # section lives inside the dict.
    "trajectories:my_clients": Row(
        _tj_lists := staff("professional_a", "professional_b", "coordinator")
    ),
    "trajectories:overdue": Row(_tj_lists),
    "trajectories:client_new": Row(_tj_lists),
    "trajectories:client": Row(
        _tj_case := {**_tj_lists, "professional_b": DENY},
        kwargs=(_tj := __import__("koers.trajectories.tests.factories", fromlist=["_"])).client,
    ),
    "trajectories:client#other-organisation": Row(
        _tj_other := {**_tj_lists, "professional_a": DENY, "coordinator": DENY},
        kwargs=_tj.client_b,
    ),
    "trajectories:client_edit": Row(_tj_case, kwargs=_tj.client),
    "trajectories:client_edit#other-organisation": Row(_tj_other, kwargs=_tj.client_b),
    "trajectories:contact_new": Row(_tj_case, kwargs=_tj.client),
    "trajectories:contact_new#other-organisation": Row(_tj_other, kwargs=_tj.client_b),
    "trajectories:phase": Row(_tj_case, kwargs=_tj.client),
    "trajectories:phase#other-organisation": Row(_tj_other, kwargs=_tj.client_b),
    "trajectories:status": Row(_tj_case, kwargs=_tj.client),
    "trajectories:status#other-organisation": Row(_tj_other, kwargs=_tj.client_b),
    "trajectories:direction": Row(_tj_case, kwargs=_tj.client),
    "trajectories:direction#other-organisation": Row(_tj_other, kwargs=_tj.client_b),
    "trajectories:handover": Row(_tj_case, kwargs=_tj.client),
    "trajectories:handover#other-organisation": Row(_tj_other, kwargs=_tj.client_b),
    "trajectories:goal_new": Row(_tj_case, kwargs=_tj.client),
    "trajectories:goal_new#other-organisation": Row(_tj_other, kwargs=_tj.client_b),
    "trajectories:referral_new": Row(_tj_case, kwargs=_tj.client),
    "trajectories:referral_new#other-organisation": Row(_tj_other, kwargs=_tj.client_b),
    "trajectories:outcome_new": Row(_tj_case, kwargs=_tj.client),
    "trajectories:outcome_new#other-organisation": Row(_tj_other, kwargs=_tj.client_b),
    "trajectories:aftercare": Row(_tj_case, kwargs=_tj.client),
    "trajectories:aftercare#other-organisation": Row(_tj_other, kwargs=_tj.client_b),
    "trajectories:close": Row(_tj_case, kwargs=_tj.client),
    "trajectories:close#other-organisation": Row(_tj_other, kwargs=_tj.client_b),
    "trajectories:reopen": Row(_tj_case, kwargs=_tj.client),
    "trajectories:reopen#other-organisation": Row(_tj_other, kwargs=_tj.client_b),
    "trajectories:export_pdf": Row(_tj_case, kwargs=_tj.client),
    "trajectories:export_pdf#other-organisation": Row(_tj_other, kwargs=_tj.client_b),
    "trajectories:export_json": Row(_tj_case, kwargs=_tj.client),
    "trajectories:export_json#other-organisation": Row(_tj_other, kwargs=_tj.client_b),
    "trajectories:goal_status": Row(_tj_case, kwargs=_tj.goal),
    "trajectories:goal_status#other-organisation": Row(_tj_other, kwargs=_tj.goal_b),
    "trajectories:support_new": Row(_tj_case, kwargs=_tj.goal),
    "trajectories:support_new#other-organisation": Row(_tj_other, kwargs=_tj.goal_b),
    "trajectories:referral_update": Row(_tj_case, kwargs=_tj.referral),
    "trajectories:referral_update#other-organisation": Row(_tj_other, kwargs=_tj.referral_b),
    # Sharing, unsealing and erasing: only the coordinator of the file's organisation.
    "trajectories:share": Row(staff("coordinator"), kwargs=_tj.client),
    "trajectories:share#other-organisation": Row(
        _tj_nobody := {**staff("coordinator"), "coordinator": DENY}, kwargs=_tj.client_b
    ),
    "trajectories:unseal": Row(staff("coordinator"), kwargs=_tj.client),
    "trajectories:unseal#other-organisation": Row(_tj_nobody, kwargs=_tj.client_b),
    "trajectories:erase": Row(staff("coordinator"), kwargs=_tj.client),
    "trajectories:erase#other-organisation": Row(_tj_nobody, kwargs=_tj.client_b),
    # --- the caseworker's day (issue 13) ---
    "trajectories:today": Row(_tj_lists),
    "trajectories:agenda": Row(_tj_lists),
    "trajectories:handover_read": Row(_tj_case, method="post", kwargs=_tj.handover),
    "trajectories:handover_read#other-organisation": Row(
        _tj_other, method="post", kwargs=_tj.handover_b
    ),
    "trajectories:plan": Row(_tj_case, method="post", kwargs=_tj.client),
    "trajectories:plan#other-organisation": Row(_tj_other, method="post", kwargs=_tj.client_b),
    "trajectories:task_new": Row(_tj_case, kwargs=_tj.client),
    "trajectories:task_new#other-organisation": Row(_tj_other, kwargs=_tj.client_b),
    "trajectories:task_done": Row(_tj_case, method="post", kwargs=_tj.task),
    "trajectories:task_done#other-organisation": Row(_tj_other, method="post", kwargs=_tj.task_b),
    "trajectories:calendar": Row(_tj_lists),
    # The feed has no login (calendar apps fetch it); a wrong or revoked secret is a 404.
    "trajectories:calendar_feed": Row(
        {role: DENY for role in ROLES}, kwargs=lambda world: {"secret": "not-a-real-secret"}
    ),
    # Every staff member has notices (their own only: the pages take no object id).
    "notifications:list": Row(staff()),
    "notifications:read": Row(staff(), method="post"),
    "notifications:digest": Row(staff(), method="post"),
    # --- end trajectories ---
    # --- safety (issue 6) ---
    # Member pages: a member without a confirmed membership is sent to safety:member_home
    # (a redirect, so ALLOW). Moderation is national: moderators of any organisation.
    # Objects come from koers.safety.tests.factories.safety_object (made once per test).
    "safety:index": Row(everyone()),
    "safety:join": Row(everyone()),
    "safety:report_anonymous": Row(everyone()),
    "safety:report_thanks": Row(everyone()),
    "safety:member_home": Row(members_only()),
    "safety:member_settings": Row(members_only()),
    "safety:second_factor": Row(members_only()),
    "safety:warnings": Row(members_only()),
    "safety:report": Row(members_only()),
    "safety:check": Row(members_only()),
    "safety:check_bulk": Row(members_only()),
    "safety:report_on_behalf": Row(
        staff("professional_a", "professional_b", "coordinator", "confidential_adviser")
    ),
    "safety:vouch": Row(
        staff("professional_a", "professional_b", "coordinator", "confidential_adviser")
    ),
    "safety:invitations": Row(
        staff("professional_a", "professional_b", "coordinator", "confidential_adviser")
    ),
    # Organisation A's invitation code: staff of other organisations get a 404.
    "safety:invitation_revoke": Row(
        {
            **staff("professional_a", "professional_b", "coordinator", "confidential_adviser"),
            "professional_b": DENY,
            "confidential_adviser": DENY,
        },
        method="post",
        kwargs=lambda world: {
            "invitation_id": __import__("koers.safety.tests.factories", fromlist=["x"])
            .safety_object(world, "invitation")
            .pk
        },
    ),
    "safety:queue": Row(staff("moderator")),
    "safety:moderate": Row(
        staff("moderator"),
        kwargs=lambda world: {
            "report_id": __import__("koers.safety.tests.factories", fromlist=["x"])
            .safety_object(world, "report")
            .pk
        },
    ),
    "safety:members": Row(staff("moderator")),
    "safety:member_status": Row(
        staff("moderator"),
        method="post",
        kwargs=lambda world: {
            "profile_id": __import__("koers.safety.tests.factories", fromlist=["x"])
            .safety_object(world, "profile")
            .pk
        },
    ),
    "safety:requests": Row(staff("moderator")),
    "safety:request_decide": Row(
        staff("moderator"),
        kwargs=lambda world: {
            "request_id": __import__("koers.safety.tests.factories", fromlist=["x"])
            .safety_object(world, "request")
            .pk
        },
    ),
    "safety:police_export": Row(staff("moderator")),
    # Issue 12: moderators re-moderate published warnings; anyone with a report's reference
    # may ask to remove or correct it.
    "safety:published_warnings": Row(staff("moderator")),
    "safety:warning_edit": Row(
        staff("moderator"),
        kwargs=lambda world: {
            "warning_id": __import__("koers.safety.tests.factories", fromlist=["x"])
            .safety_object(world, "warning")
            .pk
        },
    ),
    "safety:public_request": Row(everyone()),
    "safety:public_request_sent": Row(everyone()),
    # --- end safety ---
    # --- outcomes & monitoring (issue 7) ---
    # The questionnaire is public (no account); what a browser may answer is held in its
    # session (resume codes are posted, never in a URL; a reminder's token works once, issue
    # 12), so without one every questionnaire page sends to the resume form. Invitations
    # and call tasks are casework; reports and the dashboard are for analysts (aggregates only); raw pseudonymous data import/export is
    # for the site administrator. Objects come from koers/outcomes/tests/factories.py.
    "outcomes:start": Row(everyone()),
    "outcomes:resume_form": Row(everyone()),
    "outcomes:qr_code": Row(everyone()),
    "outcomes:resume": Row(
        everyone(),
        kwargs=(_oc := __import__("koers.outcomes.tests.factories", fromlist=["_"])).open_wave,
    ),
    "outcomes:page": Row(everyone(), kwargs=_oc.open_wave_page),
    "outcomes:saved": Row(everyone()),
    "outcomes:done": Row(everyone()),
    "outcomes:stop": Row(everyone()),
    "outcomes:link": Row(everyone(), kwargs=_oc.link_token),
    "outcomes:link_use": Row(everyone()),
    "outcomes:invite": Row(_oc_case := staff("professional_a", "professional_b", "coordinator")),
    "outcomes:call_tasks": Row(_oc_case),
    "outcomes:call_task_done": Row(
        {**_oc_case, "professional_b": DENY}, method="post", kwargs=_oc.call_task
    ),
    "outcomes:call_task_done#other-organisation": Row(
        {**_oc_case, "professional_a": DENY, "coordinator": DENY},
        method="post",
        kwargs=_oc.call_task_b,
    ),
    "outcomes:report": Row(staff("analyst")),
    "outcomes:report_export": Row(staff("analyst"), kwargs=lambda world: {"fmt": "csv"}),
    "outcomes:data_export": Row(staff("administrator")),
    "outcomes:data_export_xlsx": Row(staff("administrator")),
    "outcomes:data_import": Row(staff("administrator")),
    "monitoring:dashboard": Row(staff("analyst")),
    "monitoring:national": Row(staff("analyst")),
    "monitoring:export": Row(staff("analyst"), kwargs=lambda world: {"fmt": "xlsx"}),
    # --- end outcomes & monitoring ---
    # --- outreach (issue 15) ---
    # Fieldwork sessions are logged by professionals (outreach workers) and coordinators;
    # the list shows a worker their own sessions and a coordinator the organisation's.
    "outreach:sessions": Row(staff("professional_a", "professional_b", "coordinator")),
    "outreach:new_session": Row(staff("professional_a", "professional_b", "coordinator")),
    # Contact cards: made by professionals and coordinators of the organisation (another
    # organisation's card is a 404); opening a card's code is public and never an error.
    "outreach:cards": Row(staff("professional_a", "professional_b", "coordinator")),
    "outreach:card": Row(
        staff("professional_a", "coordinator"),
        kwargs=(_or := __import__("koers.outreach.tests.factories", fromlist=["_"])).card_a,
    ),
    "outreach:card#other-organisation": Row(staff("professional_b"), kwargs=_or.card_b),
    "outreach:card_enter": Row(everyone()),
    "outreach:card_open": Row(everyone(), kwargs=lambda world: {"code": "ZZZZZZ"}),
    # --- end outreach ---
    # --- activities (issue 15) ---
    # The listing, an activity, its calendar file and cancelling by code are public; the
    # organiser's pages (attendee list) are for professionals and coordinators of the
    # activity's organisation only (another organisation's: 404).
    "activities:listing": Row(everyone()),
    "activities:detail": Row(
        everyone(),
        kwargs=(_ac := __import__("koers.activities.tests.factories", fromlist=["_"])).activity_a,
    ),
    "activities:ical": Row(everyone(), kwargs=_ac.activity_a),
    "activities:cancel": Row(everyone()),
    "activities:manage": Row(staff("professional_a", "professional_b", "coordinator")),
    "activities:publish": Row(staff("professional_a", "professional_b", "coordinator")),
    "activities:organiser": Row(staff("professional_a", "coordinator"), kwargs=_ac.activity_a),
    "activities:organiser#other-organisation": Row(staff("professional_b"), kwargs=_ac.activity_b),
    "activities:organiser_update": Row(
        staff("professional_a", "coordinator"),
        method="post",
        kwargs=_ac.activity_a,
        data=lambda world: {"action": "attendance", "attendance": "3"},
    ),
    "activities:organiser_update#other-organisation": Row(
        staff("professional_b"),
        method="post",
        kwargs=_ac.activity_b,
        data=lambda world: {"action": "attendance", "attendance": "3"},
    ),
    # --- end activities ---
}
MATRIX["accounts:staff_deactivate#other-organisation"] = Row(
    {**staff("coordinator"), "coordinator": DENY},
    method="post",
    kwargs=lambda world: {"user_id": world.users["professional_b"].pk},
)

# Every URL of the Django admin (namespace "admin") follows one rule ...
NAMESPACE_RULES: dict[str, Row] = {"admin": Row(admin_only())}


def read_only_in_admin() -> dict[str, str]:
    """Admin pages that even the site administrator is refused: the audit log and the
    login-attempt records can be inspected but never added to or deleted."""
    return {**admin_only(), "administrator": DENY}


# ... except these, where the admin hands over to Koers' own login and logout, or refuses.
ADMIN_OVERRIDES: dict[str, Row] = {
    "admin:login": Row({role: LOGIN for role in ROLES}),
    "admin:logout": Row(everyone(), method="post"),
    "admin:autocomplete": Row(read_only_in_admin()),
    "admin:audit_auditentry_add": Row(read_only_in_admin()),
    "admin:audit_auditentry_delete": Row(read_only_in_admin()),
    "admin:axes_accessattempt_add": Row(read_only_in_admin()),
    "admin:axes_accesslog_add": Row(read_only_in_admin()),
    "admin:axes_accessfailurelog_add": Row(read_only_in_admin()),
    # The outbox, the schedule's runs and the task queue are records of what happened:
    # an administrator lists them (and sends a message again), never adds or deletes rows.
    "admin:outbox_outboundmessage_add": Row(read_only_in_admin()),
    "admin:scheduling_jobrun_add": Row(read_only_in_admin()),
    "admin:django_tasks_database_dbtaskresult_add": Row(read_only_in_admin()),
    "admin:django_tasks_database_dbtaskresult_delete": Row(read_only_in_admin()),
}
