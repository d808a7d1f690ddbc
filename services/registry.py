"""The one place where the domains plug in: their reactions to events and timers, their mail.

Importing this module builds both registries and checks them: an event outside the catalogue,
a consumer name or timer kind used twice, a mail kind declared twice or not at all stops the
process here with a message naming it. A new handlers or mail module is added here, nowhere
else; the engines (services.events, services.notifications) are handed what is built here.
"""

from __future__ import annotations

from services.auth import mail as staff_mail
from services.deadlines import handlers as deadline_handlers
from services.deadlines import mail as deadline_mail
from services.digest import handlers as digest_handlers
from services.digest import mail as digest_mail
from services.events.reactions import Reactions
from services.meetings import handlers as meeting_handlers
from services.meetings import mail as meeting_mail
from services.minutes import handlers as minutes_handlers
from services.notifications.kinds import MailKinds
from services.people import mail as people_mail
from services.series import handlers as series_handlers
from services.series import mail as series_mail
from services.series import timers as series_timers
from services.surveys import handlers as survey_handlers
from services.surveys import mail as survey_mail
from services.tasks import handlers as task_handlers
from services.tasks import mail as task_mail

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

MAIL_KINDS = MailKinds(
    [
        *meeting_mail.KINDS,
        *task_mail.KINDS,
        *deadline_mail.KINDS,
        *survey_mail.KINDS,
        *series_mail.KINDS,
        *people_mail.KINDS,
        *digest_mail.KINDS,
    ],
    staff=staff_mail.staff_recipient,
)
