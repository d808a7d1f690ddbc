"""Walks the minutes once, item by item, and collects everything the follow-up work needs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
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
    UnsureName,
)
from services.minutes.extraction import lexicon as lx
from services.minutes.extraction.actions import ActionContext, Owner, detect_action, resolve_who
from services.minutes.extraction.attendance import PeopleIndex, parse_attendance
from services.minutes.extraction.dates import DateMention, classify, find_dates, for_kind
from services.minutes.extraction.layout import Line, agenda_match, sentences, split_lines
from services.minutes.extraction.organisations import OrganisationMatcher
from services.minutes.extraction.titles import date_title, task_title
from services.people.registry import OrganisationRef

HISTORY_DAYS = 31
_WEAK_KINDS = {"event", "window_opens"}
_Sentence = tuple[str, list[tuple[DateMention, str]]]


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
    inline = lx.DECISION_HEADING.match(text) if ":" in text[:12] else None
    if inline is not None and inline.group("rest") and text[:6].lower() == "beslut":
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
    previous: _Sentence = ("", [])
    for sentence in sentences(text):
        if not state.in_decision and lx.DECISION_VERB.search(sentence) and inline is None:
            result.decisions.append(Decision(item=state.item, text=sentence))
        intro = state.intro if line.kind == "bullet" else ""
        mentions = _dates(sentence, intro, meeting, past, result, _subject_of(result, state))
        task, task_dates = _with_task((sentence, mentions), previous, result)
        full = task + _following_bullets(lines, index) if task.endswith(":") else task
        _add_action(full, task_dates, context, state, result)
        if lx.SERIES_MEETING_WORD.search(sentence) and lx.SERIES_CUE.search(sentence):
            result.series_proposals.append(SeriesProposal(text=sentence))
        previous = (sentence, mentions)
    if line.kind != "bullet":
        state.intro = text


def _add_action(
    text: str,
    mentions: list[tuple[DateMention, str]],
    context: ActionContext,
    state: _State,
    result: MinutesExtraction,
) -> None:
    """Record the sentence as a task when it asks someone to act; a term is no due date."""
    hit = detect_action(text, context)
    if hit is None:
        return
    owner = hit.owner
    due = next(
        (
            d
            for d, k in mentions
            if k not in _WEAK_KINDS and not (d.source == "season" and k == "other")
        ),
        None,
    )
    title, sure = task_title(text)
    unsure: list[UnsureName] = [] if sure else ["title"]
    if owner.organisation is None and (owner.name is None or not context.people.find(owner.name)):
        unsure.append("owner")
    if due is None:
        unsure.append("due")
    result.action_items.append(
        ActionItem(
            text=text,
            title=title,
            owner_organisation=owner.organisation,
            owner_name=owner.name,
            due=due.value if due else None,
            kind=hit.kind,
            item=state.item,
            unsure=unsure,
        )
    )


def _subject_of(result: MinutesExtraction, state: _State) -> str | None:
    """The agenda item's title, which names what a bare "Sista svarsdag" is about."""
    if state.item is None:
        return None
    return next((a.title for a in result.agenda if a.number == state.item), None)


def _with_task(current: _Sentence, previous: _Sentence, result: MinutesExtraction) -> _Sentence:
    """ "Ansvarig: Lerum." on its own belongs to the task in the sentence before it."""
    if not previous[0] or not lx.RESPONSIBLE.match(current[0].lstrip("(–- ")):
        return current
    if result.action_items and result.action_items[-1].text == previous[0]:
        result.action_items.pop()
    return f"{previous[0]} {current[0]}", previous[1] + current[1]


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
    sentence: str,
    intro: str,
    meeting: date,
    past: bool,
    result: MinutesExtraction,
    subject: str | None = None,
) -> list[tuple[DateMention, str]]:
    found: list[tuple[DateMention, str]] = []
    previous: DateMention | None = None
    previous_kind: str | None = None
    for mention in find_dates(sentence, meeting, past_context=past):
        kind = classify(sentence, mention, previous, previous_kind)
        if kind == "other" and intro:
            kind = classify(intro + " " + mention.raw, _shift(mention, intro), None, None)
        if mention.source in ("season", "relative") and kind in _WEAK_KINDS:
            kind = "other"
        mention = for_kind(mention, kind)
        for value, value_kind in _window(sentence, mention, kind, found):
            found.append((replace(mention, value=value), value_kind))
        previous, previous_kind = mention, kind
    for mention, kind in found:
        title, sure = date_title(sentence, mention.start, kind, subject)
        result.dates.append(
            MinutesDate(
                date=mention.value,
                time=mention.time,
                kind=kind,
                text=sentence[:240],
                title=title,
                unsure=[] if sure else ["title"],
            )
        )
    return found


def _window(
    sentence: str, mention: DateMention, kind: str, found: list[tuple[DateMention, str]]
) -> list[tuple[date, str]]:
    """An application period "mellan 1–15 april" or "1 april–15 maj" opens and closes."""
    applying = lx.APPLICATION_WORD.search(sentence) is not None
    if mention.range_end is not None and applying and kind in ("other", "event", "window_opens"):
        return [(mention.value, "window_opens"), (mention.range_end, "window_closes")]
    if kind == "window_closes" and found and found[-1][1] == "other":
        gap = sentence[found[-1][0].end : mention.start]
        if lx.RANGE_GAP.match(gap):
            found[-1] = (found[-1][0], "window_opens")
    return [(mention.value, kind)]


def _shift(mention: DateMention, intro: str) -> DateMention:
    start = len(intro) + 1
    return replace(mention, start=start, end=start + len(mention.raw))


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
