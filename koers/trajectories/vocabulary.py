"""The words of a trajectory (``docs/domain.md``, *Support: the trajectory*), as choices.

Life domains come from the shared taxonomy in :mod:`koers.directory.vocabulary` so that a
goal, a directory service and a self-check answer speak about the same domain. Everything
else here is specific to case work. No choice ever labels a within-branch change or a return
to sex work as failure: they are situations, recorded without judgement.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.directory.vocabulary import LifeDomain

__all__ = [
    "AftercareLevel",
    "AftercareTrigger",
    "ClosingReason",
    "ConsentHow",
    "ContactChannel",
    "Direction",
    "DurationBand",
    "EventKind",
    "Gender",
    "GoalStatus",
    "LifeDomain",
    "OutcomeSituation",
    "Phase",
    "PreferredLanguage",
    "Profile",
    "ReferralStatus",
    "Sector",
    "SexWorkStatus",
    "SupportModule",
    "WithinBranchChange",
    "YesNoUnknown",
]


class Phase(models.TextChoices):
    """The four phases; a trajectory may move between them in any direction."""

    CONTACT = "contact", _("contact")
    ORIENTATION = "orientation", _("orientation")
    EXECUTION = "execution", _("execution")
    AFTERCARE = "aftercare", _("aftercare")


class SexWorkStatus(models.TextChoices):
    """Recorded over time, independently of the phase."""

    DOING = "doing", _("doing sex work")
    PARTLY = "partly", _("partly doing sex work")
    NOT_DOING = "not_doing", _("not doing sex work")


class WithinBranchChange(models.TextChoices):
    """A change within the branch: a legitimate goal in its own right."""

    LICENSED = "licensed", _("working licensed")
    ONLINE = "online", _("working online")
    OWN_BUSINESS = "own_business", _("own business")
    SAFER_WORKPLACE = "safer_workplace", _("safer workplace")
    OTHER = "other", _("other change within the branch")


class Direction(models.TextChoices):
    WITHIN_BRANCH = "within_branch", _("change within the branch")
    OUTSIDE_BRANCH = "outside_branch", _("change outside the branch")
    UNDECIDED = "undecided", _("undecided")
    NONE = "none", _("no change sought")


class Profile(models.TextChoices):
    """A first typology; the software may suggest one, the professional chooses."""

    P1 = "p1", _("P1 autonomous, practical questions")
    P2 = "p2", _("P2 multiple support needs")
    P3 = "p3", _("P3 victim of exploitation")
    NONE = "none", _("none of these")


class ContactChannel(models.TextChoices):
    """How a contact took place or how the person prefers to be reached."""

    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("phone")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("e-mail")
    VIDEO = "video", _("video call")
    OUTREACH = "outreach", _("outreach visit")
    OTHER = "other", _("other")


class PreferredLanguage(models.TextChoices):
    NL = "nl", _("Dutch")
    EN = "en", _("English")
    ES = "es", _("Spanish")
    RO = "ro", _("Romanian")
    OTHER = "other", _("other language")


class Gender(models.TextChoices):
    WOMAN = "woman", _("woman")
    MAN = "man", _("man")
    TRANS = "trans", _("trans person")
    NON_BINARY = "non_binary", _("non-binary person")
    OTHER = "other", _("other")


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("unknown or not asked")


class DurationBand(models.TextChoices):
    UP_TO_15 = "0-15", _("up to 15 minutes")
    UP_TO_30 = "15-30", _("15 to 30 minutes")
    UP_TO_60 = "30-60", _("30 to 60 minutes")
    OVER_60 = "60+", _("more than an hour")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    ACHIEVED = "achieved", _("achieved")
    DROPPED = "dropped", _("dropped")


class SupportModule(models.TextChoices):
    """The seven support modules professionals deliver."""

    EXPLORING_OPTIONS = "exploring_options", _("exploring options within and outside the branch")
    WORK_OR_STUDY = "work_or_study", _("practical help finding work or study")
    COACHING_AT_START = "coaching_at_start", _("coaching when the new job or study starts")
    BUDGETING = "budgeting", _("budgeting and coping with less income")
    HOUSING = "housing", _("finding housing")
    PSYCHOLOGICAL = "psychological", _("psychological support and referral")
    LONG_TERM = "long_term", _("long-term guidance")


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    CONSENTED = "consented", _("consented")
    FIRST_CONTACT = "first_contact", _("first contact made together")
    ACTIVE = "active", _("active")
    ENDED = "ended", _("ended")
    DECLINED = "declined", _("declined")


#: Statuses that only exist after the person agreed; they need a consent record.
CONSENT_REQUIRED = {ReferralStatus.CONSENTED, ReferralStatus.FIRST_CONTACT, ReferralStatus.ACTIVE}


class ConsentHow(models.TextChoices):
    IN_PERSON = "in_person", _("said so in person")
    PHONE = "phone", _("said so by phone")
    MESSAGE = "message", _("in a message")
    WRITTEN = "written", _("signed in writing")


class AftercareLevel(models.TextChoices):
    PASSIVE = "passive", _("passive: the door is open")
    ACTIVE = "active", _("active: watch the triggers")
    INTENSIVE = "intensive", _("intensive: watch closely, including the old network")


class AftercareTrigger(models.TextChoices):
    JOB_LOSS = "job_loss", _("job loss")
    MENTAL_HEALTH = "mental_health_relapse", _("mental-health relapse")
    DEBTS = "rising_debts", _("rising debts")
    OLD_NETWORK = "old_network", _("contact from the old network")


class OutcomeSituation(models.TextChoices):
    WORK_OUTSIDE = "work_outside", _("work outside the branch")
    STUDY = "study", _("study")
    BENEFIT = "benefit", _("benefit")
    WITHIN_BRANCH = "within_branch_change", _("change within the branch")
    NO_CHANGE = "no_change", _("no change")
    UNKNOWN = "unknown", _("unknown")


class Sector(models.TextChoices):
    HOSPITALITY = "hospitality", _("hospitality")
    CLEANING = "cleaning", _("cleaning")
    CARE = "care_social", _("care or social work")
    EDUCATION = "education", _("education")
    LOGISTICS = "logistics", _("logistics")
    RETAIL = "retail", _("retail")
    OFFICE = "office", _("office")
    OTHER = "other", _("other")


class ClosingReason(models.TextChoices):
    """Why a file is closed. Time passing is never a reason: nothing closes by itself."""

    PERSON_ASKED = "person_asked", _("the person asked to close")
    SUPPORT_COMPLETE = "support_complete", _("no support needed any more (agreed together)")
    NO_CONTACT = "no_contact", _("no contact possible despite attempts")
    MOVED = "moved", _("moved to another region")
    TRANSFERRED = "transferred", _("support continues at another organisation")
    OTHER = "other", _("other reason")


class EventKind(models.TextChoices):
    """Moments in a trajectory that have no history table of their own."""

    OPENED = "opened", _("trajectory opened")
    DIRECTION = "direction", _("direction changed")
    GOAL_STATUS = "goal_status", _("goal status changed")
    AFTERCARE = "aftercare", _("aftercare set")
    CLOSED = "closed", _("file closed and sealed")
    UNSEALED = "unsealed", _("file unsealed")
    REOPENED = "reopened", _("file reopened")
    SHARED = "shared", _("file shared with a colleague")
    DETAILS = "details", _("client details changed")
