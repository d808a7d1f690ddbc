"""Every mail kind is declared once, by its domain, with the rules the channel used to hard-code."""

from __future__ import annotations

import pytest

from schemas.notifications import MailKind
from services.auth.mail import staff_recipient
from services.meetings.mail import KINDS as MEETING_KINDS
from services.notifications.kinds import MailKinds
from services.notifications.preferences import OPTIONAL_PREFERENCES
from services.registry import MAIL_KINDS


def test_every_kind_has_one_declaration_and_a_known_switch() -> None:
    assert sorted(MAIL_KINDS.names()) == sorted(k.value for k in MailKind)
    for name in MAIL_KINDS.names():
        payload = MAIL_KINDS.spec(name).payload
        assert payload.kind.value == name
        assert payload.preference is None or payload.preference in OPTIONAL_PREFERENCES


def test_the_rules_stay_what_they_were() -> None:
    assert MAIL_KINDS.urgent == {"meeting_cancelled", "login_link"}
    assert MAIL_KINDS.batchable == {
        "meeting_reminder",
        "task_assigned",
        "task_reminder",
        "task_overdue",
        "deadline_opens",
        "deadline_closing",
        "deadline_withdrawn",
        "survey_invitation",
        "survey_reminder",
    }
    switches = {
        n: MAIL_KINDS.spec(n).payload.preference
        for n in MAIL_KINDS.names()
        if MAIL_KINDS.spec(n).payload.preference
    }
    assert switches == {
        "meeting_reminder": "meeting_reminder",
        "task_reminder": "task_reminder",
        "task_overdue": "task_reminder",
        "deadline_opens": "deadline_reminder",
        "deadline_closing": "deadline_reminder",
        "deadline_withdrawn": "deadline_reminder",
        "survey_reminder": "survey_reminder",
        "weekly_digest": "weekly_digest",
    }


def test_a_kind_declared_twice_or_not_at_all_is_refused() -> None:
    specs = [MAIL_KINDS.spec(n) for n in MAIL_KINDS.names()]
    assert specs[0].payload.kind == MailKind.meeting_invite
    with pytest.raises(ValueError, match="'meeting_invite' is declared twice"):
        MailKinds([*specs, MEETING_KINDS[0]], staff=staff_recipient)
    with pytest.raises(ValueError, match=r"without a declaration: .*meeting_invite"):
        MailKinds(specs[1:], staff=staff_recipient)
