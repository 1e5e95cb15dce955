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


def audit(system: System, k: int, noise: int, *, check_shown: bool = True) -> list[Finding]:
    """Every protected cell whose true value an attacker can pin (see the module doc).

    One HiGHS model per system; for each cell only the objective changes, so every solve
    starts from the previous basis (this is what keeps the audit of a period in seconds)."""
    if not system.relations or system.atoms == 0:
        return []
    # A published 0 is exact: every unknown in it is 0. Taking those out first is exact and
    # leaves a much smaller program (most regions have nothing in most cells).
    zero = {a for r in system.relations if r.value == 0 and r.atoms for a in r.atoms}
    live = sorted(set(range(system.atoms)) - zero)
    index = {atom: i for i, atom in enumerate(live)}

    def kept(atoms: Sequence[int]) -> tuple[int, ...]:
        return tuple(index[a] for a in atoms if a in index)

    relations = []
    for relation in system.relations:
        atoms = kept(relation.atoms)
        relations.append((relation, atoms))
    n_atoms = len(live)
    if n_atoms == 0:
        return []
    unique: dict[tuple[int, ...], tuple[float, float]] = {}
    for relation, atoms in relations:
        if not atoms:
            continue
        low, high = _bounds(relation, k, noise)
        old_low, old_high = unique.get(atoms, (0.0, math.inf))
        unique[atoms] = (max(low, old_low), min(high, old_high))
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("presolve", "off")
    infinity = highspy.kHighsInf
    highs.addVars(n_atoms, np.zeros(n_atoms), np.full(n_atoms, infinity))
    starts, indexes, values, lows, highs_ = [], [], [], [], []
    for atoms, (low, high) in unique.items():
        starts.append(len(indexes))
        indexes += atoms
        values += [1.0] * len(atoms)
        lows.append(low)
        highs_.append(high if math.isfinite(high) else infinity)
    for left_all, right_all in system.equalities:
        left, right = kept(left_all), kept(right_all)
        coefficients: dict[int, float] = {}
        for atom in left:
            coefficients[atom] = coefficients.get(atom, 0.0) + 1.0
        for atom in right:
            coefficients[atom] = coefficients.get(atom, 0.0) - 1.0
        coefficients = {a: c for a, c in coefficients.items() if c}
        if not coefficients:
            continue
        starts.append(len(indexes))
        indexes += list(coefficients)
        values += list(coefficients.values())
        lows.append(0.0)
        highs_.append(0.0)
    highs.addRows(
        len(starts),
        np.array(lows, dtype=float),
        np.array(highs_, dtype=float),
        len(indexes),
        np.array(starts, dtype=np.int32),
        np.array(indexes, dtype=np.int32),
        np.array(values, dtype=float),
    )
    every = np.arange(n_atoms, dtype=np.int32)

    def solve(atoms: tuple[int, ...], sign: float) -> float | None:
        costs = np.zeros(n_atoms)
        costs[list(atoms)] = sign
        highs.changeColsCost(n_atoms, every, costs)
        highs.run()
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return sign * highs.getInfo().objective_function_value

    findings: list[Finding] = []
    seen: set[tuple[int, ...]] = set()
    for relation, atoms in relations:
        if not atoms or atoms in seen or not relation.target:
            continue
        small = 0 < relation.truth < k
        shown = relation.value not in (None, 0)
        if not small and not (check_shown and shown):
            continue
        seen.add(atoms)
        low = solve(atoms, 1.0)
        high = solve(atoms, -1.0)
        if low is None or high is None:
            findings.append(Finding(relation.label, relation.truth, 0, 0, "infeasible"))
            continue
        low_i, high_i = math.ceil(low - 1e-6), math.floor(high + 1e-6)
        if small and high_i - low_i + 1 < k:
            findings.append(
                Finding(relation.label, relation.truth, low_i, high_i, "small count pinned")
            )
        elif shown and low_i == high_i:
            findings.append(Finding(relation.label, relation.truth, low_i, high_i, "noise removed"))
    return findings
