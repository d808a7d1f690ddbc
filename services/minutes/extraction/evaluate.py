"""Scores extractions against hand-written gold files: quality measured, not guessed."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from services.minutes.extraction.extractor import extract_minutes
from services.minutes.extraction.organisations import OrganisationMatcher
from services.minutes.extraction.reader import read_minutes_file
from services.people.registry import OrganisationRef

DOCUMENT_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
DEADLINE_FAMILY = frozenset({"deadline", "window_closes"})
TEXT_MATCH = 0.6
Row = dict[str, Any]


@dataclass
class Score:
    """Counts for one field; accuracy rows use `hits` out of `total`."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    accuracy: bool = False

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn


@dataclass
class Report:
    fields: dict[str, Score] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def add(self, scores: dict[str, Score]) -> None:
        for name, score in scores.items():
            self.fields.setdefault(name, Score(accuracy=score.accuracy)).add(score)


def _tokens(text: str) -> set[str]:
    return {t for t in re.findall(r"\w+", text.casefold()) if len(t) > 1}


def text_similarity(a: str, b: str) -> float:
    """Overlap of words relative to the shorter text; wording and sentence cuts may differ."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    shared = len(ta & tb)
    return shared / min(len(ta), len(tb)) if shared >= min(3, len(ta), len(tb)) else 0.0


def _match(
    gold: list[Row], pred: list[Row], score: Callable[[Row, Row], float], threshold: float
) -> tuple[list[tuple[Row, Row]], Score]:
    pairs = sorted(
        ((score(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched: list[tuple[Row, Row]] = []
    for value, gi, pi in pairs:
        if value < threshold or gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        matched.append((gold[gi], pred[pi]))
    return matched, Score(len(matched), len(pred) - len(matched), len(gold) - len(matched))


def _name(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _title(gold: str, pred: str) -> float:
    return 1.0 if _name(gold) == _name(pred) else text_similarity(gold, pred)


def score_document(gold: Row, pred: Row, orgs: OrganisationMatcher) -> dict[str, Score]:
    """Per-field precision/recall counts for one document."""
    org = orgs.canonical
    people = (
        [{**p, "status": s} for s in ("present", "absent") for p in gold["attendance"][s]],
        [{**p, "status": s} for s in ("present", "absent") for p in pred["attendance"][s]],
    )

    def person(g: Row, p: Row) -> float:
        same = _name(g["name"]) == _name(p["name"]) and g["status"] == p["status"]
        same = same and org(g["organisation"]) == org(p["organisation"])
        return float(same and sorted(g.get("items", [])) == sorted(p.get("items", [])))

    scores: dict[str, Score] = {"attendance": _match(*people, person, 1.0)[1]}
    scores["agenda"] = _match(
        gold["agenda"], pred["agenda"],
        lambda g, p: float(g["number"] == p["number"]) * _title(g["title"], p["title"]),
        TEXT_MATCH,
    )[1]  # fmt: skip
    scores["decisions"] = _match(
        gold["decisions"],
        pred["decisions"],
        lambda g, p: text_similarity(g["text"], p["text"]),
        TEXT_MATCH,
    )[1]
    actions, scores["action_items"] = _match(
        gold["action_items"], pred["action_items"],
        lambda g, p: text_similarity(g["text"], p["text"]), TEXT_MATCH,
    )  # fmt: skip
    owner = sum(
        org(g["owner_organisation"]) == org(p["owner_organisation"])
        and _name(g["owner_name"]) == _name(p["owner_name"])
        for g, p in actions
    )
    scores["action_items.owner"] = Score(owner, 0, len(actions) - owner, accuracy=True)
    kinds = sum(g["kind"] == p["kind"] for g, p in actions)
    scores["action_items.kind"] = Score(kinds, 0, len(actions) - kinds, accuracy=True)
    due = sum(g["due"] == p["due"] for g, p in actions)
    scores["action_items.due"] = Score(due, 0, len(actions) - due, accuracy=True)
    dates, scores["dates"] = _match(
        gold["dates"], pred["dates"],
        lambda g, p: float(g["date"] == p["date"]) * (1.0 if g["kind"] == p["kind"] else 0.5), 0.5,
    )  # fmt: skip
    kind_hits = sum(g["kind"] == p["kind"] for g, p in dates)
    scores["dates.kind"] = Score(kind_hits, 0, len(dates) - kind_hits, accuracy=True)
    deadlines = [g for g in gold["dates"] if g["kind"] in DEADLINE_FAMILY]
    right = sum(g["kind"] in DEADLINE_FAMILY and p["kind"] in DEADLINE_FAMILY for g, p in dates)
    scores["dates.deadline_kind"] = Score(right, 0, len(deadlines) - right, accuracy=True)
    scores["series_proposals"] = _match(
        gold["series_proposals"], pred["series_proposals"],
        lambda g, p: text_similarity(g["text"], p["text"]), TEXT_MATCH,
    )[1]  # fmt: skip
    return scores


def find_pairs(directory: Path) -> list[tuple[Path, Path | None]]:
    """(gold, document) pairs: `X.gold.json` (or `X.json`) beside `X.txt|.md|.docx|.pdf`,
    or a gold file whose "document" key gives a path relative to itself."""
    pairs: list[tuple[Path, Path | None]] = []
    golds = sorted(directory.glob("*.gold.json"))
    for doc in sorted(p for p in directory.iterdir() if p.suffix.lower() in DOCUMENT_SUFFIXES):
        plain = doc.with_suffix(".json")
        if not (directory / f"{doc.stem}.gold.json").exists() and plain.exists():
            golds.append(plain)
    for gold in golds:
        data = json.loads(gold.read_text(encoding="utf-8"))
        stem = gold.name.removesuffix(".gold.json").removesuffix(".json")
        if data.get("document"):
            doc_path: Path | None = (gold.parent / data["document"]).resolve()
        else:
            doc_path = next(
                (
                    gold.parent / f"{stem}{s}"
                    for s in DOCUMENT_SUFFIXES
                    if (gold.parent / f"{stem}{s}").exists()
                ),
                None,
            )
        pairs.append((gold, doc_path if doc_path and doc_path.exists() else None))
    return pairs


def evaluate_directory(directory: Path, organisations: Sequence[OrganisationRef]) -> Report:
    """Extract every document that has a gold file and add up the scores."""
    orgs = OrganisationMatcher(organisations)
    report = Report()
    for gold_path, doc_path in find_pairs(directory):
        if doc_path is None:
            report.problems.append(f"{gold_path.name}: document not found")
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        extraction = extract_minutes(
            read_minutes_file(doc_path),
            meeting_date=date.fromisoformat(gold["meeting_date"]),
            organisations=organisations,
        )
        report.add(score_document(gold, extraction.model_dump(mode="json"), orgs))
        report.documents.append(doc_path.name)
    return report
