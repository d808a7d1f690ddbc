"""Mail bodies from Jinja2 templates (Swedish and English, text and HTML), database-free."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context

from schemas.notifications import (
    DeadlineClosingContext,
    DeadlineOpensContext,
    DeadlineWithdrawnContext,
    DigestContent,
    Lang,
    LoginLinkContext,
    MailContext,
    MailKind,
    MeetingCancelledContext,
    MeetingInviteContext,
    MeetingReminderContext,
    RenderedMail,
    SeriesPollContext,
    SeriesProposalContext,
    SurveyInvitationContext,
    SurveyReminderContext,
    TaskAssignedContext,
    TaskOverdueContext,
    TaskReminderContext,
)
from services.notifications import formatting

TEMPLATE_DIR = Path(__file__).parent / "templates"
LANGUAGES: tuple[Lang, ...] = ("sv", "en")
_BLANK_RUNS = re.compile(r"\n{3,}")

CONTEXT_TYPES: dict[MailKind, type[MailContext]] = {
    MailKind.meeting_invite: MeetingInviteContext,
    MailKind.meeting_cancelled: MeetingCancelledContext,
    MailKind.meeting_reminder: MeetingReminderContext,
    MailKind.task_assigned: TaskAssignedContext,
    MailKind.task_reminder: TaskReminderContext,
    MailKind.task_overdue: TaskOverdueContext,
    MailKind.deadline_opens: DeadlineOpensContext,
    MailKind.deadline_closing: DeadlineClosingContext,
    MailKind.deadline_withdrawn: DeadlineWithdrawnContext,
    MailKind.survey_invitation: SurveyInvitationContext,
    MailKind.survey_reminder: SurveyReminderContext,
    MailKind.weekly_digest: DigestContent,
    MailKind.login_link: LoginLinkContext,
    MailKind.series_proposal: SeriesProposalContext,
    MailKind.series_poll: SeriesPollContext,
}


@pass_context
def _date(ctx: Context, value: date) -> str:
    """Filter: a date in the mail's language."""
    return formatting.format_date(value, ctx["lang"])


@pass_context
def _short_date(ctx: Context, value: date) -> str:
    """Filter: day and month only."""
    return formatting.format_short_date(value, ctx["lang"])


@pass_context
def _datetime(ctx: Context, value: datetime) -> str:
    """Filter: date and time in Stockholm time."""
    return formatting.format_datetime(value, ctx["lang"])


@pass_context
def _when(ctx: Context, start: datetime, end: datetime) -> str:
    """Filter: a meeting's start–end range."""
    return formatting.format_range(start, end, ctx["lang"])


def _isoweek(value: date) -> int:
    """Filter: ISO week number, as Swedes name weeks."""
    return value.isocalendar().week


@lru_cache(maxsize=1)
def environment() -> Environment:
    """One environment for all mails; HTML autoescaped, undefined names are errors."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        date=_date, short_date=_short_date, datetime=_datetime, when=_when, isoweek=_isoweek
    )
    return env


def _variables(context: MailContext, lang: Lang) -> dict[str, Any]:
    """Top-level template names: the context's fields (models kept as objects) plus `lang`."""
    names = {name: getattr(context, name) for name in type(context).model_fields}
    return {**names, "lang": lang}


def render_mail(kind: MailKind | str, *, lang: Lang, context: MailContext) -> RenderedMail:
    """Render subject, plain text and HTML of one mail in the recipient's language."""
    kind = MailKind(kind)
    expected = CONTEXT_TYPES[kind]
    if not isinstance(context, expected):
        raise TypeError(f"{kind.value} needs {expected.__name__}, got {type(context).__name__}")
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    env = environment()
    variables = _variables(context, lang)
    text_template = env.get_template(f"{kind.value}.{lang}.txt")
    subject_block = text_template.blocks["subject"]
    subject = "".join(subject_block(text_template.new_context(variables)))
    return RenderedMail(
        subject=re.sub(r"\s+", " ", subject).strip(),
        text=_BLANK_RUNS.sub("\n\n", text_template.render(variables)).strip() + "\n",
        html=env.get_template(f"{kind.value}.{lang}.html").render(variables, subject=subject),
    )
