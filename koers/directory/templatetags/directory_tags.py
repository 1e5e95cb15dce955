"""Template helpers for service cards: text in the visitor's language, contact links."""

from django import template
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from koers.directory.models import ContactPoint, Service
from koers.directory.selectors import ServiceCard, contact_link
from koers.directory.vocabulary import ServiceScope

register = template.Library()


@register.simple_tag
def service_text(service: Service, field: str, language: str) -> dict:
    """``{% service_text service "description" language as text %}`` → text.value, text.fallback."""
    value, fallback = service.text(field, language)
    return {"value": value, "fallback": fallback}


@register.filter
def contact_href(point: ContactPoint) -> str:
    """A link for a contact channel, or "" when the channel is not a link (walk-in, outreach)."""
    return contact_link(point.channel, point.value)


@register.simple_tag
def result_card(card: ServiceCard, language: str) -> str:
    """``{% result_card card language %}``: one search result card as HTML.

    Written out in Python rather than as an included template: a results page shows ten
    cards of some forty fields each, and the template engine's per-variable cost was most
    of the page's time at 6,000 services. Same markup as ``directory/_service_card.html``;
    every value is escaped."""
    service = card.service
    name, _unused = service.text("name", language)
    description, fallback = service.text("description", language)
    scope_class = " card--accent" if service.scope == ServiceScope.SPECIFIC else ""
    out = [
        f'<article class="card service-card{scope_class}" lang="{escape(language)}">\n',
        f"  <h3>{escape(name)}</h3>\n",
        f'  <p class="service-card__org">{escape(service.organisation.name)}',
    ]
    if service.is_national:
        out.append(f" · {escape(_('works nationally'))}")
    elif card.region_names:
        out.append(f" · {escape(', '.join(card.region_names))}")
    out.append("</p>\n")
    if fallback:
        note = _("This description is not yet available in your language; here it is in Dutch.")
        out.append(
            f'  <p class="service-card__note" lang="{escape(get_language() or "nl")}">'
            f"{escape(note)}</p>\n"
        )
    lang_nl = ' lang="nl"' if fallback else ""
    out.append(f'  <p class="service-card__description"{lang_nl}>{escape(description)}</p>\n')
    facts = [
        _("Specialised in sex work")
        if service.scope == ServiceScope.SPECIFIC
        else _("General service that knows sex work")
    ]
    if service.no_need_to_stop:
        facts.append(_("You do not have to stop sex work"))
    if service.can_be_anonymous:
        facts.append(_("You can stay anonymous"))
    if service.within_branch:
        facts.append(_("Also helps if you want to change within the branch"))
    facts.append(f"{_('Cost')}: {card.cost}")
    if card.languages:
        facts.append(f"{_('Languages')}: {', '.join(card.languages)}")
    out.append('  <ul class="service-card__facts">\n')
    out.extend(f"    <li>{escape(fact)}</li>\n" for fact in facts)
    out.append("  </ul>\n")
    out.append(f"  <h4>{escape(_('How to make contact'))}</h4>\n")
    out.append('  <ul class="service-card__channels">\n')
    for point in card.contacts:
        if point.href:
            link, value = escape(point.href), escape(point.value)
            shown = f'<a href="{link}" rel="noreferrer noopener">{value}</a>'
        elif point.value:
            shown = escape(point.value)
        elif point.channel == "walk_in":
            shown = escape(
                "; ".join(card.walk_in_addresses)
                if card.walk_in_addresses
                else _("see opening hours")
            )
        else:
            shown = escape(_("ask for a visit through one of the other channels"))
        out.append(
            f'    <li><span class="service-card__channel">{escape(point.label)}:</span> '
            f"{shown}</li>\n"
        )
    out.append("  </ul>\n")
    if card.hours:
        out.append(f"  <h4>{escape(_('Opening hours'))}</h4>\n")
        out.append('  <ul class="service-card__hours">')
        out.extend(f"<li>{escape(day)} {opens}–{closes}</li>" for day, opens, closes in card.hours)
        out.append("</ul>\n")
    checked = _("Last checked on %(date)s.") % {"date": date_format(service.verified_on, "j F Y")}
    out.append(f'  <p class="service-card__verified">{escape(checked)}')
    if service.is_stale:
        stale = _(
            "This information has not been checked for more than six months; it may be out of date."
        )
        out.append(f" <strong>{escape(stale)}</strong>")
    out.append("</p>\n</article>\n")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
