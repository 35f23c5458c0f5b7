"""The one look every chart shares: fonts, axes, legends and compact JSON (colours: `palette`).

Figures are plain data, `{"data": [...], "layout": {...}}` as plotly.js takes it:
building and validating plotly's graph objects cost most of a site build, and the tests check the
figures against plotly's schema instead. `figure_json` turns a figure into the JSON a page embeds.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from lifemetrics.palette import (
    AXIS_LINE,
    BUTTON,
    BUTTON_ACTIVE,
    DRAW,
    GRID,
    LOSS,
    MUTED,
    TEXT,
    TRANSPARENT,
    WIN,
)

RESULT_COLORS = {"wins": WIN, "draws": DRAW, "losses": LOSS}
RESULT_NAMES = {"wins": "Win", "draws": "Draw", "losses": "Loss"}
Figure = dict[str, Any]
Trace = dict[str, Any]
FONT = "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def base_layout(**overrides: Any) -> dict[str, Any]:
    """The shared look: plotly.js's plain defaults (no template), light grid, legend on top.

    Margins leave room for axis labels only.
    """
    layout: dict[str, Any] = {
        "font": {"family": FONT, "size": 12, "color": TEXT},
        "margin": {"l": 44, "r": 12, "t": 8, "b": 36, "pad": 2},
        "paper_bgcolor": TRANSPARENT,
        "plot_bgcolor": TRANSPARENT,
        "showlegend": True,
        "legend": {
            "orientation": "h",
            "x": 0,
            "y": 1.0,
            "yanchor": "bottom",
            "font": {"size": 11},
            "traceorder": "normal",
        },
        "hoverlabel": {"font": {"family": FONT}},
        "hovermode": "closest",
        "dragmode": False,
        "xaxis": axis(),
        "yaxis": axis(),
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def axis(**overrides: Any) -> dict[str, Any]:
    """An axis with a light grid and muted tick labels."""
    return {
        "gridcolor": GRID,
        "zeroline": False,
        "linecolor": AXIS_LINE,
        "tickfont": {"color": MUTED},
        "automargin": True,
        "fixedrange": True,
        **overrides,
    }


# The range buttons of every date axis: (count, step) as plotly.js steps back from the range's end.
RANGE_BUTTONS: dict[str, tuple[int, str]] = {
    "1m": (1, "month"),
    "3m": (3, "month"),
    "6m": (6, "month"),
    "1y": (1, "year"),
}
ALL = "all"


def date_axis(first: date, last: date, window: str) -> dict[str, Any]:
    """A date axis opened on one of RANGE_BUTTONS (or `all` when the data is shorter than it), with
    the range that button sets, so plotly.js marks it as the selected one."""
    end = last + timedelta(days=1)
    start = _steps_back(end, *RANGE_BUTTONS[window]) if window != ALL else first
    buttons = [
        {"count": count, "label": label, "step": step, "stepmode": "backward"}
        for label, (count, step) in RANGE_BUTTONS.items()
    ]
    buttons.append({"step": "all", "label": ALL})
    opened = (
        {"autorange": True}
        if window == ALL or start <= first
        else {"range": [start.isoformat(), end.isoformat()]}
    )
    return axis(
        type="date",
        **opened,
        rangeselector={
            "buttons": buttons,
            "x": 1,
            "xanchor": "right",
            "y": 1.0,
            "yanchor": "bottom",
            "bgcolor": BUTTON,
            "activecolor": BUTTON_ACTIVE,
            "font": {"size": 11, "color": MUTED},
        },
        fixedrange=False,
    )


def _steps_back(end: date, count: int, step: str) -> date:
    """`end` moved back `count` months or years as plotly.js does (JavaScript's Date: the same day
    of the month, rolling over into the next month when that month is shorter)."""
    months = count * (12 if step == "year" else 1)
    year, month = divmod(end.year * 12 + end.month - 1 - months, 12)
    return date(year, month + 1, 1) + timedelta(days=end.day - 1)


@dataclass(frozen=True)
class LegendKey:
    """One entry of a legend drawn in HTML under a chart's title (it wraps on a phone; Plotly's not)."""

    label: str
    color: str
    kind: str


def plotly_text(value: str) -> str:
    """Data shown as a Plotly label, escaped: Plotly renders an HTML subset (links included) in labels,
    and names from the data (openings come from the PGN) must show as text, never as markup."""
    return html.escape(value, quote=False)


def figure(traces: list[Trace], layout: dict[str, Any]) -> Figure:
    """A figure as plotly.js draws it."""
    return {"data": traces, "layout": layout}


def trace(kind: str, **properties: Any) -> Trace:
    """One trace of a figure: its plotly.js type ('scatter', 'bar', 'heatmap') and properties."""
    return {"type": kind, **properties}


def legend_keys(figure: Figure) -> list[LegendKey]:
    """The named traces of a figure as legend keys: a line, dot or bar swatch in the trace's colour."""
    keys = []
    for trace in figure["data"]:
        name = trace.get("name")
        if not name:
            continue
        marker = trace.get("marker", {})
        if trace["type"] == "bar":
            keys.append(LegendKey(name, _main_color(marker["color"]), "bar"))
        elif "lines" in trace.get("mode", ""):
            keys.append(LegendKey(name, trace["line"]["color"], "line"))
        else:
            color = marker.get("color") or marker["line"]["color"]
            keys.append(
                LegendKey(name, color, "tick" if marker.get("symbol") == "line-ns" else "dot")
            )
    return keys


def _main_color(color: str | list[str]) -> str:
    """A trace's colour, or the colour most of its points have when each point has its own."""
    return color if isinstance(color, str) else max(color, key=color.count)


def figure_json(figure: Figure) -> str:
    """The figure as JSON safe to embed in a `<script type="application/json">` element.

    NaN and infinities (not JSON) become null, a gap to plotly.js, as plotly's own encoder does;
    that encoder is not used because importing it costs ~0.2 s.
    """
    text = json.dumps(figure, separators=(",", ":"))
    if "NaN" in text or "Infinity" in text:
        text = json.dumps(json.loads(text, parse_constant=lambda _: None), separators=(",", ":"))
    return text.replace("</", "<\\/")


def iso_dates(values: Sequence[date]) -> list[str]:
    """ISO strings: compact in JSON and read by Plotly as dates."""
    return [value.isoformat() for value in values]


DAY_MS = 86_400_000


def daily_x(days: Sequence[date]) -> dict[str, Any]:
    """The x of a series with one value per calendar day: a start and a one-day step, not each date."""
    if len(days) == (days[-1] - days[0]).days + 1:
        return {"x0": days[0].isoformat(), "dx": DAY_MS}
    return {"x": iso_dates(days)}


def rounded(values: Sequence[float | None], digits: int = 1) -> list[float | None]:
    """Values rounded for display; None stays None so gaps stay gaps."""
    return [None if value is None else round(float(value), digits) for value in values]


def period_format(grain: str) -> str:
    """How to print a week or month in hover text."""
    return "week of %d %b %Y" if grain == "week" else "%b %Y"
