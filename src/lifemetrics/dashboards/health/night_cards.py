"""Chart cards of the night and day measures, each titled with what it shows against the person's own
history (the last 7 days with data against all of them)."""

from __future__ import annotations

from statistics import fmean, median

from lifemetrics.dashboards.health import night_charts as charts
from lifemetrics.dashboards.health.nights import SPREAD_NIGHTS, NightSeries
from lifemetrics.dashboards.parts import Chart, make_chart
from lifemetrics.palette import HRV, SPO2

RECENT_DAYS = 7


def recent_and_overall(values: list[float | None]) -> tuple[float | None, float | None]:
    """The mean of the last 7 calendar days' values and of all values (None where there are none)."""
    recent = [value for value in values[-RECENT_DAYS:] if value is not None]
    known = [value for value in values if value is not None]
    return (fmean(recent) if recent else None, fmean(known) if known else None)


def versus(recent: float | None, overall: float, unit: str, digits: int = 0) -> str:
    """'7.1 h over the last 7 days, 0.3 h below your average 7.4 h'."""
    if recent is None:
        return f"no data in the last 7 days (your average {overall:.{digits}f}{unit})"
    delta = round(recent, digits) - round(overall, digits)
    if abs(delta) < 10**-digits / 2:
        return f"{recent:.{digits}f}{unit} over the last 7 days, level with your average"
    direction = "above" if delta > 0 else "below"
    return (
        f"{recent:.{digits}f}{unit} over the last 7 days, {abs(delta):.{digits}f}{unit} {direction}"
        f" your average {overall:.{digits}f}{unit}"
    )


def night_charts(nights: NightSeries) -> list[Chart]:
    """Every night and day chart that has data."""
    cards = [
        _stages_chart(nights),
        _bedtime_chart(nights),
        _measure_chart(nights, "hrv", "HRV", nights.average_hrv, nights.average_hrv_7d, HRV, " ms"),
        _temperature_chart(nights),
        _steps_chart(nights),
        _measure_chart(nights, "spo2", "Blood oxygen", nights.spo2_average, None, SPO2, " %", 1),
    ]
    return [card for card in cards if card]


def _stages_chart(nights: NightSeries) -> Chart | None:
    recent, overall = recent_and_overall(nights.total_sleep_hours)
    if overall is None:
        return None
    figure = charts.sleep_stages(
        nights.day,
        nights.deep_sleep_hours,
        nights.rem_sleep_hours,
        nights.light_sleep_hours,
        overall,
    )
    subtitle = (
        "Hours of deep, REM and light sleep in each night's main sleep; dotted: your average night"
    )
    title = "Sleep: " + versus(recent, overall, " h", 1)
    return make_chart("sleep-stages", title, subtitle, figure, wide=True, html_legend=True)


def _bedtime_chart(nights: NightSeries) -> Chart | None:
    spreads = [value for value in nights.bedtime_spread_minutes if value is not None]
    if not spreads:
        return None
    latest = next(value for value in reversed(nights.bedtime_spread_minutes) if value is not None)
    title = (
        f"Bedtime spread over {SPREAD_NIGHTS} nights: ±{latest:.0f} min"
        f" (usually ±{median(spreads):.0f} min)"
    )
    subtitle = (
        f"When each night's main sleep began; line: standard deviation of the last {SPREAD_NIGHTS}"
        " nights' bedtimes (right axis, shown when 7 or more of them are known)"
    )
    figure = charts.bedtimes(nights.day, nights.bedtime_hours, nights.bedtime_spread_minutes)
    return make_chart("bedtime", title, subtitle, figure, wide=True, html_legend=True)


def _measure_chart(
    nights: NightSeries,
    key: str,
    name: str,
    values: list[float | None],
    weekly: list[float | None] | None,
    color: str,
    unit: str,
    digits: int = 0,
) -> Chart | None:
    recent, overall = recent_and_overall(values)
    if overall is None:
        return None
    figure = charts.measure_lines(nights.day, values, weekly, name, color, unit, digits)
    subtitle = f"{name} of each night's main sleep{', and its 7-day average' if weekly else ''}; gaps are nights without data"
    title = f"{name}: " + versus(recent, overall, unit, digits)
    return make_chart(key, title, subtitle, figure, html_legend=weekly is not None)


def _temperature_chart(nights: NightSeries) -> Chart | None:
    known = [value for value in nights.temperature_deviation if value is not None]
    if not known:
        return None
    latest = next(value for value in reversed(nights.temperature_deviation) if value is not None)
    within = sum(abs(value) <= 0.5 for value in known) / len(known)
    title = f"Temperature: {latest:+.2f} °C on the last night measured; within ±0.5 °C on {within:.0%} of nights"
    subtitle = (
        "Skin temperature's deviation from your baseline each night (Oura's readiness document)"
    )
    figure = charts.temperature_bars(nights.day, nights.temperature_deviation)
    return make_chart("temperature", title, subtitle, figure)


def _steps_chart(nights: NightSeries) -> Chart | None:
    recent, overall = recent_and_overall(nights.steps)
    if overall is None:
        return None
    title = "Steps: " + versus(recent, overall, "", 0).replace(" over", " a day over", 1)
    subtitle = "Steps per day and their 7-day average; gaps are days without data"
    figure = charts.steps_bars(nights.day, nights.steps, nights.steps_7d)
    return make_chart("steps", title, subtitle, figure, html_legend=True)
