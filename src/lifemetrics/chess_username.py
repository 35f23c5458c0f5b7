"""What a chess.com username may be: checked in the settings, before any request is built from one."""

from __future__ import annotations

import re

USERNAME_RULE = "3-25 letters, digits, '_' or '-'"
_USERNAME = re.compile(r"[A-Za-z0-9_-]{3,25}")


def check_username(name: str) -> str:
    """`name` if it is a possible chess.com username; ValueError naming it otherwise."""
    if not _USERNAME.fullmatch(name):
        shown = name if len(name) <= 40 else f"{name[:40]}... ({len(name)} characters)"
        raise ValueError(f"{shown!r} is not a chess.com username ({USERNAME_RULE})")
    return name
