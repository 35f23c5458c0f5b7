{#- The standard normal quantile of a two-sided 95% interval. -#}
{% macro z_95() -%}
  1.959963984540054
{%- endmacro %}
