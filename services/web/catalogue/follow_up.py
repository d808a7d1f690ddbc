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
