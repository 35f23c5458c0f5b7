"""Both stand-ins serving a fictional player and ring: what `lifemetrics demo` and the DAG demo run against."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from lifemetrics.standins.chess_com import ChessComStandIn
from lifemetrics.standins.oura import OuraStandin
from lifemetrics.synthetic.chess.games import generate_player_history
from lifemetrics.synthetic.health import generate_person

DEMO_PLAYER = "demo_player"
DEMO_CONTACT = "demo@lifemetrics.invalid"


@contextmanager
def demo_standins(
    games: int = 1500, days: int = 400, seed: int = 7, timezone: str = "UTC"
) -> Iterator[dict[str, object]]:
    """Start both stand-ins on 127.0.0.1 with synthetic data; yield the settings that point lifemetrics at them."""
    history = generate_player_history(DEMO_PLAYER, games, seed=seed)
    person = generate_person(days, seed=seed, timezone=timezone)
    with ChessComStandIn({DEMO_PLAYER: history}) as chess, OuraStandin(person) as oura:
        yield {
            "chess_api_url": chess.api_url,
            "chess_usernames": [DEMO_PLAYER],
            "contact": DEMO_CONTACT,
            "oura_api_url": oura.url,
            "oura_token": oura.issue_token(),
            "oura_authorize_url": oura.authorize_url,
            "oura_token_url": oura.token_url,
            "timezone": timezone,
        }
