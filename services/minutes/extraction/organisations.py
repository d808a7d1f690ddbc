"""Matches organisation names as people write them (aliases, genitives, typos) to the registry."""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from services.people.registry import OrganisationRef

_SUFFIX = re.compile(r"(s)?\s+(kommun|stad|stads?förvaltning|län)$")
_FUZZY_MIN = 0.84


def normalise(text: str) -> str:
    """Case, punctuation and spacing do not distinguish organisations."""
    text = re.sub(r"[^\w\s&-]", " ", text.casefold())
    return re.sub(r"\s+", " ", text).strip()


class OrganisationMatcher:
    """Resolves free text to a registry entry; exact forms first, a close typo last.

    Not thread-safe (the fuzzy matchers keep state): make one per extraction.
    """

    def __init__(self, organisations: Sequence[OrganisationRef]) -> None:
        self.organisations = tuple(organisations)
        self._forms: dict[str, OrganisationRef] = {}
        for org in self.organisations:
            for form in (org.name, org.short_name, *org.aliases):
                self._forms.setdefault(normalise(form), org)
        self._by_length = sorted(self._forms, key=len, reverse=True)
        # One matcher per form: difflib indexes its second sequence once, not per comparison.
        self._fuzzy = [
            (SequenceMatcher(None, "", form), org)
            for form, org in self._forms.items()
            if len(form) >= 4
        ]
        self.resolve = lru_cache(maxsize=1024)(self._resolve)

    def _resolve(self, text: str) -> OrganisationRef | None:
        key = normalise(text)
        if not key:
            return None
        candidates = [key, _SUFFIX.sub("", key), key.split(" - ")[0]]
        candidates += [normalise(part) for part in re.split(r"[,/(–]", text) if part.strip()][:1]
        for candidate in candidates:
            if candidate in self._forms:
                return self._forms[candidate]
        for form in self._by_length:
            if len(form) >= 3 and key.startswith(form + " "):
                return self._forms[form]
        return self._closest(_SUFFIX.sub("", key))

    def _closest(self, key: str) -> OrganisationRef | None:
        """The most similar form, if similar enough to be a typo ('Möndal' → Mölndal)."""
        best, score = None, 0.0
        for matcher, org in self._fuzzy:
            matcher.set_seq1(key)
            # The cheap upper bounds rule out most forms before the quadratic ratio().
            floor = max(score, _FUZZY_MIN - 1e-9)
            if matcher.real_quick_ratio() <= floor or matcher.quick_ratio() <= floor:
                continue
            ratio = matcher.ratio()
            if ratio > score:
                best, score = org, ratio
        return best if score >= _FUZZY_MIN else None

    def canonical(self, text: str | None) -> str | None:
        """Registry name when known, otherwise the text as written (e.g. a university)."""
        if text is None or not text.strip():
            return None
        org = self.resolve(text.strip())
        return org.name if org else text.strip()
