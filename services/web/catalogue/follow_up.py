"""UI text for follow-ups made by hand: a new task, and deadlines edited, withdrawn and followed."""

# key: (Swedish, English)
TEXTS: dict[str, tuple[str, str]] = {
    "new_task": ("Ny uppgift", "New task"),
    "create_task": ("Skapa uppgiften", "Create the task"),
    "task_owner": ("Ansvarig", "Owner"),
    "task_owner_hint": (
        "En person, eller en organisation (då får dess kontaktperson beskedet).",
        "A person, or an organisation (its contact person is then told).",
    ),
    "owner_people": ("Personer", "People"),
    "owner_organisations": ("Organisationer", "Organisations"),
    "task_description": ("Beskrivning (valfri)", "Description (optional)"),
    "task_due": ("Klart senast", "Due by"),
    "task_created": (
        "Uppgiften ”{title}” är skapad. {owner} får besked per e-post.",
        "The task “{title}” is created. {owner} is told by e-mail.",
    ),
    "task_created_untold": (
        "Uppgiften ”{title}” är skapad. {org} har ingen kontaktperson, så ingen får besked.",
        "The task “{title}” is created. {org} has no contact person, so nobody is told.",
    ),
}
TEXTS.update(
    {
        "deadline_page": ("Tidsfrist", "Deadline"),
        "edit_deadline": ("Ändra tidsfristen", "Change the deadline"),
        "save_deadline": ("Spara tidsfristen", "Save the deadline"),
        "deadline_edited": (
            "Tidsfristen är ändrad. Påminnelserna följer de nya datumen och går till {n} personer.",
            "The deadline is changed. The reminders follow the new dates and go to {n} people.",
        ),
        "deadline_edited_one": (
            "Tidsfristen är ändrad. Påminnelserna följer de nya datumen och går till 1 person.",
            "The deadline is changed. The reminders follow the new dates and go to 1 person.",
        ),
        "followers": ("Vem följer tidsfristen?", "Who follows the deadline?"),
        "followers_hint": (
            "Bara de som följer får påminnelserna och besked om tidsfristen dras tillbaka.",
            "Only those who follow get the reminders, and word if it is withdrawn.",
        ),
        "followers_now": ("Följer nu: {n} personer.", "Following now: {n} people."),
        "followers_now_one": ("Följer nu: 1 person.", "Following now: 1 person."),
        "follow_everyone": (
            "Alla aktiva medlemmar (även de som tillkommer)",
            "All active members (also those who join later)",
        ),
        "follow_chosen": (
            "Valda grupper, organisationer och personer",
            "Chosen groups, organisations and people",
        ),
        "groups": ("Grupper", "Groups"),
        "group_steering": ("Styrgruppen", "The steering group"),
        "group_preparatory": ("Beredningsgruppen", "The preparatory group"),
        "save_followers": ("Spara vilka som följer", "Save who follows"),
        "followers_everyone": (
            "Alla aktiva medlemmar följer nu tidsfristen ({n} personer får påminnelserna).",
            "All active members follow the deadline now ({n} people get the reminders).",
        ),
        "followers_everyone_one": (
            "Alla aktiva medlemmar följer nu tidsfristen (1 person får påminnelserna).",
            "All active members follow the deadline now (1 person gets the reminders).",
        ),
        "followers_chosen": (
            "Nu följer {n} personer tidsfristen; bara de får påminnelserna.",
            "{n} people follow the deadline now; only they get the reminders.",
        ),
        "followers_chosen_one": (
            "Nu följer 1 person tidsfristen; bara den personen får påminnelserna.",
            "1 person follows the deadline now; only they get the reminders.",
        ),
        "withdraw_deadline": ("Dra tillbaka tidsfristen", "Withdraw the deadline"),
        "confirm_yes_withdraw": ("Ja, dra tillbaka och skicka", "Yes, withdraw and send"),
        "confirm_withdraw": (
            "Tidsfristen dras tillbaka och väntande påminnelser stoppas. {n} personer som följer "
            "den får besked. Vill du det?",
            "The deadline is withdrawn and waiting reminders are stopped. {n} people who follow "
            "it are told. Go ahead?",
        ),
        "confirm_withdraw_one": (
            "Tidsfristen dras tillbaka och väntande påminnelser stoppas. 1 person som följer den "
            "får besked. Vill du det?",
            "The deadline is withdrawn and waiting reminders are stopped. 1 person who follows "
            "it is told. Go ahead?",
        ),
        "deadline_withdrawn": (
            "Tidsfristen ”{title}” är tillbakadragen. Besked skickas till {n} personer.",
            "The deadline “{title}” is withdrawn. Word goes to {n} people.",
        ),
        "deadline_withdrawn_one": (
            "Tidsfristen ”{title}” är tillbakadragen. Besked skickas till 1 person.",
            "The deadline “{title}” is withdrawn. Word goes to 1 person.",
        ),
        "deadline_withdrawn_quietly": (
            "Tidsfristen ”{title}” är tillbakadragen. Den hade redan stängt, så ingen får besked.",
            "The deadline “{title}” is withdrawn. It had closed already, so nobody is told.",
        ),
        "back_to_deadlines": ("Alla deadlines", "All deadlines"),
    }
)
