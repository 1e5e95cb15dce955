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


MATRIX: dict[str, Row] = {
    # Frame and public pages
    "health": Row(everyone()),
    "pages:home": Row(everyone()),
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
    # Audit
    "audit:organisation_log": Row(staff("coordinator")),
    # --- directory (issue 3) ---
    # --- end directory ---
    # --- trajectories (issue 5) ---
    # --- end trajectories ---
    # --- safety (issue 6) ---
    # --- end safety ---
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
}
