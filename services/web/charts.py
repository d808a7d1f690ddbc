"""Server-rendered SVG charts: no JavaScript, and every value is printed as text, not colour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

BAR_HEIGHT = 18
GAP = 6
LABEL_WIDTH = 110
VALUE_WIDTH = 50
CHAR_WIDTH = 6.6  # average width of a 12px system-ui character, for cutting labels to fit
HALO = 'paint-order="stroke" stroke="#fff" stroke-width="3"'


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


@dataclass(frozen=True)
class Span:
    label: str
    start: date | None
    end: date
    note: str


def _svg(width: int, height: int, title: str, body: list[str]) -> Markup:
    head = (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f"<title>{escape(title)}</title>"
    )
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 (every value is escaped above)


def _fit(label: str, room: float) -> str:
    """Cut a label that would run out of the chart's left edge; the tooltip keeps it whole."""
    fits = int(room / CHAR_WIDTH)
    return label if len(label) <= fits else label[: max(fits - 1, 1)] + "…"


def bar_chart(bars: list[Bar], *, total: int, title: str, width: int = 420) -> Markup:
    """Horizontal bars, one per row, each labelled 'value / total' in text."""
    plot = width - LABEL_WIDTH - VALUE_WIDTH
    scale = plot / total if total else 0
    body: list[str] = []
    for index, bar in enumerate(bars):
        y = index * (BAR_HEIGHT + GAP)
        length = max(bar.value * scale, 1 if bar.value else 0)
        body.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 13}" text-anchor="end">'
            f"<title>{escape(bar.label)}</title>{escape(_fit(bar.label, LABEL_WIDTH - 10))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{plot}" height="{BAR_HEIGHT}" '
            f'fill="none" stroke="#999" stroke-dasharray="2 3"/>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
            f'fill="#0b4f8a"/>'
            f'<text x="{LABEL_WIDTH + plot + 6}" y="{y + 13}">{bar.value} / {total}</text>'
        )
    height = max(len(bars) * (BAR_HEIGHT + GAP), BAR_HEIGHT)
    return _svg(width, height, title, body)


def timeline(
    spans: list[Span], *, today: date, title: str, today_label: str, width: int = 420
) -> Markup:
    """Application windows as bars on a shared date axis, with a marked 'today' line.

    Labels are cut to the chart's width (the full text stays as a tooltip and in the list under
    the chart) and the 'today' label sits under the bars, where no row label can collide."""
    if not spans:
        return Markup("")
    first = min([today, *[s.start or s.end for s in spans]])
    last = max(s.end for s in spans)
    days = max((last - first).days, 1)
    plot = width - 20
    row = BAR_HEIGHT + 22
    fits = int(plot / CHAR_WIDTH)

    def x(day: date) -> float:
        return 10 + plot * (day - first).days / days

    body: list[str] = []
    for index, span in enumerate(spans):
        y = 24 + index * row
        start = x(span.start or span.end)
        end = x(span.end)
        full = f"{span.label} · {span.note}"
        room = fits - len(span.note) - 3
        shown = full if len(full) <= fits else f"{span.label[: max(room - 1, 1)]}… · {span.note}"
        body.append(
            f'<text x="10" y="{y - 4}" {HALO}><title>{escape(full)}</title>{escape(shown)}</text>'
            f'<rect x="{start:.1f}" y="{y}" width="{max(end - start, 3):.1f}" height="12" '
            f'fill="#0b4f8a" stroke="#1b1b1b"/>'
        )
    bottom = 24 + len(spans) * row - 8
    now = x(today)
    anchor = "end" if now > width / 2 else "start"
    label_x = now - 4 if anchor == "end" else now + 4
    line = (
        f'<line x1="{now:.1f}" x2="{now:.1f}" y1="4" y2="{bottom}" stroke="#1b1b1b" '
        f'stroke-width="2" stroke-dasharray="4 2"/>'
    )
    body.insert(0, line)  # under the labels, whose halo keeps them readable across it
    body.append(
        f'<text x="{label_x:.1f}" y="{bottom + 12}" text-anchor="{anchor}">'
        f"{escape(today_label)}</text>"
    )
    return _svg(width, bottom + 16, title, body)
