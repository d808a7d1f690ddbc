"""Every kind of mail renders in Swedish and English, text and HTML, with an unsubscribe link."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from schemas.notifications import (
    DeadlineClosingContext,
    DeadlineItem,
    DeadlineOpensContext,
    DeadlineWithdrawnContext,
    DigestContent,
    InviteMeeting,
    Lang,
    LoginLinkContext,
    MailContext,
    MailKind,
    MeetingCancelledContext,
    MeetingInviteContext,
    MeetingReminderContext,
    PollOption,
    ProposedDate,
    RsvpLinks,
    SeriesPollContext,
    SeriesProposalContext,
    SurveyInvitationContext,
    SurveyItem,
    SurveyReminderContext,
    TaskAssignedContext,
    TaskItem,
    TaskOverdueContext,
    TaskReminderContext,
)
from services.notifications.rendering import CONTEXT_TYPES, TEMPLATE_DIR, render_mail

BASE = "https://samverkan.example.org"
COMMON = {
    "recipient_name": "Åsa Öberg",
    "unsubscribe_url": f"{BASE}/u/tok-unsub",
    "member_page_url": f"{BASE}/me/tok-page",
    "network_name": "Nätverket mottagande och integration",
}
RSVP = RsvpLinks(
    accept=f"{BASE}/rsvp/accept/tok",
    tentative=f"{BASE}/rsvp/tentative/tok",
    decline=f"{BASE}/rsvp/decline/tok",
)
TASK = TaskItem(
    title="Mejla ut presentationen om etableringsuppdraget",
    due_on=date(2023, 9, 20),
    owner_name="Per Ström",
    organisation="Arbetsförmedlingen",
    source="Nätverksträff 6 september, punkt 3",
    url=f"{BASE}/tasks/7",
)
DEADLINE = DeadlineItem(
    title="Utlysning §37a-medel",
    opens_on=date(2024, 2, 15),
    closes_on=date(2024, 3, 31),
    url=f"{BASE}/deadlines/3",
)
SURVEY = SurveyItem(
    title="Utvärdering av nätverksträffen",
    url=f"{BASE}/surveys/5/tok",
    closes_at=datetime(2023, 9, 20, 15, 0, tzinfo=UTC),
    meeting_title="Nätverksträff 6 september",
)


def context_for(kind: MailKind, meeting: InviteMeeting) -> MailContext:
    contexts: dict[MailKind, MailContext] = {
        MailKind.meeting_invite: MeetingInviteContext(**COMMON, meeting=meeting, rsvp=RSVP),
        MailKind.meeting_cancelled: MeetingCancelledContext(
            **COMMON, meeting=meeting, reason="För få anmälda."
        ),
        MailKind.meeting_reminder: MeetingReminderContext(
            **COMMON, meeting=meeting, days_before=7, rsvp=RSVP
        ),
        MailKind.task_assigned: TaskAssignedContext(**COMMON, task=TASK),
        MailKind.task_reminder: TaskReminderContext(**COMMON, task=TASK, days_left=3),
        MailKind.task_overdue: TaskOverdueContext(**COMMON, task=TASK, days_overdue=2),
        MailKind.deadline_opens: DeadlineOpensContext(**COMMON, deadline=DEADLINE),
        MailKind.deadline_closing: DeadlineClosingContext(**COMMON, deadline=DEADLINE, days_left=1),
        MailKind.deadline_withdrawn: DeadlineWithdrawnContext(**COMMON, deadline=DEADLINE),
        MailKind.survey_invitation: SurveyInvitationContext(**COMMON, survey=SURVEY),
        MailKind.survey_reminder: SurveyReminderContext(**COMMON, survey=SURVEY),
        MailKind.weekly_digest: DigestContent(
            **COMMON,
            week_of=date(2023, 9, 11),
            open_tasks=[TASK],
            overdue_tasks=[TASK.model_copy(update={"title": "Skicka närvarolista"})],
            deadlines_ahead=[DEADLINE],
            next_meeting=meeting,
            unanswered_surveys=[SURVEY],
        ),
        MailKind.login_link: LoginLinkContext(
            **COMMON, login_url=f"{BASE}/login/tok", expires_in_minutes=15
        ),
        MailKind.series_proposal: SeriesProposalContext(
            **COMMON,
            series_name="Nätverket mottagande och integration",
            term="HT2023",
            reply_by=date(2023, 8, 25),
            dates=[
                ProposedDate(
                    title=meeting.title,
                    starts_at=meeting.starts_at,
                    ends_at=meeting.ends_at,
                    location=meeting.location,
                    works_url=f"{BASE}/serie/svar/tok?svar=passar",
                    objects_url=f"{BASE}/serie/svar/tok?svar=passar-inte",
                )
            ],
        ),
        MailKind.series_poll: SeriesPollContext(
            **COMMON,
            series_name="Nätverket mottagande och integration",
            closes_on=date(2023, 5, 31),
            options=[PollOption(slot="wed-pm", label="onsdag eftermiddag", url=f"{BASE}/p/t")],
        ),
    }
    return contexts[kind]


def test_every_kind_has_a_context_type() -> None:
    assert set(CONTEXT_TYPES) == set(MailKind)


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("kind", list(MailKind))
def test_every_kind_renders_in_both_languages(
    kind: MailKind, lang: Lang, meeting: InviteMeeting
) -> None:
    for suffix in ("txt", "html"):
        assert (TEMPLATE_DIR / f"{kind.value}.{lang}.{suffix}").is_file()
    mail = render_mail(kind, lang=lang, context=context_for(kind, meeting))
    assert mail.subject
    assert "\n" not in mail.subject
    assert len(mail.subject) < 120
    assert mail.text.startswith("Hej Åsa Öberg!" if lang == "sv" else "Hello Åsa Öberg,")
    assert COMMON["unsubscribe_url"] in mail.text
    assert f'href="{COMMON["unsubscribe_url"]}"' in mail.html
    assert f'<html lang="{lang}">' in mail.html
    assert f"<title>{mail.subject}</title>" in mail.html
    assert "\n\n\n" not in mail.text
    for rendered in (mail.text, mail.html):
        assert "{{" not in rendered
        assert "{%" not in rendered


def test_swedish_invite_reads_as_swedes_write_dates(meeting: InviteMeeting) -> None:
    mail = render_mail(
        "meeting_invite", lang="sv", context=context_for(MailKind.meeting_invite, meeting)
    )
    assert (
        mail.subject
        == "Inbjudan: Nätverksträff mottagande och integration, onsdag 6 september 2023"
    )
    assert "När: onsdag 6 september 2023, 13:00–16:00" in mail.text
    assert "  2. Kommun i fokus: Lilla Edet" in mail.text
    assert RSVP.accept in mail.text
    assert RSVP.decline in mail.text
    assert f'href="{RSVP.tentative}"' in mail.html
    assert "Etableringsuppdraget &lt;AF&gt;" in mail.html
    assert "Etableringsuppdraget <AF>" in mail.text


def test_english_invite(meeting: InviteMeeting) -> None:
    mail = render_mail(
        "meeting_invite", lang="en", context=context_for(MailKind.meeting_invite, meeting)
    )
    assert "When: Wednesday 6 September 2023, 13:00–16:00" in mail.text


def test_updated_invite_says_so(meeting: InviteMeeting) -> None:
    changed = meeting.model_copy(update={"sequence": 2})
    context = MeetingInviteContext(**COMMON, meeting=changed)
    assert render_mail("meeting_invite", lang="sv", context=context).subject.startswith(
        "Ändrad inbjudan:"
    )
    assert render_mail("meeting_invite", lang="en", context=context).subject.startswith(
        "Updated invitation:"
    )


@pytest.mark.parametrize(
    ("days", "sv", "en"),
    [(7, "om 7 dagar", "in 7 days"), (1, "i morgon", "tomorrow"), (0, "i dag", "today")],
)
def test_meeting_reminder_wording(meeting: InviteMeeting, days: int, sv: str, en: str) -> None:
    context = MeetingReminderContext(**COMMON, meeting=meeting, days_before=days)
    assert render_mail("meeting_reminder", lang="sv", context=context).subject.endswith(sv)
    assert render_mail("meeting_reminder", lang="en", context=context).subject.endswith(en)


def test_task_due_today(meeting: InviteMeeting) -> None:
    context = TaskReminderContext(**COMMON, task=TASK, days_left=0)
    mail = render_mail("task_reminder", lang="sv", context=context)
    assert mail.subject.startswith("I dag:")
    assert "Senast: onsdag 20 september 2023" in mail.text


@pytest.mark.parametrize(
    ("escalation", "phrase"),
    [
        ("owner", "Din uppgift skulle ha varit klar för 2 dagar sedan."),
        ("organisation_contact", "Du är kontaktperson för Arbetsförmedlingen."),
        ("coordinator", "påminnelser till ansvarig och organisationens kontaktperson"),
    ],
)
def test_overdue_escalation_levels(escalation: str, phrase: str) -> None:
    context = TaskOverdueContext(**COMMON, task=TASK, days_overdue=2, escalation=escalation)
    mail = render_mail("task_overdue", lang="sv", context=context)
    assert phrase in mail.text
    assert ("(Arbetsförmedlingen)" in mail.subject) is (escalation != "owner")


def test_empty_digest_says_nothing_is_waiting() -> None:
    context = DigestContent(**COMMON, week_of=date(2024, 1, 8))
    mail = render_mail("weekly_digest", lang="sv", context=context)
    assert mail.subject == "Veckans sammanfattning, vecka 2"
    assert "Inget som väntar just nu." in mail.text


def test_wrong_context_type_is_refused() -> None:
    with pytest.raises(TypeError, match="meeting_invite needs MeetingInviteContext"):
        render_mail("meeting_invite", lang="sv", context=TaskAssignedContext(**COMMON, task=TASK))


def test_unknown_language_is_refused(meeting: InviteMeeting) -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        render_mail("login_link", lang="de", context=context_for(MailKind.login_link, meeting))  # type: ignore[arg-type]


def test_swedish_proposal_lists_dates_the_reply_by_date_and_what_silence_means(
    meeting: InviteMeeting,
) -> None:
    context = context_for(MailKind.series_proposal, meeting)
    mail = render_mail(MailKind.series_proposal, lang="sv", context=context)
    assert "onsdag 6 september 2023, 13:00–16:00" in mail.text
    assert "Svara senast fredag 25 augusti 2023" in mail.text
    assert "svara direkt, annars anses föreslagna mötestider godkända" in mail.text
    assert "Passar: https://samverkan.example.org/serie/svar/tok?svar=passar" in mail.text
    assert 'href="https://samverkan.example.org/serie/svar/tok?svar=passar-inte"' in mail.html
