"""What drives the scores (`health_score_drivers`): per score, the score points each contributor would
add if it moved from the wearer's typical level to their own good one, with 95% intervals, and the one
to work on (the largest gain whose interval excludes zero)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from lifemetrics.dashboards.parts import Chart, Kpi, make_chart
from lifemetrics.dashboards.published import fetch_rows, published_columns
from lifemetrics.dashboards.style import Figure, axis, base_layout, figure, trace
from lifemetrics.oura_contributors import READINESS_CONTRIBUTORS, SLEEP_CONTRIBUTORS
from lifemetrics.palette import NEUTRAL, WEAKEST, WHISKER

CONTRIBUTOR_NAMES = {
    **SLEEP_CONTRIBUTORS,
    **READINESS_CONTRIBUTORS,
    "previous_night": "Previous night",
    "previous_day_activity": "Previous day's activity",
}
SCORE_NAMES = {"sleep_score": "sleep", "readiness_score": "readiness"}


@dataclass(frozen=True)
class Driver:
    """One contributor of one score, as `health_score_drivers` publishes it."""

    score: str
    input: str
    days: int
    effect: float
    ci_low: float
    ci_high: float
    typical_value: float
    good_value: float
    gain: float
    gain_ci_low: float
    gain_ci_high: float
    work_on: bool


def score_drivers(con: duckdb.DuckDBPyConnection) -> dict[str, list[Driver]]:
    """The published drivers by score, largest gain first; none where the table is not published (a
    dbt Python model: the Trino engine does not build it)."""
    if not published_columns(con, "health_score_drivers"):
        return {}
    rows = fetch_rows(
        con,
        """select score, input, days, effect, ci_low, ci_high, typical_value, good_value, gain,
                  gain_ci_low, gain_ci_high, work_on
           from health_score_drivers order by score, gain_rank""",
    )
    drivers: dict[str, list[Driver]] = {}
    for row in rows:
        drivers.setdefault(row["score"], []).append(Driver(**row))
    return drivers


def focus_sentence(score: str, drivers: list[Driver]) -> str:
    """'Work on total sleep: from your typical 78 to your good 95 adds about 6 sleep points (95%: 5–7)'."""
    name = SCORE_NAMES[score]
    focus = next((driver for driver in drivers if driver.work_on), None)
    if focus is None:
        return f"No contributor clearly moves your {name} score ({drivers[0].days} days)"
    return (
        f"Work on {CONTRIBUTOR_NAMES[focus.input].lower()}: from your typical {focus.typical_value:.0f}"
        f" to your good {focus.good_value:.0f} adds about {focus.gain:.1f} {name} points"
        f" (95%: {focus.gain_ci_low:.1f}–{focus.gain_ci_high:.1f})"
    )


def driver_kpi(score: str, drivers: list[Driver]) -> Kpi | None:
    """Headline: the contributor to work on for a score, and what it would add."""
    focus = next((driver for driver in drivers if driver.work_on), None)
    if focus is None:
        return None
    label = f"To raise your {SCORE_NAMES[score]} score"
    detail = f"{focus.typical_value:.0f} → {focus.good_value:.0f}: about +{focus.gain:.1f} points"
    return Kpi(label, CONTRIBUTOR_NAMES[focus.input], detail, "neutral")


def driver_chart(score: str, drivers: list[Driver]) -> Chart:
    """The gains of one score's contributors with their intervals, the one to work on highlighted."""
    subtitle = (
        f"Score points from moving each contributor from your typical (median) to your good (90th"
        f" percentile) level, others held equal: a model of your {SCORE_NAMES[score]} score on"
        f" {drivers[0].days} days, 95% intervals"
    )
    return make_chart(
        f"{SCORE_NAMES[score]}-drivers",
        focus_sentence(score, drivers),
        subtitle,
        gain_bars(drivers),
        height=60 + 30 * len(drivers),
    )


def gain_bars(drivers: list[Driver]) -> Figure:
    """Horizontal bars of each contributor's gain, largest first, with 95% whiskers."""
    labels = [CONTRIBUTOR_NAMES[driver.input] for driver in drivers]
    bars = trace(
        "bar",
        y=labels,
        x=[round(driver.gain, 2) for driver in drivers],
        orientation="h",
        marker={"color": [WEAKEST if driver.work_on else NEUTRAL for driver in drivers]},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": [round(driver.gain_ci_high - driver.gain, 2) for driver in drivers],
            "arrayminus": [round(driver.gain - driver.gain_ci_low, 2) for driver in drivers],
            "color": WHISKER,
            "thickness": 1.2,
            "width": 3,
        },
        customdata=[
            [driver.typical_value, driver.good_value, driver.effect, driver.ci_low, driver.ci_high]
            for driver in drivers
        ],
        hovertemplate=(
            "%{y}: +%{x:.1f} points from %{customdata[0]:.0f} to %{customdata[1]:.0f}"
            "<br>%{customdata[2]:.2f} points per contributor point"
            " (95%: %{customdata[3]:.2f} to %{customdata[4]:.2f})<extra></extra>"
        ),
    )
    layout = base_layout(
        showlegend=False,
        xaxis=axis(title={"text": "score points"}, zeroline=True, zerolinecolor=WHISKER),
        yaxis=axis(autorange="reversed"),
        bargap=0.3,
    )
    return figure([bars], layout)
