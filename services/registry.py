"""The one place where the domains plug in: the modules whose handlers react to events and timers.

Importing this module builds `REACTIONS` and checks it: an event outside the catalogue, or a
consumer name or timer kind used twice, stops the process here with a message naming it.
A new handlers module is added to HANDLER_MODULES, nowhere else.
"""

from __future__ import annotations

from services.deadlines import handlers as deadline_handlers
from services.events.reactions import Reactions
from services.meetings import handlers as meeting_handlers
from services.minutes import handlers as minutes_handlers
from services.notifications import digest as digest_handlers
from services.series import handlers as series_handlers
from services.series import timers as series_timers
from services.surveys import handlers as survey_handlers
from services.tasks import handlers as task_handlers

# The order is the order consumers run in for a batch (each in its own transaction).
HANDLER_MODULES = (
    minutes_handlers,
    meeting_handlers,
    task_handlers,
    series_handlers,
    survey_handlers,
    deadline_handlers,
    digest_handlers,
    series_timers,
)
REACTIONS = Reactions.collect(HANDLER_MODULES)
