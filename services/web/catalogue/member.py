"""UI text of the member's pages: 'Mina uppgifter' and the pages behind the links in mails."""

# key: (Swedish, English)
TEXTS: dict[str, tuple[str, str]] = {
    "my_tasks": ("Mina uppgifter", "My tasks"),
    "open_tasks": ("Öppna uppgifter", "Open tasks"),
    "done_tasks": ("Klara uppgifter", "Done tasks"),
    "comment": ("Kort kommentar (valfritt)", "Short comment (optional)"),
    "next_meetings": ("Mina nästa möten", "My next meetings"),
    "rsvp_yes": ("Jag kommer", "I will attend"),
    "rsvp_no": ("Jag kommer inte", "I will not attend"),
    "your_answer": ("Ditt svar", "Your answer"),
    "feed_url": ("Adress till min kalender", "Address of my calendar"),
    "network_feed_url": ("Adress till nätverkets kalender", "Address of the network's calendar"),
    "link_invalid_help": (
        "Länken kan ha blivit avklippt i mejlet. Öppna den igen från mejlet, eller be "
        "nätverkets samordnare om ett nytt utskick.",
        "The link may have been cut off in the mail. Open it again from the mail, or ask the "
        "network's coordinator to send it again.",
    ),
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
}
