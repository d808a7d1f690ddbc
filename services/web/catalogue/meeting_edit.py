"""UI text for editing a meeting on its page: title, place, video link and new agenda items."""

# key: (Swedish, English)
TEXTS: dict[str, tuple[str, str]] = {
    "edit_meeting": ("Ändra rubrik, plats och länk", "Change title, place and link"),
    "save_meeting": ("Spara ändringarna", "Save the changes"),
    "confirm_yes_edit": ("Ja, spara och skicka", "Yes, save and send"),
    "uses_series_link": (
        "Tomt: mötet använder seriens länk.",
        "Empty: the meeting uses the series' link.",
    ),
    "join_meeting": ("Anslut till videomötet", "Join the video meeting"),
    "video_link": ("Länk till videomötet", "Video meeting link"),
    "video_link_hint": (
        "Till exempel länken till Teams-mötet. Visas på mötessidan och i inbjudan.",
        "For example the Teams meeting link. Shown on the meeting page and in the invitation.",
    ),
    "confirm_edit": (
        "Ändringen ({what}) går ut i en uppdaterad inbjudan till {n} deltagare. Vill du det?",
        "The change ({what}) goes out in an updated invitation to {n} participants. Go ahead?",
    ),
    "confirm_edit_one": (
        "Ändringen ({what}) går ut i en uppdaterad inbjudan till 1 deltagare. Vill du det?",
        "The change ({what}) goes out in an updated invitation to 1 participant. Go ahead?",
    ),
    "meeting_edited": (
        "Mötet är ändrat ({what}). Uppdaterad inbjudan skickas till {n} deltagare.",
        "The meeting is changed ({what}). The updated invitation goes to {n} participants.",
    ),
    "meeting_edited_one": (
        "Mötet är ändrat ({what}). Uppdaterad inbjudan skickas till 1 deltagare.",
        "The meeting is changed ({what}). The updated invitation goes to 1 participant.",
    ),
    "meeting_edited_quietly": (
        "Mötet är ändrat ({what}). Ingen har fått inbjudan än, så ingen behöver få besked.",
        "The meeting is changed ({what}). Nobody had the invitation yet, so nobody needs telling.",
    ),
    "meeting_unchanged": (
        "Inget ändrades, så ingen har fått besked.",
        "Nothing changed, so nobody was told.",
    ),
    "field_title": ("rubrik", "title"),
    "field_mode": ("mötesform", "kind"),
    "field_location": ("plats", "place"),
    "field_online_url": ("videolänk", "video link"),
    "add_item": ("Lägg till punkt", "Add item"),
    "new_item": ("Ny punkt på dagordningen", "New agenda item"),
    "no_items_yet": (
        "Dagordningen är tom. Lägg till den första punkten nedan.",
        "The agenda is empty. Add the first item below.",
    ),
    "confirm_item": (
        "Punkten kommer med i en uppdaterad inbjudan till {n} deltagare. Vill du det?",
        "The item goes out in an updated invitation to {n} participants. Go ahead?",
    ),
    "confirm_item_one": (
        "Punkten kommer med i en uppdaterad inbjudan till 1 deltagare. Vill du det?",
        "The item goes out in an updated invitation to 1 participant. Go ahead?",
    ),
    "confirm_yes_item": ("Ja, lägg till och skicka", "Yes, add and send"),
    "item_added": (
        "Punkten ”{title}” är tillagd. Uppdaterad inbjudan skickas till {n} deltagare.",
        "The item “{title}” is added. The updated invitation goes to {n} participants.",
    ),
    "item_added_one": (
        "Punkten ”{title}” är tillagd. Uppdaterad inbjudan skickas till 1 deltagare.",
        "The item “{title}” is added. The updated invitation goes to 1 participant.",
    ),
    "item_added_quietly": (
        "Punkten ”{title}” är tillagd. Ingen har fått inbjudan än, så ingen behöver få besked.",
        "The item “{title}” is added. Nobody had the invitation yet, so nobody needs telling.",
    ),
    "series_link": ("Videolänk för serien", "The series' video link"),
    "series_link_hint": (
        "Gäller seriens alla möten som saknar en egen länk; ett mötes egen länk går före.",
        "Used by every meeting of the series without a link of its own; a meeting's own wins.",
    ),
    "save_series_link": ("Spara länken", "Save the link"),
    "confirm_series_link": (
        "Länken går ut i uppdaterade inbjudningar till {meetings} schemalagda möten, "
        "sammanlagt {n} utskick. Vill du det?",
        "The link goes out in updated invitations for {meetings} scheduled meetings, "
        "{n} mails in all. Go ahead?",
    ),
    "confirm_series_link_one": (
        "Länken går ut i en uppdaterad inbjudan till 1 deltagare. Vill du det?",
        "The link goes out in an updated invitation to 1 participant. Go ahead?",
    ),
    "series_link_saved": (
        "Seriens videolänk är sparad. Uppdaterade inbjudningar till {meetings} möten skickas, "
        "sammanlagt {n} utskick.",
        "The series' video link is saved. Updated invitations for {meetings} meetings go out, "
        "{n} mails in all.",
    ),
    "series_link_saved_one": (
        "Seriens videolänk är sparad. Uppdaterad inbjudan skickas till 1 deltagare.",
        "The series' video link is saved. The updated invitation goes to 1 participant.",
    ),
    "series_link_saved_quietly": (
        "Seriens videolänk är sparad. Inget schemalagt möte använder den än, så ingen får besked.",
        "The series' video link is saved. No scheduled meeting uses it yet, so nobody is told.",
    ),
}
