"""The benchmark's scenarios: a smoke run, personal histories, and club-sized ones.

Club scenarios are chess only (a club shares no ring); personal ones add Oura data with heart rate.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Scenario:
    """A history to back-fill, then run daily against."""

    name: str
    players: int
    games: int  # over all players
    health_days: int  # 0: no Oura data
    seed: int = 7
    extraction_games: int = 100_000  # the one-core extraction figure reads at most this many games
    reference: bool = True  # run the plain reference loader (it holds every row in memory)
    dlt_source: bool = True  # run the loader that follows dlt's verified chess source (slow)
    lakehouse: bool = False  # also back-fill through Trino on a local lakehouse (.venv-lakehouse)
    spark: bool = False  # also load the games with the Spark chess job on a local lakehouse
    spark_driver_memory: str = (
        ""  # LIFEMETRICS_SPARK_DRIVER_MEMORY of the Spark phases ("": default)
    )
    pipeline: bool = True  # the back-fill and the two daily runs of `lifemetrics run`
    note: str = ""

    def player_names(self) -> list[str]:
        """Usernames served and tracked; the first is "me"."""
        return [f"bench_player_{number:02d}" for number in range(1, self.players + 1)]

    def games_per_player(self) -> list[int]:
        """The games split evenly over the players (the first ones take the remainder)."""
        share, extra = divmod(self.games, self.players)
        return [share + (1 if number < extra else 0) for number in range(self.players)]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


SCENARIOS: dict[str, Scenario] = {
    scenario.name: scenario
    for scenario in (
        Scenario("smoke", 1, 300, 30, note="CI smoke test: completes, JSON well-formed"),
        Scenario("small", 1, 5_000, 365, note="a casual player, one year of ring data"),
        Scenario("personal", 1, 10_000, 5 * 365 + 1, note="a keen player, five years of ring data"),
        Scenario("club-100k", 5, 100_000, 0, note="a club: five players, 100,000 games"),
        Scenario(
            "club-1m",
            40,
            1_000_000,
            0,
            reference=False,
            dlt_source=False,
            note="a big club: forty players, 1,000,000 games (no reference loader: holding every row "
            "in memory, as it does, takes about 1.6 GB per 100,000 games; nor dlt's chess source, which "
            "would take 20 minutes)",
        ),
        Scenario(
            "lakehouse-100k",
            5,
            100_000,
            0,
            reference=False,
            dlt_source=False,
            lakehouse=True,
            note="club-100k's games back-filled twice, with LIFEMETRICS_ENGINE=duckdb and =trino "
            "(raw and marts as Iceberg tables on a local SeaweedFS, PostgreSQL catalog and Trino); "
            "run it from the lakehouse environment, `.venv-lakehouse/bin/python -m bench`",
        ),
        Scenario(
            "club-1m-spark",
            40,
            1_000_000,
            0,
            reference=False,
            dlt_source=False,
            spark=True,
            spark_driver_memory="8g",
            pipeline=False,
            note="club-1m's games loaded twice, side by side: `lifemetrics ingest chess` (one process, "
            "DuckDB) and `lifemetrics lakehouse chess-job` (the months stored serially in a local "
            "SeaweedFS, then the Spark job, local[2], merging into Iceberg); run it from the lakehouse "
            "environment, `.venv-lakehouse/bin/python -m bench`; Spark's driver (in local mode its "
            "executors too) gets 8 GB: with the default 2 GB the job's MERGE failed at 1,000,000 games "
            "(Java heap space)",
        ),
    )
}
ALL_SCENARIOS = (
    "smoke",
    "small",
    "personal",
    "club-100k",
    "club-1m",
    "lakehouse-100k",
    "club-1m-spark",
)
