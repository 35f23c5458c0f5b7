"""The lifemetrics benchmark: speed, memory and network cost of the pipeline at personal and club scale.

Run it from the repository root with `.venv/bin/python -m bench` (see the README's "Performance" section).
It is a script package beside the library, not part of it: it imports the stand-ins and generators,
which the library never does.
"""
