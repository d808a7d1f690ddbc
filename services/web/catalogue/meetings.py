"""UI text of the meeting pages: planning, agenda, attendance and the minutes review."""

# key: (Swedish, English)
TEXTS: dict[str, tuple[str, str]] = {
    "new_meeting": ("Nytt möte", "New meeting"),
    "starts": ("Börjar", "Starts"),
    "ends": ("Slutar", "Ends"),
    "date": ("Datum", "Date"),
    "location": ("Plats", "Location"),
    "create": ("Skapa", "Create"),
    "schedule": ("Schemalägg och skicka inbjudan", "Schedule and send invites"),
    "mark_held": ("Markera som hållet", "Mark as held"),
    "move_or_cancel": ("Flytta eller ställ in", "Move or cancel"),
    "move_meeting": ("Flytta mötet", "Move the meeting"),
    "new_date": ("Nytt datum", "New date"),
    "new_start": ("Ny starttid", "New start time"),
    "new_end": ("Ny sluttid", "New end time"),
    "cancel_meeting": ("Ställ in mötet", "Cancel the meeting"),
    "cancel_reason": ("Anledning (skickas med, valfri)", "Reason (sent along, optional)"),
    "confirm_yes_move": ("Ja, flytta och skicka", "Yes, move and send"),
    "confirm_yes_cancel": ("Ja, ställ in och skicka", "Yes, cancel and send"),
    "confirm_move": (
        "Mötet flyttas till {when}. En ändrad inbjudan skickas till {n} deltagare. Vill du det?",
        "The meeting moves to {when}. A changed invitation goes to {n} participants. Go ahead?",
    ),
    "confirm_move_one": (
        "Mötet flyttas till {when}. En ändrad inbjudan skickas till 1 deltagare. Vill du det?",
        "The meeting moves to {when}. A changed invitation goes to 1 participant. Go ahead?",
    ),
    "confirm_cancel": (
        "Mötet ställs in. Ett inställt-besked skickas till {n} deltagare och tas bort ur deras "
        "kalendrar. Vill du det?",
        "The meeting is cancelled. A cancellation goes to {n} participants and leaves their "
        "calendars. Go ahead?",
    ),
    "confirm_cancel_one": (
        "Mötet ställs in. Ett inställt-besked skickas till 1 deltagare och tas bort ur "
        "kalendern. Vill du det?",
        "The meeting is cancelled. A cancellation goes to 1 participant and leaves the "
        "calendar. Go ahead?",
    ),
    "meeting_moved": (
        "Mötet är flyttat. Ändrad inbjudan skickas till {n} deltagare.",
        "The meeting is moved. The changed invitation goes to {n} participants.",
    ),
    "meeting_moved_one": (
        "Mötet är flyttat. Ändrad inbjudan skickas till 1 deltagare.",
        "The meeting is moved. The changed invitation goes to 1 participant.",
    ),
    "meeting_moved_quietly": (
        "Mötet är flyttat. Ingen har fått inbjudan än, så ingen behöver få besked.",
        "The meeting is moved. Nobody had the invitation yet, so nobody needs telling.",
    ),
    "meeting_cancelled": (
        "Mötet är inställt. Besked skickas till {n} deltagare.",
        "The meeting is cancelled. A cancellation goes to {n} participants.",
    ),
    "meeting_cancelled_one": (
        "Mötet är inställt. Besked skickas till 1 deltagare.",
        "The meeting is cancelled. A cancellation goes to 1 participant.",
    ),
    "meeting_cancelled_quietly": (
        "Mötet är inställt. Ingen hade fått inbjudan, så ingen behöver få besked.",
        "The meeting is cancelled. Nobody had the invitation, so nobody needs telling.",
    ),
    "meeting_scheduled": (
        "Mötet är schemalagt. Inbjudan skickas till {n} deltagare.",
        "The meeting is scheduled. The invitation goes to {n} participants.",
    ),
    "meeting_scheduled_one": (
        "Mötet är schemalagt. Inbjudan skickas till 1 deltagare.",
        "The meeting is scheduled. The invitation goes to 1 participant.",
    ),
    "meeting_marked_held": (
        "Mötet är markerat som hållet. Registrera närvaron nedan; enkäten går till de närvarande.",
        "The meeting is marked as held. Record attendance below; the survey goes to those present.",
    ),
    "after_start": (
        "Närvaro och anteckningar registreras när mötet har börjat.",
        "Attendance and minutes are recorded once the meeting has begun.",
    ),
    "invites": ("Inbjudningar", "Invites"),
    "answer": ("Svar", "Answer"),
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
    "dates": ("Datum och tidsfrister", "Dates and deadlines"),
    "text": ("Text", "Text"),
    "item": ("Punkt", "Item"),
    # Reviewing extracted tasks and dates: a short title, its source, pickers, guesses marked.
    "task_title": ("Uppgift (kort rubrik)", "Task (short title)"),
    "source_sentence": ("Ur anteckningarna", "From the minutes"),
    "no_deadline_badge": ("Blir ingen tidsfrist", "No deadline"),
    "opening_without_closing": (
        "Ingen sista dag i samma mening. Lägg till sista dagen som en egen rad (typ ”Sista dag”) "
        "om den är känd.",
        "No closing day in the same sentence. Add the closing day as a row of its own (kind "
        "“Deadline”) if it is known.",
    ),
    "unsure": ("Osäker gissning – kontrollera", "Unsure guess – please check"),
    "no_owner": ("Ingen vald (samordnaren)", "None chosen (the coordinator)"),
    "minutes_mention": ("Anteckningarna nämner", "The minutes mention"),
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
    "kind_deadline": ("Sista dag", "Deadline"),
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
}
