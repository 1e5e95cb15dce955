"""Demo participants and questionnaire rounds across regions and waves, so the survey
report and the regional dashboard show data (scale 1: a few hundred responses).

``random_answers`` is also used by the monitoring benchmark to build 200,000 responses.
"""

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from koers.demodata.registry import DemoContext, register
from koers.regions.models import Region

from . import instrument, services
from .models import EnrolmentSource, Participant, Wave, WaveStatus

BIG_REGIONS = {"amsterdam": 6, "rotterdam": 4, "den-haag": 3, "utrecht": 3}
NEXT_SITUATION = {
    "want_change": [("want_change", 5), ("not_in_branch", 3), ("considering", 1), ("none", 1)],
    "considering": [("considering", 4), ("want_change", 3), ("not_in_branch", 1), ("none", 2)],
    "not_in_branch": [("not_in_branch", 8), ("want_change", 1), ("considering", 1)],
    "none": [("none", 6), ("considering", 3), ("want_change", 1)],
}


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _some(rng: random.Random, item_key: str, most: int = 3) -> list[str]:
    values = instrument.ITEM_BY_KEY[item_key].option_values()
    return sorted(rng.sample(values, rng.randint(1, min(most, len(values)))), key=values.index)


def random_answers(rng: random.Random, situation: str, wave_number: int) -> dict[str, Any]:
    """A plausible, routed set of answers for one round."""
    answers: dict[str, Any] = {"A1": situation}
    answers["B2"] = _pick(rng, [("woman", 8), ("man", 1), ("other", 1), ("no_answer", 1)])
    answers["B4"] = rng.choice(instrument.ITEM_BY_KEY["B4"].option_values()[:5])
    answers["B5"] = _pick(rng, [("NL", 5), ("RO", 3), ("BG", 1), ("CO", 1), ("TH", 1), ("HU", 1)])
    answers["B6"] = rng.choice(instrument.ITEM_BY_KEY["B6"].option_values())
    stopped = situation == "not_in_branch"
    answers["B7"] = 0 if stopped else rng.randint(4, 50)
    if not stopped:
        answers["B8"] = _some(rng, "B8", 2)
        answers["B10"] = _pick(
            rng,
            [
                ("all_sex_work", 5),
                ("main_with_other", 2),
                ("other_main_regulars", 1),
                ("beside_study", 1),
                ("beside_benefit", 1),
            ],
        )
    else:
        answers["B10"] = "left_branch"
    answers["B11"] = _some(rng, "B11")
    answers["B12"] = _some(rng, "B12")
    if situation == "want_change":
        answers["C1"] = _pick(rng, [("outside", 8), ("within", 2), ("not_sure", 1)])
        answers["C2"] = rng.choice(instrument.ITEM_BY_KEY["C2"].option_values())
        answers["C4"] = _some(rng, "C4")
        answers["C5"] = _some(rng, "C5")
        answers["C6"] = rng.choice(["yes", "no"])
        if answers["C6"] == "no":
            answers["C6_want"] = _pick(rng, [("yes", 3), ("no", 1)])
        answers["C19"] = rng.choice(instrument.ITEM_BY_KEY["C19"].option_values())
        if answers.get("C6_want") == "yes":
            answers["N1"] = ["support"]
            answers["N3"] = _some(rng, "N3")
            answers["N4"] = _some(rng, "N4", 2)
    elif situation == "considering":
        answers["D1"] = _pick(rng, [("outside", 7), ("within", 3)])
        answers["D2"] = rng.choice(instrument.ITEM_BY_KEY["D2"].option_values())
        answers["D3"] = _some(rng, "D3")
        answers["D5"] = _pick(rng, [("information", 2), ("support", 2), ("no", 1)])
        if answers["D5"] != "no":
            answers["N1"] = [answers["D5"]]
            answers["N2" if answers["D5"] == "information" else "N3"] = _some(rng, "N3")
    elif stopped:
        answers["E1"] = rng.choice(instrument.ITEM_BY_KEY["E1"].option_values())
        answers["E2"] = [
            _pick(rng, [("paid_work", 6), ("within_branch", 2), ("study", 2), ("benefit", 2)])
        ]
        if "paid_work" in answers["E2"]:
            answers["E3"] = rng.choice(instrument.ITEM_BY_KEY["E3"].option_values())
        answers["E4"] = _some(rng, "E4", 2)
    if wave_number > 1:
        answers["F1"] = "no" if stopped else rng.choice(["sometimes", "yes"])
    answers["G1"] = _pick(rng, [("yes", 9), ("no", 1)])
    return services.routed_answers(answers, wave_number)


def derived(wave: Wave) -> Wave:
    services.derive(wave)
    return wave


def build_participant(
    rng: random.Random, region: Region, first: dt.datetime, now: dt.datetime, ref: str
) -> tuple[Participant, list[Wave]]:
    """One participant with their rounds (unsaved): taken part, or ended with a reason."""
    participant = Participant(
        ref=ref,
        source=rng.choice(
            [EnrolmentSource.PUBLIC_LINK, EnrolmentSource.TRAJECTORY, EnrolmentSource.SELFCHECK]
        ),
        region=region,
        language=_pick(rng, [("nl", 6), ("en", 2), ("ro", 1), ("es", 1)]),
        enrolled_at=first,
    )
    waves = []
    situation = _pick(rng, [("want_change", 4), ("considering", 3), ("not_in_branch", 2)])
    when = first
    for number in range(1, 5):
        if number > 1:
            when = when + dt.timedelta(days=91 + rng.randint(0, 20))
            if when > now:
                waves.append(
                    Wave(
                        participant=participant,
                        number=number,
                        opens_at=when - dt.timedelta(days=rng.randint(0, 20)),
                        status=WaveStatus.SCHEDULED,
                        region=region,
                    )
                )
                break
            fate = _pick(
                rng, [("took_part", 14), ("no_response", 3), ("no_contact", 2), ("declined", 1)]
            )
            if fate != "took_part":
                waves.append(
                    Wave(
                        participant=participant,
                        number=number,
                        opens_at=when,
                        status=fate,
                        closed_at=when + dt.timedelta(days=42),
                        region=region,
                    )
                )
                break
            situation = _pick(rng, NEXT_SITUATION[situation])
        answers = random_answers(rng, situation, number)
        waves.append(
            derived(
                Wave(
                    participant=participant,
                    number=number,
                    opens_at=when,
                    status=WaveStatus.COMPLETED,
                    answers=answers,
                    language=participant.language,
                    started_at=when,
                    completed_at=when,
                    region=region,
                )
            )
        )
        if answers.get("G1") == "no":
            participant.declined_at = when
            break
    return participant, waves


def weighted_regions(regions: list[Region]) -> list[Region]:
    return [region for region in regions for _ in range(BIG_REGIONS.get(region.slug, 1))]


@register("outcomes", order=70)
def generate(context: DemoContext) -> None:
    rng = context.rng
    regions = weighted_regions(list(Region.objects.order_by("slug")))
    now = timezone.now().replace(microsecond=0)
    participants, waves = [], []
    for _ in context.progress(range(context.count(150)), desc="questionnaires"):
        first = now - dt.timedelta(days=rng.randint(5, 420), hours=rng.randint(0, 23))
        participant, rounds = build_participant(
            rng, rng.choice(regions), first, now, f"P{rng.getrandbits(48):012X}"
        )
        participants.append(participant)
        waves.append(rounds)
    Participant.objects.bulk_create(participants, batch_size=1000)
    for participant, rounds in zip(participants, waves, strict=True):
        for wave in rounds:
            wave.participant = participant
    Wave.objects.bulk_create([w for rounds in waves for w in rounds], batch_size=1000)
