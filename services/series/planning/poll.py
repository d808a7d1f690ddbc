"""Weekday/half-day preference poll: tally votes so that each organisation counts once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from fractions import Fraction

from services.series.planning.calendar_rules import PREFERRED_HALF, Half, Slot, parse_slot

Vote = tuple[Hashable, Hashable, Slot | str]
"""(organisation_id, member_id, slot): one member saying one half-day suits them."""

# What a poll offers unless the coordinator names the half-days: every weekday morning/afternoon.
ALL_OPTIONS = [Slot(day, half).token for day in range(5) for half in Half]


def concrete_slots(slot: Slot | str) -> tuple[Slot, ...]:
    """A bare weekday vote ("fri") approves both halves of that day."""
    parsed = parse_slot(slot) if isinstance(slot, str) else slot
    return tuple(Slot(parsed.weekday, half) for half in parsed.halves())


def tally_votes(votes: Iterable[Vote]) -> dict[Slot, Fraction]:
    """Weight per half-day: each organisation's weight 1 is split across its voting members."""
    approvals: dict[Hashable, dict[Hashable, set[Slot]]] = defaultdict(lambda: defaultdict(set))
    for organisation_id, member_id, slot in votes:
        approvals[organisation_id][member_id].update(concrete_slots(slot))
    totals: dict[Slot, Fraction] = defaultdict(Fraction)
    for members in approvals.values():
        share = Fraction(1, len(members))
        for slots in members.values():
            for slot in slots:
                totals[slot] += share
    return dict(sorted(totals.items(), key=lambda item: _rank_key(item[0], item[1])))


def _rank_key(slot: Slot, weight: Fraction) -> tuple[Fraction, bool, int]:
    """Heaviest first; ties go to the afternoon ("helst em"), then the earlier weekday."""
    return (-weight, slot.half != PREFERRED_HALF, slot.weekday)


def best_slots(tally: Mapping[Slot, Fraction], limit: int = 2) -> list[Slot]:
    """The top half-days in preference order, ready to pass to the planner as poll_slots."""
    ranked = sorted(tally.items(), key=lambda item: _rank_key(item[0], item[1]))
    return [slot for slot, weight in ranked[:limit] if weight > 0]
