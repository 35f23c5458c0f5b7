"""A chess.com loader the way dlt's verified chess source does it, for side-by-side figures: ours, not its code.

What a user would get from `dlt init chess duckdb`: a dlt source whose archives resource lists each
player's monthly archive URLs and whose games resource fetches every archive not yet seen (remembered
in the resource's state), with dlt's retrying `requests`, and yields the API's game objects as they are.
dlt's own normalizer then flattens them row by row (nested objects joined with `__`) into DuckDB,
appended. No PGN columns, no merge by key: a floor of what dlt does with the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dlt
from dlt.sources.helpers import requests


def _get(url: str, contact: str) -> Any:
    """One GET through dlt's retrying client, its JSON."""
    response = requests.get(url, headers={"User-Agent": f"dlt-chess-bench (contact: {contact})"})
    response.raise_for_status()
    return response.json()


@dlt.source(name="chess")
def chess(api_url: str, players: list[str], contact: str) -> Any:
    """The archives of `players` and their games, as dlt's verified source lays them out."""

    @dlt.resource(write_disposition="replace", selected=False)
    def players_archives() -> Iterator[list[str]]:
        for player in players:
            yield _get(f"{api_url}/player/{player}/games/archives", contact)["archives"]

    @dlt.transformer(data_from=players_archives, write_disposition="append")
    def players_games(archives: list[str]) -> Iterator[list[dict[str, Any]]]:
        seen = dlt.current.resource_state().setdefault("archives", [])
        for url in archives:
            if url in seen:
                continue
            yield _get(url, contact).get("games", [])
            seen.append(url)

    return players_archives, players_games


def load(api_url: str, players: list[str], contact: str, work_dir: str) -> int:
    """Run the source into `<work_dir>/dlt_chess.duckdb`; the games loaded."""
    database = Path(work_dir) / "dlt_chess.duckdb"
    pipeline = dlt.pipeline(
        pipeline_name="dlt_chess",
        destination=dlt.destinations.duckdb(str(database)),
        dataset_name="chess_data",
        pipelines_dir=str(Path(work_dir) / "dlt"),
    )
    pipeline.run(chess(api_url, players, contact))
    with pipeline.sql_client() as client:
        return client.execute_sql("SELECT count(*) FROM players_games")[0][0]
