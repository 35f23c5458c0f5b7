"""Opening names, accuracies and opening statistics in the published tables, on the real fixture months."""

from __future__ import annotations

import math
from statistics import NormalDist

import pytest
from models_support import BuiltHome, built_home, fixture_months, query  # noqa: F401
from opening_oracle import oracle_opening

Z_95 = NormalDist().inv_cdf(0.975)


def fixture_games_by_uuid() -> dict[str, dict]:
    return {game["uuid"]: game for games in fixture_months().values() for game in games}


def test_every_standard_game_has_the_lichess_names_python_chess_finds(
    built_home: BuiltHome,
) -> None:
    games = fixture_games_by_uuid()
    rows = query(
        built_home.home / "analytics.duckdb",
        "SELECT uuid, is_standard, opening_name, opening_family, opening_eco FROM fct_chess_games",
    )
    assert len(rows) == len(games)
    standard = [row for row in rows if row[1]]
    assert len(standard) > 600
    wrong = [
        (uuid, (name, family, eco), oracle_opening(games[uuid]["pgn"]))
        for uuid, _, name, family, eco in standard
        if (name, family, eco) != oracle_opening(games[uuid]["pgn"])
    ]
    assert not wrong, wrong[:5]
    assert all(row[2:] == (None, None, None) for row in rows if not row[1])


def test_chess_com_accuracies_of_every_game(built_home: BuiltHome) -> None:
    games = fixture_games_by_uuid()
    rows = query(
        built_home.home / "analytics.duckdb",
        "SELECT uuid, my_color, my_accuracy, opponent_accuracy FROM fct_chess_games",
    )
    with_accuracies = 0
    for uuid, color, mine, theirs in rows:
        accuracies = games[uuid].get("accuracies") or {}
        other = "black" if color == "white" else "white"
        assert (mine, theirs) == (accuracies.get(color), accuracies.get(other)), uuid
        with_accuracies += mine is not None
    assert with_accuracies > 400


def test_expected_score_follows_the_elo_formula(built_home: BuiltHome) -> None:
    rows = query(
        built_home.home / "analytics.duckdb",
        "SELECT my_rating, coalesce(my_pre_game_rating, my_rating), opponent_rating, my_expected_score,"
        " my_score, my_result FROM fct_chess_games",
    )
    for after, before, opponent_after, expected, score, result in rows:
        opponent_before = opponent_after + (after - before)
        assert expected == pytest.approx(1 / (1 + 10 ** ((opponent_before - before) / 400)))
        assert score == {"win": 1.0, "draw": 0.5, "loss": 0.0}[result]


def test_monthly_opening_sums_add_up_to_the_games(built_home: BuiltHome) -> None:
    path = built_home.home / "analytics.duckdb"
    per_month = query(
        path,
        "SELECT time_class, my_color, opening_family, sum(total_games), sum(points),"
        " sum(expected_points) FROM agg_chess_openings_monthly GROUP BY ALL ORDER BY ALL",
    )
    per_game = query(
        path,
        "SELECT time_class, my_color, opening_family, count(*), sum(my_score), sum(my_expected_score)"
        " FROM fct_chess_games WHERE is_standard AND opening_family IS NOT NULL"
        " GROUP BY ALL ORDER BY ALL",
    )
    assert [row[:4] for row in per_month] == [row[:4] for row in per_game]
    for month_row, game_row in zip(per_month, per_game):
        assert month_row[4:] == pytest.approx(game_row[4:])


def test_family_verdicts_only_where_the_adjusted_interval_excludes_zero(
    built_home: BuiltHome,
) -> None:
    rows = query(
        built_home.home / "analytics.duckdb",
        "SELECT total_games, score_difference, difference_low, difference_high, families_compared,"
        " is_compared, adjusted_difference_low, adjusted_difference_high, verdict, opening_names"
        " FROM ranked_opening_families",
    )
    assert rows
    for (
        games,
        difference,
        low,
        high,
        compared,
        is_compared,
        adj_low,
        adj_high,
        verdict,
        names,
    ) in rows:
        assert low < difference < high and is_compared == (games >= 10)
        assert sum(name["total_games"] for name in names) == games
        if not is_compared:
            assert verdict is None and adj_low is None
            continue
        z = NormalDist().inv_cdf(1 - 0.025 / compared)
        half = (difference - low) / Z_95
        assert adj_low == pytest.approx(difference - z * half, abs=1e-3 * max(half, 1e-9) + 1e-9)
        expected = "keep" if adj_low > 0 else "study" if adj_high < 0 else None
        assert verdict == expected
        assert math.isfinite(adj_high)


def test_families_are_far_fewer_than_chess_com_slugs(built_home: BuiltHome) -> None:
    rows = query(
        built_home.home / "analytics.duckdb",
        "SELECT time_class, count(*), count(DISTINCT opening), count(DISTINCT opening_name),"
        " count(DISTINCT opening_family) FROM fct_chess_games WHERE is_standard"
        " GROUP BY time_class ORDER BY time_class",
    )
    print("\n(time class, games, slugs, names, families):", rows)
    for _, games, slugs, names, families in rows:
        assert families <= names <= games
        assert games < 20 or families < slugs
