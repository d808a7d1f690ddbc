"""A whole spring term in a browser: plan VT 2027, consent, invites, changes, minutes, follow-up,
and then the coordinator's office work: the agenda and a meeting's details, a task by hand, a
deadline's dates, followers and withdrawal, a member's and an organisation's details, the
network's settings with a test message, the audit log, and a member's personal data.

The coordinator works only on the pages; members only through the links in their mail and a reply
from their calendar. What the test checks is what the browser shows and what the SMTP server
received. The worker's and beat's jobs (consumers, delivery, timers, the organiser mailbox) run
in this process with the same functions the Celery tasks call, so that time-machine moves the
clock for the server, the worker and beat at once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import time_machine
from icalendar import Calendar

from infra.clock import LOCAL_TZ
from infra.inbox import MaildirInbox
from infra.mail import SmtpSender
from services.auth.models import UserRole
from services.events.timer_runner import fire_due_timers
from services.inbound.reader import read_inbox
from services.inbound.service import InboundRules
from services.notifications.delivery import Transports, deliver_due
from services.notifications.transports import SmtpTransport
from services.registry import MAIL_KINDS, REACTIONS
from tests.e2e.conftest import Server, screenshot
from tests.support.factories import (
    PASSWORD,
    make_member,
    make_network,
    make_organisation,
    make_user,
)
from tests.support.smtp_server import CapturingSmtpServer

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
MINUTES = ROOT / "tests" / "fixtures" / "minutes" / "fictional-2024-09-network-meeting.txt"
ORGANISER = "natverk@samverkan.example.org"
# (name, organisation): people named in the minutes, so the review finds them as owners
PEOPLE = [
    ("Jonas Ekström", "Ale"),
    ("Anna Berg", "Lerum"),
    ("Sanna Ivarsson", "Migrationsverket"),
]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A Stockholm wall-clock instant, in UTC."""
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ).astimezone(UTC)


@dataclass
class Term:
    """The running term: server, browser page, clock, mail server and organiser mailbox."""

    server: Server
    page: Any
    clock: Any
    smtp: CapturingSmtpServer
    inbox: Path
    coordinator: str
    members: dict[str, str] = field(default_factory=dict)  # name → e-mail
    seen: int = 0  # messages at the SMTP server already looked at
    fresh: list[EmailMessage] = field(default_factory=list)  # all the last round delivered

    def now(self) -> datetime:
        return datetime.now(UTC)

    def travel(self, moment: datetime) -> None:
        """Move the one clock; the session cookie may have expired, so log in again."""
        self.clock.move_to(moment)
        self.login()

    def login(self) -> None:
        self.page.goto(f"{self.server.url}/login")
        if self.page.url.rstrip("/") != f"{self.server.url}/login".rstrip("/"):
            return
        self.page.get_by_label("E-post").fill(self.coordinator)
        self.page.get_by_label("Lösenord").fill(PASSWORD)
        self.page.get_by_role("button", name="Logga in").click()
        self.page.wait_for_url(f"{self.server.url}/")

    def worker(self) -> list[EmailMessage]:
        """One round of worker and beat: events, due timers, delivery; the mail that came to this
        network's members (the session's database holds other tests' networks too)."""
        self.server.run_consumers()
        fire_due_timers(self.server.factory, None, reactions=REACTIONS, now=self.now())
        self.server.run_consumers()
        now = self.now()  # after the consumers: what they asked to send is due
        sender = SmtpSender(host=self.smtp.host, port=self.smtp.port)
        transports = Transports(smtp=SmtpTransport(sender, mail_from=ORGANISER))
        settings = self.server.settings
        deliver_due(self.server.factory, transports, kinds=MAIL_KINDS, settings=settings, now=now)
        self.fresh = self.smtp.messages[self.seen :]
        self.seen = len(self.smtp.messages)
        return [m for m in self.fresh if to(m) in self.members.values()]

    def read_mailbox(self) -> int:
        """Beat's inbound job on the organiser mailbox (the Maildir of `make run`): how many
        answers it applied."""
        report = read_inbox(
            self.server.factory, MaildirInbox(self.inbox), rules=InboundRules(), now=self.now()
        )
        self.server.run_consumers()
        return report.applied

    def click(self, button: str) -> None:
        self.page.get_by_role("button", name=button, exact=True).click()
        self.page.wait_for_load_state()

    def sees(self, text: str, page: Any = None) -> None:
        """The text is on the page (waiting briefly for it); else the page's text, to read."""
        page = page or self.page
        try:
            page.get_by_text(text).first.wait_for(timeout=3000)
        except Exception as exc:
            raise AssertionError(f"{text!r} not on {page.url}:\n{page.inner_text('main')}") from exc


def to(message: EmailMessage) -> str:
    return str(message["To"].addresses[0].addr_spec)


def body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def calendar(message: EmailMessage) -> tuple[str, Any]:
    """The text/calendar alternative: its method and its one event."""
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            event = Calendar.from_ical(payload).walk("VEVENT")[0]
            return str(part.get_param("method")), event
    raise AssertionError(f"no calendar in {message['Subject']}")


@pytest.fixture
def term(
    e2e_server: Server, new_page: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Term]:
    with e2e_server.factory.begin() as db:
        network = make_network(db, "Nätverket för mottagande, vårterminen")
        network.organiser_mailbox = ORGANISER
        members = {}
        for name, org in PEOPLE:
            member = make_member(db, make_organisation(db, network, org), name)
            members[name] = member.email
        coordinator = make_user(db, network, UserRole.coordinator).email
    inbox = tmp_path / "inbound"
    with MaildirInbox(inbox):  # creates new/, cur/, tmp/ and the processed folder
        pass
    with (
        CapturingSmtpServer() as smtp,
        time_machine.travel(at(date(2026, 12, 7), 9), tick=True) as clock,
    ):
        # the settings page's test mail goes out from the server itself, through its SMTP setting
        monkeypatch.setattr(e2e_server.settings, "smtp_port", smtp.port)
        t = Term(e2e_server, new_page(), clock, smtp, inbox, coordinator, members)
        t.login()
        yield t


def plan_and_poll(term: Term, new_page: Any) -> None:
    """Series, weekday poll, members answer through their mail links, the results on the page."""
    page, url = term.page, term.server.url
    page.goto(f"{url}/serier")
    page.get_by_role("link", name="Ny serie").click()
    page.get_by_label("Namn", exact=True).fill("Nätverksträffar")
    page.get_by_label("Termin", exact=True).fill("VT 2027")
    page.get_by_label("Plats eller videolänk").fill("GR, Anders Personsgatan 8")
    term.click("Skapa serien")
    page.get_by_label("onsdag eftermiddag").check()
    page.get_by_label("torsdag förmiddag").check()
    page.get_by_label("Sista svarsdag (frivillig)").fill("2026-12-11")
    term.click("Skicka enkäten till 3 deltagare")
    term.sees("Enkäten skickad till 3 deltagare.")
    polls = term.worker()
    assert sorted(map(to, polls)) == sorted(term.members.values())
    member = new_page(390, 844)
    for mail in polls[:2]:  # two of three answer: Wednesday afternoon suits them
        line = next(ln for ln in body(mail).splitlines() if ln.startswith("onsdag eftermiddag"))
        wednesday = line.split(": ", 1)[1].strip()
        member.goto(wednesday)
        member.get_by_role("button", name="Ja, den här tiden passar mig").click()
        member.get_by_text("Tack!").first.wait_for()
    page.reload()
    results = page.locator("#poll-results").inner_text()
    assert "2 deltagare från 2 organisationer har svarat." in results, results
    assert "Passar flest: onsdag eftermiddag" in results


def propose_and_send(term: Term) -> list[str]:
    """Four dates for VT 2027 on Wednesday afternoons, sent for silent consent; the dates shown."""
    page = term.page
    page.get_by_label("Antal möten", exact=True).fill("4")
    page.get_by_label("Förstahand").select_option(label="onsdag eftermiddag")
    term.click("Föreslå datum")
    term.sees("Helgdagar, klämdagar och lov")  # the term's marks beside the dates
    rows = page.locator("#moten tbody tr")
    assert rows.count() == 4
    dates = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(4)]
    assert all(d.startswith("onsdag ") for d in dates), dates
    page.get_by_label("Svara senast", exact=True).fill("2026-12-14")
    term.click("Visa utskicket")
    term.sees("Förslaget skickas till 3 deltagare")
    term.click("Skicka förslaget")
    term.sees("Förslaget skickat till 3 deltagare. Svar senast måndag 14 december 2026.")
    step4 = page.locator("#skicka")
    assert "till 3 deltagare. Svar senast måndag 14 december 2026." in step4.inner_text()
    assert step4.get_by_role("button").count() == 0  # sent once, not offered again
    return dates


def calendar_reply(
    uid: str, attendee: str, name: str, starts: str, partstat: str, sequence: int = 0
) -> bytes:
    """What a calendar app mails back to the organiser: METHOD:REPLY with the attendee's answer."""
    return f"""From: {name} <{attendee}>
To: {ORGANISER}
Subject: =?utf-8?q?Avb=C3=B6jd=3A_N=C3=A4tverkstr=C3=A4ff?=
Message-ID: <{uid.split("@")[0]}-{sequence}-{partstat.lower()}@calendar.example.org>
Date: Tue, 08 Dec 2026 10:00:00 +0100
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b"

--b
Content-Type: text/plain; charset=utf-8

{name} har avböjt.
--b
Content-Type: text/calendar; charset=utf-8; method=REPLY

BEGIN:VCALENDAR
PRODID:-//Example Calendar//EN
VERSION:2.0
METHOD:REPLY
BEGIN:VEVENT
UID:{uid}
DTSTAMP:20261208T090000Z
DTSTART:{starts}
SEQUENCE:{sequence}
ORGANIZER:mailto:{ORGANISER}
ATTENDEE;PARTSTAT={partstat};CN={name}:mailto:{attendee}
END:VEVENT
END:VCALENDAR
--b--
""".replace("\n", "\r\n").encode()


def consent(term: Term, new_page: Any) -> str:
    """One member says yes by link; another's calendar declines the second date by mail."""
    page = term.page
    proposals = term.worker()
    assert sorted(map(to, proposals)) == sorted(term.members.values())
    jonas = next(m for m in proposals if to(m) == term.members["Jonas Ekström"])
    works = next(ln for ln in body(jonas).splitlines() if "Passar: " in ln).split(": ", 1)[1]
    member = new_page(390, 844)
    member.goto(works.strip())
    member.get_by_role("button", name="Ja, tiden passar mig").click()
    term.sees("Tack!", member)
    second = page.locator("#moten tbody tr").nth(1).locator("a").get_attribute("href")
    meeting_id = second.rsplit("/", 1)[1]
    sanna = term.members["Sanna Ivarsson"]
    raw = calendar_reply(
        f"{meeting_id}@samverkan", sanna, "Sanna Ivarsson", "20270101T120000Z", "DECLINED"
    )
    (term.inbox / "new" / "decline.eml").write_bytes(raw)
    assert term.read_mailbox() == 1
    page.reload()
    board = page.locator("#svar").inner_text()
    assert "Sanna Ivarsson (Migrationsverket)" in board, board
    screenshot(page.locator("#svar"), "term-consent", docs="series-replies")
    return meeting_id


def confirm(term: Term, declined: str) -> dict[str, str]:
    """Confirm the dates without objections: one REQUEST per member and meeting at the server."""
    page = term.page
    term.click("Bekräfta datumen utan invändningar")
    term.sees("3 möten bekräftade. Inbjudningar skickas till 3 deltagare.")
    invites = term.worker()
    assert len(invites) == 9, [m["Subject"] for m in invites]
    uids: dict[str, str] = {}  # meeting page → the UID its invites carry
    for mail in invites:
        method, event = calendar(mail)
        assert (method, str(event["METHOD"]) if "METHOD" in event else method) == ("REQUEST",) * 2
        assert int(event.get("SEQUENCE", 0)) == 0
        uids.setdefault(str(event["UID"]), to(mail))
    assert len(uids) == 3
    assert f"{declined}@samverkan" not in uids  # the date with an objection stays proposed
    pages = {}
    for row in page.locator("#moten tbody tr").all():
        href = row.locator("a").first.get_attribute("href")
        if f"{href.rsplit('/', 1)[1]}@samverkan" in uids:
            pages[href] = row.locator("td").nth(4).inner_text()
    assert list(pages.values()) == ["schemalagt"] * 3, pages
    page.goto(term.server.url + next(iter(pages)))  # Jonas said "Passar" to the first date
    assert "Tackat ja" in page.locator("tr", has_text="Jonas Ekström").first.inner_text()
    page.go_back()
    return {href: f"{href.rsplit('/', 1)[1]}@samverkan" for href in pages}


def move_and_cancel(term: Term, meetings: dict[str, str]) -> None:
    """Move the second meeting (REQUEST, same UID, higher SEQUENCE); cancel the third (CANCEL)."""
    page, url = term.page, term.server.url
    (_, _), (moved, moved_uid), (cancelled, cancelled_uid) = list(meetings.items())
    page.goto(url + moved)
    page.get_by_label("Nytt datum").fill("2027-05-05")
    page.get_by_label("Ny starttid").fill("09:00")
    page.get_by_label("Ny sluttid").fill("12:00")
    term.click("Flytta mötet")
    term.sees("En ändrad inbjudan skickas till 3 deltagare. Vill du det?")
    term.click("Ja, flytta och skicka")
    term.sees("Mötet är flyttat. Ändrad inbjudan skickas till 3 deltagare.")
    term.sees("onsdag 5 maj 2027")
    changed = term.worker()
    assert len(changed) == 3
    for mail in changed:
        method, event = calendar(mail)
        assert (method, str(event["UID"])) == ("REQUEST", moved_uid)
        assert int(event["SEQUENCE"]) > 0
        assert event.decoded("DTSTART") == at(date(2027, 5, 5), 9)
    anna = next(m for m in changed if to(m) == term.members["Anna Berg"])
    _, event = calendar(anna)  # her calendar declines the moved meeting
    reply = calendar_reply(
        moved_uid, to(anna), "Anna Berg", "20270505T070000Z", "DECLINED", int(event["SEQUENCE"])
    )
    (term.inbox / "new" / "anna.eml").write_bytes(reply)
    assert term.read_mailbox() == 1
    page.reload()
    assert "Tackat nej" in page.locator("tr", has_text="Anna Berg").first.inner_text()
    page.goto(url + cancelled)
    page.get_by_label("Anledning (skickas med, valfri)").fill(
        "Krockar med länsstyrelsens konferens"
    )
    term.click("Ställ in mötet")
    term.sees("Ett inställt-besked skickas till 3 deltagare")
    term.click("Ja, ställ in och skicka")
    term.sees("Mötet är inställt. Besked skickas till 3 deltagare.")
    cancellations = term.worker()
    assert len(cancellations) == 3
    for mail in cancellations:
        method, event = calendar(mail)
        assert (method, str(event["UID"])) == ("CANCEL", cancelled_uid)
        assert "Krockar med länsstyrelsens konferens" in body(mail)


def reminder_and_held(term: Term, first: str) -> None:
    """The day before, beat's timer sends the reminder; once the meeting has begun it is held."""
    page, url = term.page, term.server.url
    for day, when in ((13, "om 7 dagar"), (19, "i morgon")):
        term.travel(at(date(2027, 1, day), 9))
        reminders = term.worker()
        assert sorted(map(to, reminders)) == sorted(term.members.values())
        subjects = {str(m["Subject"]) for m in reminders}
        assert len(subjects) == 1, subjects
        assert subjects.pop().endswith(f" {when}")
    page.goto(url + first)
    assert page.get_by_role("button", name="Markera som hållet").count() == 0  # not yet begun
    term.travel(at(date(2027, 1, 20), 13, 30))
    page.goto(url + first)
    page.get_by_label("Jonas Ekström (Ale)").check()
    page.get_by_label("Sanna Ivarsson (Migrationsverket)").check()
    term.click("Spara närvaro")
    assert page.get_by_label("Jonas Ekström (Ale)").is_checked()
    term.click("Markera som hållet")
    term.sees("Mötet är markerat som hållet.")


def minutes(term: Term) -> EmailMessage:
    """Upload the minutes, review what was read out, approve: tasks and a deadline appear."""
    page = term.page
    page.get_by_label("eller ladda upp en fil (.txt, .md, .docx)").set_input_files(str(MINUTES))
    term.click("Läs ut och granska")
    term.sees("Granska det som lästs ut")
    assert "Sanna återkommer med besked" in page.locator("#action-2-text").input_value()
    sanna = page.locator("#action-2-title")  # a short title, the sentence beside it
    assert len(sanna.input_value().split()) <= 8
    assert page.locator("#action-2-owner").input_value() == "m:Sanna Ivarsson"
    for keep in page.locator(".action-row input[id$='-keep']").all():  # one task is enough here
        if keep.get_attribute("id") != "action-2-keep":
            keep.uncheck()
    sanna.fill("Besked om nya informationsmaterial")
    page.locator("#action-2-due").fill("2027-01-27")
    term.click("Godkänn protokoll")
    term.sees("Protokollet är godkänt.")
    screenshot(page, "term-meeting", docs="meeting")
    mails = term.worker()  # the task to its owner, the survey to those present
    by_member = {to(m): str(m["Subject"]) for m in mails}
    jonas, sanna_mail = term.members["Jonas Ekström"], term.members["Sanna Ivarsson"]
    # the minutes name Anna Berg among those present too: approval adds her to the attendance
    assert set(by_member) == set(term.members.values()), by_member
    assert by_member[jonas] == by_member[term.members["Anna Berg"]]
    assert by_member[jonas] == "Enkät: Två frågor om Nätverksträffar (1/4)"
    sanna_body = body(next(m for m in mails if to(m) == sanna_mail))
    assert "Besked om nya informationsmaterial" in sanna_body  # her task and her survey,
    assert "Enkät: Två frågor" in sanna_body  # in one mail
    page.goto(term.server.url + "/uppgifter")
    row = page.locator("tr", has_text="Besked om nya informationsmaterial").last
    assert "27 januari 2027" in row.inner_text()
    assert "Sanna Ivarsson" in row.inner_text()
    page.goto(term.server.url + "/deadlines")
    term.sees("fredag 1 oktober 2027 kl. 23:59")  # § 37a-medel, read out of the minutes
    listed = page.locator("main").inner_text()
    assert "Sista ansökningsdag för § 37a-medel – Aktuellt från myndigheterna" in listed
    assert "inför 2025 är 1 oktober." not in listed  # a short title, not the whole sentence
    return next(m for m in mails if to(m) == jonas)


def survey(term: Term, invitation: EmailMessage, new_page: Any) -> None:
    """The member answers the survey from the link in the mail, on a phone."""
    link = next(ln for ln in body(invitation).splitlines() if ln.startswith("Svara här: "))
    phone = new_page(390, 844)
    phone.goto(link.split(": ", 1)[1].strip())
    for question in phone.locator("fieldset[data-question]").all():
        radios = question.locator("input[type=radio][value='4']")
        if radios.count():
            radios.check()
        else:
            question.locator("textarea").fill("Bra genomgång av prognosen.")
    phone.get_by_role("button", name="Skicka svar").click()
    term.sees("Tack!", phone)
    phone.goto(link.split(": ", 1)[1].strip())
    term.sees("Du har redan svarat. Tack!", phone)


def overdue(term: Term) -> None:
    """The due date passes: the owner is reminded, and the overview shows the overdue task."""
    term.travel(at(date(2027, 1, 28), 9))
    reminders = term.worker()
    assert [to(m) for m in reminders] == [term.members["Sanna Ivarsson"]], reminders
    assert "Besked om nya informationsmaterial" in body(reminders[0])
    page = term.page
    page.goto(term.server.url + "/")
    row = page.locator('tr[data-org="Migrationsverket"]')
    assert row.locator(".overdue-count").inner_text() == "1"
    assert "Sanna Ivarsson" in row.inner_text()
    moved = page.locator("tr", has_text="Nätverksträffar (3/4)").inner_text()
    assert re.search(r"onsdag 5 maj 2027.*\s0\s+1\s+2\s*$", moved, re.S), moved  # ja, nej, inget
    term.sees("1 / 3 (33 %)")  # the survey's one answer
    screenshot(page, "term-overview")


def sequence_of(mails: list[EmailMessage], uid: str) -> int:
    """The one SEQUENCE the REQUESTs of one change carry, all for the same meeting."""
    found = set()
    for mail in mails:
        method, event = calendar(mail)
        assert (method, str(event["UID"])) == ("REQUEST", uid)
        found.add(int(event["SEQUENCE"]))
    assert len(found) == 1, found
    return found.pop()


def agenda_and_edit(term: Term, meetings: dict[str, str]) -> str:
    """The moved meeting had no agenda: add its first item, then a new title, place and video
    link. Each goes out as an updated invite (same UID) after the page asked once; a link from
    Anna's mail comes back, for later."""
    page, url = term.page, term.server.url
    moved, uid = list(meetings.items())[1]
    page.goto(url + moved)
    term.sees("Dagordningen är tom. Lägg till den första punkten nedan.")
    page.locator("#f-new_title").fill("Kommun i fokus: Lerum")
    term.click("Lägg till punkt")
    term.sees("Punkten kommer med i en uppdaterad inbjudan till 3 deltagare. Vill du det?")
    term.click("Ja, lägg till och skicka")
    term.sees("Punkten ”Kommun i fokus: Lerum” är tillagd. Uppdaterad inbjudan skickas till 3")
    assert "Kommun i fokus: Lerum" in page.locator("#agenda ol").inner_text()
    with_item = term.worker()
    assert sorted(map(to, with_item)) == sorted(term.members.values())
    assert all("Kommun i fokus: Lerum" in body(m) for m in with_item)
    before = sequence_of(with_item, uid)
    link = "https://teams.example.org/l/meetup-join/vt27-maj"
    page.locator("#f-title").fill("Nätverksträff med länsstyrelsen")
    page.locator("#f-location").fill("Digitalt via Teams")
    page.get_by_label("Länk till videomötet").fill(link)
    term.click("Spara ändringarna")
    term.sees("Ändringen (rubrik, plats, videolänk) går ut i en uppdaterad inbjudan till 3")
    term.click("Ja, spara och skicka")
    term.sees("Mötet är ändrat (rubrik, plats, videolänk). Uppdaterad inbjudan skickas till 3")
    assert page.get_by_role("link", name="Anslut till videomötet").get_attribute("href") == link
    edited = term.worker()
    assert len(edited) == 3
    assert sequence_of(edited, uid) > before
    for mail in edited:
        _, event = calendar(mail)
        assert str(event["LOCATION"]) == "Digitalt via Teams"
        assert "Nätverksträff med länsstyrelsen" in str(event["SUMMARY"])
        assert link in body(mail)
    anna = next(m for m in edited if to(m) == term.members["Anna Berg"])
    return next(w for w in body(anna).split() if w.startswith(url + "/"))


def person_and_organisation(term: Term, old_link: str, new_page: Any) -> str:
    """Anna's address, name, role and groups on her person page: her old links end. Lerum gets
    her as contact person and another name. Her person page's path comes back."""
    page, url = term.page, term.server.url
    page.goto(url + "/organisationer")
    page.get_by_role("link", name="Anna Berg", exact=True).click()
    person = page.url.removeprefix(url)
    assert person.startswith("/personer/")
    page.get_by_label("Namn", exact=True).fill("Anna Berg Lind")
    page.get_by_label("E-post", exact=True).fill("anna.lind@lerum.example.org")
    page.get_by_label("Roll i nätverket").select_option(label="Gäst")
    page.get_by_label("Styrgruppen").check()
    term.click("Spara")
    term.sees(
        "Uppgifterna för Anna Berg Lind är sparade. Länkar som skickats till den gamla adressen "
        "gäller inte längre; nästa utskick går till anna.lind@lerum.example.org med nya länkar."
    )
    assert page.get_by_label("Styrgruppen").is_checked()
    assert page.get_by_label("Roll i nätverket").input_value() == "guest"
    term.members["Anna Berg"] = "anna.lind@lerum.example.org"
    member = new_page(390, 844)
    member.goto(old_link)
    term.sees("Länken är ogiltig", member)
    page.goto(url + "/organisationer")
    page.get_by_role("link", name=re.compile(r"^Kontaktperson och andra namn\W+Lerum$")).click()
    page.get_by_label("Kontaktperson", exact=True).select_option(label="Anna Berg Lind")
    page.get_by_label("Andra namn, ett per rad").fill("Lerums kommun\nLK")
    term.click("Spara")
    term.sees("Lerum är sparad. Ingen har fått mejl om ändringen.")
    page.goto(url + "/organisationer")
    row = page.locator("tr", has_text="Anna Berg Lind").inner_text()
    assert "kontaktperson" in row, row
    assert "anna.lind@lerum.example.org" in row, row
    return person


def new_task(term: Term, title: str, owner: str, due: str) -> None:
    """The tasks page's "Ny uppgift" form, the owner chosen in the picker."""
    page = term.page
    page.goto(term.server.url + "/uppgifter")
    page.get_by_text("Ny uppgift", exact=True).click()
    form = page.locator("#new-task")
    form.get_by_label("Rubrik", exact=True).fill(title)
    form.get_by_label("Ansvarig", exact=True).select_option(label=owner)
    form.get_by_label("Klart senast").fill(due)
    term.click("Skapa uppgiften")


def task_by_hand(term: Term) -> None:
    """A task for Jonas, and one for Lerum picked among the organisations: its contact person,
    Anna, is told at her new address, and nothing goes to the old one."""
    page = term.page
    new_task(term, "Boka lokal för höstens första träff", "Jonas Ekström (Ale)", "2027-03-01")
    term.sees(
        "Uppgiften ”Boka lokal för höstens första träff” är skapad. "
        "Jonas Ekström får besked per e-post."
    )
    new_task(term, "Sammanställ Lerums mottagande 2026", "Lerum", "2027-02-15")
    term.sees(
        "Uppgiften ”Sammanställ Lerums mottagande 2026” är skapad. "
        "Anna Berg Lind får besked per e-post."
    )
    row = page.locator("tr", has_text="Sammanställ Lerums mottagande 2026").last.inner_text()
    assert "15 februari 2027" in row, row
    assert "Lerum" in row, row
    mails = {to(m): body(m) for m in term.worker()}
    assert sorted(to(m) for m in term.fresh) == sorted(mails), term.fresh  # none to the old one
    assert set(mails) == {term.members["Jonas Ekström"], "anna.lind@lerum.example.org"}
    assert "Boka lokal för höstens första träff" in mails[term.members["Jonas Ekström"]]
    anna = mails["anna.lind@lerum.example.org"]
    assert "Sammanställ Lerums mottagande 2026" in anna
    assert "Ansvarig: Lerum" in anna.splitlines()


def deadline(term: Term) -> None:
    """The deadline from the minutes: new dates, followed by Ale and Sanna only, then withdrawn;
    the two who follow are told, Anna is not."""
    page, url = term.page, term.server.url
    title = "Sista ansökningsdag för § 37a-medel – Aktuellt från myndigheterna"
    page.goto(url + "/deadlines")
    page.get_by_role("link", name=title).click()
    term.sees("Följer nu: 3 personer.")
    page.locator("#f-opens").fill("2027-08-16")
    page.locator("#f-closes").fill("2027-09-30")
    term.click("Spara tidsfristen")
    term.sees("30 september 2027")
    page.get_by_label("Valda grupper, organisationer och personer").check()
    page.get_by_label("Ale", exact=True).check()
    page.get_by_label("Sanna Ivarsson (Migrationsverket)").check()
    term.click("Spara vilka som följer")
    term.sees("Nu följer 2 personer tidsfristen; bara de får påminnelserna.")
    term.sees("Följer nu: 2 personer.")
    assert term.worker() == []  # choosing who follows mails nobody
    term.click("Dra tillbaka tidsfristen")
    term.sees("2 personer som följer den får besked. Vill du det?")
    term.click("Ja, dra tillbaka och skicka")
    term.sees(f"Tidsfristen ”{title}” är tillbakadragen. Besked skickas till 2 personer.")
    assert title not in page.locator("main table").inner_text()
    withdrawn = term.worker()
    followers = {term.members["Jonas Ekström"], term.members["Sanna Ivarsson"]}
    assert {to(m) for m in withdrawn} == followers, [to(m) for m in term.fresh]
    assert all("37a" in body(m) for m in withdrawn)


def settings(term: Term) -> None:
    """Microsoft 365 and back to the mail server, new reminder days, and a test message that
    the mail server receives."""
    page = term.page
    page.goto(term.server.url + "/installningar")
    page.get_by_label("Microsoft 365").check()
    term.click("Spara inställningar")
    term.sees("Inställningarna är sparade. Ingen har fått mejl om ändringen.")
    assert page.get_by_label("Microsoft 365").is_checked()
    page.get_by_label("E-postserver (SMTP)").check()
    page.get_by_label("Påminnelser om tidsfrister").fill("10, 2")
    term.click("Spara inställningar")
    term.sees("följer nu de nya dagarna. Ingen har fått mejl om ändringen.")
    assert page.get_by_label("E-postserver (SMTP)").is_checked()
    assert page.get_by_label("Påminnelser om tidsfrister").input_value() == "10, 2"
    before = len(term.smtp.messages)
    term.click("Skicka testmeddelande")
    term.sees(f"Testmeddelandet är skickat till {term.coordinator}.")
    assert [to(m) for m in term.smtp.messages[before:]] == [term.coordinator]
    term.seen = len(term.smtp.messages)


def audit(term: Term) -> None:
    """The log filtered by person says in Swedish what was just changed, and only what was."""
    page = term.page
    page.goto(term.server.url + "/logg")
    page.get_by_label("Person", exact=True).select_option(label="Anna Berg Lind")
    term.click("Visa")
    log = page.locator("main table").inner_text()
    assert "ändrade medlemmen Anna Berg Lind (e-post, styrgruppen, namn, roll)" in log, log
    page.get_by_label("Person", exact=True).select_option(label=term.coordinator)
    term.click("Visa")
    log = page.locator("main table").inner_text()
    for change in (
        "lade till en punkt på dagordningen",
        "ändrade mötet Nätverksträff med länsstyrelsen (plats, videolänk, rubrik)",
        "ändrade organisationen Lerum (andra namn, kontaktperson)",
        "lade till uppgiften Sammanställ Lerums mottagande 2026",
        "lade till uppgiften Boka lokal för höstens första träff",
        "ändrade tidsfristen (stänger, öppnar)",  # withdrawn since: only its removal keeps the name
        "tog bort tidsfristen Sista ansökningsdag för § 37a-medel",
        "ändrade nätverkets inställningar (hur post skickas)",
        "ändrade nätverkets inställningar (påminnelser om tidsfrister, hur post skickas)",
    ):
        assert change in log, log


def personal_data(term: Term, person: str) -> None:
    """Anna's data as a JSON download and a readable page; then erased, asked once, and gone."""
    page, url = term.page, term.server.url
    page.goto(url + person)
    page.get_by_role("link", name="Exportera eller radera personens uppgifter").click()
    term.sees("Personuppgifter om Anna Berg Lind")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ned som JSON").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert "anna.lind@lerum.example.org" in exported
    json.loads(exported)
    page.get_by_role("link", name="Visa som läsbar sida").click()
    term.sees("anna.lind@lerum.example.org")
    page.go_back()
    page.get_by_role("link", name="Radera personuppgifterna …").click()
    term.sees("Det här raderas:")
    term.click("Ja, radera personuppgifterna")
    term.sees("Personuppgifterna är raderade")
    people = page.locator("main table").all_inner_texts()
    assert not any("Anna Berg Lind" in t or "anna.lind@" in t for t in people), people
    assert not any("Borttagen deltagare" in t for t in people), people  # not even as a row
    lerum = page.locator("section", has=page.get_by_role("heading", name="Lerum", exact=True))
    assert lerum.locator("tbody tr").count() == 0  # she was Lerum's only member
    del term.members["Anna Berg"]


def test_whole_term(term: Term, new_page: Any) -> None:
    plan_and_poll(term, new_page)
    propose_and_send(term)
    declined = consent(term, new_page)
    meetings = confirm(term, declined)
    move_and_cancel(term, meetings)
    reminder_and_held(term, next(iter(meetings)))
    invitation = minutes(term)
    survey(term, invitation, new_page)
    overdue(term)
    old_link = agenda_and_edit(term, meetings)
    person = person_and_organisation(term, old_link, new_page)
    task_by_hand(term)
    deadline(term)
    settings(term)
    audit(term)
    personal_data(term, person)
