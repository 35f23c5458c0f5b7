"""The "Chess" dashboard: rating, results by colour and by month, the ranked best and worst openings
with their game counts, and what the published columns allow beyond them (families, accuracy)."""

from __future__ import annotations

import lifemetrics.superset.charts as c
from lifemetrics.superset.assets import Chart, Dashboard, Dataset, dashboard_slug
from lifemetrics.superset.filters import player_filter

RESULTS = ("wins", "draws", "losses")
COLORS = ("white", "black")


def _ranked_openings(dataset: Dataset, ranking: str, color: str) -> Chart:
    """The seed's five best or worst openings of a colour, by win ratio, with their game counts."""
    win_ratio = c.maximum("win_ratio", "Win ratio")
    return c.category_bars(
        f"{ranking.capitalize()} openings with {color}",
        dataset,
        "opening_with_games",
        [win_ratio],
        sort_by=win_ratio,
        ascending=ranking == "worst",
        horizontal=True,
        filters=[c.equals("pieces_color", color)],
        y_format=".0%",
        width=6,
    )


def _rating_charts(games: Dataset, rapid_days: Dataset | None) -> list[Chart]:
    charts = [
        c.time_series(
            "Rating over time",
            games,
            "game_date",
            "P1W",
            [c.average("my_rating", "Rating")],
            groupby=["time_class"],
            width=9,
        )
    ]
    if rapid_days is not None:
        charts.append(
            c.latest_with_trend(
                "Rapid rating now",
                rapid_days,
                "game_date",
                c.average("average_elo", "Rapid rating"),
                compare_suffix="against 30 days with rapid games earlier",
                number_format=",.0f",
            )
        )
    return charts


def _result_charts(games: Dataset) -> list[Chart]:
    return [
        c.category_bars("Results by colour", games, "my_color", list(RESULTS), stack=True),
        c.shares("How games end", games, "end_reason", "games"),
        c.time_series(
            "Games per month by result", games, "game_date", "P1M", list(RESULTS), bars=True
        ),
        c.category_bars(
            "Results by hour of day", games, "hour_of_day", list(RESULTS), stack=True, width=12
        ),
    ]


def _extra_charts(games: Dataset) -> list[Chart]:
    """Charts on columns newer than the first published tables, added once they are published."""
    charts = []
    if games.has("opening_family"):
        charts.append(
            c.table_with_totals(
                "Opening families",
                games,
                "opening_family",
                ["games", "win_rate", "score"],
                sort_by="games",
                rows=20,
                width=6,
            )
        )
    if games.has("my_accuracy"):
        charts.append(
            c.time_series(
                "Accuracy over time",
                games,
                "game_date",
                "P1M",
                [c.average("my_accuracy", "Accuracy")],
                groupby=["time_class"],
                width=6,
            )
        )
    return charts


SLEEP_EFFECT_COLUMNS = ("time_class", "measure", "compared_games", "effect", "ci_low", "ci_high")


def _sleep_effect_chart(datasets: dict[str, Dataset]) -> list[Chart]:
    """How a good night changes the next day's chess, once the effects are published."""
    effects = datasets.get("chess_health_effects")
    if effects is None or not effects.has("player", *SLEEP_EFFECT_COLUMNS):
        return []
    return [
        c.rows_table(
            "After a top-third night vs a bottom-third one: points per game beyond the ratings' "
            "expectation (95% interval)",
            effects,
            SLEEP_EFFECT_COLUMNS,
            order_by="measure",
            number_formats=dict.fromkeys(("effect", "ci_low", "ci_high"), "+.2f"),
        )
    ]


def chess_dashboard(datasets: dict[str, Dataset], player: str | None) -> Dashboard | None:
    """The Chess dashboard opening on `player`, or None when the per-game table is not published."""
    games = datasets.get("fct_chess_games")
    if games is None:
        return None
    ranked = [
        _ranked_openings(datasets[f"ranked_{ranking}_openings"], ranking, color)
        for ranking in ("best", "worst")
        if f"ranked_{ranking}_openings" in datasets
        for color in COLORS
    ]
    by_colour, endings, per_month, by_hour = _result_charts(games)
    rows = [
        _rating_charts(games, datasets.get("agg_rapid_chess_daily")),
        [by_colour, endings],
        [per_month],
        ranked[:2],
        ranked[2:],
        _extra_charts(games),
        [by_hour],
        _sleep_effect_chart(datasets),
    ]
    return Dashboard(
        "Chess",
        dashboard_slug("chess", games.database),
        tuple(tuple(row) for row in rows if row),
        (player_filter(games, player),),
    )
