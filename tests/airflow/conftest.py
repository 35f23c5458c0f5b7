"""The Airflow tests run inside .venv-airflow (`make airflow-env`): one Airflow home with a fresh SQLite database
for the session, pointed at the repository's dags/. Airflow reads its configuration when first imported, so
nothing here imports it before the environment is set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DAGS_FOLDER = Path(__file__).resolve().parents[2] / "dags"  # the repository's, as a user would point Airflow


@pytest.fixture(scope="session")
def airflow_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An initialised Airflow home (`airflow db migrate`), set in this process's environment."""
    home = tmp_path_factory.mktemp("airflow")
    os.environ.update(
        AIRFLOW_HOME=str(home),
        AIRFLOW__CORE__DAGS_FOLDER=str(DAGS_FOLDER),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
    )
    airflow = Path(sys.executable).parent / "airflow"
    subprocess.run([str(airflow), "db", "migrate"], check=True, capture_output=True, env=os.environ)
    return home
