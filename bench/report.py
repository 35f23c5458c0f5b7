"""The results as a Markdown page: machine and versions, targets, one stage table per phase, and the change
against a previous results file."""

from __future__ import annotations

from typing import Any

from bench.load import shown
from bench.machine import bytecode_shown
from bench.scale import scale_table
from bench.side_by_side import services_table, side_by_side
from bench.stages import phase_rows

MB = 1024 * 1024


def _number(value: Any, digits: int = 2) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def _bytes(value: int | None) -> str:
    if not value:
        return ""
    return f"{value / MB:,.1f} MB" if value >= MB else f"{value / 1024:,.1f} kB"


def stage_table(phase: dict[str, Any]) -> list[str]:
    """One phase's stages as a Markdown table."""
    lines = [
        "| stage | wall s | CPU s | peak RSS MB | requests | bytes | note |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in phase_rows(phase):
        notes = []
        if row.get("month_tables_wait_s") is not None:
            notes.append(
                f"{row['games']:,} games; waited {row['month_tables_wait_s']:.2f} s for month tables"
            )
        elif row.get("games_per_cpu_s"):
            notes.append(f"{row['games']:,} games, {row['games_per_cpu_s']:,} games/CPU s")
        if row.get("rows") is not None:
            notes.append(f"{row['rows']:,} rows")
        if row.get("statuses"):
            notes.append(
                ", ".join(
                    f"{count} x {status}" for status, count in sorted(row["statuses"].items())
                )
            )
        if row.get("estimated"):
            notes.append("estimate: tests' share of dbt build")
        if row.get("dbt_parse_s"):
            notes.append(f"dbt import + parse {row['dbt_parse_s']:.2f} s")
        if row.get("full_refresh") is not None:
            notes.append("full refresh" if row["full_refresh"] else "incremental")
        lines.append(
            f"| {row['stage']} | {_number(row['wall_s'])} | {_number(row['cpu_s'])} | "
            f"{_number(row.get('peak_rss_mb'), 0)} | {_number(row.get('requests'))} | {_bytes(row.get('bytes'))} | "
            f"{'; '.join(notes)} |"
        )
    if phase.get("outcome", {}).get("up_to_date"):
        lines.append("\nNothing new was loaded: build, audit, publish and dashboard were skipped.")
    if phase.get("error"):
        lines.append(f"\n**failed:** `{phase['error']}`")
    return lines


def load_lines(phase: dict[str, Any]) -> list[str]:
    """Each round of a phase: its whole-process figures and how busy the machine was meanwhile."""
    runs = phase.get("rounds") or [{**phase["process"], "load": phase.get("load")}]
    return [
        f"- round {number}: {run['wall_s']:.2f} s wall, {run['cpu_s']:.2f} s CPU, "
        f"{run['max_rss_mb']:,.0f} MB; {shown(run.get('load'))}"
        for number, run in enumerate(runs, 1)
    ]


def targets_table(targets: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| scenario | target | measured | limit | met | where it goes |",
        "|---|---|---:|---:|---|---|",
    ]
    for target in targets:
        measured = target["measured"]
        if isinstance(measured, (int, float)):
            shown, limit = (
                f"{_number(measured)} {target['unit']}",
                f"{target['comparison']} {_number(target['limit'])}",
            )
        else:
            shown, limit = target.get("shown", f"`{measured}`"), ""
        met = {True: "yes", False: "**no**", None: "n/a"}[target["met"]]
        if target.get("busy"):
            met += f" ({target['busy']})"
        cause = target.get("cause") or ""
        lines.append(
            f"| {target['scenario']} | {target['target']} | {shown} | {limit} | {met} | {cause} |"
        )
    return lines


def comparison_lines(comparison: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| scenario | phase | stage | wall s before | now | CPU s before | now | CPU now / before "
        "| peak RSS MB before | now |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in comparison:
        lines.append(
            f"| {row['scenario']} | {row['phase']} | {row['stage']} | {_number(row['wall_before'])} | "
            f"{_number(row['wall_now'])} | {_number(row['cpu_before'])} | {_number(row['cpu_now'])} | "
            f"{_number(row['cpu_ratio'])} | {_number(row['rss_before'], 0)} | {_number(row['rss_now'], 0)} |"
        )
    return lines


def _stage_named(phase: dict[str, Any], name: str) -> dict[str, Any]:
    return next((stage for stage in phase.get("stages", []) if stage["name"] == name), {})


def _figure(measured: dict[str, Any]) -> str:
    """'14.2 / 13.3 s (14.0-15.1)': wall / CPU seconds, medians, and the wall's min-max over rounds."""
    if not measured:
        return ""
    text = f"{measured['wall_s']:,.1f} / {measured['cpu_s']:,.1f} s"
    spread = measured.get("range", {}).get("wall_s")
    if spread and spread[0] != spread[1]:
        text += f" ({spread[0]:,.1f}-{spread[1]:,.1f})"
    return text


def _others(phases: dict[str, Any]) -> str:
    """The most other processes used of the machine during any measured run of a scenario."""
    cores = [
        (run.get("load") or {}).get("other_cores")
        for phase in phases.values()
        for run in phase.get("rounds", [phase])
    ]
    cores = [value for value in cores if value is not None]
    return f"{max(cores):.2f}" if cores else ""


def summary_table(results: dict[str, Any]) -> list[str]:
    """One line per scenario: the figures a reader looks for first (wall / CPU seconds, medians)."""
    lines = [
        "| scenario | `ingest chess` | dlt's chess source | reference loader | back-fill end to end "
        "| peak RSS MB (ingest / end to end) | daily, no change | daily, new data "
        "| HTTP requests (no change) | others' cores, at most |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, scenario in results["scenarios"].items():
        phases = scenario["phases"]
        backfill = phases.get("back-fill", {}).get("process", {})
        ingest = phases.get("ingest chess, whole process", {}).get("process", {})
        dlt_source = phases.get("dlt's chess source", {}).get("process", {})
        reference = _stage_named(phases.get("reference loader", {}), "reference ingest chess")
        quiet = phases.get("daily, no change", {})
        requests = sum(
            http["requests"] for stage in quiet.get("stages", []) for http in stage["http"].values()
        )
        peaks = f"{_number(ingest.get('max_rss_mb'), 0)} / {_number(backfill.get('max_rss_mb'), 0)}"
        lines.append(
            f"| {name} ({scenario['scenario']['games']:,} games) | {_figure(ingest)} | "
            f"{_figure(dlt_source)} | {_figure(reference)} | {_figure(backfill)} | "
            f"{peaks} | {_figure(quiet.get('process', {}))} | "
            f"{_figure(phases.get('daily, new data', {}).get('process', {}))} | {requests} | "
            f"{_others(phases)} |"
        )
    return lines


def markdown(results: dict[str, Any]) -> str:
    """The whole results page."""
    machine, versions = results["machine"], results["versions"]
    lines = [
        "# lifemetrics benchmark",
        "",
        f"Run {results['started_at']} (UTC) on {machine['cores']} cores, {machine['memory_gb']} GB "
        f"({machine['cpu']}; {machine['os']}); load average at start {machine['load_average']}, "
        f"at end {results.get('load_average_end')}; {results.get('rounds', 1)} round(s), "
        "figures are medians (min-max of the wall time in brackets).",
        bytecode_shown(results["bytecode"]) + "." if results.get("bytecode") else "",
        "Versions: "
        + ", ".join(
            f"{name} {value}" for name, value in versions.items() if value not in (None, "")
        ),
        "",
        "Times are wall / CPU seconds; end to end is the whole process (start-up included). "
        "`others' cores` is the CPU other processes of the machine used during a run, in cores "
        "(the load of each run is listed under its phase).",
        "",
        *summary_table(results),
        "",
        "## Targets",
        "",
        *targets_table(results["targets"]),
    ]
    if results.get("comparison"):
        lines += [
            "",
            f"## Against {results['compared_with']}",
            "",
            *comparison_lines(results["comparison"]),
        ]
    for name, scenario in results["scenarios"].items():
        spec, data = scenario["scenario"], scenario["data"]
        lines += [
            "",
            f"## {name}: {spec['games']:,} games, {spec['players']} player(s), "
            f"{spec['health_days']} days of Oura data",
            "",
            f"{spec['note']}. Served: {data['months']:,} month files, {_bytes(data['bytes'])}.",
            "",
            "Whole processes side by side (medians; min-max of the wall time in brackets):",
            "",
            *side_by_side(scenario["phases"]),
            *services_table(scenario["phases"]),
            *scale_table(scenario["phases"], data["games"]),
        ]
        for phase_name, phase in scenario["phases"].items():
            lines += [
                "",
                f"### {name} — {phase_name}",
                "",
                *stage_table(phase),
                "",
                *load_lines(phase),
            ]
    return "\n".join(lines) + "\n"


def compare(now: dict[str, Any], before: dict[str, Any]) -> list[dict[str, Any]]:
    """Stage by stage wall and CPU time and peak RSS of the scenarios and phases both results hold."""
    rows = []
    for name, scenario in now["scenarios"].items():
        previous = before.get("scenarios", {}).get(name)
        if previous is None:
            continue
        for phase_name, phase in scenario["phases"].items():
            old_phase = previous["phases"].get(phase_name)
            if old_phase is None:
                continue
            old_rows = {row["stage"]: row for row in phase_rows(old_phase)}
            for row in phase_rows(phase):
                old = old_rows.get(row["stage"])
                if old is None:
                    continue
                rows.append(
                    {
                        "scenario": name,
                        "phase": phase_name,
                        "stage": row["stage"],
                        "wall_before": old["wall_s"],
                        "wall_now": row["wall_s"],
                        "cpu_before": old["cpu_s"],
                        "cpu_now": row["cpu_s"],
                        "cpu_ratio": round(row["cpu_s"] / old["cpu_s"], 2)
                        if old["cpu_s"]
                        else None,
                        "rss_before": old.get("peak_rss_mb"),
                        "rss_now": row.get("peak_rss_mb"),
                    }
                )
    return rows
