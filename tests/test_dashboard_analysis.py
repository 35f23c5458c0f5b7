"""The engine-analysis section's claims: a group is named only when its 95% interval clears every other's."""

from __future__ import annotations

from lifemetrics.dashboards.chess.analysis_charts import blunder_rate_bars
from lifemetrics.dashboards.chess.analysis_findings import (
    after_their_blunder,
    standout,
    where_blunders_happen,
)
from lifemetrics.dashboards.chess.analysis_records import BlunderRate


def test_a_phase_is_named_only_when_its_interval_clears_the_others() -> None:
    clear = [
        BlunderRate("opening", 2000, 4, 100),
        BlunderRate("middlegame", 3000, 15, 100),
        BlunderRate("endgame", 800, 40, 60),
    ]
    assert standout(clear) is clear[2]
    assert where_blunders_happen(clear, "phase", "phase").startswith(
        "You blunder most in the endgame: 5.0 per 100"
    )
    overlapping = [BlunderRate("opening", 200, 2, 10), BlunderRate("endgame", 80, 3, 6)]
    assert standout(overlapping) is None
    assert "no phase stands out" in where_blunders_happen(overlapping, "phase", "phase")
    assert standout(clear[:1]) is None


def test_after_a_blunder_claims_only_separated_intervals() -> None:
    worse = [
        BlunderRate("after their blunder", 300, 30, 120),
        BlunderRate("other moves", 6000, 60, 200),
    ]
    assert after_their_blunder(worse).startswith(
        "You blunder more right after the opponent blundered"
    )
    same = [
        BlunderRate("after their blunder", 30, 1, 20),
        BlunderRate("other moves", 6000, 60, 200),
    ]
    assert "about as often" in after_their_blunder(same)


def test_many_groups_lie_down_with_whole_names_and_few_stand_with_counts_on_their_own_lines() -> (
    None
):
    families = [BlunderRate(f"Family number {n}", 100 + n, n, 5) for n in range(8)]
    lying = blunder_rate_bars(families, None)["data"][0]
    assert lying["orientation"] == "h" and len(lying["y"]) == 8
    assert lying["x"] == [round(rate.per_100, 2) for rate in families]
    phases = [BlunderRate(name, 200, 3, 9) for name in ("opening", "middlegame", "endgame")]
    standing = blunder_rate_bars(phases, None)["data"][0]
    assert "orientation" not in standing
    assert standing["x"][0].count("<br>") == 2, "name, moves and games each on a line"
