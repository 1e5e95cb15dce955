"""The registry runs generators in order, each with its own seeded random stream."""

import pytest

from koers.demodata import registry


@pytest.fixture
def isolated_registry(monkeypatch):
    monkeypatch.setattr(registry, "_generators", {})
    return registry


def test_generators_run_in_order_and_share_results(isolated_registry):
    calls = []

    @isolated_registry.register("second", order=20)
    def second(context):
        calls.append(("second", context.shared["from_first"]))

    @isolated_registry.register("first", order=10)
    def first(context):
        context.shared["from_first"] = context.scale * 3
        calls.append(("first", None))

    shared = isolated_registry.run_all(scale=2, seed=1, show_progress=False)
    assert calls == [("first", None), ("second", 6)]
    assert shared["from_first"] == 6


def test_adding_a_generator_does_not_change_the_others_random_stream(isolated_registry):
    drawn: dict[str, list[float]] = {}

    @isolated_registry.register("alpha", order=10)
    def alpha(context):
        drawn["alpha"] = [context.rng.random() for _ in range(3)]

    isolated_registry.run_all(scale=1, seed=7, show_progress=False)
    before = drawn["alpha"]

    @isolated_registry.register("aardvark", order=5)
    def aardvark(context):
        context.rng.random()

    isolated_registry.run_all(scale=1, seed=7, show_progress=False)
    assert drawn["alpha"] == before
    isolated_registry.run_all(scale=1, seed=8, show_progress=False)
    assert drawn["alpha"] != before
