{#- The standard normal quantile z with P(Z > z) = p, for 0 < p <= 0.5 (Abramowitz and Stegun
    26.2.23, absolute error under 4.5e-4): z = 1.96 for p = 0.025. -#}
{% macro normal_upper_quantile(p) -%}
  (sqrt(-2.0 * ln({{ p }}))
    - (2.515517 + 0.802853 * sqrt(-2.0 * ln({{ p }})) + 0.010328 * (-2.0 * ln({{ p }})))
    / (1.0 + 1.432788 * sqrt(-2.0 * ln({{ p }})) + 0.189269 * (-2.0 * ln({{ p }}))
       + 0.001308 * power(sqrt(-2.0 * ln({{ p }})), 3)))
{%- endmacro %}
