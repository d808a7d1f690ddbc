"""Every refusal a service raises by code has a Swedish and an English text, and fills them."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from services import messages
from services.errors import Conflict, Invalid

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "services"
RENDERERS = {"messages.render", "i18n.message", "_said", "_edge", "problem_response", "Phrase"}
BASES = {"DomainError", "NotFound", "Conflict", "Invalid", "Forbidden", "TooManyAttempts"}


def _trees() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(SERVICES.rglob("*.py")):
        yield path, ast.parse(path.read_text())


def error_classes() -> set[str]:
    """DomainError and every subclass defined in services (by name, to any depth)."""
    parents: dict[str, set[str]] = {}
    for _, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                parents[node.name] = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
    found = set(BASES)
    while True:
        more = {name for name, bases in parents.items() if bases & found} - found
        if not more:
            return found
        found |= more


def raised_codes() -> list[tuple[str, str, set[str]]]:
    """(where, code, parameter names) for each error built with a message code."""
    classes = error_classes() | {"missing", "PlanningError"}  # lookup passes the class in
    found = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            first = node.args[0]
            text = first.value if isinstance(first, ast.Constant) else None
            if name in classes and isinstance(text, str) and messages.is_code(text):
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found.append((where, text, {k.arg for k in node.keywords if k.arg}))
    return found


def code_constants() -> list[tuple[str, str]]:
    """Codes in module-level constants and tables (lifecycle refusals, password problems)."""
    areas = {code.split(".")[0] for code in messages.TEXTS}
    found = []
    for path, tree in _trees():
        if path.is_relative_to(SERVICES / "messages"):
            continue
        for statement in tree.body:
            if not isinstance(statement, ast.Assign | ast.AnnAssign) or statement.value is None:
                continue
            for node in ast.walk(statement.value):
                text = node.value if isinstance(node, ast.Constant) else None
                if isinstance(text, str) and messages.is_code(text) and text.split(".")[0] in areas:
                    found.append((f"{path.relative_to(ROOT)}:{node.lineno}", text))
        for node in ast.walk(tree):  # codes handed to the edges' renderers
            if isinstance(node, ast.Call) and ast.unparse(node.func) in RENDERERS:
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    text = arg.value if isinstance(arg, ast.Constant) else None
                    if isinstance(text, str) and messages.is_code(text):
                        found.append((f"{path.relative_to(ROOT)}:{node.lineno}", text))
    return found


def test_services_raise_codes() -> None:
    """The scan finds the codes (a scan that finds nothing would pass every check below)."""
    assert len(raised_codes()) > 50


@pytest.mark.parametrize(("where", "code", "params"), raised_codes())
def test_every_raised_code_has_both_texts_and_its_parameters(
    where: str, code: str, params: set[str]
) -> None:
    assert code in messages.TEXTS, where
    swedish, english = messages.TEXTS[code]
    assert swedish.strip(), where
    assert english.strip(), where
    assert messages.placeholders(code) <= params, (
        f"{where}: {code} needs {messages.placeholders(code)}"
    )


def test_every_code_named_in_a_table_has_texts() -> None:
    """Codes chosen at run time (lifecycle refusals, password problems) are in the catalogue."""
    assert len(code_constants()) >= 15
    assert [(where, code) for where, code in code_constants() if code not in messages.TEXTS] == []


def test_no_text_looks_like_an_older_two_language_message() -> None:
    """One language per text: a ' / ' would be split again by the pages."""
    assert [code for code, pair in messages.TEXTS.items() if any(" / " in t for t in pair)] == []


def test_an_error_speaks_the_asked_language_or_both() -> None:
    error = Invalid("surveys.too_long", field="q1", limit=2000)
    assert error.text("sv") == "högst 2000 tecken"
    assert error.text("en") == "at most 2000 characters"
    assert error.text(None) == error.message == "högst 2000 tecken / at most 2000 characters"
    assert (error.message_code, error.params) == ("surveys.too_long", {"limit": 2000})


def test_a_message_written_out_is_refused_where_it_is_raised() -> None:
    """No second way: a text instead of a code fails at once, not on the page that shows it."""
    with pytest.raises(KeyError):
        Conflict("serien finns redan / the series exists")


def written_out_errors() -> list[str]:
    """Errors (and the planner's refusals) built from a text rather than a message code."""
    classes = error_classes() | {"missing", "PlanningError"}
    found = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            if getattr(node.func, "id", getattr(node.func, "attr", "")) not in classes:
                continue
            first = node.args[0]
            text = first.value if isinstance(first, ast.Constant) else None
            if isinstance(first, ast.JoinedStr) or (
                isinstance(text, str) and not messages.is_code(text)
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(first)}")
    return found


def test_no_error_is_raised_with_a_message_written_out() -> None:
    assert written_out_errors() == []


TWO_LANGUAGES = re.compile(r"[^\W\d_] / [^\W\d_]")  # 'svenska / English', not '3 / 10'
# Data, not messages: titles stored on meetings and tasks, read by everyone in the network.
STORED_TITLES = {
    ("services/series/service.py", "Styrgrupp / Steering group"),
    ("services/series/service.py", "Beredningsgrupp / Preparatory group"),
    ("services/series/rotation.py", ": förbered presentationen / prepare the presentation"),
}


def two_language_literals() -> list[tuple[str, str]]:
    """(file, text) of each string in services outside the catalogue written 'x / y'
    (docstrings aside); templates are not Python and word their texts through t()."""
    found = []
    for path, tree in _trees():
        if path.is_relative_to(SERVICES / "messages"):
            continue
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and id(node) not in docstrings and TWO_LANGUAGES.search(text):
                found.append((str(path.relative_to(ROOT)), text))
    return found


def test_the_scan_for_two_language_literals_finds_what_it_looks_for() -> None:
    assert set(two_language_literals()) >= STORED_TITLES


def test_no_string_in_services_is_written_in_two_languages() -> None:
    """Messages are codes of the catalogue, page labels keys of the web catalogue, the CLIs
    English; only the stored titles remain bilingual."""
    assert [hit for hit in two_language_literals() if hit not in STORED_TITLES] == []


@pytest.mark.parametrize(
    ("header", "lang"),
    [("sv-SE,sv;q=0.9,en;q=0.8", "sv"), ("en-GB", "en"), ("de-DE,de", None), ("", None)],
)
def test_the_language_is_the_first_of_accept_language(header: str, lang: str | None) -> None:
    assert messages.language_of(header) == lang
