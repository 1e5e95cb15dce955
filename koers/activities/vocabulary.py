"""The words of group activities as choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    CV_WORKSHOP = "cv_workshop", _("CV workshop")
    TAX_RETURN = "tax_return", _("Help with the tax return")
    DUTCH_LESSONS = "dutch_lessons", _("Dutch lessons")
    PEER_MEETING = "peer_meeting", _("Peer meeting")
    WALK_IN = "walk_in", _("Walk-in hours")
    OTHER = "other", _("Other activity")


class ForWhom(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")
    TRANS_NONBINARY = "trans_nonbinary", _("Trans or non-binary")
    YOUNG = "young", _("Young (18–23)")
    MIGRANTS = "migrants", _("Migrants")


class ReminderChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    MAIL = "mail", _("E-mail")


CONTENT_LANGUAGES = ("nl", "en", "es", "ro")
