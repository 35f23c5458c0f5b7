"""Figures of the engine analysis: blunder rates per group with 95% whiskers, accuracy per month."""

from __future__ import annotations

from collections.abc import Sequence

from lifemetrics.dashboards.chess.analysis_records import BlunderRate, MonthAccuracy
from lifemetrics.dashboards.style import Figure, axis, base_layout, figure, iso_dates, trace
from lifemetrics.dashboards.wording import count_of
from lifemetrics.palette import LOSS, MUTED, NEUTRAL, TIME_CLASS_COLORS, WHISKER


def blunder_rate_bars(rates: Sequence[BlunderRate], highlight: BlunderRate | None) -> Figure:
    """Blunders per 100 moves per group, 95% Wilson whiskers, moves and games under each label."""
    labels = [
        f"{rate.label}<br><span style='font-size:10px;color:{MUTED}'>{count_of(rate.moves, 'move')}, "
        f"{count_of(rate.games, 'game')}</span>"
        for rate in rates
    ]
    bar = trace(
        "bar",
        x=labels,
        y=[round(rate.per_100, 2) for rate in rates],
        marker={"color": [LOSS if rate is highlight else NEUTRAL for rate in rates]},
        error_y={
            "type": "data",
            "symmetric": False,
            "color": WHISKER,
            "thickness": 1.2,
            "width": 4,
            "array": [round(rate.interval[1] - rate.per_100, 2) for rate in rates],
            "arrayminus": [round(rate.per_100 - rate.interval[0], 2) for rate in rates],
        },
        customdata=[[rate.blunders, rate.moves, *rate.interval] for rate in rates],
        hovertemplate="%{y:.1f} blunders per 100 moves (%{customdata[0]} of %{customdata[1]})"
        "<br>95% interval %{customdata[2]:.1f}–%{customdata[3]:.1f}<extra></extra>",
        showlegend=False,
    )
    layout = base_layout(
        xaxis=axis(showgrid=False, tickangle=0),
        yaxis=axis(title={"text": "Blunders per 100 moves"}, rangemode="tozero"),
        showlegend=False,
    )
    return figure([bar], layout)


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
    layout = base_layout(
        xaxis=axis(type="date", tickformat="%b %Y"),
        yaxis=axis(title={"text": "Accuracy"}, range=[0, 100]),
    )
    return figure(traces, layout)
