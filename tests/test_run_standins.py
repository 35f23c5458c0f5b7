"""`lifemetrics standins`: serves the demo APIs until stopped and prints the variables that point lifemetrics at
them (what the README's Airflow walk-through relies on)."""

from __future__ import annotations

import requests
from run_support import cli


def test_standins_print_exports_that_reach_both_apis() -> None:
    process = cli("standins", "--games", "10", "--days", "14", env={})
    try:
        assert process.stdout is not None
        exports = {}
        while "LIFEMETRICS_TIMEZONE" not in exports:
            line = process.stdout.readline()
            assert line, process.communicate()
            name, _, value = line.strip().removeprefix("export ").partition("=")
            exports[name] = value
        user_agent = {"User-Agent": f"lifemetrics-test ({exports['LIFEMETRICS_CONTACT']})"}
        archives = f"{exports['LIFEMETRICS_CHESS_API_URL']}/player/{exports['LIFEMETRICS_CHESS_USERNAMES']}/games/archives"
        assert requests.get(archives, headers=user_agent, timeout=10).json()["archives"]
        personal = f"{exports['LIFEMETRICS_OURA_API_URL']}/v2/usercollection/personal_info"
        bearer = {"Authorization": f"Bearer {exports['LIFEMETRICS_OURA_TOKEN']}"}
        assert requests.get(personal, headers=bearer, timeout=10).status_code == 200
    finally:
        process.terminate()
        process.communicate()
