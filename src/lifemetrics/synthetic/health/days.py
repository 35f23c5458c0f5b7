"""One synthetic person's days, generated in order: body state, then every daily document in Oura v2 shapes.

Each day draws from its own seeded random stream, and the state carried from day to day (stress,
sleep debt, recent activity, baselines) makes scores move together: a short night lowers the sleep
score and that morning's readiness; stress lowers resilience.
"""

from __future__ import annotations

import random
import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import fmean
from zoneinfo import ZoneInfo

ID_NAMESPACE = uuid.UUID("6c1f3a52-0b7e-4c2a-9d44-1e0f5b7a9c31")
BASELINE_DAYS = (
    14  # readiness balances and resilience need about two weeks of history, as on a new ring
)
MISSING_DAY_RATE = 0.02
NULL_SLEEP_RATE = 0.01
NULL_TEMPERATURE_RATE = 0.03
NAP_RATE = 0.08
SHORT_NIGHT_RATE = 0.1
# How the scores are made from their contributors (weights sum to 1; readiness renormalises over the
# contributors a day has): what a model of the scores should find back.
SLEEP_SCORE_WEIGHTS = {
    "deep_sleep": 0.1,
    "efficiency": 0.1,
    "latency": 0.1,
    "rem_sleep": 0.1,
    "restfulness": 0.15,
    "timing": 0.1,
    "total_sleep": 0.35,
}
READINESS_SCORE_WEIGHTS = {
    "previous_night": 0.25,
    "sleep_balance": 0.15,
    "hrv_balance": 0.1,
    "resting_heart_rate": 0.15,
    "recovery_index": 0.1,
    "body_temperature": 0.1,
    "previous_day_activity": 0.075,
    "activity_balance": 0.075,
}


@dataclass(frozen=True)
class Interval:
    """A stretch of time (UTC epoch seconds) that shapes the heart-rate series."""

    start: int
    end: int
    kind: str  # "sleep", "workout" or "rest"
    low_bpm: float = 0.0
    high_bpm: float = 0.0


@dataclass(frozen=True)
class DayPlan:
    """What the heart-rate generator needs to know about one local day."""

    day: date
    worn: bool
    start: int  # local midnight, UTC epoch seconds
    end: int  # the next local midnight
    utc_offset_seconds: int
    awake_bpm: float
    intervals: tuple[Interval, ...] = ()


@dataclass
class DayRecord:
    """One local day: its plan and its documents per endpoint (a daily endpoint may be missing)."""

    plan: DayPlan
    daily: dict[str, dict] = field(default_factory=dict)
    sleep: list[dict] = field(default_factory=list)


def clamp_score(value: float) -> int:
    """An Oura score or contributor: an integer in 1..100."""
    return max(1, min(100, round(value)))


def document_id(seed: int, endpoint: str, key: str) -> str:
    """A stable UUID for one document, so re-generation and revisions keep ids."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{seed}/{endpoint}/{key}"))


def local_day_bounds(day: date, zone: ZoneInfo) -> tuple[int, int]:
    """UTC epoch seconds of the local midnights that start and end `day` (23 or 25 hours apart on DST days)."""
    start = datetime.combine(day, time(0), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    return int(start.timestamp()), int(end.timestamp())


def local_iso(day: date, clock: time, zone: ZoneInfo) -> str:
    """A local wall-clock time on `day` as Oura writes it: ISO 8601 with the UTC offset."""
    return datetime.combine(day, clock, tzinfo=zone).isoformat()


@dataclass
class BodyState:
    """What carries over from one day to the next."""

    rhr_base: float
    hrv_base: float
    fitness: float
    stress: float = 0.3
    load: float = 0.4  # the slow part of stress: busy or calm spells of weeks
    sleep_hours: deque = field(default_factory=lambda: deque(maxlen=14))
    active_calories: deque = field(default_factory=lambda: deque(maxlen=7))
    stress_share: deque = field(default_factory=lambda: deque(maxlen=14))
    recovery_share: deque = field(default_factory=lambda: deque(maxlen=14))
    sleep_scores: deque = field(default_factory=lambda: deque(maxlen=14))
    days_seen: int = 0


class DayGenerator:
    """Generates consecutive days of one person; `next_day` must be called in date order."""

    def __init__(self, seed: int, timezone: str) -> None:
        self.seed = seed
        self.zone = ZoneInfo(timezone)
        person = random.Random(f"{seed}:person")
        self.state = BodyState(
            rhr_base=person.uniform(48, 60),
            hrv_base=person.uniform(35, 70),
            fitness=person.uniform(0.3, 0.8),
        )

    def next_day(self, day: date) -> DayRecord:
        """Advance the body one day and return that day's plan and documents."""
        rng = random.Random(f"{self.seed}:{day.isoformat()}")
        state = self.state
        state.days_seen += 1
        weekend = day.weekday() >= 5
        if rng.random() < 1 / 21:  # busy and calm spells last about three weeks
            state.load = rng.uniform(0.05, 0.85)
        daily = rng.uniform(0.0, 0.8) + (0.0 if weekend else 0.1)
        state.stress = min(1.0, max(0.0, 0.6 * state.load + 0.2 * state.stress + 0.2 * daily))
        night = self._night(day, rng, weekend)
        activity = self._activity(day, rng, weekend)
        worn = rng.random() >= MISSING_DAY_RATE
        state.sleep_hours.append(night.total_sleep / 3600)
        if not worn:
            state.active_calories.append(activity["active_calories"])
            return DayRecord(
                plan=DayPlan(day, False, *local_day_bounds(day, self.zone), night.utc_offset, 70.0)
            )
        record = DayRecord(plan=self._plan(day, rng, night, activity))
        record.sleep.append(night.document)
        sleep_doc = self._daily_sleep(day, rng, night)
        record.daily["daily_sleep"] = sleep_doc
        readiness = self._daily_readiness(day, rng, night, sleep_doc["score"])
        record.daily["daily_readiness"] = readiness
        night.document["readiness"] = {
            key: readiness[key]
            for key in (
                "contributors",
                "score",
                "temperature_deviation",
                "temperature_trend_deviation",
            )
        }
        record.daily["daily_activity"] = activity
        state.active_calories.append(activity["active_calories"])
        record.daily["daily_stress"] = self._daily_stress(day, rng, night)
        resilience = self._daily_resilience(day)
        if resilience is not None:
            record.daily["daily_resilience"] = resilience
        record.daily["daily_spo2"] = self._daily_spo2(day, rng)
        if rng.random() < NAP_RATE:
            record.sleep.append(self.nap(day, rng))
        return record

    def _night(self, day: date, rng: random.Random, weekend: bool) -> "Night":
        """The main sleep that ends on the morning of `day` (Oura files it under `day`)."""
        state = self.state
        if rng.random() < SHORT_NIGHT_RATE:
            hours = rng.uniform(4.0, 5.8)
        else:
            hours = rng.gauss(7.4, 0.6) - 0.9 * state.stress + (0.4 if weekend else 0.0)
        hours = min(10.0, max(3.5, hours))
        bed_minutes = 22 * 60 + 50 + rng.gauss(0, 35) + (50 if day.weekday() in (5, 6) else 0)
        latency = max(120, int(rng.gauss(600 + 900 * state.stress, 240)))
        awake = max(300, int(rng.gauss(2400 + 1200 * state.stress, 600)))
        total = int(hours * 3600) // 30 * 30
        return Night.build(self, day, rng, bed_minutes, total, latency, awake)

    def _plan(self, day: date, rng: random.Random, night: "Night", activity: dict) -> DayPlan:
        """The heart-rate shape of `day`: the night, an evening rest and maybe a workout."""
        intervals = [night.interval]
        noon = datetime.combine(day, time(12), tzinfo=self.zone)
        offset = int(noon.utcoffset().total_seconds())
        midnight, next_midnight = local_day_bounds(day, self.zone)
        if activity["high_activity_time"] > 0:
            start = midnight + int(rng.uniform(7, 19) * 3600) // 300 * 300
            intensity = rng.uniform(115, 150)
            intervals.append(
                Interval(
                    start,
                    start + activity["high_activity_time"],
                    "workout",
                    intensity,
                    intensity + 20,
                )
            )
        rest_start = midnight + int(rng.uniform(19.5, 21.5) * 3600) // 300 * 300
        intervals.append(
            Interval(rest_start, rest_start + int(rng.uniform(0.5, 1.5) * 3600), "rest", 56, 66)
        )
        awake = 66 + 8 * self.state.stress + rng.gauss(0, 2)
        return DayPlan(
            day,
            True,
            midnight,
            next_midnight,
            offset,
            awake,
            tuple(sorted(intervals, key=lambda i: i.start)),
        )

    def _daily_sleep(self, day: date, rng: random.Random, night: "Night") -> dict:
        """daily_sleep: score and contributors from the night's durations, efficiency and timing."""
        contributors = {
            "deep_sleep": clamp_score(night.deep / 5400 * 100),
            "efficiency": clamp_score(100 - (95 - night.efficiency) * 2.5),
            "latency": clamp_score(100 - abs(night.latency / 60 - 15) * 2.5),
            "rem_sleep": clamp_score(night.rem / 6300 * 100),
            "restfulness": clamp_score(95 - 40 * self.state.stress + rng.gauss(0, 5)),
            "timing": clamp_score(100 - abs(night.midpoint_hours - 3.0) * 25),
            "total_sleep": clamp_score(100 - max(0.0, 8.0 - night.total_sleep / 3600) * 22),
        }
        score: int | None = clamp_score(
            sum(contributors[k] * w for k, w in SLEEP_SCORE_WEIGHTS.items()) + rng.gauss(0, 2)
        )
        if rng.random() < NULL_SLEEP_RATE:
            contributors = dict.fromkeys(contributors)
            score = None
        if score is not None:
            self.state.sleep_scores.append(score)
        return {
            "id": document_id(self.seed, "daily_sleep", day.isoformat()),
            "contributors": contributors,
            "day": day.isoformat(),
            "score": score,
            "timestamp": local_iso(day, time(0), self.zone),
        }

    def _daily_readiness(
        self, day: date, rng: random.Random, night: "Night", sleep_score: int | None
    ) -> dict:
        """daily_readiness: last night, sleep balance, HRV and resting HR against baselines, activity, temperature."""
        state = self.state
        has_baseline = state.days_seen > BASELINE_DAYS
        temperature = round(
            rng.gauss(0.0, 0.2) + (rng.uniform(0.6, 1.2) if rng.random() < 0.02 else 0.0), 2
        )
        if rng.random() < NULL_TEMPERATURE_RATE:
            temperature = None
        calories = list(state.active_calories)
        contributors = {
            "activity_balance": clamp_score(60 + fmean(calories) / 12)
            if has_baseline and calories
            else None,
            "body_temperature": clamp_score(100 - abs(temperature) * 60)
            if temperature is not None
            else None,
            "hrv_balance": clamp_score(75 + (night.average_hrv - state.hrv_base) * 2)
            if has_baseline
            else None,
            "previous_day_activity": clamp_score(50 + calories[-1] / 10) if calories else None,
            "previous_night": clamp_score(sleep_score + rng.gauss(0, 4))
            if sleep_score is not None
            else None,
            "recovery_index": clamp_score(90 - 35 * state.stress + rng.gauss(0, 6)),
            "resting_heart_rate": clamp_score(100 - max(0.0, night.lowest_hr - state.rhr_base) * 8),
            "sleep_balance": clamp_score(100 - max(0.0, 7.5 - fmean(state.sleep_hours)) * 30)
            if has_baseline
            else None,
            "sleep_regularity": clamp_score(
                85 - abs(night.midpoint_hours - 3.0) * 15 + rng.gauss(0, 5)
            )
            if has_baseline
            else None,
        }
        known = {k: w for k, w in READINESS_SCORE_WEIGHTS.items() if contributors[k] is not None}
        score = clamp_score(
            sum(contributors[k] * w for k, w in known.items()) / sum(known.values())
            + rng.gauss(0, 2)
        )
        return {
            "id": document_id(self.seed, "daily_readiness", day.isoformat()),
            "contributors": contributors,
            "day": day.isoformat(),
            "score": score,
            "temperature_deviation": temperature,
            "temperature_trend_deviation": round(temperature * 0.6, 2)
            if temperature is not None
            else None,
            "timestamp": local_iso(day, time(0), self.zone),
        }

    def _activity(self, day: date, rng: random.Random, weekend: bool) -> dict:
        """daily_activity: steps, calories, activity times and contributors (a day from 4 a.m.)."""
        workout = rng.random() < 0.25 + 0.3 * self.state.fitness
        steps = max(
            500, int(rng.gauss(7500 + (1500 if weekend else 0), 2500) + (4000 if workout else 0))
        )
        high = int(rng.uniform(1800, 4200)) // 300 * 300 if workout else 0
        medium = int(steps / 8000 * 3000 + rng.uniform(0, 1800))
        low = int(rng.uniform(9000, 16000))
        resting = int(rng.uniform(25000, 32000))
        non_wear = int(rng.uniform(0, 3600))
        sedentary = max(0, 86400 - high - medium - low - resting - non_wear)
        active_calories = int(steps * 0.04 + high / 60 * 10 + rng.uniform(0, 80))
        target_calories = 450
        contributors = {
            "meet_daily_targets": clamp_score(active_calories / target_calories * 80),
            "move_every_hour": clamp_score(100 - rng.randint(0, 3) * 10),
            "recovery_time": clamp_score(100 - 40 * self.state.stress),
            "stay_active": clamp_score(100 - sedentary / 86400 * 80),
            "training_frequency": clamp_score(40 + 60 * self.state.fitness),
            "training_volume": clamp_score(50 + high / 60),
        }
        met_minutes = {
            "high": int(high / 60 * 8),
            "medium": int(medium / 60 * 4.5),
            "low": int(low / 60 * 2.5),
        }
        return {
            "id": document_id(self.seed, "daily_activity", day.isoformat()),
            "class_5_min": None,
            "score": clamp_score(fmean(contributors.values()) + rng.gauss(0, 3)),
            "active_calories": active_calories,
            "average_met_minutes": round(1.3 + active_calories / 1000, 5),
            "contributors": contributors,
            "day": day.isoformat(),
            "equivalent_walking_distance": int(steps * 0.8),
            "high_activity_met_minutes": met_minutes["high"],
            "high_activity_time": high,
            "inactivity_alerts": rng.randint(0, 3),
            "low_activity_met_minutes": met_minutes["low"],
            "low_activity_time": low,
            "medium_activity_met_minutes": met_minutes["medium"],
            "medium_activity_time": medium,
            "met": self._met_sample(day, rng, high),
            "meters_to_target": 8000 - int(steps * 0.8),
            "non_wear_time": non_wear,
            "resting_time": resting,
            "sedentary_met_minutes": int(sedentary / 60 * 1.1),
            "sedentary_time": sedentary,
            "steps": steps,
            "target_calories": target_calories,
            "target_meters": 8000,
            "timestamp": local_iso(day, time(4), self.zone),
            "total_calories": active_calories + 1750 + rng.randint(0, 150),
        }

    def _met_sample(self, day: date, rng: random.Random, high_seconds: int) -> dict:
        """Hourly MET averages from 4 a.m. (Oura sends minutes; hours keep raw child tables small)."""
        items = [
            round(max(0.9, rng.gauss(1.6 if 8 <= (4 + h) % 24 <= 21 else 1.0, 0.3)), 3)
            for h in range(24)
        ]
        if high_seconds:
            items[rng.randint(4, 14)] = round(6 + rng.uniform(0, 3), 3)
        return {"interval": 3600.0, "items": items, "timestamp": local_iso(day, time(4), self.zone)}

    def _daily_stress(self, day: date, rng: random.Random, night: "Night") -> dict:
        """daily_stress: seconds of high stress and high recovery, and the day's summary."""
        state = self.state
        stress_high = int(max(0.0, rng.gauss(state.stress * 5 * 3600, 1800))) // 900 * 900
        recovery_high = (
            int(max(0.0, rng.gauss((1 - state.stress) * 4 * 3600 + night.efficiency * 20, 1800)))
            // 900
            * 900
        )
        state.stress_share.append(stress_high / 28800)
        state.recovery_share.append(recovery_high / 28800)
        summary: str | None = "normal"
        if stress_high > 2 * recovery_high and stress_high >= 3 * 3600:
            summary = "stressful"
        elif recovery_high > 2 * stress_high:
            summary = "restored"
        if rng.random() < 0.03:
            summary = None
        return {
            "id": document_id(self.seed, "daily_stress", day.isoformat()),
            "day": day.isoformat(),
            "day_summary": summary,
            "recovery_high": recovery_high,
            "stress_high": stress_high,
        }

    def _daily_resilience(self, day: date) -> dict | None:
        """daily_resilience after the baseline: recent sleep, daytime recovery and stress, and the level."""
        state = self.state
        if state.days_seen <= BASELINE_DAYS or not state.sleep_scores:
            return None
        contributors = {
            "sleep_recovery": round(min(100.0, fmean(state.sleep_scores) * 0.95 + 5), 1),
            "daytime_recovery": round(min(100.0, 25 + 120 * fmean(state.recovery_share)), 1),
            "stress": round(max(1.0, 100 - 110 * fmean(state.stress_share)), 1),
        }
        mean = fmean(contributors.values())
        level = (
            "limited"
            if mean < 45
            else "adequate"
            if mean < 58
            else "solid"
            if mean < 70
            else "strong"
            if mean < 82
            else "exceptional"
        )
        return {
            "id": document_id(self.seed, "daily_resilience", day.isoformat()),
            "day": day.isoformat(),
            "contributors": contributors,
            "level": level,
        }

    def _daily_spo2(self, day: date, rng: random.Random) -> dict:
        """daily_spo2: average oxygen saturation during the night (sometimes not measured)."""
        measured = rng.random() >= 0.05
        return {
            "id": document_id(self.seed, "daily_spo2", day.isoformat()),
            "breathing_disturbance_index": rng.randint(0, 12) if measured else None,
            "day": day.isoformat(),
            "spo2_percentage": {"average": round(min(99.9, rng.gauss(96.6, 0.7)), 3)}
            if measured
            else None,
        }

    def nap(self, day: date, rng: random.Random) -> dict:
        """A short afternoon nap (type late_nap): its own sleep period, no readiness."""
        minutes = rng.randint(20, 60)
        start = datetime.combine(day, time(13, 30), tzinfo=self.zone) + timedelta(
            minutes=rng.randint(0, 150)
        )
        end = start + timedelta(minutes=minutes + 5)
        total = minutes * 60
        lowest = round(self.state.rhr_base + rng.uniform(4, 9))
        return {
            "id": document_id(self.seed, "sleep", f"{day.isoformat()}/nap"),
            "average_breath": round(rng.uniform(13.5, 16.0), 3),
            "average_heart_rate": round(lowest + rng.uniform(3, 6), 3),
            "average_hrv": round(self.state.hrv_base * rng.uniform(0.7, 0.95)),
            "awake_time": 300,
            "bedtime_end": end.isoformat(),
            "bedtime_start": start.isoformat(),
            "day": day.isoformat(),
            "deep_sleep_duration": 0,
            "efficiency": clamp_score(total / (total + 300) * 100),
            "heart_rate": None,
            "hrv": None,
            "latency": 300,
            "light_sleep_duration": total,
            "low_battery_alert": False,
            "lowest_heart_rate": lowest,
            "movement_30_sec": None,
            "period": 1,
            "readiness": None,
            "readiness_score_delta": None,
            "rem_sleep_duration": 0,
            "restless_periods": rng.randint(0, 20),
            "sleep_algorithm_version": "v2",
            "sleep_analysis_reason": "background_sleep_analysis",
            "sleep_phase_30_sec": None,
            "sleep_phase_5_min": "4" + "2" * (minutes // 5),
            "sleep_score_delta": None,
            "time_in_bed": total + 300,
            "total_sleep_duration": total,
            "type": "late_nap",
        }


@dataclass
class Night:
    """The main sleep period of a day, with the figures the daily documents derive from."""

    document: dict
    interval: Interval
    utc_offset: int
    total_sleep: int
    deep: int
    rem: int
    latency: int
    efficiency: int
    midpoint_hours: float
    lowest_hr: int
    average_hrv: int

    @classmethod
    def build(
        cls,
        gen: DayGenerator,
        day: date,
        rng: random.Random,
        bed_minutes: float,
        total: int,
        latency: int,
        awake: int,
    ) -> "Night":
        """The long_sleep document and its figures from bedtime, durations and the body's state."""
        state = gen.state
        start = datetime.combine(day - timedelta(days=1), time(0), tzinfo=gen.zone) + timedelta(
            minutes=bed_minutes
        )
        start = start.replace(second=rng.randint(0, 59), microsecond=0)
        in_bed = total + latency + awake
        end = start + timedelta(seconds=in_bed)
        short_by = max(0.0, 7.0 - total / 3600)
        deep = int(total * min(0.3, max(0.08, rng.gauss(0.19, 0.03))))
        rem = int(total * min(0.3, max(0.1, rng.gauss(0.22, 0.03))))
        lowest = round(state.rhr_base + 4 * state.stress + 1.5 * short_by + rng.gauss(0, 1.5))
        hrv = max(10, round(state.hrv_base - 14 * state.stress - 4 * short_by + rng.gauss(0, 4)))
        average_hr = round(lowest + 5 + rng.gauss(0, 1), 3)
        efficiency = clamp_score(total / in_bed * 100)
        midpoint = (bed_minutes / 60 + in_bed / 7200) - 24
        phases = night_phases(rng, in_bed, latency, deep, rem)
        document = {
            "id": document_id(gen.seed, "sleep", day.isoformat()),
            "average_breath": round(rng.gauss(14.8, 0.6), 3),
            "average_heart_rate": average_hr,
            "average_hrv": hrv,
            "awake_time": awake + latency,
            "bedtime_end": end.isoformat(),
            "bedtime_start": start.isoformat(),
            "day": day.isoformat(),
            "deep_sleep_duration": deep,
            "efficiency": efficiency,
            "heart_rate": None,
            "hrv": None,
            "latency": latency,
            "light_sleep_duration": total - deep - rem,
            "low_battery_alert": False,
            "lowest_heart_rate": lowest,
            "movement_30_sec": "".join(rng.choices("1111112234", k=len(phases) * 10)),
            "period": 0,
            "readiness": None,
            "readiness_score_delta": rng.randint(-3, 3),
            "rem_sleep_duration": rem,
            "restless_periods": int(rng.gauss(250 + 150 * state.stress, 40)),
            "sleep_algorithm_version": "v2",
            "sleep_analysis_reason": "foreground_sleep_analysis",
            "sleep_phase_30_sec": "".join(phase * 10 for phase in phases),
            "sleep_phase_5_min": phases,
            "sleep_score_delta": rng.randint(-3, 3),
            "time_in_bed": in_bed,
            "total_sleep_duration": total,
            "type": "long_sleep",
        }
        interval = Interval(
            int(start.timestamp()), int(end.timestamp()), "sleep", lowest, average_hr + 6
        )
        offset = int(start.utcoffset().total_seconds())
        return cls(
            document, interval, offset, total, deep, rem, latency, efficiency, midpoint, lowest, hrv
        )


def night_phases(rng: random.Random, in_bed: int, latency: int, deep: int, rem: int) -> str:
    """A 5-minute hypnogram ('1' deep, '2' light, '3' REM, '4' awake): deep early, REM late."""
    slots = max(1, in_bed // 300)
    awake_slots = max(1, latency // 300)
    phases = []
    for slot in range(slots):
        if slot < awake_slots:
            phases.append("4")
            continue
        progress = slot / slots
        roll = rng.random()
        if roll < (deep / in_bed) * 2 * (1 - progress):
            phases.append("1")
        elif roll < (deep / in_bed) * 2 * (1 - progress) + (rem / in_bed) * 2 * progress:
            phases.append("3")
        elif roll > 0.96:
            phases.append("4")
        else:
            phases.append("2")
    return "".join(phases)
