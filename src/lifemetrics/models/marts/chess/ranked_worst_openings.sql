-- The 5 openings with the lowest win ratio per player and colour (played in >= 1% of rapid games).
{{ ranked_openings('asc') }}
