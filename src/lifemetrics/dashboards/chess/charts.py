"""Chess figures: ratings, results over time and by category, openings with Wilson intervals, endings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from lifemetrics.dashboards.chess.records import Group, RankedOpening, ResultCounts
from lifemetrics.dashboards.palette import (
    LABEL_BACKGROUND,
    LOSS,
    MUTED,
    ON_BAR,
    TEXT,
    TIME_CLASS_COLORS,
    WHISKER,
    WIN,
)
from lifemetrics.dashboards.stats import is_small_sample, wilson_interval
from lifemetrics.dashboards.style import (
    RESULT_COLORS,
    RESULT_NAMES,
    Figure,
    axis,
    base_layout,
    date_axis,
    figure,
    iso_dates,
    period_format,
    trace,
)
from lifemetrics.dashboards.wording import count_of

SPARSE_POINTS = 60


def rating_lines(history: dict[str, list[tuple[date, int]]], first: date, last: date) -> Figure:
    """Rating at the end of each day played, one line per time class."""
    traces = [
        trace(
            "scatter",
            x=iso_dates([day for day, _ in points]),
            y=[rating for _, rating in points],
            name=time_class.capitalize(),
            mode="lines" if len(points) > SPARSE_POINTS else "lines+markers",
            marker={"size": 4},
            line={"color": TIME_CLASS_COLORS.get(time_class, MUTED), "width": 2},
            hovertemplate="%{y} on %{x|%d %b %Y}<extra>" + time_class + "</extra>",
        )
        for time_class, points in history.items()
    ]
    layout = base_layout(xaxis=date_axis(first, last, 365), yaxis={"title": {"text": "Rating"}})
    return figure(traces, layout)


def result_counts_over_time(periods: Sequence[Group], grain: str) -> Figure:
    """Games per week or month, stacked by result."""
    days = iso_dates([period.key for period in periods])
    traces = [
        trace(
            "bar",
            x=days,
            y=[period.counts.of(key) for period in periods],
            name=RESULT_NAMES[key],
            marker={"color": color},
            hovertemplate="%{y} "
            + RESULT_NAMES[key].lower()
            + "s<extra>%{x|"
            + period_format(grain)
            + "}</extra>",
        )
        for key, color in RESULT_COLORS.items()
    ]
    layout = base_layout(
        barmode="stack",
        bargap=0.15,
        xaxis=axis(type="date", tickformat="%d %b %Y" if grain == "week" else "%b %Y"),
        yaxis={"title": {"text": "Games"}},
    )
    return figure(traces, layout)


def result_shares(
    labels: Sequence[str], rows: Sequence[ResultCounts], *, horizontal: bool
) -> Figure:
    """Win/draw/loss shares per category (100% stacked), the number of games under each label."""
    categories = [
        f"{label}<br><span style='font-size:10px;color:{MUTED}'>"
        f"{count_of(row.games, 'game') if horizontal else row.games}</span>"
        for label, row in zip(labels, rows)
    ]
    traces = []
    for key, color in RESULT_COLORS.items():
        shares = [row.share(row.of(key)) or 0 for row in rows]
        text = [f"{value:.0%}" if value >= 0.08 else "" for value in shares]
        axes = {"y": categories, "x": shares} if horizontal else {"x": categories, "y": shares}
        traces.append(
            trace(
                "bar",
                **axes,
                orientation="h" if horizontal else "v",
                name=RESULT_NAMES[key],
                marker={"color": color},
                text=text,
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                textfont={"color": ON_BAR if key != "draws" else TEXT, "size": 11},
                customdata=[row.of(key) for row in rows],
                hovertemplate="%{customdata} "
                + RESULT_NAMES[key].lower()
                + "s (%{"
                + ("x" if horizontal else "y")
                + ":.0%})<extra></extra>",
            )
        )
    share_axis = axis(tickformat=".0%", range=[0, 1], dtick=0.25)
    category_axis = (
        axis(autorange="reversed", showgrid=False)
        if horizontal
        else axis(showgrid=False, tickangle=0)
    )
    layout = base_layout(
        barmode="stack",
        bargap=0.3,
        xaxis=share_axis if horizontal else category_axis,
        yaxis=category_axis if horizontal else share_axis,
    )
    return figure(traces, layout)


def opening_bars(openings: Sequence[RankedOpening], average_rate: float) -> Figure:
    """Win rate per opening with a 95% Wilson interval; green above the colour's average, red below.

    Names sit above their bars (so bars keep the full width on a phone), the game count beside each
    bar, and hatched bars mark samples too small to act on.
    """
    rows = [opening.counts for opening in openings]
    rates = [row.rate for row in rows]
    intervals = [wilson_interval(row.wins, row.games) for row in rows]
    small = [is_small_sample(row.games) for row in rows]
    keys = [opening.opening for opening in openings]
    bar = trace(
        "bar",
        y=keys,
        x=rates,
        orientation="h",
        width=0.4,
        marker={
            "color": [WIN if rate >= average_rate else LOSS for rate in rates],
            "opacity": [0.5 if thin else 0.9 for thin in small],
            "pattern": {
                "shape": ["/" if thin else "" for thin in small],
                "fgcolor": ON_BAR,
                "size": 6,
            },
        },
        error_x={
            "type": "data",
            "symmetric": False,
            "array": [high - rate for rate, (_, high) in zip(rates, intervals)],
            "arrayminus": [rate - low for rate, (low, _) in zip(rates, intervals)],
            "color": WHISKER,
            "thickness": 1.2,
            "width": 3,
        },
        customdata=[
            [opening.name, row.games, row.wins, row.draws, row.losses, low, high]
            for opening, row, (low, high) in zip(openings, rows, intervals)
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
            "text": _short_name(opening.name),
            "showarrow": False,
            "font": {"size": 12, "color": TEXT},
            "bgcolor": LABEL_BACKGROUND,
        }
        for key, opening in zip(keys, openings)
    ]
    counts = [
        {
            "x": high + 0.02,
            "y": key,
            "xanchor": "left",
            "text": f"{rate:.0%} · {count_of(row.games, 'game')}",
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
        xaxis=axis(range=[0, 1.42], tickvals=[0, 0.25, 0.5, 0.75, 1], tickformat=".0%"),
        yaxis=axis(
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
    return figure([bar], layout)


def _short_name(name: str, limit: int = 44) -> str:
    """An opening's name cut to fit a phone's axis; the full name is in the hover text."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def end_reason_bars(labels: Sequence[str], rows: Sequence[ResultCounts]) -> Figure:
    """How games ended: games per ending, split by result, most common first."""
    traces = [
        trace(
            "bar",
            y=list(labels),
            x=[row.of(key) for row in rows],
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
        yaxis=axis(autorange="reversed"),
        xaxis=axis(title={"text": "Games"}),
    )
    return figure(traces, layout)
