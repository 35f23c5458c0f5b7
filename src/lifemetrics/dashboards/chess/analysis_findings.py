"""What the engine analysis says, in words: a group is named as where blunders happen only when its 95%
interval lies wholly above every other group's; otherwise the title says the groups do not differ."""

from __future__ import annotations

from collections.abc import Sequence

from lifemetrics.dashboards.chess.analysis_records import BlunderRate, FamilyMistakes, MonthAccuracy
from lifemetrics.dashboards.parts import Kpi
from lifemetrics.dashboards.wording import count_of, percent


def standout(rates: Sequence[BlunderRate]) -> BlunderRate | None:
    """The group whose blunder rate's interval lies above every other group's interval, if there is one."""
    if len(rates) < 2:
        return None
    top = max(rates, key=lambda rate: rate.per_100)
    others = [rate for rate in rates if rate is not top]
    return top if all(top.interval[0] > other.interval[1] for other in others) else None


def rate_text(rate: BlunderRate) -> str:
    """'2.1 per 100 moves (95%: 1.4–3.0)'."""
    low, high = rate.interval
    return f"{rate.per_100:.1f} per 100 moves (95%: {low:.1f}–{high:.1f})"


def where_blunders_happen(rates: Sequence[BlunderRate], what: str, name: str) -> str:
    """'You blunder most in the endgame: ...' or 'Blunders by phase: no phase stands out ...'."""
    top = standout(rates)
    if top is None:
        return f"Blunders by {what}: no {name} stands out (the 95% intervals overlap)"
    highest_other = max(rate.interval[1] for rate in rates if rate is not top)
    return (
        f"You blunder most {top.label if what != 'phase' else 'in the ' + top.label}: {rate_text(top)}, "
        f"against at most {highest_other:.1f} elsewhere"
    )


def after_their_blunder(rates: Sequence[BlunderRate]) -> str:
    """Whether a blunder of the opponent is followed by one of yours more often than other moves are."""
    by_label = {rate.label: rate for rate in rates}
    after, other = by_label.get("after their blunder"), by_label.get("other moves")
    if after is None or other is None:
        return "Your blunders right after the opponent's"
    if after.interval[0] > other.interval[1]:
        return f"You blunder more right after the opponent blundered: {rate_text(after)} against {other.per_100:.1f}"
    if after.interval[1] < other.interval[0]:
        return f"You punish the opponent's blunders: {after.per_100:.1f} blunders per 100 replies against {other.per_100:.1f}"
    return "After the opponent's blunder you blunder about as often as on other moves (95% intervals overlap)"


def family_finding(families: Sequence[FamilyMistakes]) -> str:
    """The opening family where blunders stand out, or that none does."""
    return where_blunders_happen([family.rate for family in families], "opening family", "family")


def accuracy_trend(months: Sequence[MonthAccuracy]) -> str:
    """The engine's mean accuracy over the analysed games, and chess.com's on the same games when published."""
    games = sum(month.games for month in months)
    engine = sum(month.engine * month.games for month in months) / games
    rated = [month for month in months if month.chess_com is not None]
    text = f"Engine accuracy {engine:.0f} on average over {count_of(games, 'analysed game')}"
    if rated:
        chess_com = sum(month.chess_com * month.games for month in rated) / sum(
            month.games for month in rated
        )
        text += f"; chess.com's own accuracy {chess_com:.0f} on the same games"
    return text


def kpis(summary: dict[str, object]) -> list[Kpi]:
    """Headline cards: engine accuracy, blunders per game, the typical first mistake, games without one."""
    games = int(summary["games"])
    cards = [
        Kpi(
            "Engine accuracy",
            f"{summary['accuracy']:.0f}" if summary["accuracy"] is not None else "–",
            f"Lichess's formula · {count_of(games, 'analysed game')}",
        ),
        Kpi(
            "Blunders per game",
            f"{int(summary['blunders']) / games:.2f}",
            f"{count_of(int(summary['blunders']), 'blunder')}, {count_of(int(summary['mistakes']), 'mistake')}",
        ),
        Kpi(
            "Games without a mistake",
            percent(int(summary["clean_games"]) / games),
            f"{summary['clean_games']} of {games}: no mistake or blunder of yours",
            "neutral",
        ),
    ]
    if summary["median_first_mistake_move"] is not None:
        cards.append(
            Kpi(
                "First mistake",
                f"move {summary['median_first_mistake_move']:.0f}",
                "median move of your first mistake or blunder",
            )
        )
    return cards
