"""Sleep-and-chess figures: effects with their intervals, and points against the expectation by third."""

from __future__ import annotations

from lifemetrics.dashboards.sleep_chess.findings import MEASURE_NAMES, band_label
from lifemetrics.dashboards.sleep_chess.queries import Band, Effect
from lifemetrics.dashboards.style import Figure, axis, base_layout, figure, trace
from lifemetrics.palette import LOSS, NEUTRAL, TEXT, TIME_CLASS_COLORS, WHISKER, WIN

CLASS_ORDER = ("all", "bullet", "blitz", "rapid")
ALL_COLOR = TEXT


def _whiskers(values: list[float], lows: list[float | None], highs: list[float | None]) -> dict:
    """Asymmetric error bars from interval ends (no bar where an interval is unknown)."""
    return {
        "type": "data",
        "symmetric": False,
        "array": [
            None if high is None else round(high - value, 4) for value, high in zip(values, highs)
        ],
        "arrayminus": [
            None if low is None else round(value - low, 4) for value, low in zip(values, lows)
        ],
        "color": WHISKER,
        "thickness": 1.2,
        "width": 4,
    }


def effect_dots(effects: list[Effect]) -> Figure:
    """Each measure's effect (points per game, top third minus bottom third) per time class, 95% whiskers."""
    traces = []
    for time_class in CLASS_ORDER:
        rows = [row for row in effects if row.time_class == time_class]
        if not rows:
            continue
        values = [round(row.effect, 4) for row in rows]
        traces.append(
            trace(
                "scatter",
                x=values,
                y=[MEASURE_NAMES[row.measure] for row in rows],
                mode="markers",
                orientation="h",
                name="All classes" if time_class == "all" else time_class.capitalize(),
                marker={"color": TIME_CLASS_COLORS.get(time_class, ALL_COLOR), "size": 9},
                error_x=_whiskers(
                    values, [row.ci_low for row in rows], [row.ci_high for row in rows]
                ),
                customdata=[[row.compared_games, row.days] for row in rows],
                hovertemplate=(
                    "%{y}: %{x:+.2f} points per game (%{customdata[0]} games, %{customdata[1]} days)"
                    "<extra>" + time_class + "</extra>"
                ),
            )
        )
    layout = base_layout(
        scattermode="group",
        xaxis=axis(
            title={"text": "points per game, best − worst third"},
            zeroline=True,
            zerolinecolor=WHISKER,
            zerolinewidth=1.5,
        ),
        yaxis=axis(autorange="reversed"),
    )
    return figure(traces, layout)


def band_bars(bands: list[Band]) -> Figure:
    """Points per game beyond the rating expectation in each third of nights, one group per measure."""
    colors = {"bottom": LOSS, "middle": NEUTRAL, "top": WIN}
    traces = []
    for third in ("bottom", "middle", "top"):
        rows = [band for band in bands if band.band == third]
        values = [round(band.vs_expected, 4) for band in rows]
        traces.append(
            trace(
                "bar",
                x=[MEASURE_NAMES[band.measure] for band in rows],
                y=values,
                name=f"{third.capitalize()} third of nights",
                marker={"color": colors[third]},
                error_y=_whiskers(
                    values, [band.ci_low for band in rows], [band.ci_high for band in rows]
                ),
                customdata=[[band_label(band), band.games, band.days] for band in rows],
                hovertemplate=(
                    "%{customdata[0]}: %{y:+.2f} points per game"
                    " (%{customdata[1]} games, %{customdata[2]} days)<extra></extra>"
                ),
            )
        )
    layout = base_layout(
        barmode="group",
        bargap=0.25,
        yaxis=axis(
            title={"text": "points per game vs expected"}, zeroline=True, zerolinecolor=WHISKER
        ),
    )
    return figure(traces, layout)
