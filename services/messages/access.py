"""Signing in, accounts, signed links, the API's gatekeeping and in-network lookups."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "access.csrf": ("ogiltig eller saknad CSRF-token", "missing or invalid CSRF token"),
    "access.log_in": ("logga in först", "please log in"),
    "access.bad_api_token": ("ogiltig API-token", "invalid API token"),
    "access.coordinators_only": ("bara samordnare får ändra", "only coordinators may change data"),
    "access.change_one_time_password": (
        "byt engångslösenordet först på /losenord",
        "change the one-time password first at /losenord",
    ),
    "access.no_network": (
        "kontot har ingen roll i något nätverk ännu",
        "the account has no role in any network yet",
    ),
    "access.not_your_network": (
        "du har ingen roll i det nätverket",
        "you have no role in that network",
    ),
    "access.admins_only": (
        "bara administratörer får göra det",
        "only administrators may do that",
    ),
    "auth.already_member": (
        "kontot har redan en roll i nätverket",
        "the account already has a role in that network",
    ),
    "auth.bad_email": ("ogiltig e-postadress", "invalid e-mail address"),
    "auth.wrong_login": ("fel e-post eller lösenord", "wrong e-mail or password"),
    "auth.account_exists": ("kontot finns redan", "an account with that e-mail exists"),
    "auth.no_account": ("inget konto med den e-postadressen", "no account with that e-mail"),
    "auth.account_name": (
        "ett namn på en rad utan styrtecken, högst 200 tecken",
        "a name on one line without control characters, at most 200 characters",
    ),
    "auth.no_account_name_needed": (
        "det finns inget konto med den e-postadressen: fyll i namnet så skapas ett",
        "there is no account with that e-mail: fill in the name to create one",
    ),
    "auth.too_many_attempts": (
        "för många försök, vänta {minutes} minuter",
        "too many attempts, wait {minutes} minutes",
    ),
    "auth.pw_wrong_current": ("fel nuvarande lösenord", "wrong current password"),
    "auth.pw_too_short": ("minst {length} tecken", "at least {length} characters"),
    "auth.pw_same_as_old": (
        "välj ett annat än det nuvarande",
        "choose one other than the current one",
    ),
    "auth.pw_mismatch": ("lösenorden är inte lika", "the passwords do not match"),
    "auth.pw_too_long": ("högst {max_length} tecken", "at most {max_length} characters"),
    "auth.no_token": ("ingen sådan token", "no such token"),
    "links.invalid": ("ogiltig länk", "invalid link"),
    "links.expired": ("länken har gått ut", "the link has expired"),
    "links.other_purpose": ("länken gäller något annat", "the link is for something else"),
    "links.expired_ask_fresh": (
        "länken har gått ut, be om en ny: POST {path} med token",
        "the link has expired, ask for a fresh one: POST {path} with the token",
    ),
    "links.thanks_for_answer": ("tack för ditt svar", "thank you for your answer"),
    "links.reminders_off": ("påminnelser avstängda", "reminders turned off"),
    "links.fresh_sent": (
        "om länken var giltig skickas en ny",
        "if the link was genuine, a new one is sent",
    ),
    "links.post_to_answer": ("POST hit för att svara", "POST to this URL to answer"),
    "links.post_to_unsubscribe": (
        "POST hit för att stänga av påminnelser och sammanfattning (inbjudningar kommer ändå)",
        "POST to this URL to turn off reminders and the digest (invites still come)",
    ),
    "lookup.not_in_network": ("{label} {id} finns inte", "does not exist in this network"),
}
