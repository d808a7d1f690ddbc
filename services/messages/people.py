"""Networks, organisations and members."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "people.organisation_exists": ("organisationen '{name}' finns redan", "already exists"),
    "people.contact_outside": (
        "kontaktpersonen måste tillhöra organisationen",
        "contact must belong to it",
    ),
    "people.email_taken": ("e-postadressen används redan", "e-mail already in use"),
    "people.unknown_network": ("okänt nätverk", "unknown network"),
    "people.unknown_member": ("okänd medlem", "unknown member"),
}
