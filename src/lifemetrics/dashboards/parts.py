"""The pieces a page is made of: headline numbers (KPI cards), charts and empty states."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lifemetrics.dashboards.style import Figure, LegendKey, figure_json, legend_keys

Tone = Literal["good", "bad", "neutral"]


@dataclass(frozen=True)
class Kpi:
    """A headline number: what it is, its value, one line of context, and whether that is good news."""

    label: str
    value: str
    detail: str = ""
    tone: Tone = "neutral"


@dataclass(frozen=True)
class Chart:
    """A chart card: a title that states the finding, a line saying what is drawn, the figure JSON."""

    key: str
    title: str
    subtitle: str
    figure: str
    wide: bool = False
    height: int = 300
    legend: tuple[LegendKey, ...] = ()


@dataclass(frozen=True)
class EmptyState:
    """What to show instead of charts when a source has no data: what is missing and what to run."""

    title: str
    steps: tuple[str, ...]


def make_chart(
    key: str,
    title: str,
    subtitle: str,
    figure: Figure,
    *,
    wide: bool = False,
    height: int = 300,
    html_legend: bool = False,
) -> Chart:
    """A chart card from a figure; `html_legend` moves the legend into the card's HTML."""
    legend: tuple[LegendKey, ...] = ()
    if html_legend:
        legend = tuple(legend_keys(figure))
        figure["layout"]["showlegend"] = False
    return Chart(key, title, subtitle, figure_json(figure), wide, height, legend)


def tone_of(delta: float | None, *, dead_band: float, higher_is_better: bool = True) -> Tone:
    """Good or bad news for a change, neutral when it is too small to matter."""
    if delta is None or abs(delta) < dead_band:
        return "neutral"
    return "good" if (delta > 0) == higher_is_better else "bad"
