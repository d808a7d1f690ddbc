"""Decides whether a sentence asks someone to do something, what kind of task it is, and whose."""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas.enums import OrganisationKind
from services.minutes.extraction import lexicon as lx
from services.minutes.extraction.attendance import PeopleIndex, looks_like_name
from services.minutes.extraction.organisations import OrganisationMatcher

_PASSIVE = re.compile(
    r"\b(mejlas|mailas|e-postas|skickas|sänds|distribueras|bifogas|tas|spridas|delges|meddelas|läggs)\b",
    re.IGNORECASE,
)
_ATTACHED = re.compile(r"\b(bifogas|bifogad|bifogade)\b", re.IGNORECASE)
_BY = re.compile(r"\bav\s+(?P<who>[A-ZÅÄÖ][\w-]*(?:\s+[A-ZÅÄÖ][\w-]*){0,3})")
_LEAD = re.compile(
    r"^(beslutas|beslutades|det\s+beslutas|men|då|sedan|därefter|även)\s+", re.IGNORECASE
)


@dataclass(frozen=True)
class Owner:
    """Who a task belongs to: an organisation, a person, both or nobody named."""

    organisation: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class ActionContext:
    """What the sentence's surroundings tell about ownership."""

    speaker: Owner
    people: PeopleIndex
    orgs: OrganisationMatcher


@dataclass(frozen=True)
class ActionHit:
    kind: str
    owner: Owner


def detect_action(sentence: str, context: ActionContext) -> ActionHit | None:
    """The first matching cue decides the kind; subject-bound cues need a named subject."""
    if sentence.rstrip().endswith("?") and "ombeds" not in sentence.lower():
        return None
    responsible = lx.RESPONSIBLE.search(sentence)
    if responsible is not None:
        return _responsible(sentence[: responsible.start()], responsible.group("who"), context)
    for kind, pattern, needs_subject in lx.ACTION_CUES:
        match = pattern.search(sentence)
        if match is None:
            continue
        subject = _subject(sentence[: match.start()], context)
        if needs_subject and (subject is None or subject == "group"):
            continue
        return ActionHit(kind, _owner(sentence, match, kind, subject, context))
    return None


def _responsible(task: str, who: str, context: ActionContext) -> ActionHit | None:
    """A task followed by "Ansvarig: X": X owns it, and the task's own verb gives the kind."""
    owner = _leading_owner(who.strip(" ,").split(), context)
    if owner is None:
        return None
    kinds = (kind for kind, pattern, _ in lx.ACTION_CUES if pattern.search(task))
    return ActionHit(next(kinds, "follow_up"), owner)


def _leading_owner(words: list[str], context: ActionContext) -> Owner | None:
    """The owner at the start of "Lerum Nästa möte …" (a line that ran on): the longest known
    organisation or attendee first, else the shortest name-like guess."""
    spans = [" ".join(words[:n]) for n in range(min(len(words), 6), 0, -1)]
    owners = [(span, resolve_who(span, context)) for span in spans]
    for _, owner in owners:
        if owner is not None and (owner.organisation or context.people.find(owner.name or "")):
            return owner
    return next((o for s, o in reversed(owners) if o is not None and " " in s), None)


def _subject(before: str, context: ActionContext) -> Owner | str | None:
    """Words right before the verb: an organisation, a person, the members as a group, or None."""
    parts = lx.CLAUSE_BOUNDARY.split(before)
    region = lx.AUXILIARIES.sub("", parts[-1] if parts else "").strip()
    region = _LEAD.sub("", region).strip(" ,")
    if not region:
        return None
    if lx.GROUP_SUBJECT.match(region):
        return "group"
    return resolve_who(region, context)


def resolve_who(text: str, context: ActionContext) -> Owner | None:
    """'GR', 'Marie', 'Glennd Holmskog, Arbetsförmedlingen', 'Länsstyrelsen, Daniel Uddling'."""
    pieces = [p.strip() for p in re.split(r",|\s[–-]\s", text) if p.strip()]
    organisation: str | None = None
    name: str | None = None
    for piece in pieces[:3]:
        person = context.people.find(piece)
        org = context.orgs.resolve(piece) if len(piece.split()) <= 6 else None
        if person is not None and name is None:
            name, organisation = person.name, organisation or person.organisation
        elif org is not None and organisation is None:
            organisation = org.name
        elif name is None and looks_like_name(piece) and piece is pieces[0]:
            name = piece
        elif piece is pieces[0]:
            return None
    if organisation is None and name is None:
        return None
    return Owner(organisation, name)


def _owner(
    sentence: str,
    match: re.Match[str],
    kind: str,
    subject: Owner | str | None,
    context: ActionContext,
) -> Owner:
    by = _BY.search(sentence, match.start())
    if by is not None:
        explicit = resolve_who(by.group("who"), context)
        if explicit is not None:
            return explicit
    if isinstance(subject, Owner):
        return subject
    if subject == "group" or kind in ("survey", "reply"):
        return Owner()
    if _ATTACHED.search(match.group(0)) or lx.SEND_TO_PERSON.search(sentence):
        return Owner()
    if not _PASSIVE.search(match.group(0)):
        return Owner() if subject is None and match.start() > 0 else context.speaker
    if lx.LOGISTICS.search(sentence):
        return Owner(_coordinator(context.orgs))
    return context.speaker


def _coordinator(orgs: OrganisationMatcher) -> str | None:
    for org in orgs.organisations:
        if org.kind is OrganisationKind.coordinator:
            return org.name
    return None
