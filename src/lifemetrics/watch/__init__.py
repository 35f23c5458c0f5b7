"""`lifemetrics watch`: heart rate from Oura every few minutes, alert rules, notifications, written to raw
for a moment at a time (see poller.py). The rules are pure (rules.py); the warehouse side is store.py."""
