"""A player's games page: every game in a table the browser filters, each row linking to chess.com.

The games travel in the page as one JSON document of columns, strings as positions in a sorted
dictionary per column (a 100,000-game history is a few MB); `assets/games.js` filters them and
draws the first rows of the result, so the page opens from disk without a server.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import orjson
import pyarrow as pa
import pyarrow.compute as pc

from lifemetrics.dashboards.chess import queries as q

CHESS_COM = "https://www.chess.com/"


@dataclass(frozen=True)
class GamesPage:
    """What the games template needs: the player, the games as JSON, the filters' choices."""

    player: str
    file_name: str
    chess_file: str
    games: int
    games_json: str
    time_classes: list[str] = field(default_factory=list)
    families: list[str] = field(default_factory=list)
    first_day: str = ""
    last_day: str = ""

    @property
    def label(self) -> str:
        """The page's header link and title."""
        return f"Games · {self.player}"


def games_file_name(player: str) -> str:
    """'chess-games-hikaru.html' (inside the chess pages' file pattern, so stale ones go)."""
    safe = "".join(char if char.isalnum() or char in "-_" else "_" for char in player)
    return f"chess-games-{safe}.html"


def build_games_page(
    con: duckdb.DuckDBPyConnection, player: str, file_name: str, chess_file: str
) -> GamesPage:
    """Every game of a player, newest first, packed for `assets/games.js`."""
    table = q.game_columns(con, player)
    dictionaries = {name: _dictionary(table.column(name)) for name in q.GAME_STRING_COLUMNS}
    columns = {
        name: (
            pc.index_in(table.column(name), value_set=pa.array(dictionaries[name], pa.string()))
            if name in dictionaries
            else table.column(name)
        ).to_pylist()
        for name in table.column_names
    }
    document = {"site": CHESS_COM, "columns": columns, "values": dictionaries}
    text = orjson.dumps(document).decode()
    days = columns["game_date"]
    return GamesPage(
        player,
        file_name,
        chess_file,
        len(days),
        text.replace("</", "<\\/"),
        sorted(dictionaries["time_class"], key=q.time_class_rank),
        dictionaries["opening_family"],
        min(days, default=""),
        max(days, default=""),
    )


def _dictionary(values: pa.ChunkedArray) -> list[str]:
    """The distinct strings of a column, sorted (None left out: it stays null)."""
    return sorted(pc.unique(values.drop_null()).to_pylist())
