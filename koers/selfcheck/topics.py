"""Short topic information shown on the result page where it is relevant (domain brief §7):
what newcomers to the Netherlands need to arrange, working from home, starting out.

Kept in code (translated through gettext) rather than in the database: it is a handful of
paragraphs that change with the law, reviewed like code.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .answers import Answers


@dataclass(frozen=True)
class Topic:
    slug: str
    title: Promise
    points: tuple[Promise, ...]


TOPICS: tuple[Topic, ...] = (
    Topic(
        "newcomers",
        _("New in the Netherlands"),
        (
            _("Keep a valid ID (passport or ID card); you need it for work, a bank and a GP."),
            _(
                "Everyone who lives or works in the Netherlands must take out Dutch health "
                "insurance within four months. You may get an allowance (zorgtoeslag) for it."
            ),
            _(
                "Register with a GP (huisarts) near you. A GP keeps what you tell them "
                "confidential."
            ),
            _(
                "If you earn money here you file a tax return every year; specialised "
                "organisations can help you with it, also about the opting-in arrangement."
            ),
        ),
    ),
    Topic(
        "working_from_home",
        _("Working from home"),
        (
            _(
                "Most municipalities require a licence or do not allow sex work from home; "
                "ask a specialised organisation what applies in your town."
            ),
            _("Tell someone you trust where you are and when you expect to be done."),
            _("Koers members can check a client's number against warnings from others."),
        ),
    ),
    Topic(
        "starting_out",
        _("Starting out"),
        (
            _("Rules differ per municipality: licences, registration and where you may work."),
            _("Free and anonymous STI tests are available at the GGD."),
            _(
                "Advertise safely: do not show your face or your real name, and use a "
                "separate phone number for work."
            ),
        ),
    ),
)


def relevant_topics(answers: Answers, ui_language: str = "nl") -> list[Topic]:
    """The topics that fit the answers: newcomers for people who came from abroad (or read
    the site in another language than Dutch), working from home and starting out for
    people who do or consider sex work and want to change within it or are not sure."""
    chosen = []
    if answers.migration == "yes" or ui_language != "nl":
        chosen.append("newcomers")
    in_the_work = answers.situation in ("doing", "considering")
    if in_the_work and answers.direction in ("within", "not_sure"):
        chosen.extend(["working_from_home", "starting_out"])
    return [topic for topic in TOPICS if topic.slug in chosen]
