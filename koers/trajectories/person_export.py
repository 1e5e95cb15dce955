"""Everything Koers holds about one client, for the person: their right of access.

Written for the person, not for Koers: in the language recorded in the file (or the one
chosen at export), every label translated, choice values in words (never ``job_loss``),
dates in that language's format in the PDF, and a closing part on what Koers keeps, for how
long, and the person's rights. What they told Koers is included: their message and the
self-check answers they shared (timeline entries carried over from the contact request),
contact notes, handover notes, goals, support, referrals with consent.

The JSON keeps stable machine keys (``client.work_name``, ``contacts[].note``) so it can be
read by a program; dates there are ISO dates. ``labels`` maps every key to its label in the
chosen language, ``about`` carries the explanation. The PDF is rendered from the same data.
"""

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from .models import Client, ContactEntry, Goal, OutcomeRecord, Referral, SupportAction, Trajectory
from .selectors import history
from .vocabulary import AftercareTrigger

LANGUAGES = ("nl", "en", "es", "ro")


def export_language(client: Client, requested: str | None = None) -> str:
    """The language chosen at export, else the one recorded in the file, else Dutch."""
    if requested in LANGUAGES:
        return requested
    if client.preferred_language in LANGUAGES:
        return client.preferred_language
    return "nl"


def _verbose(model: Any, field: str) -> Any:
    return model._meta.get_field(field).verbose_name


#: Labels of the keys that are not a model field of their own.
EXTRA_LABELS = {
    "file_number": gettext_lazy("File no."),
    "in_koers_since": gettext_lazy("In Koers since"),
    "on": gettext_lazy("Date"),
    "by": gettext_lazy("Recorded by"),
    "from": gettext_lazy("From"),
    "to": gettext_lazy("To"),
    "support": gettext_lazy("Support"),
    "partner": gettext_lazy("Partner"),
    "history": gettext_lazy("History"),
    "event": gettext_lazy("What happened"),
    "value": gettext_lazy("Details"),
    "closed": gettext_lazy("Closed"),
    "duration": gettext_lazy("Duration"),
    "proposed_on": gettext_lazy("Proposed on"),
    "set_on": gettext_lazy("Set on"),
}

SECTIONS = {
    "client": gettext_lazy("About you"),
    "trajectory": gettext_lazy("Your support"),
    "phases": gettext_lazy("Phases"),
    "sex_work_status": gettext_lazy("Sex-work status"),
    "contacts": gettext_lazy("Contacts"),
    "handovers": gettext_lazy("Handovers"),
    "goals": gettext_lazy("Goals and support"),
    "referrals": gettext_lazy("Referrals"),
    "outcomes": gettext_lazy("Situation over time"),
    "events": gettext_lazy("What you told us and other moments"),
}


def _labels() -> dict[str, str]:
    fields = {
        Client: [
            "work_name",
            "legal_name",
            "phone",
            "email",
            "birth_year",
            "preferred_channel",
            "preferred_language",
            "gender",
            "migration_background",
            "unlicensed_work",
            "municipality",
            "region",
            "suggested_profile",
            "chosen_profile",
            "organisation",
        ],
        Trajectory: [
            "contact_person",
            "phase",
            "phase_since",
            "sex_work_status",
            "within_branch_change",
            "direction",
            "last_contact_on",
            "next_contact_on",
            "aftercare_level",
            "aftercare_triggers",
        ],
        ContactEntry: ["channel", "note"],
        Goal: ["life_domain", "status"],
        SupportAction: ["module", "partner_contact"],
        Referral: ["consent_on", "consent_how"],
        OutcomeRecord: ["situation", "sector"],
    }
    labels = {
        name: str(capfirst(_verbose(model, name)))
        for model, names in fields.items()
        for name in names
    }
    labels.update({key: str(capfirst(label)) for key, label in EXTRA_LABELS.items()})
    labels.update(
        {
            "opened_on": str(_("Started on")),
            "closed_on": str(_("Closed on")),
            "closing_reason": str(_("Why it was closed")),
            "goal": str(capfirst(_verbose(Goal, "description"))),
            "what": str(capfirst(_verbose(SupportAction, "description"))),
        }
    )
    labels.update({key: str(title) for key, title in SECTIONS.items()})
    return labels


def _display(obj: Any, field: str) -> str:
    value = getattr(obj, field)
    if not value:
        return ""
    return str(getattr(obj, f"get_{field}_display")())


def _who(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def about() -> dict[str, Any]:
    """What Koers keeps, for how long, and the person's rights (in the active language)."""
    days = settings.CONTACT_REQUEST_RETENTION_DAYS
    return {
        "title": _("What Koers keeps about you, and your rights"),
        "paragraphs": [
            _(
                "Koers keeps what your contact person needs to support you: the name you "
                "want to be called by, how to reach you, and what you agreed together. Your "
                "name, phone number, e-mail and notes are stored encrypted. Only the people "
                "of your organisation who work with you can read your file, and every time "
                "someone opens it, that is recorded."
            ),
            _(
                "Koers never asks for your real name, citizen service number (BSN), birth "
                "date or address, and never stores income amounts or clients' numbers."
            ),
            _(
                "Your file is kept while you receive support and for aftercare. When it is "
                "closed it is sealed: nobody reads it unless a coordinator opens it again "
                "for a reason that is recorded. Your contact request is deleted %(days)s "
                "days after it was dealt with."
            )
            % {"days": days},
            _(
                "You may see everything Koers keeps about you (this export), ask for "
                "mistakes to be corrected, and ask for everything to be erased. Then only "
                "anonymous counts remain, which cannot be traced back to you. Ask your "
                "contact person, or the organisation's coordinator."
            ),
        ],
    }


def person_export(trajectory: Trajectory, language: str) -> dict[str, Any]:
    """The export in ``language``: machine keys, values in words, dates as ``date`` objects
    (ISO in JSON, the language's format in the PDF)."""
    with override(language):
        return _build(trajectory, language)


def _build(trajectory: Trajectory, language: str) -> dict[str, Any]:
    client: Client = trajectory.client
    records = history(trajectory)
    triggers = dict(AftercareTrigger.choices)
    data: dict[str, Any] = {
        "language": language,
        "title": _("Everything Koers holds about you"),
        "made_on": timezone.localdate(),
        "labels": _labels(),
        "client": {
            "file_number": client.pk,
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
            "in_koers_since": timezone.localdate(client.created_at),
        },
        "trajectory": {
            "contact_person": _who(trajectory.contact_person),
            "opened_on": trajectory.opened_on,
            "phase": _display(trajectory, "phase"),
            "phase_since": trajectory.phase_since,
            "sex_work_status": _display(trajectory, "sex_work_status"),
            "within_branch_change": _display(trajectory, "within_branch_change"),
            "direction": _display(trajectory, "direction"),
            "last_contact_on": trajectory.last_contact_on,
            "next_contact_on": trajectory.next_contact_on,
            "aftercare_level": _display(trajectory, "aftercare_level"),
            "aftercare_triggers": [
                str(triggers.get(code, ""))
                for code in trajectory.aftercare_triggers
                if code in triggers
            ],
            "closed": trajectory.is_closed,
            "closed_on": trajectory.closed_on,
            "closing_reason": _display(trajectory, "closing_reason"),
        },
        "phases": [
            {"on": p.on, "phase": p.get_phase_display(), "note": p.note, "by": _who(p.by)}
            for p in records["phase"]
        ],
        "sex_work_status": [
            {
                "on": s.on,
                "sex_work_status": s.get_status_display(),
                "within_branch_change": _display(s, "within_branch_change"),
                "note": s.note,
                "by": _who(s.by),
            }
            for s in records["status"]
        ],
        "contacts": [
            {
                "on": c.on,
                "channel": c.get_channel_display(),
                "duration": c.get_duration_band_display(),
                "note": c.note,
                "by": _who(c.by),
            }
            for c in records["contact"]
        ],
        "handovers": [
            {"on": h.on, "from": _who(h.from_user), "to": _who(h.to_user), "note": h.note}
            for h in records["handover"]
        ],
        "goals": [
            {
                "set_on": g.on,
                "life_domain": g.get_life_domain_display(),
                "goal": g.description,
                "status": g.get_status_display(),
                "support": [
                    {
                        "on": a.on,
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
                "proposed_on": r.on,
                "to": str(r.service or r.partner_organisation or r.partner_name),
                "partner_contact": r.partner_contact,
                "status": r.get_status_display(),
                "consent_on": r.consent_on,
                "consent_how": _display(r, "consent_how"),
                "history": [
                    {"on": c.on, "status": c.get_status_display()}
                    for c in records["referral_change"]
                    if c.referral_id == r.pk
                ],
            }
            for r in records["referral"]
        ],
        "outcomes": [
            {
                "on": o.on,
                "situation": o.get_situation_display(),
                "sector": _display(o, "sector"),
                "within_branch_change": _display(o, "within_branch_change"),
            }
            for o in records["outcome"]
        ],
        "events": [
            {
                "on": e.on,
                "event": capfirst(str(e.get_kind_display())),
                "value": e.code_display,
                "note": e.note,
            }
            for e in records["event"]
        ],
        "about": about(),
    }
    return data


def as_json(value: Any) -> Any:
    """``json.dumps(default=...)``: dates as ISO dates, lazy strings as text."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def readable_date(value: date, language: str) -> str:
    """A date in the language's own long format ("5 de diciembre de 2026")."""
    with override(language):
        return formats.date_format(value, "DATE_FORMAT")
