"""UI text of the person page and the organisation page (contact person and other names)."""

# key: (Swedish, English)
TEXTS: dict[str, tuple[str, str]] = {
    "person_edit": ("Ändra uppgifter", "Edit details"),
    "person_role": ("Roll i nätverket", "Role in the network"),
    "role_member": ("Medlem", "Member"),
    "role_guest": ("Gäst", "Guest"),
    "person_groups": ("Grupper", "Groups"),
    "person_email_hint": (
        "Byter du adress slutar alla länkar som skickats till den gamla adressen att fungera.",
        "Changing the address ends every link sent to the old one.",
    ),
    "person_save": ("Spara", "Save"),
    "person_saved": (
        "Uppgifterna för {name} är sparade. Ingen har fått mejl om ändringen.",
        "The details of {name} are saved. Nobody was mailed about the change.",
    ),
    "person_saved_email": (
        "Uppgifterna för {name} är sparade. Länkar som skickats till den gamla adressen gäller "
        "inte längre; nästa utskick går till {email} med nya länkar. Ingen har fått mejl om "
        "ändringen.",
        "The details of {name} are saved. Links sent to the old address no longer work; the "
        "next mail goes to {email} with new links. Nobody was mailed about the change.",
    ),
    "person_back": (
        "Tillbaka till organisationer och medlemmar",
        "Back to organisations and members",
    ),
    "edit_person": ("Ändra", "Edit"),
    "edit_organisation": ("Kontaktperson och andra namn", "Contact person and other names"),
    "org_contact": ("Kontaktperson", "Contact person"),
    "org_no_contact": ("Ingen kontaktperson", "No contact person"),
    "org_aliases": ("Andra namn, ett per rad", "Other names, one per line"),
    "org_aliases_hint": (
        "Namn som organisationen kallas i protokoll, till exempel förkortningar. De används när "
        "uppgifter i ett protokoll kopplas till organisationer.",
        "Names the organisation goes by in minutes, such as abbreviations. They are used when "
        "tasks in minutes are matched to organisations.",
    ),
    "org_aliases_invalid": (
        "Högst 200 tecken per namn och högst 200 namn",
        "At most 200 characters per name and at most 200 names",
    ),
    "org_saved": (
        "{name} är sparad. Ingen har fått mejl om ändringen.",
        "{name} is saved. Nobody was mailed about the change.",
    ),
}
