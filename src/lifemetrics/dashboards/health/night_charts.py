"""Figures of the night and day measures: sleep stages per night, bedtimes and their spread, HRV,
temperature deviation, steps and SpO2. Days without data stay gaps."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from lifemetrics.dashboards.health.charts import gapped_line
from lifemetrics.dashboards.style import (
    Figure,
    base_layout,
    daily_x,
    date_axis,
    figure,
    rounded,
    trace,
)
from lifemetrics.palette import (
    COOLER,
    DEEP_SLEEP,
    LIGHT_SLEEP,
    MUTED,
    REM_SLEEP,
    STEPS,
    WARMER,
)


def average_rule(value: float, label: str) -> tuple[dict, dict]:
    """A dotted horizontal rule at the person's own average, and its label at the left edge."""
    rule = {
        "type": "line",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "y0": value,
        "y1": value,
        "line": {"color": MUTED, "width": 1, "dash": "dot"},
    }
    note = {
        "xref": "paper",
        "x": 0,
        "y": value,
        "yanchor": "bottom",
        "xanchor": "left",
        "text": label,
        "showarrow": False,
        "font": {"size": 10, "color": MUTED},
    }
    return rule, note


def sleep_stages(
    days: Sequence[date],
    deep: Sequence[float | None],
    rem: Sequence[float | None],
    light: Sequence[float | None],
    average_hours: float,
) -> Figure:
    """Hours of deep, REM and light sleep per night, stacked; the person's average night as a rule."""
    x = daily_x(days)
    traces = [
        trace(
            "bar",
            **x,
            y=rounded(values, 2),
            name=name,
            marker={"color": color},
            hovertemplate=name + " %{y:.1f} h<extra></extra>",
        )
        for name, values, color in (
            ("Deep", deep, DEEP_SLEEP),
            ("REM", rem, REM_SLEEP),
            ("Light", light, LIGHT_SLEEP),
        )
    ]
    rule, note = average_rule(average_hours, f"your average {average_hours:.1f} h")
    layout = base_layout(
        barmode="stack",
        bargap=0.15,
        xaxis=date_axis(days[0], days[-1], "3m"),
        yaxis={"title": {"text": "hours asleep"}, "rangemode": "tozero"},
        shapes=[rule],
        annotations=[note],
        hovermode="x unified",
    )
    return figure(traces, layout)


def bedtimes(
    days: Sequence[date], hours: Sequence[float | None], spread: Sequence[float | None]
) -> Figure:
    """Each night's bedtime as a dot (clock on the left axis) and the 14-night spread as a line (right)."""
    x = daily_x(days)
    traces = [
        trace(
            "scatter",
            **x,
            y=rounded(hours, 2),
            name="Bedtime",
            mode="markers",
            marker={"color": REM_SLEEP, "size": 5, "opacity": 0.6},
            customdata=[_clock(value) for value in hours],
            hovertemplate="to bed %{customdata}<extra></extra>",
        ),
        *gapped_line(days, spread, "Spread of 14 nights", MUTED, " min", width=2),
    ]
    traces[1]["yaxis"] = traces[2]["yaxis"] = "y2"
    layout = base_layout(
        xaxis=date_axis(days[0], days[-1], "3m"),
        yaxis={**_clock_ticks(hours), "autorange": "reversed", "title": {"text": "to bed"}},
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "title": {"text": "spread, min"},
            **_minute_ticks(spread),
            "showgrid": False,
            "fixedrange": True,
            "tickfont": {"color": MUTED},
        },
        hovermode="x unified",
    )
    layout["margin"] = {**layout["margin"], "r": 48}
    return figure(traces, layout)


def _minute_ticks(minutes: Sequence[float | None]) -> dict:
    """A minutes axis from zero past the largest spread, ticks on round numbers."""
    top = max((value for value in minutes if value is not None), default=30.0)
    step = 10 if top <= 60 else 30
    return {"range": [0, math.ceil(top / step) * step], "dtick": step, "tick0": 0}


def _clock_ticks(hours: Sequence[float | None]) -> dict:
    """Clock labels on the bedtime axis: every half hour across the bedtimes (every two hours when
    they spread over more than six hours)."""
    known = [value for value in hours if value is not None]
    step = 0.5 if max(known) - min(known) <= 6 else 2.0
    first, last = math.floor(min(known) / step) * step, math.ceil(max(known) / step) * step
    ticks = [first + step * index for index in range(round((last - first) / step) + 1)]
    return {"tickvals": ticks, "ticktext": [_clock(value) for value in ticks]}


def _clock(hours_after_noon: float | None) -> str | None:
    """22:35 for 10.58 hours after noon."""
    if hours_after_noon is None:
        return None
    minutes = round(hours_after_noon * 60) + 12 * 60
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def measure_lines(
    days: Sequence[date],
    values: Sequence[float | None],
    weekly: Sequence[float | None] | None,
    name: str,
    color: str,
    unit: str,
    digits: int = 0,
) -> Figure:
    """A nightly measure as a line with gaps, and its 7-day average when given."""
    traces = gapped_line(days, values, name, color, unit, digits, width=1.2)
    if weekly is not None:
        traces.append(
            trace(
                "scatter",
                **daily_x(days),
                y=rounded(weekly, digits + 1),
                name="7-day average",
                mode="lines",
                line={"color": color, "width": 2.4},
                opacity=0.6,
                hovertemplate=f"7-day average %{{y:.{digits}f}}{unit}<extra></extra>",
            )
        )
    layout = base_layout(
        xaxis=date_axis(days[0], days[-1], "3m"),
        yaxis={"title": {"text": unit.strip()}},
        hovermode="x unified",
    )
    return figure(traces, layout)


def temperature_bars(days: Sequence[date], deviation: Sequence[float | None]) -> Figure:
    """Skin temperature's deviation from baseline per night: warmer up in orange, cooler down in blue."""
    y = rounded(deviation, 2)
    widest = max((abs(value) for value in y if value is not None), default=1.0) or 1.0
    traces = [
        trace(
            "bar",
            **daily_x(days),
            y=y,
            name="Deviation",
            # coloured by value (numbers weigh less than a colour per bar over ten years of nights)
            marker={
                "color": [0 if value is None else value for value in y],  # a gap has no bar
                "cmin": -widest,
                "cmax": widest,
                "colorscale": [[0, COOLER], [0.5, COOLER], [0.5, WARMER], [1, WARMER]],
            },
            hovertemplate="%{y:+.2f} °C<extra></extra>",
        )
    ]
    layout = base_layout(
        bargap=0.1,
        showlegend=False,
        xaxis=date_axis(days[0], days[-1], "3m"),
        yaxis={"title": {"text": "°C"}, "zeroline": True, "zerolinecolor": MUTED},
    )
    return figure(traces, layout)


def steps_bars(
    days: Sequence[date], steps: Sequence[float | None], weekly: Sequence[float | None]
) -> Figure:
    """Steps per day as bars, their 7-day average as a line."""
    x = daily_x(days)
    traces = [
        trace(
            "bar",
            **x,
            y=rounded(steps, 0),
            name="Each day",
            marker={"color": STEPS, "opacity": 0.45},
            hovertemplate="%{y:,.0f} steps<extra></extra>",
        ),
        trace(
            "scatter",
            **x,
            y=rounded(weekly, 0),
            name="7-day average",
            mode="lines",
            line={"color": STEPS, "width": 2.2},
            hovertemplate="7-day average %{y:,.0f}<extra></extra>",
        ),
    ]
    layout = base_layout(
        bargap=0.15,
        xaxis=date_axis(days[0], days[-1], "3m"),
        yaxis={"title": {"text": "steps"}, "rangemode": "tozero"},
        hovermode="x unified",
    )
    return figure(traces, layout)
