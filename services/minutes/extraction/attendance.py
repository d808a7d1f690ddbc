"""Reads the NÄRVARANDE / EJ NÄRVARANDE blocks; a document without them yields no attendees."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from services.minutes.extraction import lexicon as lx
from services.minutes.extraction.layout import Line, agenda_match
from services.minutes.extraction.organisations import OrganisationMatcher

_PARTICLES = frozenset({"von", "van", "der", "de", "af", "la", "le", "bin", "al", "el", "da", "di"})
_NAME_TOKEN = re.compile(r"^[A-ZÅÄÖÉÜÆØ][\w'’.-]*$")
_NOTE = re.compile(r"\(([^)]*)\)")
_ITEMS = re.compile(r"\b(?:pkt|punkt|punkterna|p)\.?\s*(?P<list>\d[\d\s,–\-och&]*)", re.IGNORECASE)
_COMMA_OUTSIDE_PARENS = re.compile(r",(?![^()]*\))")
_SEPARATOR = re.compile(r"\s*(?:,|\.\s|\t|\s[–-]\s|\s(?=\())\s*")


@dataclass
class Person:
    """One attendance line: the name as written, the organisation resolved if possible."""

    name: str
    organisation: str | None
    items: list[str] = field(default_factory=list)


@dataclass
class AttendanceBlock:
    present: list[Person] = field(default_factory=list)
    absent: list[Person] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)


def looks_like_name(text: str) -> bool:
    """Two to five capitalised words, allowing particles such as "von"."""
    tokens = text.split()
    if not 2 <= len(tokens) <= 5 or not _NAME_TOKEN.match(tokens[0]):
        return False
    return all(_NAME_TOKEN.match(tok) or tok.lower() in _PARTICLES for tok in tokens)


def parse_person(text: str, orgs: OrganisationMatcher) -> Person | None:
    """'Name, Organisation (pkt 5)', 'Name (Organisation, pkt 5)'; None when not a person."""
    notes = " ".join(_NOTE.findall(text))
    body = _NOTE.sub(" ", text).strip().rstrip(",;.")
    parts = _SEPARATOR.split(body, maxsplit=1)
    name = parts[0].strip()
    if not looks_like_name(name):
        return None
    org_text = parts[1].strip(" ,.") if len(parts) > 1 else ""
    if not org_text and notes:
        org_text = _organisation_in_notes(notes, orgs)
    if org_text and orgs.resolve(org_text) is None and notes and not _ITEMS.search(notes):
        org_text = f"{org_text} ({notes})"
    return Person(name, orgs.canonical(org_text) if org_text else None, _items(notes))


def _organisation_in_notes(notes: str, orgs: OrganisationMatcher) -> str:
    """The organisation in '(Lerum)' or '(FoU i Väst, pkt 4)'; a role such as '(ordf.)' is none."""
    pieces = [p.strip() for p in notes.split(",") if p.strip() and not _ITEMS.search(p)]
    text = ", ".join(pieces)
    if text and (orgs.resolve(text) is not None or text[0].isupper()):
        return text
    return ""


def parse_people(text: str, orgs: OrganisationMatcher) -> list[Person]:
    """One line naming one or more people: ';'- or ','-separated, or 'A och B (GR)'."""
    chunks = [c for c in re.split(r"\s*;\s*", text) if c.strip()]
    if len(chunks) > 1:
        return [person for chunk in chunks for person in parse_people(chunk, orgs)]
    commas = [c.strip() for c in _COMMA_OUTSIDE_PARENS.split(text) if c.strip()]
    if sum(_is_name_chunk(c, orgs) for c in commas) < 2:
        return _shared_organisation(text, orgs)
    people: list[Person] = []
    for chunk in commas:
        if _is_name_chunk(chunk, orgs) or not people:
            people += _shared_organisation(chunk, orgs)
            continue
        notes = " ".join(_NOTE.findall(chunk))
        if people[-1].organisation is None:
            people[-1].organisation = orgs.canonical(_NOTE.sub(" ", chunk))
        people[-1].items += _items(notes)
    return people


def _is_name_chunk(chunk: str, orgs: OrganisationMatcher) -> bool:
    body = _NOTE.sub(" ", chunk).strip()
    head = re.split(r"\s+(?:och|&)\s+", body)[0]
    return looks_like_name(head) and orgs.resolve(body) is None


def _shared_organisation(text: str, orgs: OrganisationMatcher) -> list[Person]:
    """'Fatima Noor och Gustav Lilja (GR)': both names get the organisation in parentheses."""
    match = re.match(r"^(?P<names>[^()]+?)\s*(?P<tail>[(,].*)?$", text.strip())
    names = re.split(r"\s+(?:och|&)\s+", match.group("names")) if match else []
    if len(names) > 1 and all(looks_like_name(n) for n in names):
        tail = (match.group("tail") or "") if match else ""
        found = [parse_person(f"{n} {tail}".strip(), orgs) for n in names]
        return [p for p in found if p is not None]
    person = parse_person(text, orgs)
    return [person] if person else []


def _items(notes: str) -> list[str]:
    match = _ITEMS.search(notes)
    if match is None:
        return []
    items: list[str] = []
    for token in re.split(r"\s*(?:,|och|&)\s*", match.group("list").strip(" ,")):
        bounds = re.split(r"\s*[–-]\s*", token)
        if (
            len(bounds) == 2
            and all(b.isdigit() for b in bounds)
            and int(bounds[0]) < int(bounds[1]) <= 40
        ):
            items += [str(n) for n in range(int(bounds[0]), int(bounds[1]) + 1)]
        elif token.isdigit():
            items.append(token)
    return items


def parse_attendance(lines: list[Line], orgs: OrganisationMatcher) -> AttendanceBlock:
    """Collect people under the attendance headers until the agenda or prose starts."""
    block = AttendanceBlock()
    target: list[Person] | None = None
    for index, line in enumerate(lines):
        if line.kind == "blank":
            continue
        header = _header(line.text)
        if header is not None:
            target = block.absent if header[0] == "absent" else block.present
            block.consumed.add(index)
            target += parse_people(header[1], orgs) if header[1] else []
            continue
        if target is None:
            continue
        if line.kind == "agenda" or lx.FOOTER.match(line.text):
            target = None
            continue
        found = parse_people(line.text, orgs) if len(line.raw) == 1 else []
        if not found:
            if not target:  # a table header such as "Namn, Organisation"
                continue
            target = None
            continue
        target += found
        block.consumed.add(index)
    return block


def _header(text: str) -> tuple[str, str] | None:
    if (len(text) > 200 and ":" not in text[:25]) or agenda_match(text):
        return None
    match = lx.ATTENDANCE_HEADER.match(text)
    if match is None or not (match.group("absent") or match.group("present")):
        return None
    rest = match.group("rest").strip()
    if rest and not text.split()[0].rstrip(":").isupper() and ":" not in text[:25]:
        return None
    return ("absent" if match.group("absent") else "present", rest)


class PeopleIndex:
    """Finds attendees by full name, a close misspelling of it, or an unambiguous first name."""

    def __init__(self, people: list[Person]) -> None:
        self.people = people
        self._full = {p.name.casefold(): p for p in people}
        firsts: dict[str, list[Person]] = {}
        for person in people:
            firsts.setdefault(person.name.split()[0].casefold(), []).append(person)
        self._first = {k: v[0] for k, v in firsts.items() if len({p.name for p in v}) == 1}

    def find(self, text: str) -> Person | None:
        key = " ".join(text.split()).casefold().strip(" ,.")
        if not key:
            return None
        if key in self._full:
            return self._full[key]
        if " " not in key:
            return self._first.get(key)
        from difflib import SequenceMatcher

        best = max(
            self.people,
            key=lambda p: SequenceMatcher(None, key, p.name.casefold()).ratio(),
            default=None,
        )
        if best and SequenceMatcher(None, key, best.name.casefold()).ratio() >= 0.85:
            return best
        return None
