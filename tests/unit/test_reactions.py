"""The registry of reactions refuses, when it is built, what would otherwise never fire."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.events.reactions import RegistryError
from services.registry import REACTIONS

HEADER = """
from services.events.reactions import consumer, on_timer, on_timers
from schemas.events import EventPayload, MeetingHeld, TaskCreated
"""
REGISTRY = """
from services.events.reactions import Reactions
from fake_reactions import first, second
REACTIONS = Reactions.collect([first, second])
"""


@pytest.fixture
def fake_package(tmp_path: Path) -> Iterator[Path]:
    """A throwaway package with two handler modules and a registry module listing them."""
    root = tmp_path / "fake_reactions"
    root.mkdir()
    (root / "__init__.py").write_text("")
    (root / "registry.py").write_text(REGISTRY)
    sys.path.insert(0, str(tmp_path))
    yield root
    sys.path.remove(str(tmp_path))
    for name in [m for m in sys.modules if m.startswith("fake_reactions")]:
        del sys.modules[name]


def handlers(root: Path, first: str, second: str) -> None:
    (root / "first.py").write_text(HEADER + textwrap.dedent(first))
    (root / "second.py").write_text(HEADER + textwrap.dedent(second))


def test_an_event_outside_the_catalogue_fails_when_the_registry_is_imported(
    fake_package: Path,
) -> None:
    handlers(
        fake_package,
        """
        class MeetingMoved(EventPayload):  # a payload nobody added to EVENT_TYPES
            pass

        @consumer(MeetingHeld, MeetingMoved, name="surveys")
        def handle(session, events): ...
        """,
        "",
    )
    with pytest.raises(RegistryError, match=r"'surveys' reacts to MeetingMoved: not an event"):
        __import__("fake_reactions.registry")


def test_a_consumer_name_used_twice_fails_when_the_registry_is_imported(
    fake_package: Path,
) -> None:
    same = """
        @consumer(TaskCreated, name="task_mail")
        def handle(session, events): ...
        """
    handlers(fake_package, same, same)
    with pytest.raises(RegistryError, match=r"consumer name 'task_mail' is used twice"):
        __import__("fake_reactions.registry")


def test_a_timer_kind_with_two_handlers_fails(fake_package: Path) -> None:
    timer = """
        @on_timer("task.overdue")
        def fire(session, timer, now): ...
        """
    handlers(fake_package, timer, timer)
    with pytest.raises(RegistryError, match=r"timer kind 'task.overdue' has two handlers"):
        __import__("fake_reactions.registry")


def test_a_timer_kind_with_a_one_timer_and_a_set_handler_fails(fake_package: Path) -> None:
    one = """
        @on_timer("task.overdue")
        def fire(session, timer, now): ...
        """
    together = """
        @on_timers("task.overdue")
        def fire_all(session, timers, now): ...
        """
    handlers(fake_package, one, together)
    with pytest.raises(RegistryError, match=r"timer kind 'task.overdue' has two handlers"):
        __import__("fake_reactions.registry")


def test_task_and_deadline_timers_fire_as_sets() -> None:
    kinds = ["task.reminder_before", "task.reminder_due", "task.overdue", "deadline.opens"]
    kinds += ["deadline.closing", "deadline.closes"]
    assert all(REACTIONS.timer_set(kind) is not None for kind in kinds)
    assert REACTIONS.timer_set("meeting.reminder") is None
    assert REACTIONS.timer("meeting.reminder") is not None


def test_the_application_registry_keeps_the_inbox_names_of_existing_databases() -> None:
    assert [c.name for c in REACTIONS.consumers] == [
        "followups",
        "meeting_invites",
        "meeting_substitutes",
        "meeting_reminders",
        "task_mail",
        "task_reassigned_mail",
        "rotation",
        "surveys",
        "survey_reminders",
    ]
    for kind in ("task.overdue", "survey.close", "deadline.closing", "series.consent_due"):
        handler = REACTIONS.timer(kind)
        assert handler is not None
        assert callable(handler)
    assert REACTIONS.timer("no.such.timer") is None
