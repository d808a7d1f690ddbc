"""The API's edge: pydantic's reasons for refused input in the coordinators' words (keyed by
pydantic's error type, {names} from the error's context), and the HTTP-level answers."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "edge.request_too_large": (
        "för stor begäran, högst {mb:.0f} MB",
        "request too large, at most {mb:.0f} MB",
    ),
    "input.missing": ("saknas", "is required"),
    "input.extra_forbidden": ("okänt fält", "unknown field"),
    "input.string_type": ("ska vara text", "must be text"),
    "input.string_unicode": ("innehåller ogiltiga tecken", "contains invalid characters"),
    "input.string_too_short": (
        "för kort, minst {min_length} tecken",
        "too short, at least {min_length}",
    ),
    "input.string_too_long": (
        "för långt, högst {max_length} tecken",
        "too long, at most {max_length}",
    ),
    "input.string_pattern_mismatch": ("har fel form", "has the wrong format"),
    "input.too_short": ("för få, minst {min_length}", "too few, at least {min_length}"),
    "input.too_long": ("för många, högst {max_length}", "too many, at most {max_length}"),
    "input.int_parsing": ("ska vara ett heltal", "must be a whole number"),
    "input.int_type": ("ska vara ett heltal", "must be a whole number"),
    "input.int_from_float": ("ska vara ett heltal", "must be a whole number"),
    "input.greater_than_equal": ("minst {ge}", "at least {ge}"),
    "input.greater_than": ("större än {gt}", "greater than {gt}"),
    "input.less_than_equal": ("högst {le}", "at most {le}"),
    "input.less_than": ("mindre än {lt}", "less than {lt}"),
    "input.bool_parsing": ("ska vara true eller false", "must be true or false"),
    "input.bool_type": ("ska vara true eller false", "must be true or false"),
    "input.uuid_parsing": ("ska vara ett id (UUID)", "must be an id (UUID)"),
    "input.uuid_type": ("ska vara ett id (UUID)", "must be an id (UUID)"),
    "input.date_parsing": ("ska vara ett datum (ÅÅÅÅ-MM-DD)", "must be a date (YYYY-MM-DD)"),
    "input.date_from_datetime_parsing": (
        "ska vara ett datum (ÅÅÅÅ-MM-DD)",
        "must be a date (YYYY-MM-DD)",
    ),
    "input.date_type": ("ska vara ett datum (ÅÅÅÅ-MM-DD)", "must be a date (YYYY-MM-DD)"),
    "input.datetime_parsing": (
        "ska vara en tidpunkt (ISO 8601)",
        "must be a date and time (ISO 8601)",
    ),
    "input.datetime_from_date_parsing": (
        "ska vara en tidpunkt (ISO 8601)",
        "must be a date and time",
    ),
    "input.datetime_type": (
        "ska vara en tidpunkt (ISO 8601)",
        "must be a date and time (ISO 8601)",
    ),
    "input.timezone_aware": ("ska ha en tidszon", "must include a time zone"),
    "input.enum": ("ska vara en av {expected}", "must be one of {expected}"),
    "input.literal_error": ("ska vara en av {expected}", "must be one of {expected}"),
    "input.list_type": ("ska vara en lista", "must be a list"),
    "input.dict_type": ("ska vara ett objekt", "must be an object"),
    "input.model_type": ("ska vara ett objekt", "must be an object"),
    "input.model_attributes_type": ("ska vara ett objekt", "must be an object"),
    "input.json_invalid": ("ogiltig JSON", "invalid JSON"),
    "input.url_parsing": ("ska vara en webbadress", "must be a URL"),
    "input.invalid": ("ogiltig indata", "invalid input"),
    "api.conflicting_data": ("krockar med befintliga data", "conflicts with existing data"),
    "api.internal": ("internt fel", "internal error"),
    "api.internal_retry": ("internt fel, försök igen", "internal error"),
    "api.unavailable": ("databasen är inte nåbar, försök igen", "database unavailable, retry"),
    "api.bad_request": ("begäran kunde inte läsas", "the request could not be read"),
    "api.not_ready": ("inte redo", "not ready"),
    "api.not_found": ("finns inte", "not found"),
    "api.method_not_allowed": ("metoden stöds inte här", "method not allowed here"),
}
