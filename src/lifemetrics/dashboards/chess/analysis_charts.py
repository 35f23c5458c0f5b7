"""Figures of the engine analysis: blunder rates per group with 95% whiskers, accuracy per month."""

from __future__ import annotations

from collections.abc import Sequence

from lifemetrics.dashboards.chess.analysis_records import BlunderRate, MonthAccuracy
from lifemetrics.dashboards.style import (
    Figure,
    axis,
    base_layout,
    figure,
    iso_dates,
    plotly_text,
    trace,
)
from lifemetrics.dashboards.wording import count_of
from lifemetrics.palette import LOSS, MUTED, NEUTRAL, TIME_CLASS_COLORS, WHISKER

HORIZONTAL_FROM = 5
# Fewer months than this get a tick per month: plotly's own ticks would repeat a month's name.
MONTHLY_TICKS_UNDER = 4


def blunder_rate_bars(rates: Sequence[BlunderRate], highlight: BlunderRate | None) -> Figure:
    """Blunders per 100 moves per group, 95% Wilson whiskers, moves and games under each label;
    more than HORIZONTAL_FROM groups (opening families) lie down, so their names do not overlap."""
    horizontal = len(rates) > HORIZONTAL_FROM
    labels = [_rate_label(rate, "  " if horizontal else "<br>") for rate in rates]
    values = [round(rate.per_100, 2) for rate in rates]
    whiskers = {
        "type": "data",
        "symmetric": False,
        "color": WHISKER,
        "thickness": 1.2,
        "width": 4,
        "array": [round(rate.interval[1] - rate.per_100, 2) for rate in rates],
        "arrayminus": [round(rate.per_100 - rate.interval[0], 2) for rate in rates],
    }
    value_axis = axis(title={"text": "Blunders per 100 moves"}, rangemode="tozero")
    label_axis = axis(showgrid=False, tickangle=0)
    bar = trace(
        "bar",
        **(
            {"y": labels, "x": values, "orientation": "h", "error_x": whiskers}
            if horizontal
            else {"x": labels, "y": values, "error_y": whiskers}
        ),
        marker={"color": [LOSS if rate is highlight else NEUTRAL for rate in rates]},
        customdata=[[rate.blunders, rate.moves, *rate.interval] for rate in rates],
        hovertemplate=("%{x:.1f}" if horizontal else "%{y:.1f}")
        + " blunders per 100 moves (%{customdata[0]} of %{customdata[1]})"
        "<br>95% interval %{customdata[2]:.1f}–%{customdata[3]:.1f}<extra></extra>",
        showlegend=False,
    )
    if horizontal:
        layout = base_layout(
            xaxis=value_axis, yaxis={**label_axis, "autorange": "reversed"}, showlegend=False
        )
    else:
        layout = base_layout(xaxis=label_axis, yaxis=value_axis, showlegend=False)
    return figure([bar], layout)


def _rate_label(rate: BlunderRate, separator: str) -> str:
    """A group's name over its moves and games (one per line: the columns are narrow)."""
    style = f"font-size:10px;color:{MUTED}"
    return (
        f"{plotly_text(rate.label)}<br><span style='{style}'>{count_of(rate.moves, 'move')}</span>"
        f"{separator}<span style='{style}'>{count_of(rate.games, 'game')}</span>"
    )


def accuracy_lines(months: Sequence[MonthAccuracy]) -> Figure:
    """Mean accuracy per month: the engine's (with the number of games), chess.com's on the same games."""
    x = iso_dates([month.month for month in months])
    traces = [
        trace(
            "scatter",
            x=x,
            y=[round(month.engine, 1) for month in months],
            name="Engine (Lichess formula)",
            mode="lines+markers",
            line={"color": TIME_CLASS_COLORS["rapid"], "width": 2},
            customdata=[month.games for month in months],
            hovertemplate="%{y:.1f} over %{customdata} games<extra>%{x|%b %Y}</extra>",
        )
    ]
    if any(month.chess_com is not None for month in months):
        traces.append(
            trace(
                "scatter",
                x=x,
                y=[None if m.chess_com is None else round(m.chess_com, 1) for m in months],
                name="chess.com",
                mode="lines+markers",
                line={"color": MUTED, "width": 2, "dash": "dot"},
                hovertemplate="%{y:.1f}<extra>chess.com, %{x|%b %Y}</extra>",
            )
        )
    monthly = {"dtick": "M1"} if len(months) < MONTHLY_TICKS_UNDER else {}
    layout = base_layout(
        xaxis=axis(type="date", tickformat="%b %Y", **monthly),
        yaxis=axis(title={"text": "Accuracy"}, range=[0, 100]),
    )
    return figure(traces, layout)
