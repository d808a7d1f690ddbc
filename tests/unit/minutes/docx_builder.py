"""Builds small .docx files for the reader tests and the committed fictional .docx fixture."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "minutes"
DOCX_FIXTURE = FIXTURES / "fictional-2024-02-network-meeting.docx"

# (style, text); style "table" takes "Name|Org" rows separated by ";".
FICTIONAL_2024_02: tuple[tuple[str, str], ...] = (
    ("Title", "Nätverket mottagande och integration"),
    ("Normal", "Anteckningar 2024-02-14, GR och Teams"),
    ("Heading 2", "NÄRVARANDE"),
    ("table", "Namn|Organisation;Ali Rahimi|Ale;Karolina Ström|Alingsås;"
     "Jenny Backman|Göteborgs Stad;"
     "Magnus Ekdahl|Kungsbacka;Hilda Nyberg|Lilla Edet;Omar Farah|Mölndal;Stina Gran|Tjörn;"
     "Pia Roos|Öckerö (pkt 1-3);Sebastian Hall|Arbetsförmedlingen;Jakob Frid|Länsstyrelsen;"
     "Mira Lind|Migrationsverket;Tuva Berg|GR"),
    ("Heading 2", "EJ NÄRVARANDE"),
    ("Normal", "Kent Ahl, Härryda"),
    ("Normal", "Rita Pers, Partille"),
    ("Normal", "Olle Sten, VGR"),
    ("List Number", "Inledning"),
    ("Normal", "Tuva Berg hälsar välkommen. Mötesanteckningarna från förra mötet justeras."),
    ("List Number", "Aktuellt från myndigheterna"),
    ("Normal", "Länsstyrelsen, Jakob Frid"),
    ("Normal", "Länsstyrelsens utlysning av utvecklingsmedel öppnar 1 mars och ansökan ska vara "
     "inskickad senast 15 april. Jakob återkommer med datum för informationsträffen."),
    ("Normal", "Arbetsförmedlingen"),
    ("Normal", "Sebastian Hall berättar om den nya upphandlingen av rusta och matcha. Flera "
     "kommuner har frågor om hur övergången ska gå till. Presentationen bifogas."),
    ("List Number", "Öckerö i fokus"),
    ("Normal", "Pia Roos presenterar Öckerös arbete med mentorskap för nyanlända. Öckerö skickar "
     "ut sin rutin till nätverket senast 1 mars."),
    ("List Number", "Vårens seminarium"),
    ("Normal", "GR anordnar ett seminarium om arbetsmarknadsetablering den 16 april kl. 13–16. "
     "Alla ombeds svara på inbjudan senast 5 april."),
    ("Normal", "Beslut"),
    ("Normal", "Nätverket beslutar att nästa möte hålls digitalt."),
    ("List Number", "Övriga frågor"),
    ("Normal", "Tjörn kommer nästa möte informera om sitt nya introduktionsprogram."),
    ("Normal", "Antecknat av Tuva Berg, GR"),
)  # fmt: skip


def build_docx(blocks: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> bytes:
    """A real Word document: agenda numbers come from Word's own list numbering."""
    document = Document()
    for style, text in blocks:
        if style == "table":
            rows = [row.split("|") for row in text.split(";")]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        else:
            document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


if __name__ == "__main__":
    DOCX_FIXTURE.write_bytes(build_docx(FICTIONAL_2024_02))
