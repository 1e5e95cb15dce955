"""The Koers taxonomy: controlled vocabularies shared by the directory, the self-check and
trajectories.

These are the words the domain uses (``docs/domain.md``). In the HSDS export every
vocabulary is one HSDS taxonomy and every choice one taxonomy term (stable UUIDs derived from
the codes, see :func:`term_uuid`), attached to services as HSDS attributes.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Namespace for deterministic HSDS identifiers of Koers taxonomy terms.
KOERS_NAMESPACE = uuid.UUID("6f1c2b0e-4b7a-4c59-9d5e-6b8f0a3c1d21")


class LifeDomain(models.TextChoices):
    """Life domains (*leefgebieden*), in the order the research uses them."""

    HOUSING = "housing", _("housing")
    WORK_INCOME = "work_income", _("work and income")
    EDUCATION = "education", _("education and retraining")
    DEBTS = "debts", _("debts")
    PHYSICAL_HEALTH = "physical_health", _("physical health")
    MENTAL_HEALTH = "mental_health", _("mental health and meaning")
    SOCIAL_NETWORK = "social_network", _("social network")
    BUDGETING = "budgeting", _("living on less money")
    SAFETY = "safety", _("safety")
    OTHER = "other", _("other")


class TargetGroup(models.TextChoices):
    """Groups a service is explicitly meant for (a service without groups is for everyone)."""

    WOMEN = "women", _("women")
    MEN = "men", _("men")
    TRANS_NONBINARY = "trans_nonbinary", _("trans and non-binary people")
    MIGRANTS = "migrants", _("migrants")
    YOUNG_PEOPLE = "young_people", _("young people")
    UNLICENSED = "unlicensed", _("people in unlicensed work")
    WITHIN_BRANCH = "within_branch", _("people who want to change within the branch")
    NEWCOMERS = "newcomers", _("newcomers to sex work")
    VICTIMS = "victims", _("people who experienced exploitation or violence")


class ContactChannel(models.TextChoices):
    """How a person can reach a service; the person chooses (*eigen regie*)."""

    PHONE = "phone", _("phone")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("e-mail")
    WEB_FORM = "web_form", _("web form")
    WALK_IN = "walk_in", _("walk-in")
    VIDEO = "video", _("video call")
    OUTREACH = "outreach", _("outreach visit")


class ServiceScope(models.TextChoices):
    """Sex-work-specific services rank above general ones that are sex-work-friendly."""

    SPECIFIC = "specific", _("sex-work-specific")
    FRIENDLY = "friendly", _("general, sex-work-friendly")


class Cost(models.TextChoices):
    FREE = "free", _("free")
    INSURED = "insured", _("covered by health insurance")
    INCOME_DEPENDENT = "income_dependent", _("depends on income")
    PAID = "paid", _("paid")


class ContentLanguage(models.TextChoices):
    """Languages in which service descriptions are stored (the site's languages)."""

    NL = "nl", _("Dutch")
    EN = "en", _("English")
    ES = "es", _("Spanish")
    RO = "ro", _("Romanian")


class SpokenLanguage(models.TextChoices):
    """Languages staff of a service speak (ISO 639-1)."""

    NL = "nl", _("Dutch")
    EN = "en", _("English")
    ES = "es", _("Spanish")
    RO = "ro", _("Romanian")
    BG = "bg", _("Bulgarian")
    HU = "hu", _("Hungarian")
    PL = "pl", _("Polish")
    PT = "pt", _("Portuguese")
    FR = "fr", _("French")
    RU = "ru", _("Russian")
    TH = "th", _("Thai")
    AR = "ar", _("Arabic")


CONTENT_LANGUAGES: tuple[str, ...] = tuple(ContentLanguage.values)

#: The HSDS taxonomies Koers publishes: code → (vocabulary, name, description).
TAXONOMIES: dict[str, tuple[type[models.TextChoices] | None, str, str]] = {
    "koers-life-domain": (LifeDomain, "Koers life domains", "Life domains a service helps with."),
    "koers-target-group": (
        TargetGroup,
        "Koers target groups",
        "Groups a service is explicitly meant for.",
    ),
    "koers-contact-channel": (ContactChannel, "Koers contact channels", "Ways to reach a service."),
    "koers-scope": (
        ServiceScope,
        "Koers scope",
        "Sex-work-specific or general but sex-work-friendly.",
    ),
    "koers-cost": (Cost, "Koers cost", "What the service costs the person."),
    "koers-feature": (
        None,
        "Koers features",
        "Facts that matter to sex workers: anonymity, no need to stop, support within the branch.",
    ),
    "koers-translation": (
        None,
        "Koers translations",
        "Service texts in other languages (value holds the text).",
    ),
}

#: Yes/no facts, exported as terms of the ``koers-feature`` taxonomy.
FEATURES: dict[str, str] = {
    "can_be_anonymous": "You can stay anonymous",
    "no_need_to_stop": "You do not have to stop sex work",
    "within_branch": "Support for changing within the branch",
}

#: Translated texts, exported as terms of the ``koers-translation`` taxonomy.
TRANSLATED_FIELDS: tuple[str, ...] = ("name", "description", "fees_description")


def term_uuid(taxonomy: str, code: str) -> str:
    """A stable UUID for a Koers taxonomy term, so exports from any Koers install agree."""
    return str(uuid.uuid5(KOERS_NAMESPACE, f"{taxonomy}:{code}"))


def taxonomy_uuid(taxonomy: str) -> str:
    return str(uuid.uuid5(KOERS_NAMESPACE, taxonomy))
