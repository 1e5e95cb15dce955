"""Choices of contact requests and the confidential adviser's register."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestChannel(models.TextChoices):
    """How the person wants to be contacted; each needs only its own detail."""

    PHONE = "phone", _("phone call")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("e-mail")
    CALLBACK = "callback", _("call me between certain hours")


PHONE_CHANNELS = (
    RequestChannel.PHONE,
    RequestChannel.WHATSAPP,
    RequestChannel.SMS,
    RequestChannel.CALLBACK,
)


class RequestStatus(models.TextChoices):
    NEW = "new", _("new")
    TRIAGED = "triaged", _("triaged")
    IN_CONTACT = "in_contact", _("in contact")
    CLOSED = "closed", _("closed")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_STATUSES = (RequestStatus.NEW, RequestStatus.TRIAGED, RequestStatus.IN_CONTACT)


class Urgency(models.TextChoices):
    NORMAL = "normal", _("normal")
    URGENT = "urgent", _("urgent")


class Outcome(models.TextChoices):
    TRAJECTORY = "trajectory", _("trajectory opened")
    ADVICE_GIVEN = "advice_given", _("question answered or advice given")
    REFERRED = "referred", _("referred with consent")
    NO_CONTACT = "no_contact", _("no contact possible")
    DECLINED = "declined", _("person did not want further contact")
    WITHDRAWN = "withdrawn", _("withdrawn by the person")
    OTHER = "other", _("other")


class AskerKind(models.TextChoices):
    """Who asked the confidential adviser (domain brief §2)."""

    SEX_WORKER = "sex_worker", _("sex worker")
    PROSPECTIVE = "prospective", _("prospective sex worker")
    PROFESSIONAL = "professional", _("professional")
    OTHER = "other", _("other")


class AdviserTopic(models.TextChoices):
    BAD_EXPERIENCE = "bad_experience", _("bad experience")
    ABUSE_AT_WORK = "abuse_at_work", _("abuses at work")
    OPERATOR_COMPLAINT = "operator_complaint", _("complaint about an operator")
    TRAFFICKING = "trafficking", _("trafficking or coercion")
    PRACTICAL = "practical", _("practical question")
    OTHER = "other", _("other")
