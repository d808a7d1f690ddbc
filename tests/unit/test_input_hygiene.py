"""The edge's text and number types: what they refuse, how they say it, what the OpenAPI says."""

from __future__ import annotations

import re
from typing import Annotated, Any, get_args

import pytest
from pydantic import TypeAdapter, ValidationError

from schemas.common import (
    LINE_PATTERN,
    TEXT_PATTERN,
    URL_PATTERN,
    CleanText,
    Day,
    Description,
    Email,
    Name,
    Position,
    WebUrl,
)
from schemas.people import PreferenceKey
from services.api.errors import field_errors
from services.notifications.preferences import OPTIONAL_PREFERENCES

NAME: TypeAdapter[str] = TypeAdapter(Name)
NOTES: TypeAdapter[str] = TypeAdapter(Description)


def refusal(adapter: TypeAdapter[Any], value: object) -> dict[str, Any]:
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python(value)
    return dict(caught.value.errors()[0])


@pytest.mark.parametrize("value", ["Anna\x00", "Anna\x07", "a\nb", "a\tb", "a\u2028b", "\ud8f4"])
def test_single_lines_refuse_controls_and_lone_surrogates(value: str) -> None:
    error = refusal(NAME, value)
    assert error["type"] in {"control_characters", "string_unicode"}
    assert " / " in field_errors([error])[0].message  # Swedish / English


def test_multi_line_text_keeps_line_breaks_and_tabs_only() -> None:
    assert NOTES.validate_python("punkt 1\r\n\tpunkt 2\rslut") == "punkt 1\n\tpunkt 2\nslut"
    assert refusal(NOTES, "sida 1\x0csida 2")["type"] == "control_characters"


def test_text_is_nfc_and_its_length_counts_after_normalising() -> None:
    assert NAME.validate_python("Sjo\u0308berg") == "Sjöberg"
    short: TypeAdapter[str] = TypeAdapter(Annotated[str, CleanText(2)])
    assert refusal(short, "\u0958\u0958")["type"] == "string_too_long"  # NFC: 2 -> 4 chars


def test_the_openapi_patterns_say_what_the_validators_do() -> None:
    for sample in ("Ale kommun", "a\x01", "a\nb", "a\u2028b", "\x9f"):
        valid_line = re.match(LINE_PATTERN, sample) is not None
        valid_text = re.match(TEXT_PATTERN, sample) is not None
        assert valid_line == (_accepts(NAME, sample))
        assert valid_text == (_accepts(NOTES, sample))


def _accepts(adapter: TypeAdapter[Any], value: object) -> bool:
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://forms.office.com/r/abc?x=1#y", True),
        ("http://menti.com", True),
        ("javascript:alert(1)", False),
        ("https://exempel.se/möte", False),  # the OpenAPI's "uri" is ASCII: percent-encode it
        ("https://a/%zz", False),
        ("https://1.2.3.4.5", False),
        (" https://a.se", False),
    ],
)
def test_web_addresses_are_http_uris_as_the_pattern_says(url: str, ok: bool) -> None:
    adapter: TypeAdapter[str] = TypeAdapter(WebUrl)
    assert _accepts(adapter, url) is ok
    assert (re.match(URL_PATTERN, url) is not None) is ok


def test_dates_are_iso_text_in_plausible_years() -> None:
    day: TypeAdapter[Any] = TypeAdapter(Day)
    assert str(day.validate_python("2027-03-01")) == "2027-03-01"
    for unix_time in (0, "0.5", "20270301"):
        assert refusal(day, unix_time)["type"] == "iso_8601"
    assert refusal(day, "9999-12-31")["type"] == "date_out_of_range"


def test_whole_numbers_are_json_integers_within_bounds() -> None:
    position: TypeAdapter[int] = TypeAdapter(Position)
    assert position.validate_python(7.0) == 7
    assert refusal(position, "7")["type"] == "int_type"
    assert refusal(position, True)["type"] == "int_type"
    assert refusal(position, 1000)["type"] == "less_than_equal"
    assert position.json_schema() == {"type": "integer", "minimum": 0, "maximum": 999}


def test_email_addresses_are_normalised_and_checked() -> None:
    email: TypeAdapter[str] = TypeAdapter(Email)
    assert email.validate_python("Anna@Example.ORG") == "Anna@example.org"
    assert refusal(email, "not-an-address")["type"] == "email"


def test_preference_keys_are_the_ones_mail_delivery_reads() -> None:
    assert set(get_args(PreferenceKey)) == set(OPTIONAL_PREFERENCES)
