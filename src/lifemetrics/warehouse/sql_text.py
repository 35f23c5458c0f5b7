"""Quoting for the few SQL statements that cannot bind a value (DuckDB's ATTACH, dlt's file loads, names
of tables and columns)."""

from __future__ import annotations

from pathlib import Path


def string_literal(value: str | Path) -> str:
    """`value` as a DuckDB string literal: in single quotes, each `'` doubled."""
    return "'" + str(value).replace("'", "''") + "'"


def identifier(name: str) -> str:
    """`name` as a DuckDB quoted identifier: in double quotes, each `"` doubled."""
    return '"' + name.replace('"', '""') + '"'


def spark_identifier(name: str) -> str:
    """`name` as a Spark SQL quoted identifier: in backticks, each backtick doubled."""
    return "`" + name.replace("`", "``") + "`"
