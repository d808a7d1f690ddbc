"""Walks the minutes once, item by item, and collects everything the follow-up work needs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from schemas.minutes import (
    AbsentAttendee,
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    MinutesDate,
    MinutesExtraction,
    PresentAttendee,
    SeriesProposal,
)
from services.minutes.extraction import lexicon as lx
from services.minutes.extraction.actions import ActionContext, Owner, detect_action, resolve_who
from services.minutes.extraction.attendance import PeopleIndex, parse_attendance
from services.minutes.extraction.dates import DateMention, classify, find_dates
from services.minutes.extraction.layout import Line, agenda_match, sentences, split_lines
from services.minutes.extraction.organisations import OrganisationMatcher
from services.people.registry import OrganisationRef

HISTORY_DAYS = 31
_WEAK_KINDS = {"event", "window_opens"}


@dataclass
class _State:
    item: int | None = None
    speaker: Owner = field(default_factory=Owner)
    in_decision: bool = False
    intro: str = ""


def extract_minutes(
    text: str, *, meeting_date: date, organisations: Sequence[OrganisationRef]
) -> MinutesExtraction:
    """Deterministic: the same text, date and registry always give the same extraction."""
    orgs = OrganisationMatcher(organisations)
    lines = split_lines(text)
    block = parse_attendance(lines, orgs)
    people = PeopleIndex(block.present + block.absent)
    agenda_rows = _agenda(lines)
    result = MinutesExtraction(
        meeting_date=meeting_date,
        attendance=Attendance(
            present=[
                PresentAttendee(name=p.name, organisation=p.organisation, items=p.items)
                for p in block.present
            ],
            absent=[AbsentAttendee(name=p.name, organisation=p.organisation) for p in block.absent],
        ),
        agenda=[AgendaItem(number=n, title=t) for _, n, t in agenda_rows],
    )
    starts = {index: number for index, number, _ in agenda_rows}
    first = min(starts) if starts else 0
    state = _State()
    for index in range(first, len(lines)):
        line = lines[index]
        if index in block.consumed or line.kind == "blank":
            continue
        if lx.FOOTER.match(line.text):
            break
        if index in starts:
            state = _State(item=starts[index])
            continue
        if line.kind == "heading":
            _heading(line, state, result, people, orgs)
            continue
        _body(
            line,
            lines,
            index,
            state,
            result,
            ActionContext(state.speaker, people, orgs),
            meeting_date,
        )
    result.dates = _dedupe_dates(result.dates, meeting_date)
    return result


def _agenda(lines: list[Line]) -> list[tuple[int, int | None, str]]:
    """Numbered headings in a plausible sequence; stray numbered lists do not break it."""
    rows: list[tuple[int, int | None, str]] = []
    last: int | None = None
    for index, line in enumerate(lines):
        if line.kind != "agenda" or line.number is None:
            continue
        if (last is None and line.number <= 3) or (
            last is not None and last < line.number <= last + 3
        ):
            match = agenda_match(line.text)
            title = match.group("title") if match else line.text
            rows.append((index, line.number, title.strip().rstrip(".:")))
            last = line.number
        else:
            line.kind = "text"
    if not rows:
        for index, line in enumerate(lines):
            header = lx.ATTENDANCE_HEADER.match(line.text)
            attendance = header is not None and bool(
                header.group("present") or header.group("absent")
            )
            if line.markdown_heading and line.kind == "heading" and not attendance:
                rows.append((index, None, line.text))
    return rows


def _heading(
    line: Line,
    state: _State,
    result: MinutesExtraction,
    people: PeopleIndex,
    orgs: OrganisationMatcher,
) -> None:
    decision = lx.DECISION_HEADING.match(line.text)
    if decision is not None:
        state.in_decision = not decision.group("rest")
        if decision.group("rest"):
            result.decisions.append(Decision(item=state.item, text=decision.group("rest")))
        return
    state.in_decision = False
    who = resolve_who(line.text.rstrip(" ,:"), ActionContext(Owner(), people, orgs))
    state.speaker = who or Owner()


def _body(
    line: Line, lines: list[Line], index: int, state: _State, result: MinutesExtraction,
    context: ActionContext, meeting: date,
) -> None:  # fmt: skip
    text = line.text
    inline = lx.DECISION_HEADING.match(text)
    if (
        inline is not None
        and inline.group("rest")
        and text[: len("beslut")].lower() == "beslut"
        and ":" in text[:12]
    ):
        result.decisions.append(Decision(item=state.item, text=inline.group("rest")))
        text = inline.group("rest")
    elif state.in_decision:
        result.decisions.append(Decision(item=state.item, text=text))
    if line.kind != "bullet":
        speaker = lx.SPEAKER_VERB.match(text)
        if speaker is not None:
            who = resolve_who(speaker.group("who"), context)
            if who is not None:
                state.speaker = who
                context = ActionContext(who, context.people, context.orgs)
    past = bool(lx.PAST_TENSE.search(text))
    for sentence in sentences(text):
        if not state.in_decision and lx.DECISION_VERB.search(sentence) and inline is None:
            result.decisions.append(Decision(item=state.item, text=sentence))
        mentions = _dates(
            sentence, state.intro if line.kind == "bullet" else "", meeting, past, result
        )
        full = sentence + _following_bullets(lines, index) if sentence.endswith(":") else sentence
        hit = detect_action(full, context)
        if hit is not None:
            due = next((d for d, k in mentions if k not in _WEAK_KINDS), None)
            result.action_items.append(
                ActionItem(
                    text=full,
                    owner_organisation=hit.owner.organisation,
                    owner_name=hit.owner.name,
                    due=due.value if due else None,
                    kind=hit.kind,
                    item=state.item,
                )
            )
        if lx.SERIES_MEETING_WORD.search(sentence) and lx.SERIES_CUE.search(sentence):
            result.series_proposals.append(SeriesProposal(text=sentence))
    if line.kind != "bullet":
        state.intro = text


def _following_bullets(lines: list[Line], index: int) -> str:
    parts: list[str] = []
    for line in lines[index + 1 :]:
        if line.kind == "blank" and not parts:
            continue
        if line.kind != "bullet":
            break
        parts.append(line.text)
    return (" " + " ".join(parts)) if parts else ""


def _dates(
    sentence: str, intro: str, meeting: date, past: bool, result: MinutesExtraction
) -> list[tuple[DateMention, str]]:
    found: list[tuple[DateMention, str]] = []
    previous: DateMention | None = None
    previous_kind: str | None = None
    for mention in find_dates(sentence, meeting, past_context=past):
        kind = classify(sentence, mention, previous, previous_kind)
        if kind == "other" and intro:
            kind = classify(intro + " " + mention.raw, _shift(mention, intro, sentence), None, None)
        if mention.source in ("season", "relative") and kind in _WEAK_KINDS:
            kind = "other"
        found.append((mention, kind))
        result.dates.append(
            MinutesDate(date=mention.value, time=mention.time, kind=kind, text=sentence[:240])
        )
        previous, previous_kind = mention, kind
    return found


def _shift(mention: DateMention, intro: str, sentence: str) -> DateMention:
    start = len(intro) + 1
    return DateMention(
        start, start + len(mention.raw), mention.value, mention.time, mention.raw, mention.source
    )


def _dedupe_dates(dates: list[MinutesDate], meeting: date) -> list[MinutesDate]:
    """One entry per (date, kind); a bare mention of a date that has a real kind is dropped."""
    oldest = meeting - timedelta(days=HISTORY_DAYS)
    kinds: dict[date, set[str]] = {}
    for entry in dates:
        kinds.setdefault(entry.date, set()).add(entry.kind)
    kept: list[MinutesDate] = []
    seen: set[tuple[date, str]] = set()
    for entry in dates:
        key = (entry.date, entry.kind)
        if key in seen or entry.date < oldest:
            continue
        if entry.kind == "other" and (len(kinds[entry.date]) > 1 or entry.date == meeting):
            continue
        seen.add(key)
        kept.append(entry)
    return kept
