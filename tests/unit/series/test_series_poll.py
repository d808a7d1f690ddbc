"""Preference poll: every organisation counts once, however many of its members vote."""

from __future__ import annotations

from fractions import Fraction

from services.series.planning.calendar_rules import Half, Slot
from services.series.planning.poll import best_slots, concrete_slots, tally_votes

WED_PM, FRI_PM, FRI_AM = Slot(2, Half.pm), Slot(4, Half.pm), Slot(4, Half.am)


def test_each_organisation_counts_once() -> None:
    votes = [
        ("goteborg", "m1", "wed-pm"),
        ("goteborg", "m2", "wed-pm"),
        ("goteborg", "m3", "fri-pm"),
        ("goteborg", "m4", "fri-pm"),
        ("ale", "a1", "fri-pm"),
    ]
    tally = tally_votes(votes)
    assert tally == {FRI_PM: Fraction(3, 2), WED_PM: Fraction(1, 2)}
    assert sum(tally.values()) == 2  # two organisations, one vote each


def test_bare_weekday_approves_both_halves_and_duplicates_count_once() -> None:
    tally = tally_votes([(1, 10, "fre"), (1, 10, "fri-pm"), (2, 20, WED_PM)])
    assert tally == {FRI_PM: 1, WED_PM: 1, FRI_AM: 1}
    assert concrete_slots("ons") == (WED_PM, Slot(2, Half.am))


def test_best_slots_orders_by_weight_then_afternoon() -> None:
    tally = tally_votes([(1, 1, "fri"), (2, 2, "fri-am"), (3, 3, "wed-am")])
    assert best_slots(tally) == [FRI_AM, FRI_PM]
    assert best_slots(tally, limit=3) == [FRI_AM, FRI_PM, Slot(2, Half.am)]
    assert best_slots({}) == []


def test_tie_goes_to_the_afternoon() -> None:
    tally = tally_votes([(1, 1, "tue-am"), (2, 2, "thu-pm")])
    assert best_slots(tally, limit=1) == [Slot(3, Half.pm)]
