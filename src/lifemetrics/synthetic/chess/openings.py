"""Real openings (ECO code, chess.com ECOUrl slug, main line) the synthetic games start with."""

from __future__ import annotations

from dataclasses import dataclass

ECO_URL_BASE = "https://www.chess.com/openings/"


@dataclass(frozen=True)
class Opening:
    """One opening as chess.com names it; `weight` is how often club players reach it."""

    eco: str
    slug: str
    moves: tuple[str, ...]
    weight: float

    @property
    def url(self) -> str:
        """The ECOUrl chess.com writes in the PGN and in the game's `eco` field."""
        return ECO_URL_BASE + self.slug


def _opening(eco: str, slug: str, moves: str, weight: float = 1.0) -> Opening:
    return Opening(eco, slug, tuple(moves.split()), weight)


OPENINGS: tuple[Opening, ...] = (
    _opening("B20", "Sicilian-Defense", "e4 c5", 2.0),
    _opening("B22", "Alapin-Sicilian-Defense", "e4 c5 c3"),
    _opening("B23", "Closed-Sicilian-Defense", "e4 c5 Nc3"),
    _opening(
        "B90", "Sicilian-Defense-Open-Najdorf-Variation", "e4 c5 Nf3 d6 d4 cxd4 Nxd4 Nf6 Nc3 a6"
    ),
    _opening(
        "B70", "Sicilian-Defense-Open-Dragon-Variation", "e4 c5 Nf3 d6 d4 cxd4 Nxd4 Nf6 Nc3 g6", 0.6
    ),
    _opening("B01", "Scandinavian-Defense", "e4 d5", 1.5),
    _opening("B01", "Scandinavian-Defense-Mieses-Kotrc-Main-Line", "e4 d5 exd5 Qxd5 Nc3 Qa5"),
    _opening("B10", "Caro-Kann-Defense", "e4 c6", 1.5),
    _opening("B12", "Caro-Kann-Defense-Advance-Variation", "e4 c6 d4 d5 e5"),
    _opening("B13", "Caro-Kann-Defense-Exchange-Variation", "e4 c6 d4 d5 exd5 cxd5", 0.7),
    _opening("C00", "French-Defense", "e4 e6", 1.5),
    _opening("C02", "French-Defense-Advance-Variation", "e4 e6 d4 d5 e5"),
    _opening("C15", "French-Defense-Winawer-Variation", "e4 e6 d4 d5 Nc3 Bb4", 0.6),
    _opening("B00", "Nimzowitsch-Defense", "e4 Nc6", 0.5),
    _opening("B02", "Alekhines-Defense", "e4 Nf6", 0.5),
    _opening("B06", "Modern-Defense-with-1-e4", "e4 g6", 0.7),
    _opening("B07", "Pirc-Defense", "e4 d6 d4 Nf6 Nc3 g6", 0.7),
    _opening("C20", "Kings-Pawn-Opening-Wayward-Queen-Attack", "e4 e5 Qh5", 0.8),
    _opening("C50", "Italian-Game", "e4 e5 Nf3 Nc6 Bc4", 2.0),
    _opening("C50", "Giuoco-Piano-Game", "e4 e5 Nf3 Nc6 Bc4 Bc5", 1.5),
    _opening("C55", "Italian-Game-Two-Knights-Defense", "e4 e5 Nf3 Nc6 Bc4 Nf6", 1.2),
    _opening("C60", "Ruy-Lopez-Opening", "e4 e5 Nf3 Nc6 Bb5", 1.2),
    _opening("C65", "Ruy-Lopez-Opening-Berlin-Defense", "e4 e5 Nf3 Nc6 Bb5 Nf6", 0.6),
    _opening("C70", "Ruy-Lopez-Opening-Morphy-Defense", "e4 e5 Nf3 Nc6 Bb5 a6", 0.8),
    _opening("C45", "Scotch-Game", "e4 e5 Nf3 Nc6 d4", 1.0),
    _opening("C44", "Ponziani-Opening", "e4 e5 Nf3 Nc6 c3", 0.5),
    _opening("C47", "Four-Knights-Game", "e4 e5 Nf3 Nc6 Nc3 Nf6", 0.8),
    _opening("C42", "Petrovs-Defense", "e4 e5 Nf3 Nf6", 0.7),
    _opening("C41", "Philidor-Defense", "e4 e5 Nf3 d6", 1.0),
    _opening("C25", "Vienna-Game", "e4 e5 Nc3", 0.8),
    _opening("C30", "Kings-Gambit", "e4 e5 f4", 0.5),
    _opening("D02", "London-System", "d4 d5 Nf3 Nf6 Bf4", 1.5),
    _opening("D06", "Queens-Gambit", "d4 d5 c4", 1.0),
    _opening("D30", "Queens-Gambit-Declined", "d4 d5 c4 e6", 1.0),
    _opening("D20", "Queens-Gambit-Accepted", "d4 d5 c4 dxc4", 0.7),
    _opening("D10", "Slav-Defense", "d4 d5 c4 c6", 0.8),
    _opening("A45", "Indian-Game", "d4 Nf6", 1.0),
    _opening("E60", "Kings-Indian-Defense", "d4 Nf6 c4 g6", 0.7),
    _opening("E20", "Nimzo-Indian-Defense", "d4 Nf6 c4 e6 Nc3 Bb4", 0.5),
    _opening("A80", "Dutch-Defense", "d4 f5", 0.5),
    _opening("A10", "English-Opening", "c4", 0.8),
    _opening("A04", "Reti-Opening", "Nf3", 0.5),
    _opening("A00", "Van-Geet-Opening", "Nc3", 0.3),
)
