"""Every colour of the site in one place: the figures use the constants, the pages the CSS variables.

A colour means the same everywhere: green win, grey draw, red loss; one colour per time class and per
health measure. `css_variables` writes the same values as `--name` variables for `site.css`.
"""

from __future__ import annotations

WIN, DRAW, LOSS = "#2f9e44", "#adb5bd", "#e03131"
TIME_CLASS_COLORS = {
    "rapid": "#1c7ed6",
    "blitz": "#f59f00",
    "bullet": "#ae3ec9",
    "daily": "#0ca678",
}
SLEEP, READINESS = "#7048e8", "#1098ad"
AWAKE_HR, REST_HR = "#f76707", "#1c7ed6"
DEEP_SLEEP, REM_SLEEP, LIGHT_SLEEP = "#3b2a8c", "#7048e8", "#b197fc"
HRV, SPO2, STEPS = "#0ca678", "#1c7ed6", "#f59f00"
WARMER, COOLER = "#e8590c", "#1c7ed6"
STRESS, RECOVERY = "#f76707", "#37b24d"
STRESS_FAINT = "rgba(247, 103, 7, 0.3)"
NEUTRAL, WEAKEST, TEXT, MUTED, GRID = "#a5b4c8", "#e8590c", "#1f2937", "#64748b", "#edf0f4"
ME, OPPONENTS = "#1c7ed6", NEUTRAL  # the player's and the opponents' accuracy
AXIS_LINE = "#d0d7e2"
WHISKER = "#475569"
ON_BAR = "white"
LABEL_BACKGROUND = "rgba(255,255,255,0.8)"
TRANSPARENT = "rgba(0,0,0,0)"
BUTTON, BUTTON_ACTIVE = "#f1f3f7", "#dbe4f0"
RESILIENCE_COLORS = ("#e03131", "#f59f00", "#fcc419", "#94d82d", "#2f9e44")
CONTRIBUTOR_SCALE = [[0, "#e03131"], [0.5, "#fcc419"], [0.75, "#c0eb75"], [1, "#2f9e44"]]

# name -> value of the CSS variables the pages use (`var(--name)` in site.css)
CSS_COLORS = {
    "bg": "#f4f6f9",
    "bg-glass": "rgba(244, 246, 249, 0.92)",
    "card": "#ffffff",
    "text": TEXT,
    "muted": MUTED,
    "faint": "#94a3b8",
    "faint-on-dark": "#cbd5e1",
    "on-dark": "#fff",
    "line": "#e3e8ef",
    "rule": "#eef1f5",
    "accent": TIME_CLASS_COLORS["rapid"],
    "hover": "#eef2f7",
    "win": WIN,
    "loss": LOSS,
    "neutral": NEUTRAL,
    "empty-border": "#c5cfdc",
    "empty-bg": "#fbfcfe",
    "optimal-bg": "#d3f9d8",
    "optimal-text": "#2b8a3e",
    "good-bg": "#f1f3f5",
    "good-text": "#343a40",
    "low-bg": "#ffe3e3",
    "low-text": "#c92a2a",
    "shadow": "rgba(16, 24, 40, 0.05)",
}


def css_variables() -> str:
    """The colours as a `:root` block of CSS variables (shipped as `assets/palette.css`)."""
    lines = [f"  --{name}: {value};" for name, value in CSS_COLORS.items()]
    return ":root {\n" + "\n".join(lines) + "\n}\n"
