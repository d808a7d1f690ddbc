"""The contracts' texts are written 'svenska / English'; a page shows its own language's half."""

from __future__ import annotations

import pytest

from services.web.i18n import in_language


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("sv", "Mötet kan inte börja i det förflutna"), ("en", "Start is in the past")],
)
def test_a_page_shows_one_language(lang: str, expected: str) -> None:
    message = "mötet kan inte börja i det förflutna / start is in the past"
    assert in_language(message, lang) == expected  # type: ignore[arg-type]


def test_a_message_in_one_language_is_left_as_it_is() -> None:
    assert in_language("Okänd organisation, välj en i listan.", "en") == (
        "Okänd organisation, välj en i listan."
    )
