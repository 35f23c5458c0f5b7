"""`python -m bench`: run benchmark scenarios, write results as JSON and Markdown, compare with a previous run.

.venv/bin/python -m bench                               # personal, club-100k, club-1m
.venv/bin/python -m bench --scenario smoke --out /tmp/b  # the CI smoke scenario
.venv/bin/python -m bench --compare bench/results/latest.json
.venv/bin/python -m bench --scenario club-100k --rounds 3   # medians of 3 interleaved rounds
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from bench.data import ensure_chess_data
from bench.lakehouse import lakehouse_environment_missing
from bench.machine import bytecode_info, bytecode_shown, machine_info, versions
from bench.processes import REPO_ROOT
from bench.report import compare, markdown
from bench.rounds import fold_scenario
from bench.runner import run_scenario
from bench.scenarios import ALL_SCENARIOS, SCENARIOS
from bench.spark import spark_environment_missing
from bench.targets import all_targets

DEFAULT_RUN = ("personal", "club-100k", "club-1m")
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "lifemetrics-bench"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scenario",
        action="append",
        choices=ALL_SCENARIOS,
        help=f"scenario to run (repeatable; default: {', '.join(DEFAULT_RUN)})",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO_ROOT / "bench" / "results",
        help="directory for latest.json and latest.md (default: bench/results)",
    )
    parser.add_argument("--compare", type=Path, help="a previous results JSON to compare with")
    parser.add_argument(
        "--cache-dir", type=Path, default=DEFAULT_CACHE, help="where generated month files are kept"
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        help="keep the runs' homes and logs here (default: a temporary directory)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile every stage with pyinstrument into <work-dir>/<scenario>/profiles (slows runs)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run every scenario this many times, round after round; figures are medians (default 1)",
    )
    parser.add_argument(
        "--prepare", action="store_true", help="only generate (or find cached) the scenarios' data"
    )
    parser.add_argument(
        "--timezone", default="Europe/Madrid", help="LIFEMETRICS_TIMEZONE of the runs"
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    """Run the chosen scenarios one after another; exit 1 when a phase failed (targets never fail the run)."""
    args = parse_args(argv)
    if args.rounds < 1:
        print("error: --rounds must be 1 or more", file=sys.stderr)
        return 2
    names = args.scenario or list(DEFAULT_RUN)
    for missing, needs in (
        (lakehouse_environment_missing(), lambda scenario: scenario.lakehouse),
        (spark_environment_missing(), lambda scenario: scenario.spark),
    ):
        if missing and any(needs(SCENARIOS[name]) for name in names) and not args.prepare:
            print(f"error: {missing}", file=sys.stderr)
            return 2
    if args.prepare:
        for name in names:
            directory, data = ensure_chess_data(args.cache_dir, SCENARIOS[name])
            print(
                f"{name}: {data['games']:,} games in {data['months']:,} month files under {directory}"
            )
        return 0
    results = {
        "bench_format": 1,
        "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "versions": versions(),
        "bytecode": bytecode_info(args.timezone),
        "rounds": args.rounds,
        "scenarios": {},
    }
    print(bytecode_shown(results["bytecode"]), flush=True)
    rounds: dict[str, list[dict]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory(prefix="lifemetrics-bench-") as temporary:
        work = args.work_dir or Path(temporary)
        for number in range(1, args.rounds + 1):
            print(f"round {number} of {args.rounds}", flush=True)
            for name in names:
                rounds[name].append(
                    run_scenario(
                        SCENARIOS[name],
                        work,
                        args.cache_dir,
                        args.timezone,
                        say=lambda text: print(text, flush=True),
                        profile=args.profile,
                    )
                )
    results["scenarios"] = {name: fold_scenario(runs) for name, runs in rounds.items()}
    results["load_average_end"] = [round(value, 2) for value in os.getloadavg()]
    results["targets"] = all_targets(results["scenarios"])
    if args.compare:
        results["compared_with"] = str(args.compare)
        results["comparison"] = compare(results, json.loads(args.compare.read_text()))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    (args.out / "latest.md").write_text(markdown(results))
    print(f"results: {args.out / 'latest.json'}, {args.out / 'latest.md'}")
    failed = [
        f"{name}: {phase}"
        for name, scenario in results["scenarios"].items()
        for phase, outcome in scenario["phases"].items()
        if outcome.get("error")
    ]
    for failure in failed:
        print(f"error: phase failed: {failure}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
