"""Where an alert goes: a line on the terminal (the journal under systemd), a desktop notification where
`notify-send` exists, and a webhook: one POST of JSON, which ntfy.sh-style services and chat hooks accept."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import requests

from lifemetrics.watch.rules import Episode

TITLE = "lifemetrics: heart rate alert"
WEBHOOK_TIMEOUT_SECONDS = 10.0
DESKTOP_TIMEOUT_SECONDS = 5.0


def alert_text(episode: Episode, zone: ZoneInfo) -> str:
    """'heart rate 152 bpm (awake) at 10:10, above your baseline limit of 95 bpm since 10:00'."""
    rule = "your baseline limit" if episode.rule == "baseline" else "the ceiling"
    ended = f", ended {_clock(episode.ended_at, zone)}" if episode.ended_at else ""
    return (
        f"heart rate peak {episode.peak_bpm} bpm ({episode.source}) at {_clock(episode.peak_at, zone)}, "
        f"above {rule} of {episode.limit_bpm:g} bpm since {_clock(episode.started_at, zone)}{ended}"
    )


def alert_payload(episode: Episode, zone: ZoneInfo) -> dict:
    """The webhook's JSON: the episode's start, peak and end (null while it goes on) and a readable text."""
    text = alert_text(episode, zone)
    return {
        "title": TITLE,
        "message": text,
        "text": text,  # what Slack- and Mattermost-style hooks show
        "source": episode.source,
        "rule": episode.rule,
        "limit_bpm": episode.limit_bpm,
        "started_at": episode.started_at.isoformat(),
        "peak_at": episode.peak_at.isoformat(),
        "peak_bpm": episode.peak_bpm,
        "ended_at": episode.ended_at.isoformat() if episode.ended_at else None,
        "samples": episode.samples,
    }


def _clock(moment: datetime, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M %Z}"


@dataclass(frozen=True)
class Notifier:
    """Sends each alert everywhere it is set to go; a failed channel is said as a line, never raised."""

    zone: ZoneInfo
    say: Callable[[str], None]
    webhook_url: str | None = None
    desktop: bool = True

    def send(self, episode: Episode) -> bool:
        """The terminal line, the desktop notification, the webhook POST; False when the POST failed."""
        text = alert_text(episode, self.zone)
        self.say(f"ALERT {text}")
        if self.desktop:
            self._desktop(text)
        return self.post(episode)

    def post(self, episode: Episode) -> bool:
        """The webhook POST alone (True when none is set): what a later poll tries again after a failure."""
        if not self.webhook_url:
            return True
        return self._webhook(self.webhook_url, alert_payload(episode, self.zone))

    def _desktop(self, text: str) -> None:
        program = shutil.which("notify-send")
        if program is None:
            return
        try:
            subprocess.run(
                [program, "--urgency=critical", TITLE, text],
                check=False,
                capture_output=True,
                timeout=DESKTOP_TIMEOUT_SECONDS,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            self.say(f"desktop notification failed: {type(exc).__name__}")

    def _webhook(self, url: str, payload: dict) -> bool:
        where = urlsplit(url).netloc  # the path may hold a secret topic or token
        try:
            response = requests.post(
                url,
                json=payload,
                headers={"Title": TITLE, "Tags": "heart"},
                timeout=WEBHOOK_TIMEOUT_SECONDS,
            )
        except requests.RequestException as exc:
            self.say(f"webhook at {where} failed ({type(exc).__name__}); trying again next poll")
            return False
        if response.status_code >= 400:
            self.say(
                f"webhook at {where} answered HTTP {response.status_code}; trying again next poll"
            )
            return False
        return True
