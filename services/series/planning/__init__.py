"""Pure series planning: terms, holidays, half-days, the proposal, poll tallies and recurrence.

These modules take plain values and touch no database; the series service feeds them.
"""
