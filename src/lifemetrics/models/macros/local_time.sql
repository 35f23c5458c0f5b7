{#- A TIMESTAMPTZ as wall-clock time in the `timezone` var (LIFEMETRICS_TIMEZONE): local days and hours. -#}
{% macro local_time(timestamptz) -%}
  timezone('{{ var("timezone") }}', {{ timestamptz }})
{%- endmacro %}
