"""Local stand-ins of the chess.com and Oura APIs (127.0.0.1 only), for tests, the demo and benchmarks.

The library never imports this package; the CLI's demo and the tests do.
"""
