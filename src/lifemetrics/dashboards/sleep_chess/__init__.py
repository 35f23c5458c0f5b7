"""The sleep-and-chess page: does last night change today's chess? (chess_health_effects, _bands)."""
