{#- The result class (win / draw / loss) of one side's chess.com result code (codes: vars in dbt_project.yml). -#}
{% macro chess_result_class(code) -%}
  case
    when {{ code }} is null then null
    when {{ code }} = 'win' then 'win'
    when {{ code }} in ('{{ var("chess_draw_codes") | join("', '") }}') then 'draw'
    else 'loss'
  end
{%- endmacro %}

{#- One of a game's white_/black_ columns seen from the tracked player (`my`) or the opponent. -#}
{% macro chess_side(whose, column) -%}
  {%- set mine = "white" if whose == "my" else "black" -%}
  {%- set theirs = "black" if whose == "my" else "white" -%}
  case when my_color = 'white' then {{ mine }}_{{ column }} else {{ theirs }}_{{ column }} end
{%- endmacro %}

{#- Points a result class is worth: win 1, draw 1/2, loss 0. -#}
{% macro chess_points(result_class) -%}
  case {{ result_class }} when 'win' then 1.0 when 'draw' then 0.5 when 'loss' then 0.0 end
{%- endmacro %}

{#- The Elo expectation: the points per game a player rated `rating` is expected to score against `opponent_rating`. -#}
{% macro elo_expected_score(rating, opponent_rating) -%}
  1.0 / (1.0 + pow(10.0, ({{ opponent_rating }} - {{ rating }}) / 400.0))
{%- endmacro %}
