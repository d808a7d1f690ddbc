"""The overview's SVG charts keep their text inside the chart and out of each other's way."""

from __future__ import annotations

import re
from datetime import date

from services.web import charts

LONG = "Länsstyrelsens utlysning: tidiga insatser för nyanlända (§ 37)"


def test_timeline_labels_fit_and_today_does_not_cross_them() -> None:
    """A long window title ran past the chart's right edge, and 'idag' sat on the first label."""
    svg = str(
        charts.timeline(
            [
                charts.Span(LONG, date(2026, 11, 21), date(2026, 12, 26), "21 nov – 26 dec"),
                charts.Span("ESF", date(2026, 12, 31), date(2027, 2, 14), "31 dec – 14 feb"),
            ],
            today=date(2026, 12, 1),
            title="Ansökningsfönster",
            today_label="idag",
            width=420,
        )
    )
    labels = re.findall(r'<text x="10" y="(\d+)"[^>]*><title>([^<]*)</title>([^<]*)</text>', svg)
    assert len(labels) == 2
    for _, full, shown in labels:
        assert len(shown) * charts.CHAR_WIDTH <= 420 - 20, shown
        assert shown.endswith(full.split(" · ")[-1])  # the dates are never cut
    assert labels[0][1] == f"{LONG} · 21 nov – 26 dec"  # the full text stays as a tooltip
    today_y = int(re.search(r'y="(\d+)"[^>]*>idag</text>', svg).group(1))  # type: ignore[union-attr]
    assert today_y > max(int(y) for y, _, _ in labels) + 12
    height = int(re.search(r'height="(\d+)"', svg).group(1))  # type: ignore[union-attr]
    assert today_y <= height


def test_bar_labels_are_cut_inside_the_chart_and_kept_whole_as_tooltips() -> None:
    """'Göteborgsregionen' ran out of the attendance chart's left edge as 'öteborgsregionen'."""
    svg = str(
        charts.bar_chart(
            [charts.Bar("Göteborgsregionen", 0), charts.Bar("Ale", 2)], total=2, title="Närvaro"
        )
    )
    labels = re.findall(r'text-anchor="end"><title>([^<]*)</title>([^<]*)</text>', svg)
    assert [full for full, _ in labels] == ["Göteborgsregionen", "Ale"]
    for _, shown in labels:
        assert len(shown) * charts.CHAR_WIDTH <= charts.LABEL_WIDTH - 8, shown
    assert labels[0][1].endswith("…")
    assert labels[1][1] == "Ale"
