"""Sleep and chess on generated histories, through the real ingestion, dbt build and publish: players
whose results depend on the ratings only get intervals that cover zero; players who score a known amount
more after good nights get that amount back, within the interval.

Sizes: one ring wearer of 240 nights and twelve independent players of each kind (about 400 rated games
each, ~130 in each third); the planted effect, 0.4 points per game, is about six standard errors, so an
interval that misses zero fails with odds of about 1e-5 per player. A 95% interval still misses the truth
one time in twenty, so the tests count: at most 3 of 12 intervals may miss (binomial odds of 4 or more
misses at 5% each: 0.2%). Every generator is seeded: the same data on every run."""

from __future__ import annotations

from datetime import date, timedelta
from statistics import fmean

import pytest
from models_support import ZONE, query, standins

from lifemetrics.synthetic.chess.nights import games_after_nights
from lifemetrics.synthetic.health import generate_person
from lifemetrics.warehouse.build import build_and_publish

PLANTED = 0.4
PLAYERS = 12
INDEPENDENT = [f"independent_{number:02d}" for number in range(PLAYERS)]
PLANTED_PLAYERS = [f"planted_{number:02d}" for number in range(PLAYERS)]
ALLOWED_MISSES = 3
MEASURES = ["sleep_score", "readiness_score", "total_sleep_seconds", "average_hrv"]


@pytest.fixture(scope="module")
def effects(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], tuple]:
    """chess_health_effects as published: {(player, time_class, measure): (games, effect, ci_low, ci_high)}."""
    last = date.today() - timedelta(days=2)
    person = generate_person((last - timedelta(days=239), last), seed=4, timezone=ZONE)
    nights = {
        date.fromisoformat(document["day"]): document["score"]
        for document in person.documents("daily_sleep")
        if document["score"] is not None
    }
    players = {
        name: games_after_nights(
            name, nights, PLANTED if name in PLANTED_PLAYERS else 0.0, seed, ZONE
        )
        for seed, name in enumerate(INDEPENDENT + PLANTED_PLAYERS)
    }
    home = tmp_path_factory.mktemp("chess_health") / "home"
    with standins(players, person, home=home) as loaded:
        loaded.ingest_chess()
        loaded.ingest_oura()
        build_and_publish(loaded.settings)
        rows = query(
            loaded.settings.analytics_path,
            "SELECT player, time_class, measure, games, effect, ci_low, ci_high FROM chess_health_effects",
        )
    return {(player, time_class, measure): rest for player, time_class, measure, *rest in rows}


def misses(
    effects: dict, players: list[str], truth: float, time_class: str, measure: str
) -> list[str]:
    """The players whose interval of (time_class, measure) does not hold `truth`."""
    return [
        player
        for player in players
        if not effects[(player, time_class, measure)][2]
        <= truth
        <= effects[(player, time_class, measure)][3]
    ]


def test_results_independent_of_sleep_give_intervals_that_cover_zero(effects: dict) -> None:
    for time_class in ("all", "blitz", "rapid"):
        for measure in MEASURES:
            assert len(misses(effects, INDEPENDENT, 0.0, time_class, measure)) <= ALLOWED_MISSES, (
                time_class,
                measure,
            )
    mean_effect = fmean(effects[(player, "all", "sleep_score")][1] for player in INDEPENDENT)
    assert abs(mean_effect) < 0.05


def test_a_planted_effect_of_good_nights_is_found_within_its_interval(effects: dict) -> None:
    assert len(misses(effects, PLANTED_PLAYERS, PLANTED, "all", "sleep_score")) <= ALLOWED_MISSES
    assert (
        misses(effects, PLANTED_PLAYERS, 0.0, "all", "sleep_score") == PLANTED_PLAYERS
    )  # all exclude zero
    assert fmean(
        effects[(player, "all", "sleep_score")][1] for player in PLANTED_PLAYERS
    ) == pytest.approx(PLANTED, abs=0.05)
    assert min(effects[(player, "all", "sleep_score")][0] for player in PLANTED_PLAYERS) > 300
