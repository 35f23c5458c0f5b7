"""Health figures: daily scores with 7-day averages, heart rate with gaps, stress, resilience, contributors."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from lifemetrics.dashboards.health.records import ResilienceDays
from lifemetrics.dashboards.style import (
    Figure,
    axis,
    base_layout,
    daily_x,
    date_axis,
    figure,
    iso_dates,
    period_format,
    rounded,
    trace,
)
from lifemetrics.palette import (
    AWAKE_HR,
    CONTRIBUTOR_SCALE,
    MUTED,
    NEUTRAL,
    ON_BAR,
    RECOVERY,
    RESILIENCE_COLORS,
    REST_HR,
    STRESS,
    STRESS_FAINT,
    TEXT,
    WEAKEST,
)


def daily_score(
    days: Sequence[date],
    scores: Sequence[float | None],
    averages: Sequence[float | None],
    all_time: float,
    name: str,
    color: str,
) -> Figure:
    """A daily score as dots, its 7-day average as a line, the all-time average as a dotted rule."""
    x = daily_x(days)
    traces = [
        trace(
            "scatter",
            **x,
            y=rounded(scores, 0),
            name="Each day",
            mode="markers",
            marker={"color": color, "size": 4, "opacity": 0.35},
            hovertemplate="%{y} on %{x|%a %d %b %Y}<extra></extra>",
        ),
        trace(
            "scatter",
            **x,
            y=rounded(averages),
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
        xaxis=date_axis(days[0], days[-1], "6m"),
        yaxis={"range": [min(40, *(v for v in scores if v is not None)) - 2, 101]},
        shapes=[rule],
        annotations=[note],
        hovermode="x unified",
    )
    return figure(traces, layout)


def heart_rate_lines(
    days: Sequence[date], awake: Sequence[float | None], rest: Sequence[float | None]
) -> Figure:
    """Awake and resting heart rate per day; days without data are gaps, never joined."""
    traces = [
        *gapped_line(days, awake, "Awake", AWAKE_HR, " bpm"),
        *gapped_line(days, rest, "Resting", REST_HR, " bpm"),
    ]
    layout = base_layout(
        xaxis=date_axis(days[0], days[-1], "3m"),
        yaxis={"title": {"text": "bpm"}},
        hovermode="x unified",
    )
    return figure(traces, layout)


def gapped_line(
    days: Sequence[date],
    values: Sequence[float | None],
    name: str,
    color: str,
    unit: str,
    digits: int = 0,
    width: float = 1.6,
) -> list[dict]:
    """A daily series as a line that breaks where a day has no value, never joining across it.

    Lines are one SVG path each (cheap for ten years of days); a day alone between two gaps has no
    line to sit on, so those few days get a dot of their own.
    """
    y = rounded(values, max(digits, 1))
    dates = iso_dates(days)
    hover = f"{name} %{{y:.{digits}f}}{unit}<extra></extra>"
    alone = [index for index in range(len(y)) if y[index] is not None and _isolated(y, index)]
    return [
        trace(
            "scatter",
            **daily_x(days),
            y=y,
            name=name,
            mode="lines",
            connectgaps=False,
            line={"color": color, "width": width},
            hovertemplate=hover,
        ),
        trace(
            "scatter",
            x=[dates[index] for index in alone],
            y=[y[index] for index in alone],
            mode="markers",
            marker={"color": color, "size": 4},
            showlegend=False,
            hovertemplate=hover,
        ),
    ]


def _isolated(values: Sequence[float | None], index: int) -> bool:
    """Whether the value at `index` has no neighbour to draw a line to."""
    before = values[index - 1] if index > 0 else None
    after = values[index + 1] if index + 1 < len(values) else None
    return before is None and after is None


def resilience_shares(rows: Sequence[ResilienceDays], order: Sequence[str], grain: str) -> Figure:
    """Share of days at each resilience level per week or month, weakest level at the bottom."""
    periods = sorted({row.period for row in rows})
    days = {(row.period, row.level): row.days for row in rows}
    traces = [
        trace(
            "bar",
            x=iso_dates(periods),
            y=[days.get((period, level), 0) for period in periods],
            name=level.capitalize(),
            marker={"color": color},
            hovertemplate="%{y} days " + level + "<extra>%{x|" + period_format(grain) + "}</extra>",
        )
        for level, color in zip(order, RESILIENCE_COLORS)
    ]
    layout = base_layout(
        barmode="stack",
        barnorm="fraction",
        bargap=0.12,
        xaxis=axis(type="date"),
        yaxis=axis(tickformat=".0%", dtick=0.25),
    )
    return figure(traces, layout)


def stress_lines(
    days: Sequence[date],
    stress: Sequence[float | None],
    stress_7d: Sequence[float | None],
    recovery_7d: Sequence[float | None],
) -> Figure:
    """Minutes of high daytime stress per day (a faint line), with 7-day averages of stress and recovery."""
    x = daily_x(days)
    traces = [
        trace(
            "scatter",
            **x,
            y=rounded(stress, 0),
            name="High stress, each day",
            mode="lines",
            connectgaps=False,
            line={"color": STRESS_FAINT, "width": 1},
            hovertemplate="%{y} min high stress<extra></extra>",
        ),
        trace(
            "scatter",
            **x,
            y=rounded(stress_7d),
            name="High stress, 7-day average",
            mode="lines",
            line={"color": STRESS, "width": 2},
            hovertemplate="stress avg %{y:.0f} min<extra></extra>",
        ),
        trace(
            "scatter",
            **x,
            y=rounded(recovery_7d),
            name="High recovery, 7-day average",
            mode="lines",
            line={"color": RECOVERY, "width": 2},
            hovertemplate="recovery avg %{y:.0f} min<extra></extra>",
        ),
    ]
    layout = base_layout(
        xaxis=date_axis(days[0], days[-1], "3m"),
        yaxis={"title": {"text": "minutes"}},
        hovermode="x unified",
    )
    return figure(traces, layout)


def contributor_bars(
    labels: Sequence[str], recent: Sequence[float], all_time: Sequence[float]
) -> Figure:
    """Recent average of each contributor, weakest first and highlighted; all-time average as a tick."""
    weakest = min(range(len(recent)), key=lambda index: recent[index])
    traces = [
        trace(
            "bar",
            y=list(labels),
            x=rounded(recent, 0),
            orientation="h",
            name="Last 30 days",
            marker={
                "color": [WEAKEST if index == weakest else NEUTRAL for index in range(len(labels))]
            },
            text=[f"{value:.0f}" for value in recent],
            textposition="inside",
            insidetextanchor="end",
            textfont={"color": ON_BAR, "size": 11},
            hovertemplate="%{y}: %{x} (last 30 days)<extra></extra>",
        ),
        trace(
            "scatter",
            y=list(labels),
            x=rounded(all_time, 0),
            mode="markers",
            name="All-time",
            marker={"symbol": "line-ns", "size": 16, "line": {"width": 2.5, "color": TEXT}},
            hovertemplate="%{y}: %{x} (all-time)<extra></extra>",
        ),
    ]
    layout = base_layout(
        xaxis=axis(range=[0, 100], dtick=20),
        yaxis=axis(autorange="reversed"),
        bargap=0.3,
    )
    return figure(traces, layout)


def contributor_heatmap(
    weeks: Sequence[date], labels: Sequence[str], scores: Sequence[Sequence[float | None]]
) -> Figure:
    """Weekly average of every contributor: a strip per contributor, red where it is weak."""
    heatmap = trace(
        "heatmap",
        x=iso_dates(weeks),
        y=list(labels),
        z=[rounded(row, 0) for row in scores],
        zmin=40,
        zmax=100,
        colorscale=CONTRIBUTOR_SCALE,
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
        xaxis=axis(type="date", showgrid=False),
        yaxis=axis(autorange="reversed", showgrid=False),
        showlegend=False,
    )
    return figure([heatmap], layout)
