{#- Lichess's formulas for judging moves from an engine's evaluations (lichess-org/scalachess
    `WinPercent`, lichess-org/lila `AccuracyPercent` and `Advice`). Arguments are from the mover's side:
    centipawns `cp`, or moves to mate `mate` (>= 0: the mover mates; 0: the move gave checkmate). -#}

{#- Centipawns capped at +-1000, a mate counted as +-1000 (Lichess's Cp.CEILING). -#}
{% macro capped_centipawns(cp, mate) -%}
  (case when {{ mate }} is not null then (case when {{ mate }} >= 0 then 1000 else -1000 end)
        else greatest(-1000, least(1000, {{ cp }})) end)
{%- endmacro %}

{#- Win%: the mover's chance of winning, 0-100: 50 + 50 * (2 / (1 + exp(-0.00368208 * cp)) - 1). -#}
{% macro lichess_win_percent(cp, mate) -%}
  (50 + 50 * (2 / (1 + exp(-0.00368208 * {{ capped_centipawns(cp, mate) }})) - 1))
{%- endmacro %}

{#- A move's accuracy, 0-100, from the mover's Win% before and after it (with Lichess's +1 for the
    engine's own imprecision): 103.1668 * exp(-0.04354 * loss) - 3.1669 + 1. -#}
{% macro lichess_move_accuracy(win_before, win_after) -%}
  (case when {{ win_after }} >= {{ win_before }} then 100.0
        else greatest(0.0, least(100.0,
            103.1668100711649 * exp(-0.04354415386753951 * ({{ win_before }} - {{ win_after }})) - 3.166924740191411 + 1))
   end)
{%- endmacro %}

{#- Lichess's judgement of a move: between two centipawn evaluations, a loss of Win% of at least 15 / 10 / 5
    points (0.3 / 0.2 / 0.1 of Lichess's winning chances, -1..1) is a blunder / mistake / inaccuracy; allowing
    a forced mate or losing one's own is a blunder, a mistake when the position was already beyond 7 pawns
    and an inaccuracy beyond 10 pawns (lila's MateAdvice). NULL for every other move. -#}
{% macro lichess_judgement(win_loss, before_cp, before_mate, after_cp, after_mate) -%}
  (case
    when {{ before_mate }} is null and {{ after_mate }} is null then
      case when {{ win_loss }} >= 15 then 'blunder' when {{ win_loss }} >= 10 then 'mistake'
           when {{ win_loss }} >= 5 then 'inaccuracy' end
    when {{ before_mate }} is null and {{ after_mate }} < 0 then
      case when {{ before_cp }} < -999 then 'inaccuracy' when {{ before_cp }} < -700 then 'mistake' else 'blunder' end
    when {{ before_mate }} > 0 and ({{ after_mate }} is null or {{ after_mate }} < 0) then
      case when coalesce({{ after_cp }}, 0) > 999 then 'inaccuracy' when coalesce({{ after_cp }}, 0) > 700 then 'mistake'
           else 'blunder' end
  end)
{%- endmacro %}
