"""The watch's alert rules on their own: baselines by source and hour, held episodes, spikes, gaps, workouts,
and where they are set (lifemetrics.toml, `--above`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import typer

from lifemetrics.cli.watch_command import parse_ceilings
from lifemetrics.errors import ConfigError
from lifemetrics.settings import load_settings
from lifemetrics.watch.poller import rules_from_settings
from lifemetrics.watch.rules import Baseline, Baselines, EpisodeTracker, Rules, Sample

START = datetime(2024, 3, 1, 10, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")
AWAKE = Baselines(PARIS, by_source={"awake": Baseline(median=70, mad=4, samples=500)})


def samples(bpms: list[int], source: str = "awake", start: datetime = START) -> list[Sample]:
    return [Sample(start + timedelta(minutes=5 * i), bpm, source) for i, bpm in enumerate(bpms)]


def changes(tracker: EpisodeTracker, feed: list[Sample], baselines: Baselines = AWAKE) -> list:
    return [(kind, episode) for sample in feed for kind, episode in tracker.feed(sample, baselines)]


def test_the_personal_limit_is_the_median_plus_the_larger_of_margin_and_robust_deviations() -> None:
    rules = Rules(mad_factor=4, min_margin_bpm=10)
    limit = rules.limit(Sample(START, 80, "awake"), AWAKE)
    assert limit is not None and limit.rule == "baseline"
    assert limit.bpm == round(70 + 4 * 1.4826 * 4, 1)
    assert Rules(min_margin_bpm=40).limit(Sample(START, 80, "awake"), AWAKE).bpm == 110


def test_an_hour_with_its_own_baseline_wins_over_the_sources_and_a_thin_hour_falls_back() -> None:
    hour = START.astimezone(PARIS).hour
    baselines = Baselines(
        PARIS,
        by_hour={("awake", hour): Baseline(90, 0, 12), ("awake", hour + 1): Baseline(30, 0, 3)},
        by_source=AWAKE.by_source,
    )
    rules = Rules(min_margin_bpm=10)
    assert rules.limit(Sample(START, 80, "awake"), baselines).bpm == 100
    assert rules.limit(Sample(START + timedelta(hours=1), 80, "awake"), baselines).bpm == 93.7
    assert rules.limit(Sample(START, 80, "sleep"), baselines) is None


def test_a_ceiling_lower_than_the_baseline_limit_sets_the_limit() -> None:
    limit = Rules(ceilings={"awake": 90}).limit(Sample(START, 80, "awake"), AWAKE)
    assert (limit.bpm, limit.rule) == (90, "ceiling")


def test_an_episode_opens_after_the_held_samples_and_ends_at_its_last_high_one() -> None:
    tracker = EpisodeTracker(Rules(hold_samples=3))
    found = changes(tracker, samples([70, 130, 150, 140, 135, 72]))
    assert [kind for kind, _ in found] == ["opened", "updated", "ended"]
    opened, ended = found[0][1], found[-1][1]
    assert (opened.started_at, opened.peak_bpm, opened.samples) == (
        START + timedelta(minutes=5),
        150,
        3,
    )
    assert ended.ended_at == START + timedelta(minutes=20) and ended.samples == 4


def test_a_spike_shorter_than_the_hold_never_opens_an_episode() -> None:
    tracker = EpisodeTracker(Rules(hold_samples=3))
    assert changes(tracker, samples([70, 165, 71, 160, 170, 72])) == []


def test_a_gap_without_samples_starts_the_count_over() -> None:
    tracker = EpisodeTracker(Rules(hold_samples=3))
    before = samples([150, 150])
    after = samples([150, 71], start=START + timedelta(hours=1))
    assert changes(tracker, before + after) == []


def test_workout_samples_are_skipped_unless_asked_for() -> None:
    workout = samples([150, 160, 170], source="workout")
    baselines = Baselines(PARIS, by_source={"workout": Baseline(70, 4, 500)})
    assert changes(EpisodeTracker(Rules()), workout, baselines) == []
    asked = changes(EpisodeTracker(Rules(include_workouts=True)), workout, baselines)
    assert [kind for kind, _ in asked] == ["opened"]


def test_rules_come_from_lifemetrics_toml_and_the_command_line_ceilings(isolated_env: Path) -> None:
    config = isolated_env.parent / "lifemetrics.toml"
    config.write_text("watch_above = {awake = 130, sleep = 90}\nwatch_hold_samples = 4\n")
    rules = rules_from_settings(load_settings())
    assert rules.ceilings == {"awake": 130, "sleep": 90} and rules.hold_samples == 4
    assert parse_ceilings(["120", "sleep=95"]) == {
        "awake": 120,
        "rest": 120,
        "sleep": 95,
        "live": 120,
    }
    with pytest.raises(typer.BadParameter):
        parse_ceilings(["fast"])
    config.write_text("watch_above = {awake = 400}\n")
    with pytest.raises(ConfigError, match="watch_above"):
        load_settings()
