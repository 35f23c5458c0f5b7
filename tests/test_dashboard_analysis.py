"""The engine-analysis section's claims: a group is named only when its 95% interval clears every other's."""

from __future__ import annotations

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
