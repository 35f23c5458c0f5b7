{#- The result class (win / draw / loss) of one side's chess.com result code, as
    seeds/chess_result_codes.csv gives it; a code it does not list counts as a loss. -#}
{% macro chess_result_class(code) -%}
  case
    when {{ code }} is null then null
    else coalesce(
      (select result_class from {{ ref('chess_result_codes') }} where code = {{ code }}), 'loss'
    )
  end
{%- endmacro %}

{#- One of a game's white_/black_ columns seen from the tracked player (`my`) or the opponent. -#}
{% macro chess_side(whose, column) -%}
  {%- set mine = "white" if whose == "my" else "black" -%}
  {%- set theirs = "black" if whose == "my" else "white" -%}
  case when my_color = 'white' then {{ mine }}_{{ column }} else {{ theirs }}_{{ column }} end
{%- endmacro %}

