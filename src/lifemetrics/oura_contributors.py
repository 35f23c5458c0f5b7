"""Oura's sleep and readiness contributors as published in `daily_health`, with the labels every view shows."""

SLEEP_CONTRIBUTORS = {
    "deep_sleep": "Deep sleep",
    "rem_sleep": "REM sleep",
    "efficiency": "Efficiency",
    "latency": "Latency",
    "restfulness": "Restfulness",
    "timing": "Timing",
    "total_sleep": "Total sleep",
}
READINESS_CONTRIBUTORS = {
    "activity_balance": "Activity balance",
    "body_temperature": "Body temperature",
    "hrv_balance": "HRV balance",
    "recovery_index": "Recovery index",
    "resting_heart_rate": "Resting heart rate",
    "sleep_balance": "Sleep balance",
}
