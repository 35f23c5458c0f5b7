"""Deterministic synthetic data (chess histories, Oura days) for the demo, tests and benchmarks.

The library never imports this package; the stand-ins, the demo and the tests do.
"""
