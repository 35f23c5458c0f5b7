"""The Airflow task bodies, without Airflow: an ingest task that lost a unit fails (so Airflow retries it) and says
which, after loading the rest."""

from __future__ import annotations

import pytest
from run_support import PLAYER, running_standins

from lifemetrics.orchestration import dag_tasks
from lifemetrics.settings import load_settings
from lifemetrics.standins.server import Fault


def test_ingest_task_fails_naming_the_failed_month_and_keeps_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with running_standins() as standins:
        for name, value in {**standins.env, "LIFEMETRICS_HTTP_MAX_ATTEMPTS": "1"}.items():
            monkeypatch.setenv(name, value)
        broken = standins.months[0]
        standins.chess.inject_month(PLAYER, broken, Fault(status=503))
        with pytest.raises(
            dag_tasks.IngestFailed, match=f"ingest chess: 1 failed: {PLAYER} {broken}"
        ):
            dag_tasks.ingest(load_settings(), "chess")
        summary = dag_tasks.ingest(load_settings(), "chess")
    assert summary["source"] == "chess" and summary["re_read"] >= 1 and summary["rows"] > 0
