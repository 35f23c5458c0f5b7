"""chess.com's result codes are defined once, in the dbt seed: the generator, the labels and the models
read it (test_build_publish checks the built models' classes against it on the real fixture games)."""

from __future__ import annotations

import csv
from pathlib import Path

from lifemetrics.chess_result_codes import result_codes
from lifemetrics.dashboards.chess.page import _merge_end_reasons
from lifemetrics.dashboards.chess.records import Group, ResultCounts
from lifemetrics.settings import load_settings
from lifemetrics.synthetic.chess.play import DECISIVE_ENDINGS, DRAW_ENDINGS
from lifemetrics.warehouse.dbt_runner import PROJECT_DIR, dbt_project

SEED = PROJECT_DIR / "seeds" / "chess_result_codes.csv"


def seed_rows() -> list[dict[str, str]]:
    """The seed file's rows, read as dbt reads them."""
    with SEED.open(newline="") as file:
        return list(csv.DictReader(file))


def test_the_seed_gives_each_code_one_class_and_label() -> None:
    rows = seed_rows()
    assert list(rows[0]) == ["code", "result_class", "label", "is_draw"]
    assert len({row["code"] for row in rows}) == len(rows)
    assert {row["result_class"] for row in rows} == {"win", "draw", "loss"}
    assert [row["code"] for row in rows if row["result_class"] == "win"] == ["win"]
    assert all((row["is_draw"] == "true") == (row["result_class"] == "draw") for row in rows)
    assert [(c.code, c.result_class, c.label) for c in result_codes()] == [
        (row["code"], row["result_class"], row["label"]) for row in rows
    ]


def test_the_generator_ends_games_with_the_seed_codes() -> None:
    rows = seed_rows()
    assert DRAW_ENDINGS == tuple(row["code"] for row in rows if row["is_draw"] == "true")
    losses = {row["code"] for row in rows if row["result_class"] == "loss"}
    assert set(DECISIVE_ENDINGS) <= losses


def test_the_dashboard_labels_each_ending_as_the_seed_does() -> None:
    rows = [row for row in seed_rows() if row["code"] != "win"]
    groups = [Group(row["code"], ResultCounts(0, 0, 1, 1)) for row in rows]
    labelled = {ending.key: ending.counts.games for ending in _merge_end_reasons(groups)}
    expected: dict[str, int] = {}
    for row in rows:
        expected[row["label"]] = expected.get(row["label"], 0) + 1
    assert labelled == expected
    unknown = _merge_end_reasons([Group("no_such_code", ResultCounts(0, 0, 1, 1))])
    assert [ending.key for ending in unknown] == ["Other"]


def test_the_models_read_the_seed_and_list_no_codes_of_their_own() -> None:
    manifest = dbt_project(load_settings()).manifest()
    seed = "seed.lifemetrics.chess_result_codes"
    staging = manifest.nodes["model.lifemetrics.stg_chess_com__games"]
    assert seed in staging.depends_on.nodes
    checks = [
        node
        for node in manifest.nodes.values()
        if node.resource_type == "test" and node.name.endswith("_valid_columns")
    ]
    assert sum(seed in node.depends_on.nodes for node in checks) == 2  # staging and fct codes
    texts = [
        path.read_text() for path in Path(PROJECT_DIR).rglob("*") if path.suffix in {".sql", ".yml"}
    ]
    assert not any("timevsinsufficient" in text for text in texts)
