{#- The Elo expected score (0-1) of a player rated `rating` against one rated `opponent_rating`. -#}
{% macro elo_expected_score(rating, opponent_rating) -%}
  1.0 / (1.0 + power(10.0, (({{ opponent_rating }}) - ({{ rating }})) / cast(400 as double)))
{%- endmacro %}

{#- Points of a result class: win 1, draw 1/2, loss 0 (double, so sums stay floating point). -#}
{% macro chess_points(result) -%}
  cast(case {{ result }} when 'win' then 1 when 'draw' then 0.5 when 'loss' then 0 end as double)
{%- endmacro %}
