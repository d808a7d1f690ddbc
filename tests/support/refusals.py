"""The planner's refusals as the CLI and the API's English word them (planning itself is pure
and raises a message code)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from services import messages
from services.series.planning.calendar_rules import PlanningError


@contextmanager
def planning_refused(match: str = "") -> Iterator[None]:
    """pytest.raises(PlanningError, match=...), searched in the refusal's English text."""
    with pytest.raises(PlanningError) as caught:
        yield
    english = messages.render(caught.value.code, caught.value.params, "en")
    assert re.search(match, english), f"{match!r} not in {english!r}"
