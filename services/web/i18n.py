"""UI text, Swedish first: a small catalogue beats gettext for a few hundred strings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from starlette.requests import Request

from services.notifications import formatting

Lang = Literal["sv", "en"]
LANGS: tuple[Lang, ...] = ("sv", "en")

# key: (Swedish, English)
CATALOGUE: dict[str, tuple[str, str]] = {
    "app": ("samverkan", "samverkan"),
    "skip": ("Hoppa till innehållet", "Skip to content"),
    "overview": ("Översikt", "Overview"),
    "meetings": ("Möten", "Meetings"),
    "meeting": ("Möte", "Meeting"),
    "tasks": ("Uppgifter", "Tasks"),
    "page": ("Sida", "Page"),
    "pages": ("Sidor", "Pages"),
    "previous": ("Föregående", "Previous"),
    "next": ("Nästa", "Next"),
    "deadlines": ("Deadlines", "Deadlines"),
    "people": ("Organisationer och medlemmar", "Organisations and members"),
    "surveys": ("Enkäter", "Surveys"),
    "mail": ("Skickad post", "Sent mail"),
    "series": ("Serieplanering", "Series planner"),
    "login": ("Logga in", "Log in"),
    "logout": ("Logga ut", "Log out"),
    "email": ("E-post", "E-mail"),
    "password": ("Lösenord", "Password"),
    "change_password": ("Byt lösenord", "Change password"),
    "current_password": ("Nuvarande lösenord", "Current password"),
    "new_password": ("Nytt lösenord", "New password"),
    "repeat_password": ("Nytt lösenord igen", "New password again"),
    "password_rules": (
        "Minst 12 tecken och inte samma som det nuvarande.",
        "At least 12 characters and not the same as the current one.",
    ),
    "must_change_password": (
        "Ditt lösenord var ett engångslösenord. Välj ett eget innan du fortsätter.",
        "Your password was a one-time password. Choose your own before you continue.",
    ),
    "password_changed": ("Lösenordet är bytt.", "The password is changed."),
    "pw_wrong_current": ("Fel nuvarande lösenord.", "Wrong current password."),
    "pw_too_short": ("Lösenordet måste ha minst 12 tecken.", "Use at least 12 characters."),
    "pw_same_as_old": (
        "Välj ett annat lösenord än det nuvarande.",
        "Choose a password other than the current one.",
    ),
    "pw_mismatch": ("Lösenorden är inte lika.", "The passwords do not match."),
    "language": ("Språk", "Language"),
    "save": ("Spara", "Save"),
    "filter": ("Filtrera", "Filter"),
    "all": ("Alla", "All"),
    "none": ("Inga", "None"),
    "yes": ("Ja", "Yes"),
    "no": ("Nej", "No"),
    "title": ("Rubrik", "Title"),
    "status": ("Status", "Status"),
    "owner": ("Ansvarig", "Owner"),
    "organisation": ("Organisation", "Organisation"),
    "due": ("Klart senast", "Due"),
    "count": ("Antal", "Count"),
    "oldest": ("Äldsta", "Oldest"),
    "overdue": ("Försenade", "Overdue"),
    "overdue_by_org": (
        "Försenade uppföljningar per organisation",
        "Overdue follow-ups by organisation",
    ),
    "due_soon": ("Uppgifter som ska vara klara inom 14 dagar", "Tasks due in the next 14 days"),
    "upcoming_meetings": ("Kommande möten", "Upcoming meetings"),
    "accepted": ("Tackat ja", "Accepted"),
    "declined": ("Tackat nej", "Declined"),
    "no_answer": ("Inget svar", "No answer"),
    "windows": ("Öppna och kommande ansökningsfönster", "Open and upcoming application windows"),
    "opens": ("Öppnar", "Opens"),
    "closes": ("Stänger", "Closes"),
    "open_now": ("Öppen nu", "Open now"),
    "response_rates": ("Svarsfrekvens på enkäter", "Survey response rates"),
    "responded": ("Svarat", "Responded"),
    "recipients": ("Mottagare", "Recipients"),
    "attendance_chart": (
        "Närvaro per organisation, senaste 12 månaderna",
        "Attendance per organisation, last 12 months",
    ),
    "attended": ("närvarat", "attended"),
    "failures": ("Misslyckade utskick och döda meddelanden", "Failed deliveries and dead letters"),
    "retry": ("Försök igen", "Retry"),
    "error": ("Fel", "Error"),
    "nothing": ("Inget att visa.", "Nothing to show."),
    "new_meeting": ("Nytt möte", "New meeting"),
    "starts": ("Börjar", "Starts"),
    "ends": ("Slutar", "Ends"),
    "date": ("Datum", "Date"),
    "location": ("Plats", "Location"),
    "create": ("Skapa", "Create"),
    "schedule": ("Schemalägg och skicka inbjudan", "Schedule and send invites"),
    "mark_held": ("Markera som hållet", "Mark as held"),
    "invites": ("Inbjudningar", "Invites"),
    "attendance": ("Närvaro", "Attendance"),
    "present": ("Närvarande", "Present"),
    "partial_items": ("Bara punkt (t.ex. 5)", "Only item (e.g. 5)"),
    "save_attendance": ("Spara närvaro", "Save attendance"),
    "minutes": ("Mötesanteckningar", "Minutes"),
    "minutes_text": ("Skriv anteckningarna", "Type the minutes"),
    "minutes_file": (
        "eller ladda upp en fil (.txt, .md, .docx)",
        "or upload a file (.txt, .md, .docx)",
    ),
    "extract": ("Läs ut och granska", "Extract and review"),
    "review": ("Granska det som lästs ut", "Review what was extracted"),
    "keep": ("Behåll", "Keep"),
    "agenda": ("Dagordning", "Agenda"),
    "decisions": ("Beslut", "Decisions"),
    "action_items": ("Att göra", "Action items"),
    "dates": ("Datum och deadlines", "Dates and deadlines"),
    "text": ("Text", "Text"),
    "item": ("Punkt", "Item"),
    # Editing the agenda on the meeting page.
    "edit_item": ("Ändra punkten", "Edit item"),
    "delete_item": ("Ta bort punkten", "Delete item"),
    "item_notes": ("Anteckningar", "Notes"),
    "item_presenter": ("Föredragande organisation", "Presenting organisation"),
    "item_place": ("Plats i ordningen (1 = först)", "Place in the order (1 = first)"),
    "kind": ("Typ", "Kind"),
    "name": ("Namn", "Name"),
    "save_draft": ("Spara utkast", "Save draft"),
    "kind_send_material": ("Skicka material", "Send material"),
    "kind_follow_up": ("Återkomma", "Follow up"),
    "kind_present_next_meeting": ("Presentera på nästa möte", "Present at the next meeting"),
    "kind_survey": ("Enkät", "Survey"),
    "kind_reply": ("Svara", "Reply"),
    "kind_other": ("Övrigt", "Other"),
    "kind_deadline": ("Deadline", "Deadline"),
    "kind_window_opens": ("Ansökan öppnar", "Window opens"),
    "kind_window_closes": ("Ansökan stänger", "Window closes"),
    "kind_event": ("Evenemang", "Event"),
    "mode_on_site": ("På plats", "On site"),
    "mode_digital": ("Digitalt", "Digital"),
    "mode_hybrid": ("Hybrid", "Hybrid"),
    "absent": ("Frånvarande", "Absent"),
    "contact": ("kontaktperson", "contact person"),
    "reply_by": ("Svara senast", "Reply by"),
    "approve_minutes": ("Godkänn protokoll", "Approve minutes"),
    "minutes_approved": ("Protokollet är godkänt.", "The minutes are approved."),
    "minutes_saved": ("Utkastet är sparat.", "The draft is saved."),
    "approve_when_held": (
        "Protokollet kan godkännas när mötet är genomfört.",
        "The minutes can be approved once the meeting has been held.",
    ),
    "minutes_unavailable": (
        "Godkännande av protokoll är inte tillgängligt än.",
        "Approving minutes is not available yet.",
    ),
    "export_csv": ("Exportera CSV", "Export CSV"),
    "export_excel": ("Exportera för Excel", "Export for Excel"),
    "bulk": ("Markerade uppgifter", "Selected tasks"),
    "reassign": ("Byt ansvarig", "Reassign"),
    "new_due": ("Nytt datum", "New due date"),
    "mark_done": ("Markera som klar", "Mark done"),
    "apply": ("Utför", "Apply"),
    "select": ("Välj", "Select"),
    "sort": ("Sortera", "Sort"),
    "from": ("Från", "From"),
    "to": ("Till", "To"),
    "open": ("Öppen", "Open"),
    "done": ("Klar", "Done"),
    "cancelled": ("Struken", "Cancelled"),
    "my_tasks": ("Mina uppgifter", "My tasks"),
    "open_tasks": ("Öppna uppgifter", "Open tasks"),
    "done_tasks": ("Klara uppgifter", "Done tasks"),
    "comment": ("Kort kommentar (valfritt)", "Short comment (optional)"),
    "next_meetings": ("Mina nästa möten", "My next meetings"),
    "rsvp_yes": ("Jag kommer", "I will attend"),
    "rsvp_no": ("Jag kommer inte", "I will not attend"),
    "your_answer": ("Ditt svar", "Your answer"),
    "surveys_to_answer": ("Enkäter att svara på", "Surveys to answer"),
    "ics_feed": ("Min kalender (ICS)", "My calendar (ICS)"),
    "subscribe": ("Prenumerera i kalendern", "Subscribe in your calendar"),
    "notif_settings": ("Mina aviseringar", "My notifications"),
    "notif_reminders": ("Påminnelser om uppgifter", "Task reminders"),
    "notif_digest": ("Veckosammanfattning", "Weekly digest"),
    "notif_meetings": ("Påminnelser om möten", "Meeting reminders"),
    "link_expired": ("Länken har gått ut", "The link has expired"),
    "link_invalid": ("Länken är ogiltig", "The link is invalid"),
    "send_fresh": ("Skicka en ny länk till min e-post", "Send a fresh link to my e-mail"),
    "fresh_sent": (
        "En ny länk är skickad till din e-postadress.",
        "A fresh link has been sent to your e-mail address.",
    ),
    # The pages behind the RSVP, survey and unsubscribe links in members' mails.
    "rsvp_title": ("Svara på inbjudan", "Reply to the invitation"),
    "network_feed": (
        "Prenumerera på nätverkets kalender",
        "Subscribe to the network's calendar",
    ),
    "rsvp_accepted": ("Ja, jag kommer", "Yes, I will attend"),
    "rsvp_tentative": ("Kanske", "Maybe"),
    "rsvp_declined": ("Nej, jag kommer inte", "No, I will not attend"),
    "rsvp_substitute": (
        "Skicka en ersättare från din organisation (om du tackar nej)",
        "Send a substitute from your organisation (if you decline)",
    ),
    "rsvp_no_substitute": ("Ingen ersättare", "No substitute"),
    "rsvp_closed": (
        "Mötet går inte att svara på längre.",
        "The meeting can no longer be answered.",
    ),
    "mail_thanks": ("Tack!", "Thank you!"),
    "thanks_accepted": ("Du har tackat ja. Välkommen!", "You have accepted. Welcome!"),
    "thanks_tentative": ("Du har svarat kanske.", "You have answered maybe."),
    "thanks_declined": ("Du har tackat nej.", "You have declined."),
    "thanks_survey": ("Tack för ditt svar på enkäten.", "Thank you for answering the survey."),
    "thanks_unsubscribe": (
        "Påminnelser och veckosammanfattning är avstängda. Inbjudningar kommer ändå.",
        "Reminders and the weekly digest are turned off. Invites still come.",
    ),
    "survey_send": ("Skicka svar", "Send answers"),
    "survey_answered": ("Du har redan svarat. Tack!", "You have already answered. Thank you!"),
    "survey_closed": ("Enkäten är stängd.", "The survey is closed."),
    "survey_anonymous": (
        "Svaren är anonyma: bara din organisation sparas.",
        "Answers are anonymous: only your organisation is stored.",
    ),
    "survey_external": ("Öppna enkäten", "Open the survey"),
    "scale_hint": ("1 = inte alls, 5 = i hög grad", "1 = not at all, 5 = very much"),
    "no_answers": ("Svara på minst en fråga.", "Answer at least one question."),
    "bad_choice": ("Välj ett av alternativen.", "Choose one of the options."),
    "unsubscribe_title": ("Avsluta påminnelser", "Stop reminders"),
    "unsubscribe_explain": (
        "Du slutar få påminnelser och veckosammanfattning. Inbjudningar och "
        "inställda möten får du ändå.",
        "You will stop getting reminders and the weekly digest. Invites and "
        "cancellations still come.",
    ),
    "unsubscribe_confirm": ("Ja, stäng av påminnelserna", "Yes, turn reminders off"),
    "unsubscribe_already": (
        "Påminnelserna är redan avstängda.",
        "Reminders are already turned off.",
    ),
    "invite_member": ("Bjud in ny medlem", "Invite a new member"),
    "deactivate": ("Avaktivera", "Deactivate"),
    "move_to": ("Flytta till", "Move to"),
    "active": ("Aktiv", "Active"),
    "inactive": ("Inaktiv", "Inactive"),
    "forbidden": ("Du får inte göra det här.", "You may not do this."),
    "not_found": ("Sidan finns inte.", "The page does not exist."),
    "internal": ("Något gick fel. Försök igen.", "Something went wrong. Please try again."),
    "unavailable": (
        "Tjänsten är tillfälligt otillgänglig, försök igen om en stund.",
        "The service is temporarily unavailable, please try again in a moment.",
    ),
    "saved": ("Sparat.", "Saved."),
    "required": ("Fältet måste fyllas i.", "This field is required."),
    "bad_date": ("Ange datum som ÅÅÅÅ-MM-DD.", "Enter the date as YYYY-MM-DD."),
    "bad_year": (
        "Ange ett år mellan 1900 och 2200.",
        "Enter a year between 1900 and 2200.",
    ),
    "bad_time": ("Ange tid som TT:MM.", "Enter the time as HH:MM."),
    "end_after_start": (
        "Mötet måste sluta efter att det börjar.",
        "The meeting must end after it starts.",
    ),
    "form_errors": (
        "Formuläret har fel, se markerade fält.",
        "The form has errors, see the marked fields.",
    ),
    "new_deadline": (
        "Registrera deadline eller ansökningsfönster",
        "Register a deadline or window",
    ),
    "opens_date": ("Öppnar (datum, valfritt)", "Opens (date, optional)"),
    "closes_date": ("Stänger (datum)", "Closes (date)"),
    "closes_time": ("Stänger (klockan)", "Closes (time)"),
    "issuer": ("Utlysande organisation", "Issuing organisation"),
    "link": ("Länk (https://…)", "Link (https://…)"),
    "description": ("Beskrivning (valfri)", "Description (optional)"),
    "register": ("Registrera", "Register"),
    "unknown_organisation": (
        "Okänd organisation, välj en i listan.",
        "Unknown organisation, choose one from the list.",
    ),
    "bad_url": (
        "Ange en fullständig webbadress som börjar med https://.",
        "Enter a full web address starting with https://.",
    ),
    "closes_after_opens": (
        "Fönstret måste stänga efter att det öppnar.",
        "The window must close after it opens.",
    ),
    "closes_in_past": (
        "Stängningstiden har redan passerat.",
        "The closing time has already passed.",
    ),
    "deadline_exists": (
        "En deadline med samma rubrik och sluttid finns redan.",
        "A deadline with this title and closing time already exists.",
    ),
    "sent_at": ("Skickat", "Sent"),
    "subject": ("Ämne", "Subject"),
    "to_whom": ("Till", "To"),
    "questions": ("Frågor", "Questions"),
    "results": ("Resultat", "Results"),
    "average": ("Medel", "Average"),
    "planned_dates": ("Föreslagna datum", "Proposed dates"),
    # Series planning: the pages behind the links in proposal and poll mails.
    "proposed_date": ("Föreslagen mötestid", "Proposed meeting date"),
    "consent_works": ("Passar", "Works for me"),
    "consent_objects": ("Passar inte", "Does not work"),
    "consent_confirm_works": ("Ja, tiden passar mig", "Yes, this date works for me"),
    "consent_confirm_objects": ("Nej, tiden passar inte mig", "No, this date does not work"),
    "consent_comment": ("Kommentar (frivillig)", "Comment (optional)"),
    "consent_current": ("Ditt nuvarande svar", "Your current answer"),
    "consent_silence": (
        "Svarar du inte anses tiden godkänd.",
        "If you do not reply, the date counts as accepted.",
    ),
    "poll_question": ("Passar den här tiden dig?", "Does this time suit you?"),
    "poll_confirm": ("Ja, den här tiden passar mig", "Yes, this time suits me"),
    "thanks": ("Tack!", "Thank you!"),
    "answer_saved": ("Ditt svar är sparat.", "Your answer has been saved."),
    "link_expired_ask": (
        "Länken har gått ut. Be samordnaren om ett nytt utskick.",
        "The link has expired. Ask the coordinator to send it again.",
    ),
    "objections": ("Invändningar", "Objections"),
    "no_objections": ("Inga invändningar", "No objections"),
    "alternatives": ("Näst bästa tider", "Next-best dates"),
    "consent_replies": ("Svar på förslaget", "Replies to the proposal"),
    "consent_closed": ("svarstiden är slut", "replies closed"),
    # Surveys page: each series' survey settings and the rates per organisation.
    "survey_settings": ("Enkät efter träffarna", "Survey after the meetings"),
    "survey_series": ("Serie", "Series"),
    "external_survey_url": (
        "Extern enkät (Menti, Forms; tomt = våra två frågor)",
        "External survey (Menti, Forms; empty = our two questions)",
    ),
    "anonymous_answers": ("Anonyma svar", "Anonymous answers"),
    "open_days": ("Öppen antal dagar (1–60)", "Open for days (1–60)"),
    "open_days_range": ("Ange 1–60 dagar.", "Enter 1–60 days."),
    "unknown_series": ("Okänd serie, välj en i listan.", "Unknown series, choose one."),
    "own_questions": ("våra frågor", "our questions"),
    "by_organisation": ("Svar per organisation", "Answers per organisation"),
    "invited": ("Inbjudna", "Invited"),
    "response_rate": ("Svarsfrekvens", "Response rate"),
    "external_clicks": ("Klick på extern enkät", "Clicks on external survey"),
}

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "proposed": ("föreslaget", "proposed"),
    "planned": ("planerat", "planned"),
    "scheduled": ("schemalagt", "scheduled"),
    "held": ("hållet", "held"),
    "minutes_approved": ("protokoll godkänt", "minutes approved"),
    "open": ("öppen", "open"),
    "done": ("klar", "done"),
    "pending": ("väntar", "pending"),
    "sending": ("skickas", "sending"),
    "sent": ("skickat", "sent"),
    "failed": ("misslyckat", "failed"),
    "suppressed": ("stoppat", "suppressed"),
    "needs_action": ("inget svar", "no answer"),
    "accepted": ("kommer", "accepted"),
    "tentative": ("kanske", "tentative"),
    "declined": ("kommer inte", "declined"),
    "cancelled": ("inställt", "cancelled"),
}


def lang_of(request: Request) -> Lang:
    """The session's choice, else the browser's first preference if it is sv or en, else the
    configured default language (SAMVERKAN_DEFAULT_LANGUAGE)."""
    chosen = request.session.get("lang")
    if chosen in LANGS:
        return "en" if chosen == "en" else "sv"
    accept = request.headers.get("accept-language", "").lower()
    if accept.startswith("en"):
        return "en"
    if accept.startswith("sv"):
        return "sv"
    settings = getattr(request.app.state, "settings", None)
    return "en" if settings is not None and settings.default_language == "en" else "sv"


def in_language(message: str, lang: Lang) -> str:
    """The page's half of a service message written 'svenska / English'; others as they are."""
    swedish, separator, english = message.partition(" / ")
    if not separator:
        return message
    half = (swedish if lang == "sv" else english).strip()
    return half[:1].upper() + half[1:]


def translate(key: str, lang: Lang) -> str:
    """Unknown keys show as themselves, so a missing entry is visible but never breaks a page."""
    pair = CATALOGUE.get(key) or STATUS_LABELS.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "sv" else pair[1]


def status_label(value: str, lang: Lang) -> str:
    """A status value: its own label first, so a status never shows a catalogue sentence
    that happens to share its key (a meeting's 'minutes_approved' or 'cancelled')."""
    pair = STATUS_LABELS.get(value)
    return translate(value, lang) if pair is None else pair[0 if lang == "sv" else 1]


def fmt_date(value: date | None, lang: Lang) -> str:
    return "" if value is None else formatting.format_date(value, lang)


def fmt_short(value: date | None, lang: Lang) -> str:
    return "" if value is None else formatting.format_short_date(value, lang)


def fmt_datetime(value: datetime | None, lang: Lang) -> str:
    return "" if value is None else formatting.format_datetime(value, lang)


def fmt_range(start: datetime, end: datetime, lang: Lang) -> str:
    """'onsdag 6 september 2023, 13:00–16:00'."""
    return formatting.format_range(start, end, lang)
