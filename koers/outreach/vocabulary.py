"""The words of outreach fieldwork as choices.

``Venue`` repeats the work-location list of the outcome questionnaire (instrument item B8),
key for key, so fieldwork counts and questionnaire answers can be laid side by side; a test
checks the two lists stay the same. It is repeated rather than imported because outreach
may not depend on another domain app's questionnaire."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Setting(models.TextChoices):
    OFFLINE = "offline", _("At a venue")
    ONLINE = "online", _("Online")


class Venue(models.TextChoices):
    HOME = "home", _("From home")
    WINDOW = "window", _("Window")
    CLUB = "club", _("Club")
    PRIVATE_HOUSE = "private_house", _("Private house")
    STREET_ZONE = "street_zone", _("Street zone")
    ESCORT_AGENCY = "escort_agency", _("Escort agency")
    INDEPENDENT_ESCORT = "independent_escort", _("Independent escort")
    MASSAGE_SALON = "massage_salon", _("Massage salon")
    UNLICENSED = "unlicensed", _("Unlicensed sector")
    OTHER = "other", _("Other")


class Platform(models.TextChoices):
    ADVERTISING_SITE = "advertising_site", _("Advertising site")
    CHAT = "chat", _("Chat")
    SOCIAL_MEDIA = "social_media", _("Social media")
    DATING_APP = "dating_app", _("Dating app")


class Topic(models.TextChoices):
    """The life domains of the questionnaire plus what fieldwork talks about most."""

    HOUSING = "housing", _("Affordable housing")
    WORK_INCOME = "work_income", _("Suitable work and income")
    EDUCATION = "education", _("Retraining or education")
    DEBTS = "debts", _("Debts")
    PHYSICAL_HEALTH = "physical_health", _("Physical or medical health")
    MENTAL_HEALTH = "mental_health", _("Feelings, meaning, psychological help")
    SOCIAL_NETWORK = "social_network", _("Social network")
    SAFETY = "safety", _("Safety")
    RULES_PERMITS = "rules_permits", _("Rules and permits")


class HandedOut(models.TextChoices):
    SERVICE = "service", _("Referred to a service")
    SELFCHECK = "selfcheck", _("Pointed to the self-check")
    CONTACT_CARD = "contact_card", _("Gave a contact card")
    LEAFLET = "leaflet", _("Leaflet or information")


class Group(models.TextChoices):
    """The groups counted per session; the last four are the ones reached least."""

    WOMEN = "women", _("Women")
    MEN = "men", _("Men")
    TRANS_NONBINARY = "trans_nonbinary", _("Trans or non-binary")
    MIGRANT = "migrant", _("Migrants")
    YOUNG = "young", _("Young (18–23)")
    UNLICENSED = "unlicensed", _("Unlicensed work")


#: Per session no more people than this: a bigger number is a typing error.
MAX_PEOPLE_PER_SESSION = 300

#: Contact cards: an unambiguous alphabet (no 0/O, 1/I/L), six letters, valid for a year.
CARD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CARD_CODE_LENGTH = 6
CARD_VALID_DAYS = 365
