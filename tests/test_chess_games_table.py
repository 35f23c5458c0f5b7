"""The month -> Arrow table step (its one-conversion fast path gives exactly the game-by-game columns),
and how month tables are handed to dlt."""

from __future__ import annotations

import pyarrow as pa
import pytest
from chess_support import FIXTURE_MONTHS, fixture_games

from lifemetrics.sources.chess_com.archive_run import one_table
from lifemetrics.sources.chess_com.games_table import _api_arrays, _known_api_arrays, games_table


@pytest.mark.parametrize("month", FIXTURE_MONTHS)
def test_one_conversion_of_known_fields_equals_the_game_by_game_columns(month: str) -> None:
    games = fixture_games(month)
    fast = _known_api_arrays(games)
    general = _api_arrays(games)

    assert fast is not None
    assert list(fast) == list(general)
    for name, array in fast.items():
        assert array.type == general[name].type, name
        assert array.equals(general[name]), name


def test_a_field_the_contract_does_not_name_or_a_value_that_does_not_fit_takes_the_general_path() -> (
    None
):
    games = fixture_games(FIXTURE_MONTHS[0])[:3]
    with_new_field = [{**games[0], "black": {**games[0]["black"], "@title": "GM"}}, *games[1:]]
    with_bad_value = [{**games[0], "end_time": "yesterday"}, *games[1:]]

    assert _known_api_arrays(with_new_field) is None
    assert _known_api_arrays(with_bad_value) is None


def test_month_tables_go_to_dlt_as_one_table_unless_their_columns_disagree() -> None:
    games = fixture_games(FIXTURE_MONTHS[0])[:4]
    first, second = (games_table(part, "hikaru", "2022-02") for part in (games[:2], games[2:]))
    assert one_table([first, second]).num_rows == 4

    as_text = first.append_column("added_by_api", pa.array(["x", "y"]))
    as_number = second.append_column("added_by_api", pa.array([1, 2]))
    assert one_table([as_text, as_number]) == [as_text, as_number]
