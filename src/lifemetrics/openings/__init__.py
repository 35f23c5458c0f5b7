"""Opening names by position, as Lichess names them (its CC0 opening lines ship in `lines/`).

`name_opening(sans)` gives the named line whose end position is the last one a game's first
`SEARCH_PLIES` moves reach, so transpositions are named too; `opening_family` is the name's part
before the colon.
"""

from lifemetrics.openings.book import SEARCH_PLIES, NamedLine, opening_family
from lifemetrics.openings.namer import name_opening

__all__ = ["SEARCH_PLIES", "NamedLine", "name_opening", "opening_family"]
