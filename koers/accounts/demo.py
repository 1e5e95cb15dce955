"""Demo logins, one per role, all with the same password and a known second factor.

The second factor of a demo user is a TOTP device whose current code ``manage.py demo_code
USERNAME`` prints (demo mode only), so a visitor can try the real two-factor login.
"""

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from koers.demodata.registry import DemoContext, register

from .models import Membership, Role, User, UserKind

DEMO_PASSWORD = "koers-demo-2026"  # noqa: S105 - printed to the demo visitor on purpose

# (username, role, organisation key in context.shared["organisations"], label)
DEMO_STAFF = [
    ("coordinator", Role.COORDINATOR, "specialised:amsterdam", "coordinator (Amsterdam)"),
    ("professional", Role.PROFESSIONAL, "specialised:amsterdam", "professional (Amsterdam)"),
    ("professional-b", Role.PROFESSIONAL, "specialised:rotterdam", "professional (Rotterdam)"),
    ("adviser", Role.CONFIDENTIAL_ADVISER, "confidential_adviser", "confidential adviser"),
    ("moderator", Role.MODERATOR, "peer", "moderator (safety)"),
    ("analyst", Role.ANALYST, "municipality:amsterdam", "analyst (municipality)"),
    ("admin", Role.SITE_ADMINISTRATOR, None, "site administrator"),
]


@register("accounts", order=20)
def generate(context: DemoContext) -> None:
    organisations = context.shared["organisations"]
    password_hash = make_password(DEMO_PASSWORD)
    logins = []
    for username, role, org_key, label in DEMO_STAFF:
        user = User.objects.create(
            username=username,
            password=password_hash,
            kind=UserKind.STAFF,
            is_staff=role == Role.SITE_ADMINISTRATOR,
            is_superuser=role == Role.SITE_ADMINISTRATOR,
        )
        Membership.objects.create(
            user=user, organisation=organisations[org_key] if org_key else None, role=role
        )
        key = "".join(context.rng.choice("0123456789abcdef") for _ in range(40))
        TOTPDevice.objects.create(user=user, name="demo authenticator", key=key, confirmed=True)
        logins.append((label, username))
    User.objects.create(username="member", password=password_hash, kind=UserKind.MEMBER)
    logins.append(("sex-worker member", "member"))
    context.shared["logins"] = logins
    context.shared["password"] = DEMO_PASSWORD
