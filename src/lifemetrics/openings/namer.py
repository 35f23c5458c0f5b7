"""Naming a game's opening without replaying every game: a tree of the move sequences seen so far.

Each node is a sequence of moves from the standard start (keyed by chess.com's TCN pairs), with
the named line its moves last reached and the named positions it could still reach. Games share
their first moves, so most of a game is a walk down dictionaries; a move seen for the first time
is played once on a board and kept. A node that can reach no named position any more ends the
search: its name is final.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import chess

from lifemetrics.openings.book import SEARCH_PLIES, NamedLine, PositionKey, position_key, read_lines
from lifemetrics.openings.reach import Irreversible, Target, still_reachable
from lifemetrics.openings.tcn import decode_move, encode_move

# Nodes kept at most (about 1 kB each); beyond it new moves are still named, just not kept.
MAX_NODES = 300_000
# Children are keyed by TCN pairs, and by SAN behind this prefix (no TCN pair starts with it).
_SAN_KEY = " "


class _Node:
    """A move sequence: what it was named last, what it can still reach, its board if it can."""

    __slots__ = ("board", "children", "irreversible", "named", "targets")

    def __init__(
        self,
        named: NamedLine | None,
        irreversible: Irreversible,
        targets: tuple[Target, ...],
        board: chess.Board,
    ) -> None:
        self.children: dict[str, _Node] = {}  # by TCN pair, or by _SAN_KEY + SAN
        self.named = named
        self.irreversible = irreversible
        self.targets = targets
        self.board = board if targets else None


class OpeningNamer:
    """Names games by the last named position among their first SEARCH_PLIES moves."""

    def __init__(self, lines: Iterable[NamedLine]) -> None:
        boards = _BoardsAfter()
        self._positions: dict[PositionKey, NamedLine] = {}
        every_target: dict[Irreversible, None] = {}
        for line in lines:
            board = boards.after(line.sans)
            self._positions[position_key(board)] = line
            every_target[Irreversible.of(board)] = None
        self._targets_of: dict[Irreversible, tuple[Target, ...]] = {}
        board = chess.Board()
        start = Irreversible.of(board)
        targets = still_reachable(start, map(Target.of, every_target))
        self._root = _Node(None, start, targets, board)
        self._nodes = 1

    def name_tcn(self, tcn: str) -> NamedLine | None:
        """The named line of a game from the standard start, given its moves as TCN."""
        node = self._root
        for start in range(0, min(len(tcn), 2 * SEARCH_PLIES), 2):
            if not node.targets:
                break
            pair = tcn[start : start + 2]
            child = node.children.get(pair)
            if child is None:
                move = decode_move(pair)
                child = self._grow(node, pair, move) if move else None
                if child is None:
                    break
            node = child
        return node.named

    def name_sans(self, sans: Iterable[str]) -> NamedLine | None:
        """The named line of a game from the standard start, given its moves as SAN."""
        node = self._root
        for ply, san in enumerate(sans):
            if ply == SEARCH_PLIES or not node.targets:
                break
            key = _SAN_KEY + san
            child = node.children.get(key)
            if child is None:
                try:
                    move = node.board.parse_san(san)
                except ValueError:
                    break
                pair = encode_move(move)
                child = node.children.get(pair) or self._grow(node, pair, move)
                if child is None:
                    break
                if self._nodes < MAX_NODES:
                    node.children[key] = child
            node = child
        return node.named

    def _grow(self, node: _Node, pair: str, move: chess.Move) -> _Node | None:
        """The node after `move` from `node`, played on a copy of its board; None if illegal."""
        if not node.board.is_legal(move):
            return None
        board = node.board.copy(stack=False)
        board.push(move)
        named = self._positions.get(position_key(board), node.named)
        irreversible = Irreversible.of(board)
        if irreversible == node.irreversible:
            targets = node.targets
        else:
            targets = self._targets_of.get(irreversible)
            if targets is None:
                targets = still_reachable(irreversible, node.targets)
                if len(self._targets_of) < MAX_NODES:
                    self._targets_of[irreversible] = targets
        child = _Node(named, irreversible, targets, board)
        if self._nodes < MAX_NODES:
            node.children[pair] = child
            self._nodes += 1
        return child


class _BoardsAfter:
    """Boards after move sequences from the standard start, each shared prefix played once."""

    def __init__(self) -> None:
        self._boards: dict[tuple[str, ...], chess.Board] = {(): chess.Board()}

    def after(self, sans: tuple[str, ...]) -> chess.Board:
        """The board after `sans` (ValueError for an illegal move)."""
        board = self._boards.get(sans)
        if board is None:
            board = self.after(sans[:-1]).copy(stack=False)
            board.push_san(sans[-1])
            self._boards[sans] = board
        return board


@lru_cache(maxsize=1)
def shipped_namer() -> OpeningNamer:
    """The namer of the lines shipped with lifemetrics, built once per process."""
    return OpeningNamer(read_lines())


def name_opening(tcn: str | None, sans: Iterable[str] = ()) -> NamedLine | None:
    """The Lichess named line of a game from the standard start: from its TCN when it has one,
    otherwise from its SAN moves; None when it reaches no named position."""
    if tcn:
        return shipped_namer().name_tcn(tcn)
    return shipped_namer().name_sans(sans)
