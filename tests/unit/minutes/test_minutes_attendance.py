from __future__ import annotations

from datetime import date

import pytest

from services.minutes.extraction import extract_minutes
from services.minutes.extraction.attendance import parse_person
from services.minutes.extraction.organisations import OrganisationMatcher
from services.people.registry import GR_ORGANISATIONS

ORGS = OrganisationMatcher(GR_ORGANISATIONS)


@pytest.mark.parametrize(
    ("line", "name", "organisation", "items"),
    [
        ("Lisa Jacobson Flöhr, Göteborgs Stad", "Lisa Jacobson Flöhr", "Göteborg", []),
        ("Jeanette Olsson, GR, FoU i Väst (pkt 5)", "Jeanette Olsson", "Göteborgsregionen", ["5"]),
        ("Ebba Bothén, GR (pkt. 6)", "Ebba Bothén", "Göteborgsregionen", ["6"]),
        ("Tove Sandberg, Möndal", "Tove Sandberg", "Mölndal", []),
        ("Enas Kamal Fahmee. Stenungsund", "Enas Kamal Fahmee", "Stenungsund", []),
        ("Andrea Buske, Länsstyrelsen Västra Götalands län", "Andrea Buske", "Länsstyrelsen", []),
        ("Eleonor Abrahamsson, Kungälvs kommun", "Eleonor Abrahamsson", "Kungälv", []),
        (
            "Thomas Jordan, Göteborgs universitet (pkt 5)",
            "Thomas Jordan",
            "Göteborgs universitet",
            ["5"],
        ),
        ("Mikael Öberg, Partille (pkt 1-3)", "Mikael Öberg", "Partille", ["1", "2", "3"]),
        ("Anna Svensson", "Anna Svensson", None, []),
    ],
)
def test_person_lines(line: str, name: str, organisation: str | None, items: list[str]) -> None:
    person = parse_person(line, ORGS)
    assert person is not None
    assert (person.name, person.organisation, person.items) == (name, organisation, items)


@pytest.mark.parametrize(
    "line", ["Mötet inleds med aktuellt läge.", "1. Inledning", "Plats: Teams"]
)
def test_prose_is_not_a_person(line: str) -> None:
    assert parse_person(line, ORGS) is None


def test_present_and_absent_blocks() -> None:
    text = (
        "NÄRVARANDE\n\nAnna Berg, Ale\nBo Ek, VGR (pkt 2)\n\nEJ NÄRVARANDE\n\nCia Dahl, Lerum\n\n"
        "1. Inledning\n\nAnna Berg hälsar välkommen.\n"
    )
    result = extract_minutes(text, meeting_date=date(2024, 1, 1), organisations=GR_ORGANISATIONS)
    present = [(p.name, p.organisation, p.items) for p in result.attendance.present]
    assert present == [("Anna Berg", "Ale", []), ("Bo Ek", "Västra Götalandsregionen", ["2"])]
    assert [(a.name, a.organisation) for a in result.attendance.absent] == [("Cia Dahl", "Lerum")]


def test_minutes_without_a_list_have_no_attendees() -> None:
    text = "1. Inledning\n\nAnna Berg, Ale, hälsar välkommen. Lerum presenterar nästa möte.\n"
    result = extract_minutes(text, meeting_date=date(2024, 1, 1), organisations=GR_ORGANISATIONS)
    assert result.attendance.present == []
    assert result.attendance.absent == []


@pytest.mark.parametrize(
    ("line", "name", "organisation", "items"),
    [
        ("Anna Berg (Lerum)", "Anna Berg", "Lerum", []),
        ("Per Kvist (FoU i Väst, pkt 4)", "Per Kvist", "Göteborgsregionen", ["4"]),
        ("Ahmed Yusuf (Partille, pkt 1–2)", "Ahmed Yusuf", "Partille", ["1", "2"]),
        ("Maja Ek – Ale", "Maja Ek", "Ale", []),
        ("Sara Ek (ordf.)", "Sara Ek", None, []),
    ],
)
def test_organisation_in_parentheses(
    line: str, name: str, organisation: str | None, items: list[str]
) -> None:
    person = parse_person(line, ORGS)
    assert person is not None
    assert (person.name, person.organisation, person.items) == (name, organisation, items)


def test_labelled_lists_on_one_line() -> None:
    text = (
        "Minnesanteckningar från nätverksmötet 14 mars 2025, Göteborgsregionen och Teams\n\n"
        "**Närvarande:** Sofia Rydén (Ale), Erik Sand (Tjörn, pkt 3), Fatima Noor och "
        "Gustav Lilja (GR)\n\n**Frånvarande:** Lina Moberg, Kungsbacka; Mattias Holmer, VGR\n\n"
        "## § 1 Inledning\n\nGustav Lilja hälsar välkommen.\n"
    )
    result = extract_minutes(text, meeting_date=date(2025, 3, 14), organisations=GR_ORGANISATIONS)
    present = [(p.name, p.organisation, p.items) for p in result.attendance.present]
    assert present == [
        ("Sofia Rydén", "Ale", []),
        ("Erik Sand", "Tjörn", ["3"]),
        ("Fatima Noor", "Göteborgsregionen", []),
        ("Gustav Lilja", "Göteborgsregionen", []),
    ]
    absent = [(a.name, a.organisation) for a in result.attendance.absent]
    assert absent == [("Lina Moberg", "Kungsbacka"), ("Mattias Holmer", "Västra Götalandsregionen")]


def test_deltagare_and_forhinder_headers_with_names_only() -> None:
    text = (
        "Deltagare:\nAnna Berg, Bo Ek, Cia Dahl\n\nFörhinder:\nElin Grahn (Lilla Edet)\n\n"
        "Punkt 1: Inledning\n\nAnna hälsar välkommen.\n"
    )
    result = extract_minutes(text, meeting_date=date(2024, 9, 20), organisations=GR_ORGANISATIONS)
    assert [(p.name, p.organisation) for p in result.attendance.present] == [
        ("Anna Berg", None),
        ("Bo Ek", None),
        ("Cia Dahl", None),
    ]
    assert [(a.name, a.organisation) for a in result.attendance.absent] == [
        ("Elin Grahn", "Lilla Edet")
    ]
