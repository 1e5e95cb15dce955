"""The demo-data registry: apps register generators; ``manage.py demo_data`` runs them in order.

A generator is a function ``generate(context: DemoContext) -> None``. It must be
deterministic for a given seed and scale: draw every random choice from ``context.rng``
(its own stream, derived from the seed and the generator's name, so adding a generator
does not change the data of the others) and create objects in a stable order. Identifiers
that would otherwise be random (HSDS UUIDs, questionnaire references) come from
``context.uuid()`` or ``context.rng`` too. Dates are the one exception: they are relative to
the moment of generation, so that a demo always looks current ("verified two months ago").
"""

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tqdm import tqdm


@dataclass
class DemoContext:
    """What a generator gets: the scale, its own random stream, shared results and progress."""

    scale: int
    seed: int
    rng: random.Random
    shared: dict[str, Any] = field(default_factory=dict)
    progress: Callable[[Any], Any] = lambda iterable, **kwargs: iterable

    def count(self, per_unit: int) -> int:
        """``per_unit`` objects at scale 1, multiplied by the scale."""
        return per_unit * self.scale

    def uuid(self) -> uuid.UUID:
        """A version-4 UUID drawn from this generator's stream, for ``hsds_id`` and the like."""
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)


@dataclass(frozen=True)
class Generator:
    name: str
    order: int
    function: Callable[[DemoContext], None]


_generators: dict[str, Generator] = {}


def register(name: str, order: int) -> Callable[[Callable[[DemoContext], None]], Callable]:
    """Decorator: ``@register("accounts", order=20)``. Lower ``order`` runs first."""

    def decorator(function: Callable[[DemoContext], None]) -> Callable[[DemoContext], None]:
        _generators[name] = Generator(name, order, function)
        return function

    return decorator


def generators() -> list[Generator]:
    return sorted(_generators.values(), key=lambda g: (g.order, g.name))


def run_all(scale: int, seed: int, show_progress: bool = True) -> dict[str, Any]:
    """Run every registered generator; returns the shared dictionary (logins etc.)."""
    shared: dict[str, Any] = {}

    def progress(iterable, **kwargs):
        return tqdm(iterable, disable=not show_progress, leave=False, **kwargs)

    for generator in tqdm(generators(), desc="demo data", disable=not show_progress):
        rng = random.Random(f"{seed}:{generator.name}")  # noqa: S311 - demo data, not secrets
        context = DemoContext(scale=scale, seed=seed, rng=rng, shared=shared, progress=progress)
        generator.function(context)
    return shared
