from __future__ import annotations

from datetime import date

import pytest

from services.minutes.extraction import extract_minutes
from services.minutes.extraction.dates import classify, find_dates, for_kind
from services.people.registry import GR_ORGANISATIONS


def _one(text: str, meeting: date, *, past: bool = False) -> tuple[date, str | None, str]:
    mentions = find_dates(text, meeting, past_context=past)
    assert len(mentions) == 1, mentions
    return mentions[0].value, mentions[0].time, classify(text, mentions[0], None, None)


@pytest.mark.parametrize(
    ("text", "meeting", "expected", "time", "kind"),
    [
        (
            "Utlysningen öppnar 15 februari.",
            date(2021, 1, 27),
            date(2021, 2, 15),
            None,
            "window_opens",
        ),
        ("Ansökan senast den 25 oktober.", date(2023, 6, 7), date(2023, 10, 25), None, "deadline"),
        (
            "Ansökningar tas emot fram till den 25 oktober.",
            date(2023, 6, 7),
            date(2023, 10, 25),
            None,
            "window_closes",
        ),
        (
            "Utlysningen pågår till sista mars.",
            date(2023, 1, 27),
            date(2023, 3, 31),
            None,
            "window_closes",
        ),
        ("Deadline 6dec för inspel.", date(2023, 8, 25), date(2023, 12, 6), None, "deadline"),
        (
            "Enligt ESF öppnar utlysningen den 22/6.",
            date(2023, 6, 7),
            date(2023, 6, 22),
            None,
            "window_opens",
        ),
        (
            "Informationsträff måndag 11/9 kl. 13-16.",
            date(2023, 8, 25),
            date(2023, 9, 11),
            "13:00",
            "event",
        ),
        (
            "Förlängning kan ske fram till 4 mars 2025.",
            date(2023, 6, 7),
            date(2025, 3, 4),
            None,
            "window_closes",
        ),
        ("Sista svarsdag är 2 december.", date(2022, 11, 18), date(2022, 12, 2), None, "deadline"),
        (
            "Temadag 19mars med fokus på Turkiet.",
            date(2021, 1, 27),
            date(2021, 3, 19),
            None,
            "event",
        ),
        (
            "Seminariet hålls 8 februari kl. 9.00–12.00.",
            date(2022, 11, 18),
            date(2023, 2, 8),
            "09:00",
            "event",
        ),
        ("Styrgruppen möts 2 mars 10-12.", date(2021, 1, 27), date(2021, 3, 2), "10:00", "event"),
    ],
)
def test_date_phrases_resolve_against_the_meeting(
    text: str, meeting: date, expected: date, time: str | None, kind: str
) -> None:
    assert _one(text, meeting) == (expected, time, kind)


def test_year_less_date_before_the_meeting_is_next_year() -> None:
    assert _one("Konferensen hålls 15 februari.", date(2023, 6, 7))[0] == date(2024, 2, 15)


def test_recent_past_is_kept_when_the_text_speaks_of_the_past() -> None:
    assert _one("Sista svarsdag var den 28 maj.", date(2023, 6, 7), past=True)[0] == date(
        2023, 5, 28
    )


def test_relative_and_term_expressions() -> None:
    meeting = date(2023, 1, 27)
    assert _one("Ny prognos kommer nästa vecka.", meeting)[0] == date(2023, 2, 3)
    assert _one("Förslaget tas fram till våren 2024.", meeting)[0] == date(2024, 3, 1)
    assert _one("Under VT 2023 ses vi tre gånger.", meeting)[0] == date(2023, 1, 1)


def test_from_and_including_a_date_and_ranges() -> None:
    value, _, kind = _one("Från och med den 30/8 kan man ansöka om medel.", date(2023, 8, 25))
    assert (value, kind) == (date(2023, 8, 30), "window_opens")
    assert _one("Överlämnandekonferens 9–10/2.", date(2023, 1, 27))[:1] == (date(2023, 2, 9),)


def test_numbers_that_are_not_dates_are_ignored() -> None:
    assert find_dates("Barn 0-6 år, 88 000 tillstånd och 30 dagar.", date(2023, 1, 1)) == []


@pytest.mark.parametrize(
    ("text", "meeting", "expected", "kind"),
    [
        ("Prognosen publiceras under v. 43.", date(2024, 9, 20), date(2024, 10, 21), "other"),
        ("Svara på enkäten senast v. 13.", date(2025, 3, 14), date(2025, 3, 28), "deadline"),
        ("Utlysningen öppnar vecka 2.", date(2024, 11, 22), date(2025, 1, 6), "window_opens"),
        ("Temadagen hålls den 6:e maj.", date(2025, 3, 14), date(2025, 5, 6), "event"),
        ("Svara t.o.m. 30/9.", date(2024, 9, 20), date(2024, 9, 30), "window_closes"),
        (
            "Sista ansökningsdag är 1 oktober.",
            date(2024, 9, 20),
            date(2024, 10, 1),
            "deadline",
        ),
        (
            "Nästa nätverksmöte: fredag 25 oktober kl. 9–12.",
            date(2024, 9, 20),
            date(2024, 10, 25),
            "event",
        ),
    ],
)
def test_weeks_ordinals_and_compound_cues(
    text: str, meeting: date, expected: date, kind: str
) -> None:
    mention = find_dates(text, meeting)[0]
    found_kind = classify(text, mention, None, None)
    assert (for_kind(mention, found_kind).value, found_kind) == (expected, kind)


def _extracted(text: str, meeting: date) -> list[tuple[str, str]]:
    result = extract_minutes(
        "1. Aktuellt\n\n" + text, meeting_date=meeting, organisations=GR_ORGANISATIONS
    )
    return [(d.date.isoformat(), d.kind) for d in result.dates]


def test_an_application_period_opens_and_closes() -> None:
    meeting = date(2025, 3, 14)
    expected = [("2025-04-01", "window_opens"), ("2025-04-15", "window_closes")]
    assert _extracted("Ansökningsperioden är mellan 1–15 april.", meeting) == expected
    assert _extracted("Ansökningsperioden är 1/4–15/4.", meeting) == expected


def test_proposed_dates_are_meetings_not_deadlines() -> None:
    text = "Mötestider för HT 2025 föreslås till 12 september och 17 oktober."
    kinds = dict(_extracted(text, date(2025, 3, 14)))
    assert (kinds["2025-09-12"], kinds["2025-10-17"]) == ("event", "event")


def test_an_earlier_meeting_is_in_the_past() -> None:
    text = "Anteckningarna från mötet den 24 januari läggs till handlingarna."
    assert find_dates(text, date(2025, 3, 14))[0].value == date(2025, 1, 24)
    assert _extracted(text, date(2025, 3, 14)) == []
