"""Demo fieldwork: a year of sessions by the specialised organisations of every region, the
Amsterdam ones logged by the demo professional, drawn from the seed (dates relative to now).
Counts lean the way the regional study found them: mostly women, few men and trans people."""

from datetime import timedelta

from django.utils import timezone

from koers.accounts.models import User
from koers.demodata.registry import DemoContext, register
from koers.directory.vocabulary import SpokenLanguage
from koers.regions.models import Municipality

from .services import record_session
from .vocabulary import HandedOut, Platform, Setting, Topic, Venue

OFFLINE_VENUES = [
    Venue.WINDOW,
    Venue.CLUB,
    Venue.PRIVATE_HOUSE,
    Venue.STREET_ZONE,
    Venue.MASSAGE_SALON,
    Venue.HOME,
]


def _pick(context: DemoContext, choices: list[str], most: int) -> list[str]:
    return sorted(context.rng.sample(choices, context.rng.randint(0, most)))


def _groups(context: DemoContext, people: int) -> dict[str, int]:
    rng = context.rng
    men = rng.randint(0, people // 6)
    trans = rng.randint(0, (people - men) // 8)
    women = rng.randint((people - men - trans) // 2, people - men - trans)
    return {
        "women": women,
        "men": men,
        "trans_nonbinary": trans,
        "migrant": rng.randint(0, people),
        "young": rng.randint(0, people // 4),
        "unlicensed": rng.randint(0, people // 5),
    }


@register("outreach", order=65)
def generate(context: DemoContext) -> None:
    organisations = context.shared["organisations"]
    worker = User.objects.filter(username="professional").first()
    today = timezone.localdate()
    keys = sorted(key for key in organisations if key.startswith("specialised:"))
    for key in keys:
        organisation = organisations[key]
        region = organisation.regions.first()
        towns = list(Municipality.objects.filter(region=region).order_by("name")[:4])
        for _ in range(context.count(8)):
            online = context.rng.random() < 0.3
            people = context.rng.randint(1, 40)
            record_session(
                organisation=organisation,
                worker=worker if key == "specialised:amsterdam" else None,
                held_on=today - timedelta(days=context.rng.randint(0, 365)),
                setting=Setting.ONLINE if online or not towns else Setting.OFFLINE,
                venue="" if online or not towns else context.rng.choice(OFFLINE_VENUES),
                platform=context.rng.choice(Platform.values) if online or not towns else "",
                municipality=None if online or not towns else context.rng.choice(towns),
                people_reached=people,
                conversations=context.rng.randint(0, people),
                languages=_pick(context, [str(v) for v in SpokenLanguage.values], 3),
                topics=_pick(context, [str(v) for v in Topic.values], 3),
                handed_out=_pick(context, [str(v) for v in HandedOut.values], 2),
                **_groups(context, people),
            )
