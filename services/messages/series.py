"""Series planning and meetings: the planner's refusals, polls, silent consent, the presenter
order, meeting dates and attendance."""

from __future__ import annotations

_WEEKDAYS = (
    "mån, tis, ons, tor, fre (eller mon, tue, wed, thu, fri), gärna med -fm/-em (-am/-pm)",
    "mon, tue, wed, thu, fri (or mån, tis, ons, tor, fre), optionally with -am/-pm (-fm/-em)",
)
_TIMES = ("skriv TT:MM-TT:MM, t.ex. 13:00-16:00", "use HH:MM-HH:MM, e.g. 13:00-16:00")

PLANNER: dict[str, tuple[str, str]] = {
    "planning.unknown_weekday": (
        f"okänd veckodag '{{token}}': välj {_WEEKDAYS[0]}",
        f"unknown weekday '{{token}}': use {_WEEKDAYS[1]}",
    ),
    "planning.no_weekday": (
        f"ingen veckodag angiven: välj {_WEEKDAYS[0]}",
        f"no weekday given: use {_WEEKDAYS[1]}",
    ),
    "planning.unknown_term": (
        "okänd termin '{text}': skriv VT<år> eller HT<år>, t.ex. {valid}",
        "unknown term '{text}': use VT<year> or HT<year>, e.g. {valid}",
    ),
    "planning.term_past": (
        "terminen {label} har redan varit; välj {valid}",
        "term {label} is in the past; use {valid}",
    ),
    "planning.term_ended": (
        "terminen {label} har redan varit (slutade {end}); välj {valid}",
        "term {label} is in the past (ended {end}); use {valid}",
    ),
    "planning.term_too_far": (
        "terminen {label} ligger mer än 10 år fram; välj t.ex. {valid}",
        "term {label} is more than 10 years ahead; use e.g. {valid}",
    ),
    "planning.unknown_region": (
        "okänd region '{region}': välj {choices}",
        "unknown region '{region}': use {choices}",
    ),
    "planning.bad_rrule": (
        "ogiltig RRULE '{rule}' ({reason}): skriv t.ex. FREQ=MONTHLY;BYDAY=1WE "
        "(första onsdagen varje månad)",
        "invalid RRULE '{rule}' ({reason}): use e.g. FREQ=MONTHLY;BYDAY=1WE "
        "(first Wednesday every month)",
    ),
    "planning.rrule_never_ends": (
        "RRULE '{rule}' tar aldrig slut: lägg till COUNT= eller UNTIL=, eller ange ett slutdatum",
        "RRULE '{rule}' never ends: add COUNT= or UNTIL=, or pass until",
    ),
    "planning.naive_start": (
        "starttiden måste ha en tidszon (Europe/Stockholm)",
        "dtstart must be timezone-aware (Europe/Stockholm)",
    ),
    "planning.unknown_time": (
        f"okänd tid '{{text}}': {_TIMES[0]}",
        f"unknown time '{{text}}': {_TIMES[1]}",
    ),
    "planning.time_backwards": (
        f"tiden '{{text}}' slutar innan den börjar: {_TIMES[0]}",
        f"time '{{text}}' ends before it starts: {_TIMES[1]}",
    ),
    "planning.count_range": (
        "antalet möten måste vara mellan {low} och {high} (angivet: {count})",
        "count must be between {low} and {high} (got {count})",
    ),
    "planning.modes_mismatch": (
        "{given} mötesformer angivna för {count} möten: ange {count} av {choices}",
        "{given} modes given for {count} meetings: give {count} of {choices}",
    ),
    "planning.too_many": (
        "bara {room} möten ryms under {term} på {days}: välj högst {room}",
        "only {room} meetings fit in {term} on {days}: use a count of at most {room}",
    ),
    "planning.unknown_duration": (
        "okänd längd '{text}': skriv t.ex. 3h, 90m, 2h30m",
        "unknown duration '{text}': use e.g. 3h, 90m, 2h30m",
    ),
    "planning.duration_range": (
        "längden '{text}' måste vara mellan {low}m och 8h",
        "duration '{text}' must be between {low}m and 8h",
    ),
    "planning.unknown_mode": (
        "okänd mötesform '{modes}': välj on_site eller digital",
        "unknown mode '{modes}': use on_site or digital",
    ),
    "planning.unknown_adjacent": (
        "okänt angränsande möte '{text}': skriv <steering|preparatory>[:before|after[:<längd>]], "
        "t.ex. steering:before:1h",
        "unknown adjacent meeting '{text}': use <steering|preparatory>[:before|after[:<duration>]]"
        ", e.g. steering:before:1h",
    ),
    "planning.unknown_date": (
        "okänt datum '{text}': skriv ÅÅÅÅ-MM-DD",
        "unknown date '{text}': use YYYY-MM-DD",
    ),
    "planning.unknown_named_date": (
        "okänt datum för {name}, '{text}': skriv ÅÅÅÅ-MM-DD",
        "unknown {name} date '{text}': use YYYY-MM-DD",
    ),
    "planning.unknown_format": (
        "okänt format '{output}': välj {choices}",
        "unknown format '{output}': use {choices}",
    ),
    "planning.bad_series_id": (
        "okänd serie '{text}': ange seriens id (ett UUID)",
        "unknown series '{text}': use the series id (a UUID)",
    ),
    "planning.no_series": ("ingen serie med id {series_id}", "no series with id {series_id}"),
}

TEXTS: dict[str, tuple[str, str]] = {
    **PLANNER,
    "proposals.awaits_consent": (
        "förslaget väntar på svar till {reply_by}",
        "the proposal is out for consent until {reply_by}",
    ),
    "proposals.none": (
        "inget förslag att skicka",
        "no proposal to send: make a proposal first",
    ),
    "proposals.reply_by_past": (
        "svarsdatum måste vara i framtiden",
        "reply_by must be after {today}",
    ),
    "proposals.reply_by_late": (
        "svarsdatum måste ligga före första mötet",
        "reply_by must be before {first}",
    ),
    "recurring.rule_gives_none": (
        "regeln ger inga kommande möten",
        "the rule gives no meetings after {after}",
    ),
    "polls.closes_on_past": (
        "sista svarsdag måste vara i framtiden",
        "closes_on must be in the future",
    ),
    "polls.closed": ("enkäten är stängd", "the poll is closed"),
    "polls.none": ("serien har ingen enkät", "the series has no preference poll"),
    "polls.bad_slot": (
        "{reason}; enkäten erbjuder {options}",
        "{reason}; this poll offers {options}",
    ),
    "polls.not_offered": (
        "'{slot}' finns inte i enkäten: välj {options}",
        "'{slot}' is not an option of this poll: use {options}",
    ),
    "consent.not_invited": (
        "du är inte inbjuden till mötet",
        "you are not invited to this meeting",
    ),
    "consent.not_out": ("datumet är inte utskickat för svar", "this date is not out for replies"),
    "consent.closed": ("svarstiden har gått ut", "replies to this date are closed"),
    "rotation.listed_twice": (
        "en organisation förekommer två gånger",
        "an organisation is listed twice",
    ),
    "rotation.unknown_organisation": (
        "okänd organisation",
        "unknown organisation {unknown}: use {choices}",
    ),
    "meetings.start_past": ("mötet kan inte börja i det förflutna", "start is in the past"),
    "meetings.move_past": ("mötet kan inte flyttas bakåt i tiden", "new start is in the past"),
    "meetings.not_started": ("mötet har inte börjat än", "the meeting has not started yet"),
    "agenda.item_not_found": (
        "dagordningspunkt {item_id} finns inte",
        "agenda item does not exist",
    ),
    "attendance.not_scheduled": (
        "närvaro tas för schemalagda eller hållna möten",
        "meeting not scheduled",
    ),
    "attendance.listed_twice": ("en medlem förekommer två gånger", "a member is listed twice"),
    "attendance.unknown_members": ("okända medlemmar", "unknown members: {unknown}"),
    "attendance.name_items": (
        "ange vilka punkter medlemmen var med på",
        "name the agenda items a partial attendee was present for",
    ),
    "attendance.not_on_agenda": (
        "punkt {item} finns inte på dagordningen (punkter: {items})",
        "item {item} is not on the agenda (items: {items})",
    ),
}
