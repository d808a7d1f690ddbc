"""Flattens a .docx (paragraphs, tables, Word list numbers) into the text the extractor reads."""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

from docx import Document
from docx.oxml.ns import qn


def docx_to_text(data: bytes) -> str:
    """Body order is kept; list numbers that Word renders itself are written out ("3. Titel")."""
    document = Document(io.BytesIO(data))
    formats = _number_formats(document)
    counters: dict[tuple[str, int], int] = defaultdict(int)
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(node.text or "" for node in child.iter(qn("w:t")))
            prefix = _list_prefix(child, document, formats, counters)
            lines.append(prefix + text if text.strip() else "")
            lines.append("")
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                cells: list[str] = []
                for cell in row.iter(qn("w:tc")):
                    value = " ".join(
                        "".join(t.text or "" for t in p.iter(qn("w:t")))
                        for p in cell.iter(qn("w:p"))
                    ).strip()
                    if value and (not cells or cells[-1] != value):
                        cells.append(value)
                lines.append(", ".join(cells))
            lines.append("")
    return "\n".join(lines)


def _number_formats(document: Any) -> dict[tuple[str, int], str]:
    """Map (numId, level) to Word's numFmt ("decimal", "bullet", ...)."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract: dict[str, dict[int, str]] = {}
    for node in numbering.iter(qn("w:abstractNum")):
        levels: dict[int, str] = {}
        for lvl in node.iter(qn("w:lvl")):
            fmt = lvl.find(qn("w:numFmt"))
            levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                fmt.get(qn("w:val")) if fmt is not None else ""
            )
        abstract[node.get(qn("w:abstractNumId"), "")] = levels
    result: dict[tuple[str, int], str] = {}
    for num in numbering.iter(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        if ref is None:
            continue
        for level, fmt in abstract.get(ref.get(qn("w:val"), ""), {}).items():
            result[(num.get(qn("w:numId"), ""), level)] = fmt
    return result


def _list_prefix(
    paragraph: Any,
    document: Any,
    formats: dict[tuple[str, int], str],
    counters: dict[tuple[str, int], int],
) -> str:
    num_pr = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if num_pr is None:
        style_id = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style_id is not None:
            style = document.styles.element.get_by_id(style_id.get(qn("w:val")))
            if style is not None:
                num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if num_pr is None:
        return ""
    num_id_node, level_node = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
    num_id = num_id_node.get(qn("w:val"), "") if num_id_node is not None else ""
    level = int(level_node.get(qn("w:val"), "0")) if level_node is not None else 0
    fmt = formats.get((num_id, level), "")
    if fmt != "decimal":
        return "- " if fmt else ""
    counters[(num_id, level)] += 1
    for deeper in [key for key in counters if key[0] == num_id and key[1] > level]:
        counters[deeper] = 0
    return f"{counters[(num_id, level)]}. " if level == 0 else "- "
