"""Every page, as the coordinator and as a member sees it (forms with their errors shown too),
passes axe's WCAG 2.1 A/AA rules: the law asks it of the public bodies that use the service."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from services.auth.service import LinkSigner
from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import CHROMIUM, Server
from tests.e2e.site import Site, build_site
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.e2e
Step = Callable[[Any, Site], object]
MINUTES = """Anteckningar nätverksträff

NÄRVARANDE

Anna Andersson, Ale
Bo Berg, Lerum

1. Inledning

Dagordningen godkänns.

2. Statistik

Anna Andersson från Ale återkommer med statistik per kommun till nästa möte.
Ansökan senast 31 mars.
"""


def submit(page: Any, button: str, *, index: int = 0) -> None:
    """Click a submit button with the browser's own checks off, so the server's errors show."""
    page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
    page.get_by_role("button", name=re.compile(f"^{re.escape(button)}")).nth(index).click()
    page.wait_for_load_state()


def address(site: Site, where: str) -> str:
    """A path as it is ("/moten"), a meeting by state ("meeting:held"), or a member link."""
    if where.startswith("/"):
        return where
    if where.startswith("meeting:"):
        return f"/moten/{site.meetings[where.removeprefix('meeting:')]}"
    return str(getattr(site, where))


def visit(where: str) -> Step:
    return lambda page, site: page.goto(address(site, where))


def review(page: Any, site: Site) -> None:
    page.goto(address(site, "meeting:held"))
    page.get_by_label("Skriv anteckningarna").fill(MINUTES)
    submit(page, "Läs ut och granska")
    page.get_by_text("Granska det som lästs ut").first.wait_for()


def review_errors(page: Any, site: Site) -> None:
    review(page, site)
    page.locator("#action-0-item").fill("x")
    submit(page, "Spara utkast")


def agenda_errors(page: Any, site: Site) -> None:
    page.goto(address(site, "meeting:planned"))
    page.get_by_text("Ändra punkten").first.click()
    page.locator("details[open] input[name=title]").fill("")
    page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
    page.locator("details[open] button[type=submit]").first.click()  # the item's own "Spara"
    page.wait_for_load_state()


def move_errors(page: Any, site: Site) -> None:
    page.goto(address(site, "meeting:scheduled"))
    page.get_by_label("Nytt datum", exact=True).fill("")
    submit(page, "Flytta mötet")


def edit_errors(page: Any, site: Site) -> None:
    page.goto(address(site, "meeting:planned"))
    page.locator("#f-online_url").fill("javascript:alert(1)")
    submit(page, "Spara ändringarna")


def edit_asked(page: Any, site: Site) -> None:
    page.goto(address(site, "meeting:scheduled"))
    page.locator("#f-online_url").fill("https://teams.microsoft.com/l/meetup-join/abc")
    submit(page, "Spara ändringarna")
    page.get_by_text("Vill du det?").first.wait_for()


def item_asked(page: Any, site: Site) -> None:
    page.goto(address(site, "meeting:scheduled"))
    page.locator("#f-new_title").fill("Statistik")
    submit(page, "Lägg till punkt")
    page.get_by_text("Vill du det?").first.wait_for()


def new_task_errors(page: Any, site: Site) -> None:
    page.goto("/uppgifter")
    page.get_by_text("Ny uppgift").first.click()
    submit(page, "Skapa uppgiften")


def deadline_then(button: str = "", fill: dict[str, str] | None = None) -> Step:
    """A deadline's own page, reached from the list; then fill by label and press a button."""

    def step(page: Any, site: Site) -> None:
        page.goto("/deadlines")
        page.locator("tbody a").first.click()
        page.wait_for_load_state()
        for label, value in (fill or {}).items():
            page.get_by_label(label, exact=True).fill(value)
        if button:
            submit(page, button)

    return step


def deadline_followers_errors(page: Any, site: Site) -> None:
    deadline_then()(page, site)
    page.get_by_label("Valda grupper, organisationer och personer").check()
    for box in page.locator("input[type=checkbox]").all():
        box.uncheck()
    submit(page, "Spara vilka som följer")


def goto_then(path: str, button: str, fill: dict[str, str]) -> Step:
    """Open a page, fill fields by label, press a button: a form answered with its errors."""

    def step(page: Any, site: Site) -> None:
        page.goto(path)
        for label, value in fill.items():
            page.get_by_label(label, exact=True).fill(value)
        submit(page, button)

    return step


def rsvp_errors(page: Any, site: Site) -> None:
    page.goto(site.rsvp)
    page.evaluate("document.querySelector('#f-substitute option').value = 'not-a-person'")
    submit(page, "Ja, jag kommer")


def fill_then(where: str, button: str, fill: dict[str, str]) -> Step:
    """Like goto_then, for a page the site names (a person, an organisation)."""

    def step(page: Any, site: Site) -> None:
        page.goto(address(site, where))
        for label, value in fill.items():
            page.get_by_label(label, exact=True).fill(value)
        submit(page, button)

    return step


def then_click(where: str, button: str) -> Step:
    def step(page: Any, site: Site) -> None:
        page.goto(address(site, where))
        submit(page, button)

    return step


def new_account(page: Any, site: Site) -> None:
    """The administrator gives a role to an address without an account: the one-time password."""
    page.goto(address(site, "/admin/natverk"))
    page.get_by_label("Kontots e-post", exact=True).fill("ny.samordnare@example.org")
    page.get_by_label("Namn (för ett nytt konto)", exact=True).fill("Nora Ny")
    page.locator("#f-network").select_option(index=1)  # the header switcher is "Nätverk" too
    submit(page, "Ge roll")


def series_step(button: str, fill: dict[str, str] | None = None) -> Step:
    """On the fresh series' planning page: fill fields by label, press a step's button."""

    def step(page: Any, site: Site) -> None:
        page.goto(site.fresh_series)
        for label, value in (fill or {}).items():
            page.get_by_label(label, exact=True).fill(value)
        submit(page, button)

    return step


def series_send(page: Any, site: Site) -> None:
    """After the proposal: the page that says who gets what and asks once."""
    page.goto(site.fresh_series)
    reply_by = page.evaluate("new Date(Date.now() + 3 * 864e5).toISOString().slice(0, 10)")
    page.get_by_label("Svara senast", exact=True).fill(reply_by)
    submit(page, "Visa utskicket")
    page.get_by_text("Förslaget skickas till").first.wait_for()


def survey_answered(page: Any, site: Site) -> None:
    page.goto(site.survey)
    page.locator("input[type=radio][value='4']").first.check()
    submit(page, "Skicka svar")


COORDINATOR: list[tuple[str, Step]] = [
    ("overview", visit("/")),
    ("meetings", visit("/moten")),
    ("meetings, form errors", goto_then("/moten", "Skapa", {"Rubrik": "", "Datum": ""})),
    ("meeting planned", visit("meeting:planned")),
    ("meeting planned, agenda item errors", agenda_errors),
    ("meeting planned, edit errors", edit_errors),
    ("meeting planned, new item errors", then_click("meeting:planned", "Lägg till punkt")),
    ("meeting scheduled", visit("meeting:scheduled")),
    ("meeting scheduled, move asked", then_click("meeting:scheduled", "Flytta mötet")),
    ("meeting scheduled, move errors", move_errors),
    ("meeting scheduled, edit asked", edit_asked),
    ("meeting scheduled, new item asked", item_asked),
    ("meeting scheduled, cancel asked", then_click("meeting:scheduled", "Ställ in mötet")),
    ("meeting held", visit("meeting:held")),
    (
        "meeting held, minutes errors",
        then_click("meeting:held", "Läs ut och granska"),
    ),
    ("minutes review", review),
    ("minutes review, form errors", review_errors),
    ("meeting minutes approved", visit("meeting:approved")),
    ("meeting cancelled", visit("meeting:cancelled")),
    ("tasks", visit("/uppgifter")),
    ("tasks, filter errors", visit("/uppgifter?due_from=31/12")),
    ("tasks, bulk errors", then_click("/uppgifter", "Utför")),
    ("tasks, new task errors", new_task_errors),
    ("deadlines", visit("/deadlines")),
    ("deadlines, form errors", then_click("/deadlines", "Registrera")),
    ("deadline", deadline_then()),
    ("deadline, edit errors", deadline_then("Spara tidsfristen", {"Rubrik": ""})),
    ("deadline, followers errors", deadline_followers_errors),
    ("deadline, withdraw asked", deadline_then("Dra tillbaka tidsfristen")),
    ("people", visit("/organisationer")),
    ("people, invite errors", then_click("/organisationer", "Bjud in ny medlem")),
    ("people, move errors", then_click("/organisationer", "Flytta till")),
    ("person", visit("person")),
    ("person, form errors", fill_then("person", "Spara", {"E-post": "inte-en-adress"})),
    ("organisation", visit("organisation")),
    (
        "organisation, form errors",
        fill_then("organisation", "Spara", {"Andra namn, ett per rad": "x" * 201}),
    ),
    ("series", visit("/serier")),
    ("series, new", visit("/serier/ny")),
    ("series, new, form errors", then_click("/serier/ny", "Skapa serien")),
    ("series, out for consent", visit("series")),
    ("series, proposal errors", series_step("Föreslå datum", {"Antal möten": "99"})),
    ("series, proposal", series_step("Föreslå datum", {"Antal möten": "3"})),
    ("series, send: who gets what", series_send),
    ("series, send errors", series_step("Visa utskicket")),
    ("series, regular meetings errors", series_step("Skapa mötena")),
    ("series, presenter order errors", series_step("Spara turordningen")),
    (
        "series, video link errors",
        series_step("Spara länken", {"Länk till videomötet": "javascript:alert(1)"}),
    ),
    ("surveys", visit("/enkater")),
    (
        "surveys, settings errors",
        goto_then("/enkater", "Spara", {"Öppen antal dagar (1–60)": "99"}),
    ),
    ("sent mail", visit("/post")),
    ("audit log", visit("/logg")),
    ("audit log, filter errors", visit("/logg?from=2026-11-20&to=2026-11-01")),
    ("settings", visit("/installningar")),
    (
        "settings, form errors",
        goto_then(
            "/installningar",
            "Spara inställningar",
            {"Påminnelse om uppgift, antal dagar före sista dagen (0: bara på dagen)": "99"},
        ),
    ),
    (
        "settings, sending window errors",
        goto_then(
            "/installningar",
            "Spara inställningar",
            {"Utskick från klockan": "17:00", "Utskick till klockan": "08:00"},
        ),
    ),
    ("settings, test mail result", then_click("/installningar", "Skicka testmeddelande")),
    ("password change", visit("/losenord")),
    ("password change, form errors", then_click("/losenord", "Byt lösenord")),
    ("accessibility statement, signed in", visit("/tillganglighet")),
    ("networks (administrator)", visit("/admin/natverk")),
    ("networks, form errors", then_click("/admin/natverk", "Skapa nätverk")),
    ("networks, role errors", then_click("/admin/natverk", "Ge roll")),
    ("networks, account created", new_account),
    ("api tokens", visit("/api-nycklar")),
    ("api tokens, form errors", then_click("/api-nycklar", "Skapa nyckel")),
    (
        "api tokens, made (shown once)",
        goto_then("/api-nycklar", "Skapa nyckel", {"Namn (vad nyckeln används till)": "Skript"}),
    ),
    ("api tokens, listed", visit("/api-nycklar")),
    ("personal data", visit("personal_data")),
    ("personal data, erase asked", lambda page, site: page.goto(f"{site.personal_data}?radera=1")),
    (
        "personal data, export page",
        lambda page, site: page.goto(f"{site.personal_data}/export.html"),
    ),
    (
        "error page, no such meeting",
        visit("/moten/00000000-0000-4000-8000-000000000000"),
    ),
]
MEMBER: list[tuple[str, Step]] = [
    ("login", visit("/login")),
    ("login, form errors", then_click("/login", "Logga in")),
    ("member page", visit("member_page")),
    ("rsvp", visit("rsvp")),
    ("rsvp, form errors", rsvp_errors),
    ("rsvp, meeting already held", visit("rsvp_closed")),
    ("rsvp, thanks", then_click("rsvp", "Ja, jag kommer")),
    ("survey", visit("survey")),
    ("survey, form errors", then_click("survey", "Skicka svar")),
    ("survey, thanks", survey_answered),
    ("survey, already answered", visit("survey")),
    ("unsubscribe", visit("unsubscribe")),
    ("unsubscribe, thanks", then_click("unsubscribe", "Ja, stäng av påminnelserna")),
    ("series consent", visit("consent")),
    ("series consent, thanks", then_click("consent", "Nej, tiden passar inte mig")),
    ("series poll", visit("poll")),
    ("series poll, thanks", then_click("poll", "Ja, den här tiden passar mig")),
    ("link expired", visit("expired")),
    (
        "link expired, fresh link sent",
        then_click("expired", "Skicka en ny länk till min e-post"),
    ),
    ("link invalid", visit("forged")),
    ("series link invalid", visit("/serie/svar/not-a-token")),
    ("error page, no such address", visit("/finns-inte")),
    ("accessibility statement", visit("/tillganglighet")),
]
ENGLISH: list[tuple[str, Step]] = [
    ("login (English)", visit("/login")),
    ("member page (English)", visit("member_page")),
    ("survey (English)", visit("survey")),
    ("accessibility statement (English)", visit("/tillganglighet")),
]
ON_A_PHONE = {  # the coordinator's busiest pages again, 320 CSS pixels wide
    "overview",
    "meeting scheduled",
    "minutes review, form errors",
    "tasks",
    "people",
    "surveys",
    "sent mail",
    "series, out for consent",
    "networks (administrator)",
}
WALK = (
    [("coordinator", name, step) for name, step in COORDINATOR]
    + [("member", name, step) for name, step in MEMBER]
    + [("english", name, step) for name, step in ENGLISH]
    + [
        ("coordinator phone", f"{name} (phone)", step)
        for name, step in COORDINATOR
        if name in ON_A_PHONE
    ]
)


@pytest.fixture(scope="module")
def site(e2e_server: Server) -> Site:
    signer = LinkSigner(
        e2e_server.settings.secret_key.get_secret_value(),
        max_age_s=e2e_server.settings.member_link_max_age_s,
    )
    with e2e_server.factory.begin() as db:
        return build_site(db, signer)


@pytest.fixture(scope="module")
def pages(browser: Any, e2e_server: Server, site: Site) -> Iterator[dict[str, Any]]:
    """One tab per visitor for the whole walk: the coordinator (signed in) on a desktop and on a
    phone, a member and an English-speaking member on a phone; phones are 320 CSS pixels wide,
    where WCAG 1.4.10 measures reflow."""
    assert CHROMIUM.exists()
    sizes = {"coordinator": (1280, "sv-SE"), "coordinator phone": (320, "sv-SE")}
    sizes |= {"member": (320, "sv-SE"), "english": (320, "en-GB")}
    made = {
        who: browser.new_context(
            base_url=e2e_server.url, viewport={"width": width, "height": 800}, locale=locale
        )
        for who, (width, locale) in sizes.items()
    }
    tabs = {who: context.new_page() for who, context in made.items()}
    for who in ("coordinator", "coordinator phone"):
        tabs[who].goto("/login")
        tabs[who].get_by_label("E-post").fill(site.coordinator_email)
        tabs[who].get_by_label("Lösenord").fill(PASSWORD)
        tabs[who].get_by_role("button", name="Logga in").click()
        tabs[who].wait_for_url(f"{e2e_server.url}/")
    yield tabs
    for context in made.values():
        context.close()


@pytest.mark.parametrize(("who", "name", "step"), WALK, ids=[name for _, name, _ in WALK])
def test_page_has_no_wcag_violations(
    who: str, name: str, step: Step, pages: dict[str, Any], site: Site
) -> None:
    page = pages[who]
    step(page, site)
    if who.startswith("coordinator"):
        assert "/login" not in page.url, f"{name}: the walk lost its session"
    if "errors" in name:  # a form step must really show its errors, or it checked nothing new
        assert page.locator(".field-error").count() > 0, f"{name}: no error shown"
    assert_accessible(page, name)
