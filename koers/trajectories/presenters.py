"""Presentation of the busiest case-work page: the client timeline.

The selectors give rows and model objects; this turns them into lines ready to print, with
every label translated once per page (not once per line), dates formatted once per date
and language, and each line built with ``format_html``. The same lines through template
includes, display methods and filters per field cost several times the rest of the page;
see issue 5 (the pages must stay within 3× a bare request). The wording is unchanged.
"""

import html
import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext

from .selectors import TimelineItem
from .vocabulary import AftercareLevel, Phase, SexWorkStatus


@lru_cache(maxsize=2048)
def _short_date(value: date, language: str | None) -> str:
    """A date as the current language writes it short; the same few hundred dates come back
    on every list, so each is formatted once per language and process."""
    return date_format(value, get_format("SHORT_DATE_FORMAT", language))


_NEWLINES = re.compile(r"\r\n|\r")


def _e(value: Any) -> str:
    """HTML-escaped text: Django's ``escape`` without its lazy-string and safe-string
    wrapping, which cost more than the escaping on a page of a few hundred values."""
    return html.escape(str(value))


def _br(text: str) -> str:
    """The ``linebreaksbr`` filter: escaped, each line break a ``<br>``."""
    return _e(_NEWLINES.sub("\n", text)).replace("\n", "<br>")


def _note(text: str) -> list[str]:
    return [_br(text)] if text else []


def timeline_entries(items: Iterable[TimelineItem]) -> list[SafeString]:
    """The ``<li>`` of each timeline line: date, author, what happened and the note.

    A page of thirty lines rendered through a template include per line, with a branch per
    kind and a display method per field, cost several times what the rest of the client
    page costs; here each label is translated and escaped once per page and each line is
    one string (every value escaped with ``conditional_escape``). What a line says per kind
    is unchanged.
    """
    e = _e
    words = {
        kind: e(gettext(word))
        for kind, word in (
            ("phase", "Phase"),
            ("status", "Sex-work status"),
            ("contact", "Contact"),
            ("goal", "Goal set"),
            ("action", "Support"),
            ("with", "With"),
            ("referral_change", "Referral"),
            ("outcome", "Situation"),
        )
    }
    labels: dict[tuple, str] = {}

    def show(obj: Any, field: str) -> str:
        """``obj.get_<field>_display()``, escaped, translated once per value and page."""
        key = (type(obj), field, getattr(obj, field))
        if key not in labels:
            labels[key] = e(str(getattr(obj, f"get_{field}_display")()))
        return labels[key]

    metas: dict[tuple, str] = {}
    language = get_language()

    def meta(on: date, user: Any) -> str:
        """Date and author, escaped, once per pair (a day's entries share them)."""
        key = (on, user.pk if user else None)
        if key not in metas:
            author = (user.get_full_name() or user.username) if user else ""
            written = e(_short_date(on, language))
            metas[key] = f'<time datetime="{on.isoformat()}">{written}</time>' + (
                f" · {e(author)}" if author else ""
            )
        return metas[key]

    entries: list[SafeString] = []
    for item in items:
        obj, kind = item.obj, item.kind
        lines: list[str] = []
        if kind == "phase":
            title = f"{words[kind]}: <strong>{show(obj, 'phase')}</strong>"
            lines = _note(obj.note)
        elif kind == "status":
            title = f"{words[kind]}: <strong>{show(obj, 'status')}</strong>"
            if obj.within_branch_change:
                title += f" — {show(obj, 'within_branch_change')}"
            lines = _note(obj.note)
        elif kind == "contact":
            title = (
                f"{words[kind]}: <strong>{show(obj, 'channel')}</strong>, "
                f"{show(obj, 'duration_band')}"
            )
            lines = _note(obj.note)
        elif kind == "handover":
            title = e(
                gettext("Handover from %(old)s to %(new)s")
                % {
                    "old": obj.from_user.username if obj.from_user else "—",
                    "new": obj.to_user.username if obj.to_user else "—",
                }
            )
            lines = [_br(obj.note)]
        elif kind == "goal":
            title = f"{words[kind]}: <strong>{show(obj, 'life_domain')}</strong>"
            lines = [_br(obj.description)]
        elif kind == "action":
            title = (
                f"{words[kind]}: <strong>{show(obj, 'module')}</strong> "
                f"({show(obj.goal, 'life_domain')})"
            )
            lines = _note(obj.description)
            partner = obj.partner_organisation or obj.partner_name
            if partner:
                line = f"{words['with']} {e(partner)}"
                if obj.partner_contact:
                    line += f" ({e(obj.partner_contact)})"
                lines.append(line)
        elif kind == "referral_change":
            referral = obj.referral
            partner = referral.service or referral.partner_organisation or referral.partner_name
            title = f"{words[kind]}: <strong>{show(obj, 'status')}</strong> — {e(partner)}"
        elif kind == "outcome":
            title = f"{words[kind]}: <strong>{show(obj, 'situation')}</strong>"
            if obj.sector:
                title += f" — {show(obj, 'sector')}"
            if obj.within_branch_change:
                title += f" — {show(obj, 'within_branch_change')}"
        else:  # event
            title = f"<strong>{e(capfirst(str(obj.get_kind_display())))}</strong>"
            if obj.code_display:
                title += f": {e(obj.code_display)}"
            lines = _note(obj.note)
        notes = "".join(f"<p>{line}</p>" for line in lines)
        entries.append(
            mark_safe(  # noqa: S308 - every value is escaped above
                f'<li class="timeline__item timeline__item--{kind}">\n'
                f'    <p class="timeline__meta">{meta(item.on, obj.by)}</p>\n'
                f'    <p class="timeline__title">{title}</p>{notes}\n'
                "  </li>\n"
            )
        )
    return entries


def client_table_rows(rows: list[dict[str, Any]], *, with_contact_person: bool) -> list[SafeString]:
    """The ``<tr>`` of each row of the compact client list (:mod:`.caseload`).

    Built from one pattern per page with the fixed words escaped once, labels translated
    once per value and dates formatted once per date: the same rows through template tags
    and filters per cell cost several times the rest of the page (issue 5's lesson)."""
    today = timezone.localdate()
    language = get_language()
    base = reverse("trajectories:client", args=[0])[: -len("0/")]
    labels: dict[str, str] = {}
    for value, label in [*Phase.choices, *SexWorkStatus.choices]:
        labels[value] = _e(capfirst(str(label)))
    levels = {value: _e(str(label)) for value, label in AftercareLevel.choices}
    sealed = f' <span class="muted">({_e(gettext("sealed"))})</span>'
    overdue_badge = f' <strong class="badge badge--overdue">{_e(gettext("overdue"))}</strong>'
    dates: dict[date, str] = {}

    def day(value: date | None) -> str:
        if value is None:
            return "—"
        if value not in dates:
            dates[value] = _e(_short_date(value, language))
        return dates[value]

    lines = []
    for row in rows:
        next_on = row["next_contact_on"]
        overdue = bool(next_on and next_on < today)
        cells = (
            f'<th scope="row"><a href="{base}{int(row["client_id"])}/">'
            f"{_e(row['client__work_name'])}</a>{sealed if row['is_sealed'] else ''}</th>"
            f"<td>{int(row['client_id'])}</td>"
            f"<td>{labels.get(row['phase'], '—')}</td>"
            f"<td>{labels.get(row['sex_work_status'], '—') if row['sex_work_status'] else '—'}</td>"
            f"<td>{day(row['last_contact_on'])}</td>"
            f"<td>{day(next_on)}{overdue_badge if overdue else ''}</td>"
            f"<td>{levels.get(row['aftercare_level'], '—') if row['aftercare_level'] else '—'}</td>"
        )
        if with_contact_person:
            cells += f"<td>{_e(row['contact_person__username'])}</td>"
        css = ' class="is-overdue"' if overdue else ""
        lines.append(mark_safe(f"<tr{css}>{cells}</tr>\n"))  # noqa: S308 - escaped above
    return lines
