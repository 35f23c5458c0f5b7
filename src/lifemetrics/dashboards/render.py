"""Jinja2 rendering of the page templates shipped in `lifemetrics/dashboards/templates`."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from lifemetrics.dashboards.wording import count_of

BACKTICKS = re.compile(r"`([^`]+)`")


def commands(text: str) -> Markup:
    """Escape text and show `backticked` words as code (commands and settings in the empty states)."""
    return Markup(BACKTICKS.sub(r"<code>\1</code>", str(escape(text))))


@cache
def environment() -> Environment:
    """The template environment: HTML autoescaping, unknown names are errors."""
    env = Environment(
        loader=PackageLoader("lifemetrics.dashboards", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["commands"] = commands
    env.filters["count_of"] = count_of
    return env


def render(template: str, **context: Any) -> str:
    """One page as HTML."""
    return environment().get_template(template).render(**context)
