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
    "api_tokens_intro": (
        "En API-nyckel låter ett skript läsa och ändra i det här nätverket i ditt namn. "
        "Den gäller bara i nätverket där du skapade den.",
        "An API token lets a script read and change this network on your behalf. "
        "It works only in the network you created it in.",
    ),
    "token_name": ("Namn (vad nyckeln används till)", "Name (what the token is for)"),
    "token_days": ("Giltig antal dagar", "Valid for days"),
    "create_token": ("Skapa nyckel", "Create token"),
    "token_created": (
        "Din nya nyckel visas bara nu. Kopiera den och förvara den säkert:",
        "Your new token is shown only now. Copy it and keep it safe:",
    ),
    "token_name_too_long": ("Högst {limit} tecken.", "At most {limit} characters."),
    "token_days_range": ("Ange 1–{limit} dagar.", "Give 1–{limit} days."),
    "token_revoked": ("Nyckeln {name} är återkallad.", "The token {name} was revoked."),
    "revoke": ("Återkalla", "Revoke"),
    "token_created_at": ("Skapad", "Created"),
    "token_expires": ("Gäller till", "Valid until"),
    "token_last_used": ("Senast använd", "Last used"),
    "token_state": ("Läge", "State"),
    "token_active": ("Gäller", "Active"),
    "token_is_revoked": ("Återkallad", "Revoked"),
    "token_expired": ("Har gått ut", "Expired"),
    "token_never_used": ("Aldrig", "Never"),
    "no_tokens": ("Du har inga API-nycklar i det här nätverket.", "You have no API tokens here."),
}
