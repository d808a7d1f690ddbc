"""UI text of the network switcher, the administrator's networks page, the API token page and
a member's personal data (export and erase)."""

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
    "account_name": ("Namn (för ett nytt konto)", "Name (for a new account)"),
    "account_name_hint": (
        "Har adressen inget konto skapas ett med det här namnet.",
        "If the address has no account, one is created with this name.",
    ),
    "account_created": (
        "Kontot för {email} är skapat med rollen {role} i {name}.",
        "The account for {email} is created with the role {role} in {name}.",
    ),
    "one_time_password": ("Engångslösenord:", "One-time password:"),
    "one_time_password_help": (
        "Lämna det till personen på ett säkert sätt. Det visas bara nu och måste bytas vid "
        "första inloggningen.",
        "Hand it to the person safely. It is shown only now and must be changed at first login.",
    ),
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
    "personal_data": ("Personuppgifter", "Personal data"),
    "person_data_link": (
        "Exportera eller radera personens uppgifter",
        "Export or erase this person's data",
    ),
    "personal_data_of": ("Personuppgifter om {name}", "Personal data about {name}"),
    "personal_data_intro": (
        "Här lämnar du ut allt som finns sparat om personen (registerutdrag) eller raderar "
        "personuppgifterna.",
        "Here you hand out everything held about the person (a subject access export) or "
        "erase the personal data.",
    ),
    "export_heading": ("Registerutdrag", "Export"),
    "export_json": ("Ladda ned som JSON", "Download as JSON"),
    "export_html": ("Visa som läsbar sida", "Show as a readable page"),
    "export_note": (
        "Att ett utdrag gjordes noteras i loggen, men inte vad det innehöll.",
        "The log notes that an export was made, not what it held.",
    ),
    "erase_heading": ("Radera personuppgifterna", "Erase the personal data"),
    "erase_start": ("Radera personuppgifterna …", "Erase the personal data …"),
    "erase_what_goes": ("Det här raderas:", "This is erased:"),
    "erase_goes_contact": (
        "namn och e-postadress, inställningar för påminnelser",
        "name and e-mail address, reminder settings",
    ),
    "erase_goes_mail": (
        "köade och skickade utskick till personen",
        "queued and sent mail to the person",
    ),
    "erase_goes_links": (
        "personens länkar (de slutar fungera) och bevakningar av tidsfrister",
        "the person's links (they stop working) and deadline subscriptions",
    ),
    "erase_goes_mentions": (
        "namnet och adressen där de nämns i nätverkets texter",
        "the name and address where the network's texts mention them",
    ),
    "erase_what_stays": (
        "Protokoll, uppgifter och svar står kvar på ”Borttagen deltagare”, och nätverkets "
        "statistik behåller sina siffror. Det går inte att ångra.",
        "Minutes, tasks and answers stay with \u201cBorttagen deltagare\u201d (removed "
        "participant), and the network's statistics keep their numbers. This cannot be undone.",
    ),
    "erase_confirm": ("Ja, radera personuppgifterna", "Yes, erase the personal data"),
    "erase_cancel": ("Avbryt", "Cancel"),
    "already_erased": (
        "Personuppgifterna är redan raderade.",
        "The personal data has already been erased.",
    ),
    "member_erased": (
        "Personuppgifterna är raderade: namn, e-postadress, utskick, länkar och bevakningar. "
        "Protokoll, uppgifter och svar står nu på ”Borttagen deltagare”; statistiken är kvar. "
        "Loggen noterar att det gjordes, utan uppgifterna.",
        "The personal data was erased: name, e-mail address, mail, links and subscriptions. "
        "Minutes, tasks and answers now show \u201cBorttagen deltagare\u201d; the statistics "
        "stay. The log notes that it was done, without the data.",
    ),
}
