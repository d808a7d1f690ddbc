"""The series pages' forms read into the series contracts, one message per bad field."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from schemas.enums import MeetingKind, MeetingMode
from schemas.series import (
    AdjacentRequest,
    PollIn,
    RecurringIn,
    RotationIn,
    SendProposalIn,
    SeriesIn,
    SeriesPatch,
    SeriesProposalIn,
)
from services.errors import DomainError
from services.web import i18n
from services.web.forms import Fields

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
SLOTS = tuple(t for day in WEEKDAYS for t in (day, f"{day}-am", f"{day}-pm"))
RRULE_DAYS = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR"}
FREQUENCIES = ("weekly", "biweekly", "monthly")
ORDINALS = ("1", "2", "3", "4", "-1")
MODES = ("custom", "on_site", "digital", "alternate")
ADJACENT = ("", "steering", "preparatory")
# The contract's field → the form field its message goes next to.
FIELD_OF = {
    "duration_minutes": "duration",
    "weekdays": "pref1",
    "modes": "mode",
    "adjacent": "adjacent_minutes",
    "time": "to_time",
    "avoid_school_breaks": "school_breaks",
    "organisation_ids": "rotation",
}
# The planner's refusals of a term (services.messages): the page names the term field.
_TERM_CODES = frozenset(
    {"planning.unknown_term", "planning.term_past", "planning.term_ended", "planning.term_too_far"}
)


@dataclass
class Parsed:
    """What a form gave: the contract (None when a field is wrong), the values to show again."""

    data: Any = None
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _build(model: type[BaseModel], f: Fields, values: dict[str, Any], **kwargs: Any) -> Parsed:
    """The contract, or each refused field as a form error (the contract has the last word)."""
    if f.errors:
        return Parsed(values=values, errors=f.errors)
    try:
        return Parsed(data=model(**kwargs), values=values)
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for problem in exc.errors():
            name = str(problem["loc"][0]) if problem["loc"] else "form"
            name = FIELD_OF.get(name, name)
            errors.setdefault(name, i18n.translate("series_bad_value", f.lang))
        return Parsed(values=values, errors=errors)


def series_form(form: FormData, lang: i18n.Lang) -> Parsed:
    """Name, term, description and the default place (or video link) of a series."""
    f = Fields(form, lang)
    values = {
        "name": f.text("name", required=True, max_length=200),
        "term": f.text("term", max_length=20),
        "description": f.text("description", max_length=10_000),
        "default_location": f.text("default_location"),
    }
    kwargs = {k: v or None for k, v in values.items()}
    kwargs["description"] = values["description"]
    return _build(SeriesIn, f, values, **kwargs)


def patch_form(form: FormData, lang: i18n.Lang) -> Parsed:
    parsed = series_form(form, lang)
    if parsed.errors:
        return parsed
    v = parsed.values
    patch = SeriesPatch(
        name=v["name"], description=v["description"], default_location=v["default_location"] or None
    )
    return Parsed(data=patch, values=v)


def proposal_form(form: FormData, lang: i18n.Lang) -> Parsed:
    """Term, count, preferred half-days in order, length, form, and the group meeting beside."""
    f = Fields(form, lang)
    values: dict[str, Any] = {
        "term": f.text("term", required=True, max_length=20),
        "count": f.text("count", max_length=6),
        "duration": f.text("duration", max_length=6),
        "mode": f.text("mode", max_length=20) or "custom",
        "adjacent": f.text("adjacent", max_length=20),
        "position": f.text("position", max_length=10) or "before",
        "adjacent_minutes": f.text("adjacent_minutes", max_length=6),
    }
    prefs = [f.text(f"pref{n}", max_length=10) for n in (1, 2, 3)]
    values.update({f"pref{n}": p for n, p in enumerate(prefs, 1)})
    count = f.integer("count")
    if count is None and "count" not in f.errors:
        f.errors["count"] = i18n.translate("required", lang)
    duration = f.integer("duration") or 180
    for name, value, allowed in (
        ("mode", values["mode"], MODES),
        ("adjacent", values["adjacent"], ADJACENT),
        ("position", values["position"], ("before", "after")),
        *((f"pref{n}", p, ("", *SLOTS)) for n, p in enumerate(prefs, 1)),
    ):
        if value not in allowed:
            f.errors[name] = i18n.translate("series_bad_value", lang)
    if f.errors:
        return Parsed(values=values, errors=f.errors)
    adjacent = None
    if values["adjacent"]:
        try:
            adjacent = AdjacentRequest(
                kind=MeetingKind(values["adjacent"]),
                position=values["position"],
                duration_minutes=f.integer("adjacent_minutes") or 60,
            )
        except ValidationError:
            f.errors["adjacent_minutes"] = i18n.translate("series_bad_minutes", lang)
            return Parsed(values=values, errors=f.errors)
    weekdays = list(dict.fromkeys(p for p in prefs if p)) or None
    return _build(
        SeriesProposalIn,
        f,
        values,
        term=values["term"],
        count=count,
        weekdays=weekdays,
        modes=_modes(values["mode"], count or 1),
        duration_minutes=duration,
        adjacent=adjacent,
    )


def _modes(choice: str, count: int) -> list[MeetingMode] | None:
    """The network's custom (first and last on site), all on site, all digital, or every
    other meeting digital (starting on site)."""
    if choice == "custom":
        return None
    if choice in ("on_site", "digital"):
        return [MeetingMode(choice)] * count
    return [(MeetingMode.on_site, MeetingMode.digital)[n % 2] for n in range(count)]


def poll_form(form: FormData, lang: i18n.Lang) -> Parsed:
    """The half-days to ask about (none ticked: every weekday morning and afternoon)."""
    f = Fields(form, lang)
    options = [str(o) for o in form.getlist("options") if o in SLOTS]
    closes_on = f.day("closes_on")
    values = {"options": options, "closes_on": f.text("closes_on", max_length=10)}
    return _build(PollIn, f, values, options=options or None, closes_on=closes_on)


def send_form(form: FormData, lang: i18n.Lang) -> Parsed:
    f = Fields(form, lang)
    reply_by = f.day("reply_by", required=True)
    values = {"reply_by": f.text("reply_by", max_length=10), "confirmed": f.checked("confirmed")}
    return _build(SendProposalIn, f, values, reply_by=reply_by)


def recurring_form(form: FormData, lang: i18n.Lang) -> Parsed:
    """Weekday, how often and the times; an RRULE in the advanced field wins."""
    f = Fields(form, lang)
    values: dict[str, Any] = {
        "weekday": f.text("weekday", max_length=5) or "wed",
        "frequency": f.text("frequency", max_length=10) or "monthly",
        "ordinal": f.text("ordinal", max_length=3) or "1",
        "start": f.text("start", max_length=10),
        "until": f.text("until", max_length=10),
        "from_time": f.text("from_time", max_length=5) or "13:00",
        "to_time": f.text("to_time", max_length=5) or "16:00",
        "rrule": f.text("rrule", max_length=500),
        "school_breaks": f.checked("school_breaks"),
    }
    start, until = f.day("start", required=True), f.day("until")
    begins, ends = f.clock("from_time"), f.clock("to_time")
    if begins and ends and ends <= begins:
        f.errors["to_time"] = i18n.translate("series_end_before_start", lang)
    for name, allowed in (("weekday", WEEKDAYS), ("frequency", FREQUENCIES), ("ordinal", ORDINALS)):
        if values[name] not in allowed:
            f.errors[name] = i18n.translate("series_bad_value", lang)
    if f.errors:
        return Parsed(values=values, errors=f.errors)
    return _build(
        RecurringIn,
        f,
        values,
        rrule=values["rrule"] or build_rrule(values),
        start=start,
        until=until,
        time=f"{values['from_time']}-{values['to_time']}",
        avoid_school_breaks=values["school_breaks"],
    )


def build_rrule(values: dict[str, Any]) -> str:
    """'every second Wednesday', 'the first Wednesday of the month' as RFC 5545 rules."""
    day = RRULE_DAYS[values["weekday"]]
    if values["frequency"] == "weekly":
        return f"FREQ=WEEKLY;BYDAY={day}"
    if values["frequency"] == "biweekly":
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"
    return f"FREQ=MONTHLY;BYDAY={values['ordinal']}{day}"


def rotation_form(form: FormData, lang: i18n.Lang, known: list[uuid.UUID]) -> Parsed:
    """Each organisation's place in the order (blank: not presenting); equal places refused."""
    f = Fields(form, lang)
    places: dict[uuid.UUID, int] = {}
    values: dict[str, Any] = {}
    for org_id in known:
        name = f"place-{org_id}"
        values[name] = f.text(name, max_length=6)
        place = f.integer(name)
        if place is not None:
            places[org_id] = place
    taken = [p for p in places.values() if list(places.values()).count(p) > 1]
    if f.errors:
        f.errors["rotation"] = i18n.translate("series_place_number", lang)
    elif taken:
        f.errors["rotation"] = i18n.translate("series_same_place", lang)
    elif not places:
        f.errors["rotation"] = i18n.translate("series_rotation_empty", lang)
    ordered = sorted(places, key=lambda org_id: places[org_id])
    return _build(RotationIn, f, values, organisation_ids=ordered)


def service_error(
    exc: DomainError, lang: i18n.Lang, field_name: str, fallback: str
) -> dict[str, str]:
    """A refusal as a form error in the page's language, by its message code: the service's
    own text, the page's words for too many meetings or a bad term, and the step's own
    explanation for the planner's other refusals (worded for the API and the CLI)."""
    code = exc.message_code
    if code == "planning.too_many":
        text = i18n.translate("series_too_many", lang).format(n=exc.params["room"])
    elif code in _TERM_CODES:
        return {"term": i18n.translate("series_bad_term", lang)}
    elif code.startswith(("planning.", "polls.bad_slot", "polls.not_offered")):
        text = i18n.translate(fallback, lang)
    else:
        text = i18n.error_text(exc, lang)
    return {field_name: text}
