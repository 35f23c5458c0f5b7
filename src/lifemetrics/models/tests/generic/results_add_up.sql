{#- Fails on every aggregate row where wins + losses + draws differ from the games counted. -#}
{% test results_add_up(model, games="total_games", wins="total_wins", losses="total_losses", draws="total_draws") %}
select *
from {{ model }}
where {{ wins }} + {{ losses }} + {{ draws }} <> {{ games }}
{% endtest %}
