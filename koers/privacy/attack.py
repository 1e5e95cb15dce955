"""The attacker the disclosure-control layer is measured against: linear programming.

Everything published about the same people is a set of linear relations over unknown true
counts ("atoms"): a published cell is the sum of some atoms. What a reader who knows the
method (``koers.privacy.publishing``) learns from one published number:

- ``0``  → the sum is exactly 0 (zeros are not perturbed);
- a shown value ``v`` → the true sum lies in ``[max(k, v − D), v + D]``;
- ``•`` hidden because small (or perturbed below k) → the sum lies in ``[1, k − 1 + D]``;
- ``•`` hidden to protect another cell → nothing (the sum is ≥ 0).

For each protected cell the attacker solves two linear programs (minimise and maximise its
sum subject to all relations, with HiGHS through its Python binding ``highspy``, the solver behind
``scipy.optimize.linprog``, used directly so one model serves every cell): the narrowest
interval anyone can derive from everything published together. The layer fails the audit
when a true count of 1 … k − 1 is pinned to fewer than k values, or a shown cell's true value
is pinned exactly (its noise removed).

Kept free of Django so it can run on any system of relations (tests build small ones).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np


@dataclass
class Relation:
    """One published number: the sum of ``atoms``, published as ``value``."""

    atoms: tuple[int, ...]
    value: int | None
    protective: bool = False
    truth: int = 0
    label: Hashable = ""
    #: False for a relation another system already audits (it still constrains this one).
    target: bool = True


@dataclass
class Finding:
    label: Hashable
    truth: int
    low: int
    high: int
    reason: str


@dataclass
class System:
    """Atoms (unknown true counts) and the relations published over them."""

    atoms: int = 0
    relations: list[Relation] = field(default_factory=list)
    names: dict[Hashable, int] = field(default_factory=dict)
    #: Exact relations between unknowns: sum(left) = sum(right).
    equalities: list[tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=list)

    def equal(self, left: Sequence[int], right: Sequence[int]) -> None:
        self.equalities.append((tuple(left), tuple(right)))

    def atom(self, name: Hashable) -> int:
        if name not in self.names:
            self.names[name] = self.atoms
            self.atoms += 1
        return self.names[name]

    def publish(
        self,
        atoms: Sequence[int],
        value: int | None,
        *,
        truth: int,
        protective: bool = False,
        label: Hashable = "",
        target: bool = True,
    ) -> None:
        self.relations.append(
            Relation(tuple(sorted(set(atoms))), value, protective, truth, label, target)
        )


def _bounds(relation: Relation, k: int, noise: int) -> tuple[float, float]:
    if relation.value is None:
        return (0.0, math.inf) if relation.protective else (1.0, float(k - 1 + noise))
    if relation.value == 0:
        return (0.0, 0.0)
    return (float(max(k, relation.value - noise)), float(relation.value + noise))


def _without_zeros(system: System) -> tuple[list[tuple[Relation, tuple[int, ...]]], dict]:
    """A published 0 is exact: every unknown in it is 0. Taking those out first is exact and
    leaves a much smaller program (most regions have nothing in most cells)."""
    zero = {a for r in system.relations if r.value == 0 and r.atoms for a in r.atoms}
    live = [a for a in range(system.atoms) if a not in zero]
    index = {atom: i for i, atom in enumerate(live)}
    relations = [
        (relation, tuple(index[a] for a in relation.atoms if a in index))
        for relation in system.relations
    ]
    return relations, index


def _rows(
    system: System,
    relations: list[tuple[Relation, tuple[int, ...]]],
    index: dict[int, int],
    k: int,
    noise: int,
) -> tuple[list[int], list[int], list[float], list[float], list[float]]:
    """The constraint matrix (compressed rows) with lower and upper bounds per row."""
    unique: dict[tuple[int, ...], tuple[float, float]] = {}
    for relation, atoms in relations:
        if atoms:
            low, high = _bounds(relation, k, noise)
            old_low, old_high = unique.get(atoms, (0.0, math.inf))
            unique[atoms] = (max(low, old_low), min(high, old_high))
    starts: list[int] = []
    indexes: list[int] = []
    values: list[float] = []
    lows: list[float] = []
    highs: list[float] = []
    for atoms, (low, high) in unique.items():
        starts.append(len(indexes))
        indexes += atoms
        values += [1.0] * len(atoms)
        lows.append(low)
        highs.append(high if math.isfinite(high) else highspy.kHighsInf)
    for left, right in system.equalities:
        coefficients: dict[int, float] = {}
        for atom, sign in [*((a, 1.0) for a in left), *((a, -1.0) for a in right)]:
            if atom in index:
                coefficients[index[atom]] = coefficients.get(index[atom], 0.0) + sign
        coefficients = {a: c for a, c in coefficients.items() if c}
        if coefficients:
            starts.append(len(indexes))
            indexes += list(coefficients)
            values += list(coefficients.values())
            lows.append(0.0)
            highs.append(0.0)
    return starts, indexes, values, lows, highs


def _model(n_atoms: int, rows: tuple) -> highspy.Highs:
    starts, indexes, values, lows, highs_ = rows
    model = highspy.Highs()
    model.setOptionValue("output_flag", False)
    model.setOptionValue("presolve", "off")
    model.addVars(n_atoms, np.zeros(n_atoms), np.full(n_atoms, highspy.kHighsInf))
    model.addRows(
        len(starts),
        np.array(lows, dtype=float),
        np.array(highs_, dtype=float),
        len(indexes),
        np.array(starts, dtype=np.int32),
        np.array(indexes, dtype=np.int32),
        np.array(values, dtype=float),
    )
    return model


def _judge(relation: Relation, low: float | None, high: float | None, k: int) -> Finding | None:
    if low is None or high is None:
        return Finding(relation.label, relation.truth, 0, 0, "infeasible")
    low_i, high_i = math.ceil(low - 1e-6), math.floor(high + 1e-6)
    if 0 < relation.truth < k and high_i - low_i + 1 < k:
        return Finding(relation.label, relation.truth, low_i, high_i, "small count pinned")
    if relation.value not in (None, 0) and low_i == high_i:
        return Finding(relation.label, relation.truth, low_i, high_i, "noise removed")
    return None


def audit(system: System, k: int, noise: int, *, check_shown: bool = True) -> list[Finding]:
    """Every protected cell whose true value an attacker can pin (see the module doc).

    One HiGHS model per system; for each cell only the objective changes, so every solve
    starts from the previous basis (this is what keeps the audit of a period in seconds)."""
    relations, index = _without_zeros(system)
    n_atoms = len(index)
    if not system.relations or n_atoms == 0:
        return []
    model = _model(n_atoms, _rows(system, relations, index, k, noise))
    every = np.arange(n_atoms, dtype=np.int32)

    def solve(atoms: tuple[int, ...], sign: float) -> float | None:
        costs = np.zeros(n_atoms)
        costs[list(atoms)] = sign
        model.changeColsCost(n_atoms, every, costs)
        model.run()
        if model.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return sign * model.getInfo().objective_function_value

    findings: list[Finding] = []
    seen: set[tuple[int, ...]] = set()
    for relation, atoms in relations:
        wanted = 0 < relation.truth < k or (check_shown and relation.value not in (None, 0))
        if not atoms or atoms in seen or not relation.target or not wanted:
            continue
        seen.add(atoms)
        finding = _judge(relation, solve(atoms, 1.0), solve(atoms, -1.0), k)
        if finding is not None:
            findings.append(finding)
    return findings
