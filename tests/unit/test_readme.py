"""The README documents every setting (so the configuration table cannot drift)."""

from __future__ import annotations

from pathlib import Path

from infra.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_lists_every_setting() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [n for n in Settings.model_fields if f"SAMVERKAN_{n.upper()}" not in text]
    assert not missing, f"add these settings to the README's configuration table: {missing}"
    assert "make run" in text
    assert "make test" in text
