"""One time class of a player's chess page: headline numbers and the charts that answer the seed's questions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from lifemetrics.dashboards import chess_charts as charts
from lifemetrics.dashboards import chess_queries as q
from lifemetrics.dashboards.page_parts import Chart, Kpi, make_chart
from lifemetrics.dashboards.queries import Row
from lifemetrics.dashboards.stats import SMALL_SAMPLE_GAMES, share, wilson_interval
from lifemetrics.dashboards.wording import count_of, percent

END_REASON_LABELS = {
    "checkmated": "Checkmate",
    "resigned": "Resignation",
    "timeout": "Time",
    "abandoned": "Abandoned",
    "agreed": "Agreed draw",
    "repetition": "Repetition",
    "stalemate": "Stalemate",
    "insufficient": "Insufficient material",
    "timevsinsufficient": "Time vs. insufficient",
    "50move": "50-move rule",
}
HOUR_BANDS = tuple(f"{start:02d}:00–{(start + 3) % 24:02d}:00" for start in range(0, 24, 3))
HOUR_TICKS = tuple(f"{start}h" for start in range(0, 24, 3))


@dataclass(frozen=True)
class TimeClassSection:
    """Everything shown under one tab of the time-class switch."""

    time_class: str
    games: int
    kpis: list[Kpi]
    charts: list[Chart]

    @property
    def label(self) -> str:
        """The tab's text."""
        return self.time_class.capitalize()


def build_section(
    summary: Row, breakdowns: dict[str, list[Row]], openings: list[Row]
) -> TimeClassSection:
    """Chart one time class of a player from its rows of `q.result_breakdowns` and `q.ranked_openings`."""
    time_class = summary["time_class"]
    key = time_class
    colors = {row["color"]: row for row in breakdowns.get("color", [])}
    endings = _merge_end_reasons(breakdowns.get("end_reason", []))
    clocks = _fill_bands(breakdowns.get("clock_band", []), "clock_band", len(q.CLOCK_BANDS))
    chart_list = [
        _period_chart(breakdowns, summary, key),
        _color_chart(colors, key),
        *_opening_charts(openings, colors, key),
        _hour_chart(breakdowns.get("band_start", []), key),
        _rating_gap_chart(breakdowns.get("gap_band", []), key),
        _ending_chart(endings, key),
        _clock_chart(clocks, key),
    ]
    kpis = [
        _color_kpi(colors),
        *_opening_kpis(openings, colors),
        _time_loss_kpi(endings),
    ]
    return TimeClassSection(
        time_class,
        summary["games"],
        [kpi for kpi in kpis if kpi],
        [chart for chart in chart_list if chart],
    )


def _period_chart(breakdowns: dict[str, list[Row]], summary: Row, key: str) -> Chart:
    """Games per week (short histories) or month, stacked by result; the title reads the last full period."""
    grain = period_grain(summary)
    rows = sorted(breakdowns["period"], key=lambda row: row["period"])
    last = rows[-1]
    if len(rows) > 1 and _period_end(last["period"], grain) > summary["last_day"]:
        last = rows[-2]
    when = last["period"].strftime("Week of %d %b %Y" if grain == "week" else "%B %Y")
    title = f"{when}: {count_of(last['games'], 'game')}, {percent(share(last['wins'], last['games']))} won"
    subtitle = f"Games per {grain}: wins, draws and losses"
    return make_chart(
        f"{key}-periods", title, subtitle, charts.result_counts_over_time(rows, grain), wide=True
    )


def period_grain(summary: Row) -> str:
    """Weeks for a time class played over six months or less, months for longer ones."""
    return "week" if (summary["last_day"] - summary["first_day"]).days <= 180 else "month"


def _period_end(start: date, grain: str) -> date:
    """The last day of the week or month starting on `start`."""
    if grain == "week":
        return start + timedelta(days=6)
    next_month = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return next_month - timedelta(days=1)


def _color_chart(colors: dict[str, Row], key: str) -> Chart | None:
    """Results with white and with black side by side."""
    rows = [colors[color] for color in ("white", "black") if color in colors]
    if not rows:
        return None
    title = _color_finding(colors) or "Results by colour"
    labels = [row["color"].capitalize() for row in rows]
    return make_chart(
        f"{key}-colors",
        title,
        "Share of wins, draws and losses per colour",
        charts.result_shares(labels, rows, horizontal=True),
        wide=True,
        height=170,
    )


def _color_finding(colors: dict[str, Row]) -> str | None:
    """'You win 51% with white and 44% with black', or None without games of both colours."""
    if "white" not in colors or "black" not in colors:
        return None
    white = share(colors["white"]["wins"], colors["white"]["games"])
    black = share(colors["black"]["wins"], colors["black"]["games"])
    better = "white" if white >= black else "black"
    return f"Better with {better}: you win {percent(white)} with white, {percent(black)} with black"


def _color_kpi(colors: dict[str, Row]) -> Kpi | None:
    """Headline: which colour scores better."""
    if "white" not in colors or "black" not in colors:
        return None
    white = share(colors["white"]["wins"], colors["white"]["games"]) or 0
    black = share(colors["black"]["wins"], colors["black"]["games"]) or 0
    better = "White" if white >= black else "Black"
    detail = f"{percent(white)} wins with white · {percent(black)} with black"
    return Kpi("Better with", better, detail, "neutral")


def _opening_charts(openings: list[Row], colors: dict[str, Row], key: str) -> list[Chart]:
    """Best and worst openings with each colour, with a Wilson interval on each win rate."""
    result = []
    for color in ("white", "black"):
        rows = _distinct_openings([row for row in openings if row["pieces_color"] == color])
        if not rows or color not in colors:
            continue
        average = _rate(colors[color])
        advice = [
            f"{verb} the {_name(row)}"
            for verb, row in zip(("keep", "study"), _keep_and_study(openings, color, average))
            if row
        ]
        title = f"With {color}: {', '.join(advice)}" if advice else f"Openings with {color}"
        subtitle = (
            f"Win rate of your best and worst openings with {color}; whiskers: 95% interval; "
            f"hatched: under {SMALL_SAMPLE_GAMES} games; dotted: your average ({average:.0%})"
        )
        figure = charts.opening_bars(rows, average)
        result.append(
            make_chart(
                f"{key}-openings-{color}", title, subtitle, figure, height=50 + 44 * len(rows)
            )
        )
    return result


def _distinct_openings(rows: list[Row]) -> list[Row]:
    """Best and worst lists merged (they overlap when few openings qualify), highest win rate first."""
    unique = {row["opening"]: row for row in rows}
    return sorted(unique.values(), key=lambda row: (-row["wins"] / row["games"], -row["games"]))


def _keep_and_study(
    openings: list[Row], color: str, average: float
) -> tuple[Row | None, Row | None]:
    """The opening to keep and the one to study with a colour, judged against the colour's average.

    Keep: of the best list scoring above the average, the highest Wilson lower bound (a good rate
    over many games beats a perfect one over two). Study: of the worst list scoring below the
    average, the lowest Wilson upper bound.
    """
    best = [row for row in _of(openings, color, "best") if _rate(row) > average]
    worst = [row for row in _of(openings, color, "worst") if _rate(row) < average]
    keep = max(best, key=lambda row: wilson_interval(row["wins"], row["games"])[0], default=None)
    study = min(worst, key=lambda row: wilson_interval(row["wins"], row["games"])[1], default=None)
    return keep, study


def _of(openings: list[Row], color: str, ranking: str) -> list[Row]:
    """The rows of one colour's best or worst list."""
    return [row for row in openings if row["pieces_color"] == color and row["list"] == ranking]


def _rate(row: Row) -> float:
    """Win rate of an opening, band or colour row."""
    return row["wins"] / row["games"]


def _name(row: Row | None) -> str:
    """A readable opening name."""
    return row["opening"].replace("-", " ") if row else ""


def _opening_kpis(openings: list[Row], colors: dict[str, Row]) -> list[Kpi]:
    """Headlines: the opening to keep with each colour, and the one to study."""
    kpis = []
    studies = []
    for color in ("white", "black"):
        if color not in colors:
            continue
        keep, study = _keep_and_study(openings, color, _rate(colors[color]))
        if keep:
            kpis.append(Kpi(f"Best opening with {color}", _name(keep), _rate_detail(keep), "good"))
        if study:
            studies.append((wilson_interval(study["wins"], study["games"])[1], color, study))
    if studies:
        _, color, study = min(studies, key=lambda item: item[0])
        kpis.append(
            Kpi("Opening to study", _name(study), f"as {color}: {_rate_detail(study)}", "bad")
        )
    return kpis


def _rate_detail(row: Row) -> str:
    """'62% won over 40 games'."""
    return f"{_rate(row):.0%} won over {count_of(row['games'], 'game')}"


def _fill_bands(
    rows: list[Row], band_key: str, count: int, start: int = 0, step: int = 1
) -> list[Row]:
    """Every band in order, empty ones as zero games, so the axis never skips a band."""
    by_band = {row[band_key]: row for row in rows}
    empty = {"wins": 0, "draws": 0, "losses": 0, "games": 0}
    return [
        by_band.get(start + index * step, {band_key: start + index * step, **empty})
        for index in range(count)
    ]


def _best_band(labels: tuple[str, ...], rows: list[Row]) -> tuple[str, Row] | None:
    """The band with the highest win rate among bands with enough games."""
    candidates = [
        (label, row) for label, row in zip(labels, rows) if row["games"] >= SMALL_SAMPLE_GAMES
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda item: item[1]["wins"] / item[1]["games"])


def _hour_chart(rows: list[Row], key: str) -> Chart:
    """Results per three hours of the (local) time of day."""
    bands = _fill_bands(rows, "band_start", 8, step=3)
    best = _best_band(HOUR_BANDS, bands)
    title = (
        f"You win most between {best[0].replace('–', ' and ')} ({_rate_detail(best[1])})"
        if best
        else "Results by time of day"
    )
    return make_chart(
        f"{key}-hours",
        title,
        "Share of wins, draws and losses per 3 hours of the local time the game ended (games under each)",
        charts.result_shares(HOUR_TICKS, bands, horizontal=False),
    )


def _rating_gap_chart(rows: list[Row], key: str) -> Chart:
    """Results against weaker, similar and stronger opponents."""
    bands = _fill_bands(rows, "gap_band", len(q.RATING_GAP_BANDS))
    parts = [
        f"{percent(share(group['wins'], group['games']))} against {name} opponents"
        for name, group in (("weaker", _sum_rows(bands[:2])), ("stronger", _sum_rows(bands[3:])))
        if group["games"]
    ]
    title = (
        f"You win {' and '.join(parts)}" if parts else "Results against opponents of your strength"
    )
    return make_chart(
        f"{key}-rating-gap",
        title,
        "Opponent's rating minus yours before the game (games under each band)",
        charts.result_shares(q.RATING_GAP_BANDS, bands, horizontal=False),
    )


def _sum_rows(rows: list[Row]) -> dict[str, int]:
    """Wins, draws, losses and games added up over several rows."""
    return {name: sum(row[name] for row in rows) for name in ("wins", "draws", "losses", "games")}


def _merge_end_reasons(rows: list[Row]) -> list[dict[str, Any]]:
    """Result codes grouped under readable endings ('Other' for the rare variant codes), most common first."""
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        label = END_REASON_LABELS.get(row["end_reason"], "Other")
        entry = merged.setdefault(
            label, {"label": label, "wins": 0, "draws": 0, "losses": 0, "games": 0}
        )
        for name in ("wins", "draws", "losses", "games"):
            entry[name] += row[name]
    return sorted(merged.values(), key=lambda entry: -entry["games"])


def _ending_chart(endings: list[dict[str, Any]], key: str) -> Chart | None:
    """How games end, split by result."""
    if not endings:
        return None
    losses = sum(entry["losses"] for entry in endings)
    top_loss = max(endings, key=lambda entry: entry["losses"])
    title = (
        f"Most losses end by {top_loss['label'].lower()} ({percent(share(top_loss['losses'], losses))} of losses)"
        if losses
        else "No losses yet"
    )
    return make_chart(
        f"{key}-endings",
        title,
        "Games per ending, by result",
        charts.end_reason_bars([entry["label"] for entry in endings], endings),
        height=60 + 28 * len(endings),
    )


def _time_loss_kpi(endings: list[dict[str, Any]]) -> Kpi | None:
    """Headline: how many losses come from the clock."""
    losses = sum(entry["losses"] for entry in endings)
    if not losses:
        return None
    on_time = sum(entry["losses"] for entry in endings if entry["label"] == "Time")
    rate = on_time / losses
    return Kpi(
        "Losses on time",
        percent(rate),
        f"{on_time} of {count_of(losses, 'loss')}",
        "bad" if rate >= 0.2 else "neutral",
    )


def _clock_chart(bands: list[Row], key: str) -> Chart | None:
    """Results by how much of the clock was left at the end: time trouble made visible."""
    if not any(row["games"] for row in bands):
        return None
    short, rest = _sum_rows(bands[:2]), _sum_rows(bands[2:])
    if short["games"] and rest["games"]:
        title = (
            f"With under 10% of your clock left you win {percent(share(short['wins'], short['games']))}"
            f" (otherwise {percent(share(rest['wins'], rest['games']))})"
        )
    else:
        title = "Clock left at the end of your games"
    return make_chart(
        f"{key}-clock",
        title,
        "Your clock left at the end, as a share of the starting time (games under each band)",
        charts.result_shares(q.CLOCK_BANDS, bands, horizontal=False),
    )
