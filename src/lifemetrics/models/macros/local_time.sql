{#- A TIMESTAMPTZ as wall-clock time in the `timezone` var (LIFEMETRICS_TIMEZONE): local days and hours. -#}
{% macro local_time(timestamptz) -%}
  {{ wall_clock_in(var("timezone"), timestamptz) }}
{%- endmacro %}

{#- The wall-clock part of an ISO 8601 local date-time with its UTC offset, as Oura writes bedtimes
    ("2024-03-02T23:15:00+01:00" -> 2024-03-02 23:15:00): the time the wearer's own clock showed. -#}
{% macro local_wall_clock(iso_text) -%}
  cast(replace(substr({{ iso_text }}, 1, 19), 'T', ' ') as {{ type_wall_clock() }})
{%- endmacro %}
