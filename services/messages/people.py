"""Networks, organisations and members."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "people.network_name_length": ("namnet ska ha 1–200 tecken", "the name needs 1–200 characters"),
    "people.network_slug": ("kortnamnet: a–z, 0–9 och -", "the slug: a–z, 0–9 and -"),
    "people.network_exists": ("nätverket finns redan", "the network exists already"),
    "people.erased": (
        "personens uppgifter är raderade och kan inte ändras eller aktiveras igen",
        "this person's data is erased and cannot be changed or reactivated",
    ),
    "people.organisation_exists": ("organisationen '{name}' finns redan", "already exists"),
    "people.contact_outside": (
        "kontaktpersonen måste tillhöra organisationen",
        "contact must belong to it",
    ),
    "people.email_taken": ("e-postadressen används redan", "e-mail already in use"),
    "people.unknown_network": ("okänt nätverk", "unknown network"),
    "people.unknown_member": ("okänd medlem", "unknown member"),
    "people.unknown_organisation": ("okänd organisation", "unknown organisation"),
    "people.mailbox_required": (
        "Microsoft 365 behöver en organisatörsbrevlåda att skicka från",
        "Microsoft 365 needs an organiser mailbox to send from",
    ),
    "people.send_window_short": (
        "Sluttiden för utskick måste vara minst {hours} timme efter starttiden",
        "The end of the sending window must be at least {hours} hour after its start",
    ),
}
