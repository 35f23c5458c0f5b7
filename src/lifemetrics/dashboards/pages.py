"""What a subject of the site (chess, health) hands the site builder: its pages, ready to render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb

from lifemetrics.settings import Settings


@dataclass(frozen=True)
class SitePage:
    """One HTML page: its file, its header link (also its title), its templates and its content.

    `template` renders the page with `page` bound to `content`; `overview` renders its card on the
    index page the same way.
    """

    file_name: str
    label: str
    template: str
    overview: str
    content: Any
    has_charts: bool


@dataclass(frozen=True)
class Subject:
    """A subject of the site: its name in `publish_info` (`<name>_first_day`), label and pages.

    `files` is the glob of the page files it writes, so pages it no longer has are removed.
    """

    name: str
    label: str
    files: str
    pages: Callable[[duckdb.DuckDBPyConnection | None, Settings], list[SitePage]]
