"""A small client of Superset's REST API, logged in the way the API documents (a JWT bearer)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import requests


@dataclass
class SupersetApi:
    """Superset at `url`, logged in as `user`."""

    url: str
    user: str
    password: str
    session: requests.Session = field(default_factory=requests.Session)

    def login(self) -> SupersetApi:
        answer = self.session.post(
            f"{self.url}/api/v1/security/login",
            json={"username": self.user, "password": self.password, "provider": "db"},
            timeout=60,
        )
        answer.raise_for_status()
        self.session.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"
        return self

    def get(self, path: str, **params: str) -> Any:
        answer = self.session.get(f"{self.url}/api/v1/{path}", params=params, timeout=300)
        assert answer.ok, f"GET {path}: {answer.status_code} {answer.text[:300]}"
        return answer.json()

    def dashboards(self) -> dict[str, dict[str, Any]]:
        """Every dashboard, by title."""
        found = self.get("dashboard/", q="(page_size:100)")["result"]
        return {board["dashboard_title"]: board for board in found}

    def charts_of(self, dashboard_id: int) -> list[dict[str, Any]]:
        return self.get(f"dashboard/{dashboard_id}/charts")["result"]

    def chart_data(self, chart_id: int) -> list[dict[str, Any]]:
        """What the chart's saved query context returns: one result per query."""
        return self.get(f"chart/{chart_id}/data/", force="true")["result"]
