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

