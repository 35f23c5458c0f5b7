"""Where the tests' recorded API responses live (a plain module: `conftest` names clash across folders)."""

from pathlib import Path

FIXTURES = Path(__file__).parent / "data"
