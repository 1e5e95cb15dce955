"""Template helpers for service cards: text in the visitor's language, contact links."""

import functools
import html
from datetime import date

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from koers.directory.cards import ServiceCard, contact_link
from koers.directory.models import ContactPoint, Service, Weekday
from koers.directory.vocabulary import (
    ContactChannel,
    Cost,
    LifeDomain,
    ServiceScope,
    SpokenLanguage,
    TargetGroup,
)

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


def escape(text) -> str:
    """HTML-escape like ``django.utils.html.escape`` (the same ``html.escape``), without
    its lazy-string wrapper and ``SafeString``: called a few hundred times per page."""
    return html.escape(str(text))


#: For short texts that repeat from card to card (organisation and region names, contact
#: values such as a shared phone number): escaped once.
escape_repeated = functools.lru_cache(maxsize=2048)(escape)


@functools.lru_cache(maxsize=16)
def _labels(language: str | None) -> dict[str, dict]:
    """Channel, weekday, spoken-language and cost labels in the active ``language`` (the
    caller passes it: it is the cache key), escaped: cards carry the codes."""
    return {
        name: {value: escape(label) for value, label in choices}
        for name, choices in (
            ("channel", ContactChannel.choices),
            ("weekday", Weekday.choices),
            ("language", SpokenLanguage.choices),
            ("cost", Cost.choices),
        )
    }


@functools.lru_cache(maxsize=1024)
def _hours_html(hours: tuple[tuple[int, str, str], ...], language: str | None) -> str:
    """The opening-hours list items for ``hours`` in ``language``: services share a few
    hundred distinct weekly schedules, so each is written once per language."""
    days = _labels(language)["weekday"]
    return "".join(
        f"<li>{days.get(day) or escape(day)} {escape(opens)}–{escape(closes)}</li>"
        for day, opens, closes in hours
    )


@functools.lru_cache(maxsize=1024)
def _languages_text(codes: tuple[str, ...], language: str | None) -> str:
    """The spoken languages ``codes`` as an escaped list of names in ``language``."""
    names = _labels(language)["language"]
    return ", ".join(names.get(code) or escape(code) for code in codes)


@functools.lru_cache(maxsize=4096)
def _checked_on(verified_on, language: str | None) -> str:
    """The "Last checked on <date>." line for one date in the active ``language`` (the
    key), escaped: a few hundred distinct dates, each formatted once, not on every card."""
    return escape(_("Last checked on %(date)s.") % {"date": date_format(verified_on, "j F Y")})


@functools.lru_cache(maxsize=16)
def _card_texts(language: str | None) -> dict[str, str]:
    """The fixed texts of a result card, translated and escaped once per language (the
    active one: the caller passes it as the cache key) instead of per card."""
    texts = {
        "national": _("works nationally"),
        "note": _("This description is not yet available in your language; here it is in Dutch."),
        "specific": _("Specialised in sex work"),
        "friendly": _("General service that knows sex work"),
        "no_need_to_stop": _("You do not have to stop sex work"),
        "for_stopping": _("This help is for people who have stopped or are stopping sex work"),
        "ask": _("Whether you need to stop sex work for this help: ask them"),
        "anonymous": _("You can stay anonymous"),
        "within_branch": _("Helps with changing within the branch"),
        "cost": _("Cost"),
        "languages": _("Languages"),
        "contact": _("How to make contact"),
        "see_hours": _("see opening hours"),
        "ask_visit": _("ask for a visit through one of the other channels"),
        "hours": _("Opening hours"),
        "stale": _(
            "This information has not been checked for more than six months; it may be out of date."
        ),
    }
    escaped = {key: escape(value) for key, value in texts.items()}
    escaped["language"] = escape(language or "nl")
    return escaped


@register.simple_tag
def result_card(card: ServiceCard, language: str) -> str:
    """``{% result_card card language %}``: one search result card as HTML.

    Written out in Python rather than as an included template: a results page shows ten
    cards of some forty fields each, and the template engine's per-variable cost was most
    of the page's time at 6,000 services. Same markup as ``directory/_service_card.html``;
    every value is escaped."""
    return mark_safe(_card_html(card, language, get_language(), timezone.localdate()))  # noqa: S308


@register.simple_tag
def result_cards(cards: list[ServiceCard], language: str) -> str:
    """``{% result_cards results.cards language %}``: the cards of a results page, as
    :func:`result_card` renders each, in one tag (a tag call costs as much as a card)."""
    active, today = get_language(), timezone.localdate()
    # Every value is escaped in _card_html.
    return mark_safe("".join(_card_html(card, language, active, today) for card in cards))  # noqa: S308


def _card_html(card: ServiceCard, language: str, active: str | None, today: date) -> str:
    """One card's HTML; ``active`` is the interface language, ``today`` the local date."""
    texts, labels = _card_texts(active), _labels(active)
    service = card.service
    name, _unused = service.text("name", language)
    description, fallback = service.text("description", language)
    scope_class = " card--accent" if service.scope == ServiceScope.SPECIFIC else ""
    out = [
        f'<article class="card service-card{scope_class}" lang="{escape_repeated(language)}">\n',
        f"  <h3>{escape(name)}</h3>\n",
        f'  <p class="service-card__org">{escape_repeated(service.organisation.name)}',
    ]
    if service.is_national:
        out.append(f" · {texts['national']}")
    elif card.region_names:
        out.append(f" · {', '.join(map(escape_repeated, card.region_names))}")
    out.append("</p>\n")
    if fallback:
        out.append(
            f'  <p class="service-card__note" lang="{texts["language"]}">{texts["note"]}</p>\n'
        )
    lang_nl = ' lang="nl"' if fallback else ""
    out.append(f'  <p class="service-card__description"{lang_nl}>{escape(description)}</p>\n')
    facts = [texts["specific"] if service.scope == ServiceScope.SPECIFIC else texts["friendly"]]
    facts.append(texts[service.stopping_rule])
    if service.can_be_anonymous:
        facts.append(texts["anonymous"])
    if service.within_branch:
        facts.append(texts["within_branch"])
    cost = labels["cost"].get(service.cost) or escape(service.cost)
    facts.append(f"{texts['cost']}: {cost}")
    if card.languages:
        facts.append(f"{texts['languages']}: {_languages_text(tuple(card.languages), active)}")
    out.append('  <ul class="service-card__facts">\n')
    out.extend(f"    <li>{fact}</li>\n" for fact in facts)
    out.append("  </ul>\n")
    out.append(f"  <h4>{texts['contact']}</h4>\n")
    out.append('  <ul class="service-card__channels">\n')
    channels = labels["channel"]
    for point in card.contacts:
        if point.href:
            link, value = escape_repeated(point.href), escape_repeated(point.value)
            shown = f'<a href="{link}" rel="noreferrer noopener">{value}</a>'
        elif point.value:
            shown = escape_repeated(point.value)
        elif point.channel == "walk_in":
            shown = (
                escape("; ".join(card.walk_in_addresses))
                if card.walk_in_addresses
                else texts["see_hours"]
            )
        else:
            shown = texts["ask_visit"]
        label = channels.get(point.channel) or escape(point.channel)
        out.append(f'    <li><span class="service-card__channel">{label}:</span> {shown}</li>\n')
    out.append("  </ul>\n")
    if card.hours:
        out.append(f"  <h4>{texts['hours']}</h4>\n")
        out.append('  <ul class="service-card__hours">')
        out.append(_hours_html(tuple(card.hours), active))
        out.append("</ul>\n")
    out.append(f'  <p class="service-card__verified">{_checked_on(service.verified_on, active)}')
    if today > service.verification_due:  # service.is_stale, with today read once
        out.append(f" <strong>{texts['stale']}</strong>")
    out.append("</p>\n</article>\n")
    return "".join(out)


#: Groups a visitor can filter on. "Changing within the branch" is not among them: it is
#: one concept, the service's ``within_branch`` fact (the "Only show support that" box).
SEARCH_GROUPS = [
    (value, label) for value, label in TargetGroup.choices if value != TargetGroup.WITHIN_BRANCH
]

_SEARCH_CHOICES = {
    "need": LifeDomain.choices,
    "group": SEARCH_GROUPS,
    "language": SpokenLanguage.choices,
    "channel": ContactChannel.choices,
}


@functools.lru_cache(maxsize=64)
def _choice_items(name: str, language: str) -> tuple[tuple[str, str, str], ...]:
    """(value, escaped value, escaped label) of a search filter's choices in ``language``
    (the active language when first called: the caller keys on it). Labels come from the
    code's vocabularies and the compiled catalogues, which do not change while running."""
    items = []
    for value, label in _SEARCH_CHOICES[name]:
        text = str(label) if name == "language" else capfirst(str(label))
        items.append((value, escape(value), escape(text)))
    return tuple(items)


@register.simple_tag
def search_checkboxes(name: str, selected: list[str]) -> str:
    """``{% search_checkboxes "need" criteria.needs %}``: the filter's checkboxes.

    Written out in Python (like :func:`result_card`): looping over the choices in the
    template was a third of the search page's time."""
    chosen = set(selected)
    return mark_safe(  # noqa: S308 - values and labels are escaped in _choice_items
        "".join(
            f'<label class="choice"><input type="checkbox" name="{name}" value="{html_value}"'
            f"{' checked' if value in chosen else ''}> {label}</label>"
            for value, html_value, label in _choice_items(name, get_language() or "nl")
        )
    )


@register.simple_tag
def search_options(name: str, selected: str) -> str:
    """``{% search_options "language" criteria.language %}``: the filter's ``<option>``s."""
    return mark_safe(  # noqa: S308 - values and labels are escaped in _choice_items
        "".join(
            f'<option value="{html_value}"{" selected" if value == selected else ""}>'
            f"{label}</option>"
            for value, html_value, label in _choice_items(name, get_language() or "nl")
        )
    )


@register.simple_tag
def region_options(regions: list[tuple[str, str]], selected: str) -> str:
    """``{% region_options regions parsed.region_slug %}`` for ``(slug, name)`` pairs."""
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f'<option value="{escape_repeated(slug)}"{" selected" if slug == selected else ""}>'
            f"{escape_repeated(name)}</option>"
            for slug, name in regions
        )
    )
