from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from services.minutes.extraction import extract_minutes, read_minutes_file
from services.minutes.extraction.evaluate import Report, evaluate_directory
from services.people.registry import GR_ORGANISATIONS
from tests.unit.minutes.docx_builder import DOCX_FIXTURE, FICTIONAL_2024_02, build_docx

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures" / "minutes"
SHARED_SAMPLES = REPO.parent / "shared" / "samples" / "minutes"


def _assert_targets(report: Report) -> None:
    f = report.fields
    assert f["attendance"].f1 >= 0.97
    assert f["dates"].recall >= 0.9
    assert f["dates.deadline_kind"].recall >= 0.9
    assert f["action_items"].recall >= 0.8
    assert f["action_items.owner"].recall >= 0.7
    assert f["action_items"].precision >= 0.7, "a flood of false action items"


def test_fictional_set_meets_the_targets() -> None:
    report = evaluate_directory(FIXTURES, GR_ORGANISATIONS)
    assert len(report.documents) >= 3
    assert not report.problems
    _assert_targets(report)


@pytest.mark.skipif(not SHARED_SAMPLES.is_dir(), reason="../shared samples are not checked out")
def test_shared_samples_meet_the_targets() -> None:
    report = evaluate_directory(FIXTURES / "shared", GR_ORGANISATIONS)
    assert len(report.documents) == 3, report.problems
    _assert_targets(report)


def test_committed_docx_matches_its_builder() -> None:
    built = read_minutes_file_bytes(build_docx(FICTIONAL_2024_02))
    assert built == read_minutes_file(DOCX_FIXTURE)


def read_minutes_file_bytes(data: bytes) -> str:
    from services.minutes.extraction import read_minutes_bytes

    return read_minutes_bytes(data, "x.docx")


def test_ten_pages_extract_as_much_as_their_parts() -> None:
    """Ten pages of minutes in one file: nothing is lost to its length (the speed is `make bench`'s
    `minutes docs_per_s`, not a timed test)."""
    texts = [
        read_minutes_file(p) for p in sorted(FIXTURES.glob("fictional-*.*")) if p.suffix != ".json"
    ]
    document = "\n\n".join(texts * 5)
    assert len(document.split()) > 3000
    day, orgs = date(2023, 8, 25), GR_ORGANISATIONS
    one = extract_minutes(texts[0], meeting_date=day, organisations=orgs)
    whole = extract_minutes(document, meeting_date=day, organisations=orgs)
    assert one.action_items
    assert len(whole.action_items) >= len(one.action_items)
    assert {a.text for a in one.action_items} <= {a.text for a in whole.action_items}
