"""Move-level analysis of the tracked players' chess.com games with a local UCI engine (Stockfish).

Reads games from `raw_chess_com.games`, writes the engine's evaluations to `raw_analysis.games` and
`raw_analysis.moves` in warehouse.duckdb; the dbt models turn them into `fct_chess_moves` and
`fct_chess_game_analysis` (win probabilities, accuracy and mistakes, as Lichess computes them).
"""

from lifemetrics.analysis.run import AnalysisProgress, AnalysisReport, analyse_chess

__all__ = ["AnalysisProgress", "AnalysisReport", "analyse_chess"]
