"""Short titles for extracted tasks and dates, so a list shows a name and not a whole sentence."""

from __future__ import annotations

import re

IC = re.IGNORECASE
MAX_WORDS = 8
_LEAD = re.compile(r"^(men|då|sedan|därefter|även|också|enligt\s+\S+)\s+", IC)
_SUBJECT_AUX = re.compile(
    r"^.{0,60}?\b(kommer(\s+att)?|ska|skall|ombeds(\s+att)?|behöver|får|tar\s+på\s+sig\s+att)\s+",
    IC,
)
_CLAUSE_END = re.compile(
    r"(?:,|;|:|\s–\s|\s-\s|\s(?:och|som|när|eftersom|där|så\s+att|för\s+att)\s)", IC
)
_TRAILING_FILLER = re.compile(
    r"(?:^|\s+)(?:den|är|var|senast|till|från|och|fram|på|om|vara|inskickad|ska|i|mellan|med|"
    r"under|innan|inför|för|före|efter|datum|dag|dagen|att|kommer|sker|sig|nästa|v\.?)\s*$",
    IC,
)
_LABEL = re.compile(r"^(åtgärd|uppdrag|att\s+göra|beslut)\s*:\s*", IC)
_DATE_KIND_LABEL = {
    "deadline": "Sista dag",
    "window_opens": "Öppnar",
    "window_closes": "Stänger",
    "event": "Händelse",
    "other": "Datum",
}


def _words(text: str) -> list[str]:
    """Words without the punctuation a sentence cut leaves at either end."""
    return text.strip(" .,:;!?–-").split()


def _strip_filler(text: str) -> str:
    """Drop the little words a cut leaves hanging ("… är den", "… senast")."""
    while True:
        shorter = _TRAILING_FILLER.sub("", text).strip(" .,:;–-")
        if shorter == text:
            return text
        text = shorter


def _capital(text: str) -> str:
    """A title starts with a capital even when cut from mid-sentence."""
    return text[:1].upper() + text[1:]


def task_title(sentence: str) -> tuple[str, bool]:
    """The verb phrase of a task ("Skicka ut inbjudan till dagen"); True when it is only a guess."""
    first = " ".join(sentence.split()).split(". ", 1)[0]  # "… tas fram. Ansvarig: Lerum."
    text = _LEAD.sub("", _LABEL.sub("", first)).strip()
    sure = True
    clause = _CLAUSE_END.split(text, maxsplit=1)[0]
    if len(_words(clause)) >= 2:
        text = clause
    after = _SUBJECT_AUX.match(text)
    if after is not None and len(_words(text[after.end() :])) >= 2:
        text = text[after.end() :]
    words = _words(text)
    if len(words) > MAX_WORDS:
        words, sure = _words(_strip_filler(" ".join(words[:MAX_WORDS]))), False
    if not words:
        return _capital(sentence.strip())[:120], False
    return _capital(" ".join(words)), sure


def date_title(sentence: str, start: int, kind: str, subject: str | None) -> tuple[str, bool]:
    """ "Sista svarsdag är den 28 maj." under item "Enkät" → "Sista svarsdag – Enkät"."""
    before = _LEAD.sub("", " ".join(sentence[:start].split()))
    words = _words(_strip_filler(_CLAUSE_END.split(before)[-1]))
    sure = 0 < len(words) <= 6 and len(" ".join(words)) > 3
    if len(words) > 6:
        words = _words(_strip_filler(" ".join(words[:6])))
    long_enough = len(" ".join(words)) > 3
    short = _capital(" ".join(words)) if long_enough else _DATE_KIND_LABEL.get(kind, "Datum")
    if subject and subject.casefold() not in short.casefold():
        short = f"{short} – {' '.join(_words(subject)[:MAX_WORDS])}"
    return short[:300], sure
