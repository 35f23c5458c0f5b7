"""A chess.com loader laid out as dlt's verified chess source (dlt-hub/verified-sources `sources/chess`), for
side-by-side figures: written here, after that source's structure, not copied from it.

What a user gets from `dlt init chess duckdb`: `players_archives` (replace, not selected) lists each player's
monthly archive URLs; `players_games` (append, `end_time` a timestamp) walks them, skips the archives its
resource state has seen, and fetches each one in dlt's thread pool (`dlt.defer`) with dlt's retrying
`requests`, a 404 being an empty month. dlt's normalizer then flattens the API's game objects row by row
into DuckDB. Left out: the profiles and online-status resources (no games in them). Added: a User-Agent,
which chess.com and the stand-in require. No PGN columns, no merge by key: less than `ingest chess` does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dlt
from dlt.sources.helpers import requests


def _get(url: str, contact: str) -> Any:
    """One GET through dlt's retrying client (it raises on an error status), its JSON."""
    headers = {"User-Agent": f"dlt-chess-bench (contact: {contact})"}
    return requests.get(url, headers=headers).json()


@dlt.source(name="chess")
def chess(api_url: str, players: list[str], contact: str) -> Any:
    """The archives of `players` and their games, as dlt's verified source lays them out."""

    @dlt.resource(write_disposition="replace", selected=False)
    def players_archives() -> Iterator[list[str]]:
        for player in players:
            yield _get(f"{api_url}/player/{player}/games/archives", contact).get("archives", [])

    @dlt.resource(write_disposition="append", columns={"end_time": {"data_type": "timestamp"}})
    def players_games() -> Iterator[Callable[[], list[dict[str, Any]]]]:
        seen = dlt.current.resource_state().setdefault("archives", [])

        @dlt.defer
        def month(url: str) -> list[dict[str, Any]]:
            try:
                return _get(url, contact).get("games", [])
            except requests.HTTPError as error:
                if error.response is not None and error.response.status_code == 404:
                    return []
                raise

        for url in players_archives():
            if url not in seen:
                seen.append(url)
                yield month(url)

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
