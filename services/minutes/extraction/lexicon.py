"""The Swedish phrases the extractor recognises, in one place so they can be reviewed."""

from __future__ import annotations

import re

IC = re.IGNORECASE

MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
WEEKDAY_RE = r"(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)(?:en)?"
# (month, day) each season or term is taken to start on.
SEASONS: dict[str, tuple[int, int]] = {
    "vt": (1, 1), "ht": (8, 1), "våren": (3, 1), "hösten": (9, 1), "sommaren": (6, 1),
    "vintern": (12, 1),
}  # fmt: skip

ATTENDANCE_HEADER = re.compile(
    r"^(?P<absent>ej\s+närvarande|inte\s+närvarande|frånvarande|anmält\s+förhinder|förhinder"
    r"|ej\s+deltagande)?(?P<present>närvarande|deltagare|deltog|närvarolista)?\s*:?\s*(?P<rest>.*)$",
    IC,
)
FOOTER = re.compile(
    r"^(antecknat\s+av|antecknare|vid\s+(protokollet|pennan|anteckningarna|tangentbordet)|sekreterare"
    r"|justeras|(mötes)?anteckningar\s+av)\b",
    IC,
)
DECISION_HEADING = re.compile(r"^(beslut|beslutspunkter|beslutades)\s*:?\s*(?P<rest>.*)$", IC)
DECISION_VERB = re.compile(r"\b(beslutar|beslutas|beslutade|beslutades|beslöt|fattar beslut)\b", IC)


def _rx(*alternatives: str, tail: str = r"\b") -> re.Pattern[str]:
    """One case-insensitive pattern from readable alternatives."""
    return re.compile(r"\b(" + "|".join(alternatives) + ")" + tail, IC)


# Date kinds: checked nearest-first in the text before a date, then after it.
DATE_KIND_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("window_closes", _rx(
        r"fram\s+till", r"pågår\s+(fram\s+)?till", r"till\s+och\s+med", r"t\.\s?o\.\s?m\.?",
        "stänger", "stängs", r"öppen\s+till", r"löper\s+(ut|till)",
    )),
    ("deadline", _rx(
        "senast", "deadline", r"sista\s+(svars|ansöknings|anmälnings|inlämnings)?dag(en)?",
        r"ska\s+vara\s+(inskickad|inne|inkommen|inlämnad)", r"lämnas\s+in", "rapporteras",
        "redovisas", r"svara\s+före",
    )),
    ("window_opens", _rx(
        "öppnar", "öppnas", r"går\s+att\s+söka", r"kan\s+sökas\s+från", r"utlysning\w*\s+från",
    )),
    ("event", _rx(
        r"seminari\w*", r"temadag\w*", r"tema\w*dag", r"informationsträff\w*", r"träff(en|ar)?",
        r"\w*konferens\w*", "halvdag", "heldag", r"workshop\w*", r"webbinar\w*",
        r"utbildning(en|sdag)?", r"\w*möte(t|n|na)?", r"\w*mötes\w*", r"äger\s+rum", r"äga\s+rum",
        "möts",
        "träffas", "anordnas", "arrangeras", r"fokus\s+på", r"kick-?off", "studiebesök",
        r"föreläsning\w*",
    )),
)  # fmt: skip
OPENS_FROM = re.compile(r"\bfrån\s+och\s+med\b|\bfr\.\s?o\.\s?m\.?|\bfrån\b", IC)
APPLICATION_WORD = _rx(r"ansök\w*", r"utlysning\w*", "anmälan", "anmäla", "söka")
BARE_TILL = re.compile(r"\btill\s*(den\s+)?$", IC)
CONJUNCTION_GAP = re.compile(r"^[\s,]*(och|samt|,|&|resp(ektive)?\.?)?[\s,]*(den\s+)?$", IC)
EARLIER_MEETING = _rx(
    r"(förra|föregående|senaste|tidigare)\s+\w*möte\w*",
    r"anteckningar(na)?\s+från",
    r"från\s+\w*möte(t)?\s+(den\s+)?$",
    tail="",
)
# "föreslås till 12 september" moves or proposes a date; it is not a deadline.
MOVED_TO = re.compile(
    r"\b(föreslås|flyttas|flyttades|planeras|läggs|bokas|ändras|skjuts\s+upp)\s+till\s*(den\s+)?$",
    IC,
)
RANGE_GAP = re.compile(r"^\s*[–-]\s*(den\s+)?$")
PAST_TENSE = _rx("var", "hölls", "skedde", r"ägde\s+rum", "genomfördes", r"har\s+\w+(t|ts|it|at)")

_SURVEY = r"(menti(\.com|meter)?|\w*enkät\w*|formulär\w*|utvärdering\w*)"
_SEND = r"(mejlas|mailas|e-postas|skickas|sänds|distribueras)(\s+\w+){0,2}?\s+(ut|till|över)"
_PRESENT = r"(presentera|informera|berätta|redovisa)r?|visar|håller\s+i"
# Action cues: (kind, pattern, needs a named subject). Earlier entries win.
ACTION_CUES: tuple[tuple[str, re.Pattern[str], bool], ...] = (
    ("survey", _rx(r"svara\w*", r"besvara\w*", r"fylla?\s+i", tail=r"\b[^.]*?" + _SURVEY), False),
    ("survey", _rx(r"menti\.com", "mentimeter"), False),
    ("reply", _rx(r"ombeds\b(\s+\w+){0,3}?\s+(svara|besvara|återkoppla|anmäla|lämna|inkomma"
                  r"|skicka|meddela|rapportera|fylla)"), False),
    ("reply", re.compile(r"^(vänligen\s+)?svara\b", IC), False),
    ("send_material", _rx(_SEND), False),
    ("send_material", _rx("bifogas", "bifogad", "bifogade", r"läggs\s+(ut|upp)"), False),
    ("send_material", _rx(r"kommer\s+(att\s+)?(skicka|mejla|maila|sända)"), False),
    ("send_material", _rx("skickar", "mejlar", "mailar", "skicka", "mejla", "maila"), True),
    ("follow_up", _rx("återkommer", "återkopplar"), False),
    ("follow_up", _rx(r"kontakt\s+tas", r"tar\s+kontakt", "kontaktar"), False),
    ("follow_up", _rx(r"(tittar|ser|undersöker)\s+vidare"), False),
    ("follow_up", _rx(r"(kommer\s+(att\s+)?)?(spridas|delges|meddelas)\s+när"), False),
    ("present_next_meeting", _rx(_PRESENT, tail=r"\b[^.]{0,60}\b(nästa|kommande)\s+möte"), True),
    ("present_next_meeting",
     _rx(r"(nästa|kommande)\s+möte\w*\s+(att\s+)?(" + _PRESENT + ")"), True),
    ("present_next_meeting", _rx(r"inför\s+(nästa|kommande)\s+\w*möte\w*",
                                 tail=r"\b[^.]*\b(önskemål|uppdatering|önskar)\b"), False),
    ("present_next_meeting", _rx(r"är\s+kommun\s+i\s+fokus\s+(på\s+)?(nästa|kommande)"), True),
    ("follow_up", _rx(r"ansvarar\s+för", r"har\s+ansvar(et)?\s+för", r"tar\s+ansvar\s+för"), True),
    ("follow_up", _rx(r"tittar\s+på", r"ser\s+över", "undersöker", r"tar\s+fram", r"följer\s+upp",
                      "försöker", "utreder", "sammanställer", r"bjuder\s+in"), True),
)  # fmt: skip
# Who is doing nothing themselves: members addressed as a group.
GROUP_SUBJECT = re.compile(
    r"^(nätverket|kommunerna|alla|deltagarna|ni|vi|medlemmarna|samtliga)\b", IC
)
# Material addressed to the coordinator, not sent by the speaker.
SEND_TO_PERSON = re.compile(
    r"\b(mejlas|mailas|skickas)\s+till\s+(\S+@\S+|[A-ZÅÄÖ]\w+\s+[A-ZÅÄÖ]\w+"
    r"|[^.]{0,40}?(brevlåda|e-postadress|mejladress|adress|inkorg)\w*)"
)
# "Ansvarig: Lerum" names the owner of the task stated just before it.
RESPONSIBLE = re.compile(r"\b(ansvarig|ansvar)\s*:\s*(?P<who>[^.;]+)", IC)
LOGISTICS = re.compile(
    r"\b(mötestider\w*|mötesdatum|förslag\s+på\s+datum|kallelse\w*|kalender\w*|anteckningar(na)?|protokoll(et)?)\b",
    IC,
)
SPEAKER_VERB = re.compile(
    r"^(?P<who>.{2,80}?)\s+(delar|presenterar|berättar|informerar|ger|redogör|går\s+igenom|visar|"
    r"rapporterar|inleder|lyfter|beskriver)\b",
    IC,
)
CLAUSE_BOUNDARY = re.compile(r"(\batt\b|,|;|:|\boch\b|\bdå\b|\bsamt\b|\bmen\b)", IC)
AUXILIARIES = re.compile(r"(\s+(kommer|ska|skall|får|kan|vill|behöver)(\s+att)?)+\s*$", IC)
SERIES_MEETING_WORD = re.compile(
    r"\b(möte[nt]?|mötena|mötestid\w*|mötesdatum|kalenderinbjud\w*|nätverkstiden|nätverksträff\w*|träffar|styrgruppsmöte\w*|datum)\b",
    IC,
)
SERIES_CUE = re.compile(
    r"\b(föreslås|föreslår|förslås|föreslagna|förslag\s+på\s+(datum|mötestider|mötesdatum)|kommer\s+vi\s+(att\s+)?ha|planeras|via\s+kalend\w*|kalenderinbjud\w*|anses\s+godkända|i\s+anslutning\s+till)\b",
    IC,
)
ABBREVIATIONS = frozenset(
    {
        "kl",
        "t.ex",
        "bl.a",
        "pkt",
        "ca",
        "dvs",
        "s.k",
        "m.m",
        "o.s.v",
        "resp",
        "nr",
        "tel",
        "jfr",
        "fr.o.m",
        "t.o.m",
        "st",
        "p",
        "v",
        "vecka",
    }
)
