"""UI text of the network switcher, the administrator's networks page and the API token page."""

# key: (Swedish, English)
TEXTS: dict[str, tuple[str, str]] = {
    "network": ("Nätverk", "Network"),
    "switch_network": ("Byt nätverk", "Switch network"),
    "network_switched": ("Du arbetar nu i {name}.", "You now work in {name}."),
    "networks_admin": ("Nätverk i installationen", "Networks of the installation"),
    "networks_admin_intro": (
        "Som administratör skapar du nätverk och ger konton en roll i dem.",
        "As an administrator you create networks and give accounts a role in them.",
    ),
    "network_name": ("Namn", "Name"),
    "network_slug": ("Kortnamn (a–z, 0–9 och -)", "Short name (a–z, 0–9 and -)"),
    "network_accounts": ("Konton med roll", "Accounts with a role"),
    "create_network": ("Skapa nätverk", "Create network"),
    "network_created": ("Nätverket {name} är skapat.", "The network {name} was created."),
    "give_role": ("Ge ett konto en roll", "Give an account a role"),
    "give_role_button": ("Ge roll", "Give role"),
    "account_email": ("Kontots e-post", "The account's e-mail"),
    "role": ("Roll", "Role"),
    "role_coordinator": ("Samordnare", "Coordinator"),
    "role_viewer": ("Läsare", "Viewer"),
    "role_given": (
        "Kontot har nu rollen {role} i {name}.",
        "The account now has the role {role} in {name}.",
    ),
    "no_networks": ("Inga nätverk ännu.", "No networks yet."),
    "choose": ("Välj", "Choose"),
    "api_tokens": ("API-nycklar", "API tokens"),
}
