"""The subjects the site shows, in header order: a new subject is a package and a line here."""

from __future__ import annotations

from lifemetrics.dashboards.chess.page import CHESS
from lifemetrics.dashboards.health.page import HEALTH
from lifemetrics.dashboards.pages import Subject

SUBJECTS: tuple[Subject, ...] = (CHESS, HEALTH)
