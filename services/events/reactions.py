"""Reactions to events and timers: handlers say what they react to, one registry holds them all.

A domain's `handlers.py` marks its functions with `@consumer(PayloadClass, ..., name=...)` or
`@on_timer(kind)` (one timer at a time) or `@on_timers(kind)` (every claimed timer of the kind in
one call, set-based); `services.registry` lists those modules and builds the one `Reactions` when it
is imported, refusing an event outside the catalogue (`schemas.events.EVENT_TYPES`) and a
consumer name or timer kind given twice, so a typo fails at start-up instead of never firing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import ModuleType
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from schemas.events import EVENT_TYPES, EventEnvelope, EventPayload
from services.events.models import Timer
from services.events.timers import DueTimer

P = TypeVar("P", bound=EventPayload, covariant=True)
Catalogue = Mapping[str, tuple[int, type[EventPayload]]]


@dataclass(frozen=True)
class Event(Generic[P]):
    """What a consumer gets: the envelope (identity and provenance) and its parsed payload."""

    envelope: EventEnvelope
    payload: P

    @property
    def event_id(self) -> uuid.UUID:
        return self.envelope.event_id

    @property
    def occurred_at(self) -> datetime:
        return self.envelope.occurred_at

    @property
    def aggregate_id(self) -> uuid.UUID:
        return self.envelope.aggregate_id

    @property
    def network_id(self) -> uuid.UUID | None:
        return self.envelope.network_id


# A consumer takes the batch of its events not handled before (each at most once, in order); it
# flushes, never commits. A timer handler takes one due timer; a timer set handler takes every
# claimed timer of its kind in a batch (and, when that fails, each alone: it must accept one).
ConsumerHandler = Callable[[Session, Sequence[Event[Any]]], None]
TimerHandler = Callable[[Session, Timer, datetime], None]
TimerSetHandler = Callable[[Session, Sequence[DueTimer], datetime], None]
OneTimer = Callable[[Session, DueTimer, datetime], None]
C = TypeVar("C", bound=ConsumerHandler)
T = TypeVar("T", bound=TimerHandler)
S = TypeVar("S", bound=TimerSetHandler)
_MARKS = "__samverkan_reactions__"


@dataclass(frozen=True)
class ConsumerMark:
    """What `@consumer` leaves on a handler for the registry to collect."""

    name: str
    payloads: tuple[type[EventPayload], ...]
    handle: ConsumerHandler


@dataclass(frozen=True)
class TimerMark:
    """What `@on_timer` leaves on a handler for the registry to collect."""

    kind: str
    handle: TimerHandler


@dataclass(frozen=True)
class TimerSetMark:
    """What `@on_timers` leaves on a set handler for the registry to collect."""

    kind: str
    handle: TimerSetHandler


Mark = ConsumerMark | TimerMark | TimerSetMark


def _mark(handler: Callable[..., None], mark: Mark) -> None:
    marks: list[Mark] = getattr(handler, _MARKS, [])
    setattr(handler, _MARKS, [*marks, mark])


def consumer(*payloads: type[EventPayload], name: str) -> Callable[[C], C]:
    """React to events of these payload classes; `name` keys the inbox rows, so it never changes."""

    def mark(handler: C) -> C:
        _mark(handler, ConsumerMark(name, payloads, handler))
        return handler

    return mark


def on_timer(kind: str) -> Callable[[T], T]:
    """Fire database timers of `kind` (`handler(session, timer, now)`)."""

    def mark(handler: T) -> T:
        _mark(handler, TimerMark(kind, handler))
        return handler

    return mark


def on_timers(kind: str) -> Callable[[S], S]:
    """Fire the claimed timers of `kind` together (`handler(session, timers, now)`)."""

    def mark(handler: S) -> S:
        _mark(handler, TimerSetMark(kind, handler))
        return handler

    return mark


def _as_timer(due: DueTimer) -> Timer:
    """A detached `Timer` for a one-timer handler (it reads the fields, never writes them)."""
    return Timer(
        id=due.id,
        kind=due.kind,
        subject_id=due.subject_id,
        key=due.key,
        network_id=due.network_id,
        due_at=due.due_at,
    )


class RegistryError(ValueError):
    """A handler module names an event outside the catalogue, or a name twice."""


@dataclass(frozen=True)
class Consumer:
    """A registered consumer: its inbox name, the event types it takes, its handler."""

    name: str
    event_types: frozenset[str]
    handle: ConsumerHandler


class Reactions:
    """Every consumer (in the order given) and timer handler; built once, checked when built."""

    def __init__(self, marks: Iterable[Mark], *, catalogue: Catalogue = EVENT_TYPES) -> None:
        self._catalogue = catalogue
        type_of = {payload: name for name, (_, payload) in catalogue.items()}
        consumers: dict[str, Consumer] = {}
        self._timers: dict[str, TimerHandler] = {}
        self._timer_sets: dict[str, TimerSetHandler] = {}
        for mark in marks:
            if isinstance(mark, TimerMark | TimerSetMark):
                if mark.kind in self._timers or mark.kind in self._timer_sets:
                    raise RegistryError(f"timer kind {mark.kind!r} has two handlers")
                if isinstance(mark, TimerSetMark):
                    self._timer_sets[mark.kind] = mark.handle
                else:
                    self._timers[mark.kind] = mark.handle
                continue
            if mark.name in consumers:
                raise RegistryError(f"consumer name {mark.name!r} is used twice")
            unknown = [p.__name__ for p in mark.payloads if p not in type_of]
            if unknown or not mark.payloads:
                raise RegistryError(
                    f"consumer {mark.name!r} reacts to {', '.join(unknown) or 'nothing'}: "
                    "not an event of the catalogue (schemas/events EVENT_TYPES)"
                )
            types = frozenset(type_of[p] for p in mark.payloads)
            consumers[mark.name] = Consumer(mark.name, types, mark.handle)
        self.consumers = tuple(consumers.values())

    @classmethod
    def collect(
        cls, modules: Iterable[ModuleType], *, catalogue: Catalogue = EVENT_TYPES
    ) -> Reactions:
        """The marked functions defined in these modules (not those they import)."""
        marks: list[Mark] = []
        for module in modules:
            for value in vars(module).values():
                if callable(value) and getattr(value, "__module__", None) == module.__name__:
                    marks.extend(getattr(value, _MARKS, []))
        return cls(marks, catalogue=catalogue)

    def consumers_for(self, event_type: str) -> list[Consumer]:
        return [c for c in self.consumers if event_type in c.event_types]

    def timer(self, kind: str) -> OneTimer | None:
        """Fire one timer of `kind`, whichever way its handler was registered."""
        handle_set = self._timer_sets.get(kind)
        if handle_set is not None:
            return lambda session, due, now: handle_set(session, [due], now)
        handle_one = self._timers.get(kind)
        if handle_one is None:
            return None
        return lambda session, due, now: handle_one(session, _as_timer(due), now)

    def timer_set(self, kind: str) -> TimerSetHandler | None:
        """The set handler of `kind`, if its timers fire together (else they fire one by one)."""
        return self._timer_sets.get(kind)

    def event(self, envelope: EventEnvelope) -> Event[Any]:
        """The envelope with its payload parsed by the catalogue's class for its type."""
        _, payload_type = self._catalogue[envelope.type]
        return Event(envelope, payload_type.model_validate(envelope.payload))


def marks_of(handlers: Sequence[Callable[..., None]]) -> list[Mark]:
    """The marks on these functions (tests build small registries of their own with it)."""
    return [mark for handler in handlers for mark in getattr(handler, _MARKS, [])]
