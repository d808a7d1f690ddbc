from __future__ import annotations

from datetime import date

import pytest

from services.minutes.extraction import extract_minutes
from services.people.registry import GR_ORGANISATIONS

HEAD = (
    "NÄRVARANDE\n\nMarie Lindgren, Migrationsverket\nDaniel Uddling, Länsstyrelsen\n"
    "Linda Karlsson, GR\n\n"
)


def _actions(body: str) -> list[tuple[str, str | None, str | None, str | None]]:
    result = extract_minutes(
        HEAD + "1. Aktuellt\n\n" + body,
        meeting_date=date(2023, 1, 27),
        organisations=GR_ORGANISATIONS,
    )
    return [
        (a.kind, a.owner_organisation, a.owner_name, a.due.isoformat() if a.due else None)
        for a in result.action_items
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Länsstyrelsen, Daniel Uddling\n\nPresentationen mejlas ut efter mötet.",
         ("send_material", "Länsstyrelsen", "Daniel Uddling", None)),
        ("Marie Lindgren delar aktuellt. Information skickas ut i nätverket nästa vecka.",
         ("send_material", "Migrationsverket", "Marie Lindgren", "2023-02-03")),
        ("Marie återkommer om mer information finns.",
         ("follow_up", "Migrationsverket", "Marie Lindgren", None)),
        ("Beslutas att GR tittar vidare på frågan inför kommande möte.",
         ("follow_up", "Göteborgsregionen", None, None)),
        ("Kungsbacka kommer nästa möte informera om språkcaféerna.",
         ("present_next_meeting", "Kungsbacka", None, None)),
        ("Lilla Edet presenterar nästa möte.", ("present_next_meeting", "Lilla Edet", None, None)),
        ("Alla ombeds svara via menti.com senast 3 februari.",
         ("survey", None, None, "2023-02-03")),
        ("Kommunerna ombeds svara på frågorna senast 10 mars.",
         ("reply", None, None, "2023-03-10")),
        ("Daniel Uddling informerar. Kontakt tas med Skatteverket.",
         ("follow_up", "Länsstyrelsen", "Daniel Uddling", None)),
        ("Bildspelet bifogas.", ("send_material", None, None, None)),
        ("En gemensam checklista tas fram. Ansvarig: Lerum.", ("follow_up", "Lerum", None, None)),
        ("- Sammanställa kommunernas rutiner. Ansvarig: GR\nNästa möte äger rum i Teams.",
         ("follow_up", "Göteborgsregionen", None, None)),
        ("Göteborgs Stad ansvarar för att boka lokal.", ("follow_up", "Göteborg", None, None)),
        ("Partille kommer på nästa möte att berätta om feriejobben.",
         ("present_next_meeting", "Partille", None, None)),
        ("Frågor mejlas till Migrationsverkets funktionsbrevlåda.",
         ("send_material", None, None, None)),
        ("Beslutades att Partille tar fram ett förslag.", ("follow_up", "Partille", None, None)),
        ("Svara via menti.com senast v. 6.", ("survey", None, None, "2023-02-10")),
    ],
)  # fmt: skip
def test_action_phrases_and_owners(
    body: str, expected: tuple[str, str | None, str | None, str | None]
) -> None:
    assert _actions(body) == [expected]


@pytest.mark.parametrize(
    "body",
    [
        "Länsstyrelsen har skickat ut en enkät till kommunerna.",
        "Många kommuner ser över sina organisationer.",
        "Nätverket diskuterar hur statistiken kan användas.",
        "Har du förslag på något att ta upp på nästa möte?",
        "Här skulle GR kunna stödja en utveckling.",
    ],
)
def test_statements_are_not_actions(body: str) -> None:
    assert _actions(body) == []


def test_decisions_and_series_proposals() -> None:
    body = (
        "Beslut\n\nNätverket beslutar att godkänna förslaget.\n\n2. Planering\n\n"
        "Under VT 2023 kommer vi att ha tre möten. Mötestider 2024 skickas ut via kalendrarna, "
        "svara direkt annars anses föreslagna mötestider godkända.\n"
    )
    result = extract_minutes(
        HEAD + "1. Styrgrupp\n\n" + body,
        meeting_date=date(2022, 11, 18),
        organisations=GR_ORGANISATIONS,
    )
    assert [(d.item, d.text) for d in result.decisions] == [
        (1, "Nätverket beslutar att godkänna förslaget.")
    ]
    assert len(result.series_proposals) == 2
    assert [a.number for a in result.agenda] == [1, 2]


@pytest.mark.parametrize(
    "heading", ["Punkt 3: Kungälv i fokus", "3) Kungälv i fokus", "§ 3 Kungälv i fokus"]
)
def test_agenda_item_forms(heading: str) -> None:
    text = f"1. Inledning\n\nVälkomna.\n\n2. Aktuellt\n\nInget nytt.\n\n{heading}\n\nBra arbete.\n"
    result = extract_minutes(text, meeting_date=date(2024, 9, 20), organisations=GR_ORGANISATIONS)
    assert (result.agenda[-1].number, result.agenda[-1].title) == (3, "Kungälv i fokus")
