"""The page catalogue, split by area, stays one catalogue: every key once, in both languages."""

from __future__ import annotations

import pytest

from services.web import catalogue, i18n


def test_every_text_has_swedish_and_english() -> None:
    for key, (swedish, english) in i18n.CATALOGUE.items():
        assert swedish.strip(), key
        assert english.strip(), key


def test_a_key_in_two_areas_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(catalogue.AREAS, "twice", {"save": ("Spara", "Save")})
    with pytest.raises(ValueError, match="save"):
        catalogue.merged()


def test_the_areas_make_up_the_catalogue() -> None:
    assert sum(len(texts) for texts in catalogue.AREAS.values()) == len(i18n.CATALOGUE)


@pytest.mark.parametrize(
    ("seconds", "swedish", "english"),
    [
        (14 * 86400, "14 dagar", "14 days"),
        (8 * 3600, "8 timmar", "8 hours"),
        (86400 + 3 * 3600, "1 dag och 3 timmar", "1 day and 3 hours"),
        (90 * 60, "1 timme och 30 minuter", "1 hour and 30 minutes"),
        (60, "1 minut", "1 minute"),
        (86400 + 60, "1 dag", "1 day"),
    ],
)
def test_durations_read_as_people_say_them(seconds: int, swedish: str, english: str) -> None:
    assert i18n.fmt_duration(seconds, "sv") == swedish
    assert i18n.fmt_duration(seconds, "en") == english
