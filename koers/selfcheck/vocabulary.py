"""The answers of the self-check, as choices. Life domains come from the shared taxonomy
(:class:`koers.directory.vocabulary.LifeDomain`) so a tick here matches a directory service."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Situation(models.TextChoices):
    DOING = "doing", _("I do sex work")
    CONSIDERING = "considering", _("I am thinking about changing something")
    CHANGING = "changing", _("I am changing now")
    STOPPED = "stopped", _("I have stopped")


class Direction(models.TextChoices):
    WITHIN = "within", _("within sex work (for example safer, licensed, online, my own business)")
    OUTSIDE = "outside", _("outside sex work")
    NOT_SURE = "not_sure", _("I am not sure yet")


class Gender(models.TextChoices):
    WOMAN = "woman", _("woman")
    MAN = "man", _("man")
    NON_BINARY = "non_binary", _("non-binary")
    OTHER = "other", _("other")
    PREFER_NOT = "prefer_not", _("I prefer not to say")


class YesNoPreferNot(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    PREFER_NOT = "prefer_not", _("I prefer not to say")


class YesNo(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
