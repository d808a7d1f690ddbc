"""Tasks and deadlines get short titles from the shared sample minutes' own sentences."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from services.minutes.extraction import extract_minutes
from services.minutes.extraction.titles import date_title, task_title

SAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "samples" / "minutes"


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        (
            "GR kommer skicka ut inbjudan till dagen som anordnas tillsammans med VGR som "
            "håller i informationen.",
            "Skicka ut inbjudan till dagen",
        ),
        (
            "Men dialoger har påbörjats och information kommer spridas när sådan finns.",
            "Dialoger har påbörjats",
        ),
        (
            "Åtgärd: En gemensam checklista för bosättning tas fram. Ansvarig: Lerum.",
            "En gemensam checklista för bosättning tas fram",
        ),
        (
            "Styrgruppen för projektet kommer skicka en skrivelse till myndigheterna kring detta.",
            "Skicka en skrivelse till myndigheterna kring detta",
        ),
    ],
)
def test_task_title_is_the_verb_phrase_not_the_sentence(sentence: str, title: str) -> None:
    assert task_title(sentence)[0] == title


def test_a_long_task_title_is_cut_and_marked_unsure() -> None:
    title, sure = task_title(
        "Lerum ska ta fram ett underlag om hur introduktionen för nyanlända i kommunen ser ut idag."
    )
    assert len(title.split()) <= 8
    assert not sure


@pytest.mark.parametrize(
    ("sentence", "raw", "kind", "subject", "title"),
    [
        ("Sista svarsdag är den 28 maj.", "28", "deadline", "Enkät", "Sista svarsdag – Enkät"),
        (
            "Sista ansökningsdag för § 37a-medel inför 2025 är 1 oktober.",
            "1 oktober",
            "deadline",
            None,
            "Sista ansökningsdag för § 37a-medel",
        ),
        (
            "Enligt ESF öppnar utlysningen den 22/6.",
            "22",
            "window_opens",
            None,
            "Öppnar utlysningen",
        ),
        (
            "Utlysningarna öppnar 15 februari och ansökan ska vara inskickad senast 31 mars.",
            "31",
            "window_closes",
            None,
            "Ansökan",
        ),
    ],
)
def test_date_title_is_short(
    sentence: str, raw: str, kind: str, subject: str | None, title: str
) -> None:
    assert date_title(sentence, sentence.index(raw), kind, subject)[0] == title


@pytest.mark.skipif(not SAMPLES.exists(), reason="shared samples not present")
def test_sample_2023_06_titles_windows_and_unsure_marks() -> None:
    text = (SAMPLES / "2023-06-07-network-meeting.txt").read_text(encoding="utf-8")
    x = extract_minutes(text, meeting_date=date(2023, 6, 7), organisations=[])
    reply = next(d for d in x.dates if d.date == date(2023, 5, 28))
    assert reply.kind == "deadline"
    assert reply.title is not None
    assert reply.title.startswith("Sista svarsdag – ")
    assert not reply.title.endswith(".")
    opens = next(d for d in x.dates if d.date == date(2023, 6, 22))
    assert opens.kind == "window_opens"
    assert all(len((a.title or "").split()) <= 8 for a in x.action_items)
    assert all(len((d.title or "").split()) <= 20 for d in x.dates)
    invite = next(a for a in x.action_items if "inbjudan" in a.text)
    assert invite.title == "Skicka ut inbjudan till dagen"
    assert "due" in invite.unsure
