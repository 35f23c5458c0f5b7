"""Engine-analysis aggregates for the chess page, in SQL on the published `fct_chess_moves`,
`fct_chess_game_analysis` and `fct_chess_games`: a few rows per player, never one per move.

The opening family and chess.com's own accuracy come from `fct_chess_games` when it publishes them
(`opening_family`, `my_accuracy`); an older publish shows the ECO code and the engine's accuracy alone.
"""

from __future__ import annotations

import duckdb

from lifemetrics.dashboards.chess.analysis_records import (
    BlunderRate,
    CostlyMove,
    FamilyMistakes,
    MonthAccuracy,
)
from lifemetrics.dashboards.published import Row, fetch_one, fetch_rows, published_columns

ANALYSIS_TABLES = ("fct_chess_moves", "fct_chess_game_analysis")
# The mover's clock after the move: upper bounds (seconds) and labels of the bands, in order
CLOCK_BANDS = (
    (10, "under 10 s"),
    (30, "10–30 s"),
    (60, "30 s–1 min"),
    (180, "1–3 min"),
    (None, "3 min or more"),
)
PHASES = ("opening", "middlegame", "endgame")
MY_MOVES = "from fct_chess_moves where player = $player and is_my_move"
BLUNDER_COUNTS = """count(*) as moves, count(*) filter (where classification = 'blunder') as blunders,
    count(distinct uuid) as games"""


def has_analysis(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether this publish holds the engine-analysis tables."""
    return all(published_columns(con, table) for table in ANALYSIS_TABLES)


def summary(con: duckdb.DuckDBPyConnection, player: str) -> Row:
    """Analysed games, their mean accuracy and blunders, the median first mistake and the engine used."""
    return fetch_one(
        con,
        """
        select count(*) as games, avg(my_engine_accuracy) as accuracy,
            sum(my_blunders) as blunders, sum(my_mistakes) as mistakes,
            count(*) filter (where my_first_mistake_ply is null) as clean_games,
            median((my_first_mistake_ply + 1) // 2) as median_first_mistake_move,
            string_agg(distinct analysed_with, '; ' order by analysed_with) as analysed_with
        from fct_chess_game_analysis where player = $player
        """,
        {"player": player},
    )


def _rates(con: duckdb.DuckDBPyConnection, player: str, label_sql: str) -> dict[str, BlunderRate]:
    rows = fetch_rows(
        con,
        f"select {label_sql} as label, {BLUNDER_COUNTS} {MY_MOVES} group by 1",
        {"player": player},
    )
    return {row["label"]: BlunderRate(**row) for row in rows if row["label"] is not None}


def blunders_by_phase(con: duckdb.DuckDBPyConnection, player: str) -> list[BlunderRate]:
    """The tracked player's blunders per phase of the game."""
    rates = _rates(con, player, "phase")
    return [rates[phase] for phase in PHASES if phase in rates]


def blunders_by_clock(con: duckdb.DuckDBPyConnection, player: str) -> list[BlunderRate]:
    """The tracked player's blunders per band of clock left after the move (moves without a clock left out)."""
    cases = " ".join(
        f"when clock_seconds < {bound} then '{label}'" for bound, label in CLOCK_BANDS if bound
    )
    rates = _rates(
        con,
        player,
        f"case when clock_seconds is null then null {cases} else '{CLOCK_BANDS[-1][1]}' end",
    )
    return [rates[label] for _, label in CLOCK_BANDS if label in rates]


def blunders_after_a_blunder(con: duckdb.DuckDBPyConnection, player: str) -> list[BlunderRate]:
    """The tracked player's blunders right after the opponent blundered, and on every other move."""
    rates = _rates(
        con, player, "case when follows_a_blunder then 'after their blunder' else 'other moves' end"
    )
    return [rates[label] for label in ("after their blunder", "other moves") if label in rates]


def family_column(con: duckdb.DuckDBPyConnection) -> str:
    """The published grouping of openings: Lichess's opening family when published, else the ECO code."""
    return (
        "opening_family" if "opening_family" in published_columns(con, "fct_chess_games") else "eco"
    )


def mistakes_by_family(
    con: duckdb.DuckDBPyConnection, player: str, limit: int = 8
) -> list[FamilyMistakes]:
    """The most analysed opening families: blunders per move and the typical first mistake or blunder."""
    family = family_column(con)
    rows = fetch_rows(
        con,
        f"""
        with games as (
            select a.uuid, g.{family} as family, a.my_first_mistake_ply
            from fct_chess_game_analysis as a
            join fct_chess_games as g on g.player = a.player and g.uuid = a.uuid
            where a.player = $player and g.{family} is not null
        ), moves as (
            select games.family, {BLUNDER_COUNTS.replace("uuid", "m.uuid")}
            from fct_chess_moves as m join games on games.uuid = m.uuid
            where m.player = $player and m.is_my_move
            group by games.family
        )
        select moves.*, count(g.my_first_mistake_ply) as games_with_mistake,
            median((g.my_first_mistake_ply + 1) // 2) as median_first_mistake_move
        from moves join games as g on g.family = moves.family
        group by all order by moves.games desc, moves.family limit {int(limit)}
        """,
        {"player": player},
    )
    return [
        FamilyMistakes(
            BlunderRate(row["family"], row["moves"], row["blunders"], row["games"]),
            row["games_with_mistake"],
            row["median_first_mistake_move"],
        )
        for row in rows
    ]


def accuracy_by_month(con: duckdb.DuckDBPyConnection, player: str) -> list[MonthAccuracy]:
    """Per month: the engine's mean accuracy of the tracked player, and chess.com's on the same games."""
    chess_com = (
        "g.my_accuracy" if "my_accuracy" in published_columns(con, "fct_chess_games") else "null"
    )
    rows = fetch_rows(
        con,
        f"""
        select date_trunc('month', g.game_date) as month, count(*) as games,
            avg(a.my_engine_accuracy) as engine, stddev_samp(a.my_engine_accuracy) as engine_sd,
            avg({chess_com}) as chess_com
        from fct_chess_game_analysis as a
        join fct_chess_games as g on g.player = a.player and g.uuid = a.uuid
        where a.player = $player and a.my_engine_accuracy is not null
        group by 1 order by 1
        """,
        {"player": player},
    )
    return [MonthAccuracy(**row) for row in rows]


def costliest_moves(
    con: duckdb.DuckDBPyConnection, player: str, limit: int = 8
) -> list[CostlyMove]:
    """The tracked player's moves that gave away the most Win%, newest first among equals."""
    rows = fetch_rows(
        con,
        f"""
        select g.game_date, g.time_class, m.move_number, m.colour, m.san, m.best_move_san as best_move,
            m.win_percent_loss, m.url_at_move as url
        from fct_chess_moves as m join fct_chess_games as g on g.player = m.player and g.uuid = m.uuid
        where m.player = $player and m.is_my_move and m.classification = 'blunder'
        order by m.win_percent_loss desc, g.end_time desc limit {int(limit)}
        """,
        {"player": player},
    )
    return [CostlyMove(**row) for row in rows]
