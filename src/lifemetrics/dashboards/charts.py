"""Plotly figures for the pages: one look (fonts, colours, margins) and one colour per meaning.

Every builder takes rows already aggregated in SQL and returns a `Figure`; `figure_json` turns it into
the JSON a page embeds. Colours mean the same everywhere: green win, grey draw, red loss.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

from lifemetrics.dashboards.stats import is_small_sample, share, wilson_interval
from lifemetrics.dashboards.wording import count_of

WIN, DRAW, LOSS = "#2f9e44", "#adb5bd", "#e03131"
RESULT_COLORS = {"wins": WIN, "draws": DRAW, "losses": LOSS}
RESULT_NAMES = {"wins": "Win", "draws": "Draw", "losses": "Loss"}
TIME_CLASS_COLORS = {
    "rapid": "#1c7ed6",
    "blitz": "#f59f00",
    "bullet": "#ae3ec9",
    "daily": "#0ca678",
}
SLEEP, READINESS = "#7048e8", "#1098ad"
AWAKE_HR, REST_HR = "#f76707", "#1c7ed6"
STRESS, RECOVERY = "#f76707", "#37b24d"
NEUTRAL, WEAKEST, TEXT, MUTED, GRID = "#a5b4c8", "#e8590c", "#1f2937", "#64748b", "#edf0f4"
FONT = "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def base_layout(**overrides: Any) -> dict[str, Any]:
    """The shared look: no template bloat, light grid, legend on top, room for axis labels only."""
    layout: dict[str, Any] = {
        "template": "none",
        "font": {"family": FONT, "size": 12, "color": TEXT},
        "margin": {"l": 44, "r": 12, "t": 8, "b": 36, "pad": 2},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
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
        "xaxis": _axis(),
        "yaxis": _axis(),
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def _axis(**overrides: Any) -> dict[str, Any]:
    """An axis with a light grid and muted tick labels."""
    return {
        "gridcolor": GRID,
        "zeroline": False,
        "linecolor": "#d0d7e2",
        "tickfont": {"color": MUTED},
        "automargin": True,
        "fixedrange": True,
        **overrides,
    }


def _date_axis(first: date, last: date, window_days: int) -> dict[str, Any]:
    """A date axis opened on the last `window_days` days, with buttons for other windows."""
    start = max(first, last - timedelta(days=window_days)) - timedelta(days=1)
    buttons = [
        {"count": 1, "label": "1m", "step": "month", "stepmode": "backward"},
        {"count": 3, "label": "3m", "step": "month", "stepmode": "backward"},
        {"count": 1, "label": "1y", "step": "year", "stepmode": "backward"},
        {"step": "all", "label": "all"},
    ]
    return _axis(
        type="date",
        range=[start.isoformat(), (last + timedelta(days=1)).isoformat()],
        rangeselector={
            "buttons": buttons,
            "x": 1,
            "xanchor": "right",
            "y": 1.0,
            "yanchor": "bottom",
            "bgcolor": "#f1f3f7",
            "activecolor": "#dbe4f0",
            "font": {"size": 11, "color": MUTED},
        },
        fixedrange=False,
    )


@dataclass(frozen=True)
class LegendKey:
    """One entry of a legend drawn in HTML under a chart's title (it wraps on a phone; Plotly's does not)."""

    label: str
    color: str
    kind: str


def legend_keys(figure: go.Figure) -> list[LegendKey]:
    """The named traces of a figure as legend keys: a line, a dot or a bar swatch in the trace's colour."""
    keys = []
    for trace in figure.data:
        if not trace.name:
            continue
        if trace.type == "bar":
            keys.append(LegendKey(trace.name, trace.marker.color, "bar"))
        elif "lines" in (trace.mode or ""):
            keys.append(LegendKey(trace.name, trace.line.color, "line"))
        else:
            color = trace.marker.color or trace.marker.line.color
            keys.append(
                LegendKey(trace.name, color, "tick" if trace.marker.symbol == "line-ns" else "dot")
            )
    return keys


def figure_json(figure: go.Figure) -> str:
    """The figure as JSON safe to embed in a `<script type="application/json">` element."""
    return json.dumps(
        figure.to_plotly_json(), cls=PlotlyJSONEncoder, separators=(",", ":")
    ).replace("</", "<\\/")


def _dates(values: Sequence[date]) -> list[str]:
    """ISO strings: compact in JSON and read by Plotly as dates."""
    return [value.isoformat() for value in values]


DAY_MS = 86_400_000


def _daily_x(days: Sequence[date]) -> dict[str, Any]:
    """The x of a series with one value per calendar day: a start and a one-day step, not 3,653 dates."""
    if len(days) == (days[-1] - days[0]).days + 1:
        return {"x0": days[0].isoformat(), "dx": DAY_MS}
    return {"x": _dates(days)}


def _rounded(values: Sequence[float | None], digits: int = 1) -> list[float | None]:
    """Values rounded for display; None stays None so gaps stay gaps."""
    return [None if value is None else round(float(value), digits) for value in values]


SPARSE_POINTS = 60


def rating_lines(history: dict[str, list[tuple[date, int]]], first: date, last: date) -> go.Figure:
    """Rating at the end of each day played, one line per time class."""
    traces = [
        go.Scatter(
            x=_dates([day for day, _ in points]),
            y=[rating for _, rating in points],
            name=time_class.capitalize(),
            mode="lines" if len(points) > SPARSE_POINTS else "lines+markers",
            marker={"size": 4},
            line={"color": TIME_CLASS_COLORS.get(time_class, MUTED), "width": 2},
            hovertemplate="%{y} on %{x|%d %b %Y}<extra>" + time_class + "</extra>",
        )
        for time_class, points in history.items()
    ]
    layout = base_layout(xaxis=_date_axis(first, last, 365), yaxis={"title": {"text": "Rating"}})
    return go.Figure(traces, layout)


def result_counts_over_time(rows: Sequence[dict[str, Any]], grain: str) -> go.Figure:
    """Games per week or month, stacked by result."""
    periods = _dates([row["period"] for row in rows])
    traces = [
        go.Bar(
            x=periods,
            y=[row[key] for row in rows],
            name=RESULT_NAMES[key],
            marker={"color": color},
            hovertemplate="%{y} "
            + RESULT_NAMES[key].lower()
            + "s<extra>%{x|"
            + _period_format(grain)
            + "}</extra>",
        )
        for key, color in RESULT_COLORS.items()
    ]
    layout = base_layout(
        barmode="stack",
        bargap=0.15,
        xaxis=_axis(type="date", tickformat="%d %b %Y" if grain == "week" else "%b %Y"),
        yaxis={"title": {"text": "Games"}},
    )
    return go.Figure(traces, layout)


def _period_format(grain: str) -> str:
    """How to print a week or month in hover text."""
    return "week of %d %b %Y" if grain == "week" else "%b %Y"


def result_shares(
    labels: Sequence[str], rows: Sequence[dict[str, Any]], *, horizontal: bool
) -> go.Figure:
    """Win/draw/loss shares per category (100% stacked), the number of games under each label."""
    categories = [
        f"{label}<br><span style='font-size:10px;color:{MUTED}'>"
        f"{count_of(row['games'], 'game') if horizontal else row['games']}</span>"
        for label, row in zip(labels, rows)
    ]
    traces = []
    for key, color in RESULT_COLORS.items():
        shares = [share(row[key], row["games"]) or 0 for row in rows]
        text = [f"{value:.0%}" if value >= 0.08 else "" for value in shares]
        axes = {"y": categories, "x": shares} if horizontal else {"x": categories, "y": shares}
        traces.append(
            go.Bar(
                **axes,
                orientation="h" if horizontal else "v",
                name=RESULT_NAMES[key],
                marker={"color": color},
                text=text,
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                textfont={"color": "white" if key != "draws" else TEXT, "size": 11},
                customdata=[row[key] for row in rows],
                hovertemplate="%{customdata} "
                + RESULT_NAMES[key].lower()
                + "s (%{"
                + ("x" if horizontal else "y")
                + ":.0%})<extra></extra>",
            )
        )
    share_axis = _axis(tickformat=".0%", range=[0, 1], dtick=0.25)
    category_axis = (
        _axis(autorange="reversed", showgrid=False)
        if horizontal
        else _axis(showgrid=False, tickangle=0)
    )
    layout = base_layout(
        barmode="stack",
        bargap=0.3,
        xaxis=share_axis if horizontal else category_axis,
        yaxis=category_axis if horizontal else share_axis,
    )
    return go.Figure(traces, layout)


def opening_bars(rows: Sequence[dict[str, Any]], average_rate: float) -> go.Figure:
    """Win rate per opening with a 95% Wilson interval; green above the colour's average, red below.

    Names sit above their bars (so bars keep the full width on a phone), the game count beside each
    bar, and hatched bars mark samples too small to act on.
    """
    rates = [row["wins"] / row["games"] for row in rows]
    intervals = [wilson_interval(row["wins"], row["games"]) for row in rows]
    small = [is_small_sample(row["games"]) for row in rows]
    keys = [row["opening"] for row in rows]
    bar = go.Bar(
        y=keys,
        x=rates,
        orientation="h",
        width=0.4,
        marker={
            "color": [WIN if rate >= average_rate else LOSS for rate in rates],
            "opacity": [0.5 if thin else 0.9 for thin in small],
            "pattern": {
                "shape": ["/" if thin else "" for thin in small],
                "fgcolor": "white",
                "size": 6,
            },
        },
        error_x={
            "type": "data",
            "symmetric": False,
            "array": [high - rate for rate, (_, high) in zip(rates, intervals)],
            "arrayminus": [rate - low for rate, (low, _) in zip(rates, intervals)],
            "color": "#475569",
            "thickness": 1.2,
            "width": 3,
        },
        customdata=[
            [
                _pretty_opening(row["opening"]),
                row["games"],
                row["wins"],
                row["draws"],
                row["losses"],
                low,
                high,
            ]
            for row, (low, high) in zip(rows, intervals)
        ],
        hovertemplate=(
            "<b>%{customdata[0]}</b><br>%{x:.0%} won over %{customdata[1]} games"
            " (%{customdata[2]} W · %{customdata[3]} D · %{customdata[4]} L)"
            "<br>95% interval %{customdata[5]:.0%}–%{customdata[6]:.0%}<extra></extra>"
        ),
        showlegend=False,
    )
    names = [
        {
            "x": 0,
            "y": key,
            "yshift": 16,
            "xanchor": "left",
            "text": _short_opening(key),
            "showarrow": False,
            "font": {"size": 12, "color": TEXT},
            "bgcolor": "rgba(255,255,255,0.8)",
        }
        for key in keys
    ]
    counts = [
        {
            "x": high + 0.02,
            "y": key,
            "xanchor": "left",
            "text": f"{rate:.0%} · {count_of(row['games'], 'game')}",
            "showarrow": False,
            "font": {"size": 11, "color": MUTED},
        }
        for key, rate, row, (_, high) in zip(keys, rates, rows, intervals)
    ]
    average = {
        "type": "line",
        "x0": average_rate,
        "x1": average_rate,
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "line": {"color": TEXT, "width": 1, "dash": "dot"},
    }
    layout = base_layout(
        xaxis=_axis(range=[0, 1.42], tickvals=[0, 0.25, 0.5, 0.75, 1], tickformat=".0%"),
        yaxis=_axis(
            autorange="reversed",
            categoryorder="array",
            categoryarray=keys,
            showticklabels=False,
            showgrid=False,
        ),
        annotations=names + counts,
        shapes=[average],
        showlegend=False,
        margin={"l": 6, "t": 18},
    )
    return go.Figure([bar], layout)


def _pretty_opening(slug: str) -> str:
    """'Caro-Kann-Defense-2.Nf3' -> 'Caro Kann Defense 2.Nf3' (chess.com's ECOUrl slug, readable)."""
    return slug.replace("-", " ")


def _short_opening(slug: str, limit: int = 44) -> str:
    """The readable name cut to fit a phone's axis; the full name is in the hover text."""
    name = _pretty_opening(slug)
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def end_reason_bars(labels: Sequence[str], rows: Sequence[dict[str, Any]]) -> go.Figure:
    """How games ended: games per ending, split by result, most common first."""
    traces = [
        go.Bar(
            y=list(labels),
            x=[row[key] for row in rows],
            orientation="h",
            name=RESULT_NAMES[key],
            marker={"color": color},
            hovertemplate="%{x} " + RESULT_NAMES[key].lower() + "s<extra>%{y}</extra>",
        )
        for key, color in RESULT_COLORS.items()
    ]
    layout = base_layout(
        barmode="stack",
        bargap=0.3,
        yaxis=_axis(autorange="reversed"),
        xaxis=_axis(title={"text": "Games"}),
    )
    return go.Figure(traces, layout)


def daily_score(
    days: Sequence[date],
    scores: Sequence[float | None],
    averages: Sequence[float | None],
    all_time: float,
    name: str,
    color: str,
) -> go.Figure:
    """A daily score as dots, its 7-day average as a line, the all-time average as a dotted rule."""
    x = _daily_x(days)
    traces = [
        go.Scatter(
            **x,
            y=_rounded(scores, 0),
            name="Each day",
            mode="markers",
            marker={"color": color, "size": 4, "opacity": 0.35},
            hovertemplate="%{y} on %{x|%a %d %b %Y}<extra></extra>",
        ),
        go.Scatter(
            **x,
            y=_rounded(averages),
            name="7-day average",
            mode="lines",
            line={"color": color, "width": 2.2},
            hovertemplate="7-day average %{y:.0f}<extra></extra>",
        ),
    ]
    rule = {
        "type": "line",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "y0": all_time,
        "y1": all_time,
        "line": {"color": MUTED, "width": 1, "dash": "dot"},
    }
    note = {
        "xref": "paper",
        "x": 0,
        "y": all_time,
        "yanchor": "bottom",
        "xanchor": "left",
        "text": f"all-time {all_time:.0f}",
        "showarrow": False,
        "font": {"size": 10, "color": MUTED},
    }
    layout = base_layout(
        xaxis=_date_axis(days[0], days[-1], 180),
        yaxis={"range": [min(40, *(v for v in scores if v is not None)) - 2, 101]},
        shapes=[rule],
        annotations=[note],
        hovermode="x unified",
    )
    return go.Figure(traces, layout)


def heart_rate_lines(
    days: Sequence[date], awake: Sequence[float | None], rest: Sequence[float | None]
) -> go.Figure:
    """Awake and resting heart rate per day; days without data are gaps, never joined.

    Lines are one SVG path each (cheap for ten years of days); a day alone between two gaps has no
    line to sit on, so those few days get a dot of their own.
    """
    x = _daily_x(days)
    dates = _dates(days)
    traces = []
    for name, values, color in (("Awake", awake, AWAKE_HR), ("Resting", rest, REST_HR)):
        y = _rounded(values)
        traces.append(
            go.Scatter(
                **x,
                y=y,
                name=name,
                mode="lines",
                connectgaps=False,
                line={"color": color, "width": 1.6},
                hovertemplate=name + " %{y:.0f} bpm<extra></extra>",
            )
        )
        alone = [index for index in range(len(y)) if y[index] is not None and _isolated(y, index)]
        traces.append(
            go.Scatter(
                x=[dates[index] for index in alone],
                y=[y[index] for index in alone],
                mode="markers",
                marker={"color": color, "size": 4},
                showlegend=False,
                hovertemplate=name + " %{y:.0f} bpm<extra></extra>",
            )
        )
    layout = base_layout(
        xaxis=_date_axis(days[0], days[-1], 90),
        yaxis={"title": {"text": "bpm"}},
        hovermode="x unified",
    )
    return go.Figure(traces, layout)


def _isolated(values: Sequence[float | None], index: int) -> bool:
    """Whether the value at `index` has no neighbour to draw a line to."""
    before = values[index - 1] if index > 0 else None
    after = values[index + 1] if index + 1 < len(values) else None
    return before is None and after is None


RESILIENCE_COLORS = ("#e03131", "#f59f00", "#fcc419", "#94d82d", "#2f9e44")


def resilience_shares(
    rows: Sequence[dict[str, Any]], order: Sequence[str], grain: str
) -> go.Figure:
    """Share of days at each resilience level per week or month, weakest level at the bottom."""
    periods = sorted({row["period"] for row in rows})
    days = {(row["period"], row["level"]): row["days"] for row in rows}
    traces = [
        go.Bar(
            x=_dates(periods),
            y=[days.get((period, level), 0) for period in periods],
            name=level.capitalize(),
            marker={"color": color},
            hovertemplate="%{y} days "
            + level
            + "<extra>%{x|"
            + _period_format(grain)
            + "}</extra>",
        )
        for level, color in zip(order, RESILIENCE_COLORS)
    ]
    layout = base_layout(
        barmode="stack",
        barnorm="fraction",
        bargap=0.12,
        xaxis=_axis(type="date"),
        yaxis=_axis(tickformat=".0%", dtick=0.25),
    )
    return go.Figure(traces, layout)


def stress_lines(
    days: Sequence[date],
    stress: Sequence[float | None],
    stress_7d: Sequence[float | None],
    recovery_7d: Sequence[float | None],
) -> go.Figure:
    """Minutes of high daytime stress per day (a faint line), with 7-day averages of stress and recovery."""
    x = _daily_x(days)
    traces = [
        go.Scatter(
            **x,
            y=_rounded(stress, 0),
            name="High stress, each day",
            mode="lines",
            connectgaps=False,
            line={"color": "rgba(247, 103, 7, 0.3)", "width": 1},
            hovertemplate="%{y} min high stress<extra></extra>",
        ),
        go.Scatter(
            **x,
            y=_rounded(stress_7d),
            name="High stress, 7-day average",
            mode="lines",
            line={"color": STRESS, "width": 2},
            hovertemplate="stress avg %{y:.0f} min<extra></extra>",
        ),
        go.Scatter(
            **x,
            y=_rounded(recovery_7d),
            name="High recovery, 7-day average",
            mode="lines",
            line={"color": RECOVERY, "width": 2},
            hovertemplate="recovery avg %{y:.0f} min<extra></extra>",
        ),
    ]
    layout = base_layout(
        xaxis=_date_axis(days[0], days[-1], 90),
        yaxis={"title": {"text": "minutes"}},
        hovermode="x unified",
    )
    return go.Figure(traces, layout)


def contributor_bars(
    labels: Sequence[str], recent: Sequence[float], all_time: Sequence[float]
) -> go.Figure:
    """Recent average of each contributor, weakest first and highlighted; all-time average as a tick."""
    weakest = min(range(len(recent)), key=lambda index: recent[index])
    traces = [
        go.Bar(
            y=list(labels),
            x=_rounded(recent, 0),
            orientation="h",
            name="Last 30 days",
            marker={
                "color": [WEAKEST if index == weakest else NEUTRAL for index in range(len(labels))]
            },
            text=[f"{value:.0f}" for value in recent],
            textposition="inside",
            insidetextanchor="end",
            textfont={"color": "white", "size": 11},
            hovertemplate="%{y}: %{x} (last 30 days)<extra></extra>",
        ),
        go.Scatter(
            y=list(labels),
            x=_rounded(all_time, 0),
            mode="markers",
            name="All-time",
            marker={"symbol": "line-ns", "size": 16, "line": {"width": 2.5, "color": TEXT}},
            hovertemplate="%{y}: %{x} (all-time)<extra></extra>",
        ),
    ]
    layout = base_layout(
        xaxis=_axis(range=[0, 100], dtick=20),
        yaxis=_axis(autorange="reversed"),
        bargap=0.3,
    )
    return go.Figure(traces, layout)


def contributor_heatmap(
    weeks: Sequence[date], labels: Sequence[str], scores: Sequence[Sequence[float | None]]
) -> go.Figure:
    """Weekly average of every contributor: a strip per contributor, red where it is weak."""
    trace = go.Heatmap(
        x=_dates(weeks),
        y=list(labels),
        z=[_rounded(row, 0) for row in scores],
        zmin=40,
        zmax=100,
        colorscale=[[0, "#e03131"], [0.5, "#fcc419"], [0.75, "#c0eb75"], [1, "#2f9e44"]],
        xgap=2,
        ygap=2,
        colorbar={
            "thickness": 8,
            "len": 0.9,
            "outlinewidth": 0,
            "tickfont": {"size": 10, "color": MUTED},
        },
        hovertemplate="%{y}, week of %{x|%d %b}: %{z}<extra></extra>",
    )
    layout = base_layout(
        xaxis=_axis(type="date", showgrid=False),
        yaxis=_axis(autorange="reversed", showgrid=False),
        showlegend=False,
    )
    return go.Figure([trace], layout)
