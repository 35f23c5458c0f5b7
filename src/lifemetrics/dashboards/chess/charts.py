"""Chess figures: ratings, results over time and by category, opening families against the
ratings' expectation with intervals, accuracies, endings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from lifemetrics.dashboards.chess.records import AccuracyPoint, Group, OpeningFamily, ResultCounts
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
    plotly_text,
    trace,
)
from lifemetrics.dashboards.wording import count_of
from lifemetrics.palette import (
    LABEL_BACKGROUND,
    LOSS,
    ME,
    MUTED,
    NEUTRAL,
    ON_BAR,
    OPPONENTS,
    TEXT,
    TIME_CLASS_COLORS,
    WHISKER,
    WIN,
)

SPARSE_POINTS = 60
# Points are a day or a week apart: a longer silence is a break in the line, not a straight rating.
RATING_GAP_DAYS = 31


def broken_at_gaps(points: Sequence[tuple[date, int]]) -> dict[str, list[Any]]:
    """A line's x (dates) and y (ratings) with a null between two points more than RATING_GAP_DAYS
    apart, so the line stops where no game was played instead of joining years apart."""
    days: list[str] = []
    ratings: list[int | None] = []
    for index, (day, rating) in enumerate(points):
        previous = points[index - 1][0] if index else day
        if (day - previous).days > RATING_GAP_DAYS:
            days.append((previous + (day - previous) / 2).isoformat())
            ratings.append(None)
        days.append(day.isoformat())
        ratings.append(rating)
    return {"x": days, "y": ratings}


def rating_lines(history: dict[str, list[tuple[date, int]]], first: date, last: date) -> Figure:
    """Rating at the end of each day played, one line per time class, broken where none was."""
    traces = [
        trace(
            "scatter",
            **broken_at_gaps(points),
            name=plotly_text(time_class.capitalize()),
            mode="lines" if len(points) > SPARSE_POINTS else "lines+markers",
            marker={"size": 4},
            line={"color": TIME_CLASS_COLORS.get(time_class, MUTED), "width": 2},
            hovertemplate="%{y} on %{x|%d %b %Y}<extra>" + plotly_text(time_class) + "</extra>",
        )
        for time_class, points in history.items()
    ]
    layout = base_layout(xaxis=date_axis(first, last, "1y"), yaxis={"title": {"text": "Rating"}})
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
        f"{plotly_text(label)}<br><span style='font-size:10px;color:{MUTED}'>"
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


def family_bars(families: Sequence[OpeningFamily]) -> Figure:
    """Score minus the ratings' expected score per opening family, in percentage points.

    Whiskers are the interval the verdict uses (widened for the families compared; plain 95%
    for families with too few games to compare, which are hatched). Green: keep, red: study,
    grey: no clear difference. Names sit above their bars, score and games beside them.
    """
    keys = [plotly_text(family.family) for family in families]
    values = [100 * family.difference.value for family in families]
    intervals = [family.adjusted or family.difference for family in families]
    lows = [100 * interval.low for interval in intervals]
    highs = [100 * interval.high for interval in intervals]
    colors = [
        WIN if family.verdict == "keep" else LOSS if family.verdict == "study" else NEUTRAL
        for family in families
    ]
    thin = [not family.compared for family in families]
    bar = trace(
        "bar",
        y=keys,
        x=values,
        orientation="h",
        width=0.4,
        marker={
            "color": colors,
            "opacity": [0.5 if hatched else 0.9 for hatched in thin],
            "pattern": {
                "shape": ["/" if hatched else "" for hatched in thin],
                "fgcolor": ON_BAR,
                "size": 6,
            },
        },
        error_x={
            "type": "data",
            "symmetric": False,
            "array": [high - value for value, high in zip(values, highs)],
            "arrayminus": [value - low for value, low in zip(values, lows)],
            "color": WHISKER,
            "thickness": 1.2,
            "width": 3,
        },
        customdata=[
            [
                plotly_text(family.family),
                family.counts.games,
                family.counts.wins,
                family.counts.draws,
                family.counts.losses,
                family.counts.score,
                family.counts.expected_score,
                low,
                high,
            ]
            for family, low, high in zip(families, lows, highs)
        ],
        hovertemplate=(
            "<b>%{customdata[0]}</b><br>score %{customdata[5]:.0%} against %{customdata[6]:.0%}"
            " expected over %{customdata[1]} games"
            " (%{customdata[2]} W · %{customdata[3]} D · %{customdata[4]} L)"
            "<br>interval %{customdata[7]:+.0f} to %{customdata[8]:+.0f} points<extra></extra>"
        ),
        showlegend=False,
    )
    reach = max([abs(value) for value in lows + highs] + [10])
    names = [
        {
            "x": -reach,
            "y": key,
            "yshift": 16,
            "xanchor": "left",
            "text": plotly_text(_short_name(family.family)),
            "showarrow": False,
            "font": {"size": 12, "color": TEXT},
            "bgcolor": LABEL_BACKGROUND,
        }
        for key, family in zip(keys, families)
    ]
    counts = [
        {
            "x": reach,
            "y": key,
            "yshift": 16,
            "xanchor": "right",
            "text": f"{family.counts.score:.0%} · {count_of(family.counts.games, 'game')}",
            "showarrow": False,
            "font": {"size": 11, "color": MUTED},
        }
        for key, family in zip(keys, families)
    ]
    zero = {
        "type": "line",
        "x0": 0,
        "x1": 0,
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "line": {"color": TEXT, "width": 1, "dash": "dot"},
    }
    layout = base_layout(
        xaxis=axis(range=[-reach * 1.05, reach * 1.05], ticksuffix=" pts", zeroline=False),
        yaxis=axis(
            autorange="reversed",
            categoryorder="array",
            categoryarray=keys,
            showticklabels=False,
            showgrid=False,
        ),
        annotations=names + counts,
        shapes=[zero],
        showlegend=False,
        margin={"l": 6, "t": 18},
    )
    return figure([bar], layout)


def accuracy_lines(points: Sequence[AccuracyPoint]) -> Figure:
    """chess.com's mean accuracy per month: the player's moves and the opponents'."""
    days = iso_dates([point.key for point in points])
    traces = [
        trace(
            "scatter",
            x=days,
            y=[round(getattr(point, side), 1) for point in points],
            name=name,
            mode="lines+markers",
            marker={"size": 5},
            line={"color": color, "width": 2},
            customdata=[point.games for point in points],
            hovertemplate="%{y:.1f} over %{customdata} games<extra>" + name + " %{x|%b %Y}</extra>",
        )
        for side, name, color in (("mine", "You", ME), ("opponents", "Opponents", OPPONENTS))
    ]
    layout = base_layout(
        xaxis=axis(type="date", tickformat="%b %Y"), yaxis={"title": {"text": "Accuracy"}}
    )
    return figure(traces, layout)


def accuracy_bars(labels: Sequence[str], points: Sequence[AccuracyPoint]) -> Figure:
    """Mean accuracy per group (opening family, clock band): the player's and the opponents'."""
    categories = [
        f"{plotly_text(_short_name(label, 28))}<br>"
        f"<span style='font-size:10px;color:{MUTED}'>{point.games}</span>"
        for label, point in zip(labels, points)
    ]
    traces = [
        trace(
            "bar",
            y=categories,
            x=[round(getattr(point, side), 1) for point in points],
            orientation="h",
            name=name,
            marker={"color": color},
            hovertemplate="%{x:.1f}<extra>" + name + "</extra>",
        )
        for side, name, color in (("mine", "You", ME), ("opponents", "Opponents", OPPONENTS))
    ]
    layout = base_layout(
        barmode="group",
        bargap=0.25,
        xaxis=axis(range=[0, 100], title={"text": "Accuracy"}),
        yaxis=axis(autorange="reversed", showgrid=False),
    )
    return figure(traces, layout)


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
