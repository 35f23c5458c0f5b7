{#- Every local day with an Oura document daily_health is built from, as a subquery (column `day`). -#}
{% macro oura_document_days() -%}
  (
    {%- for model in ['stg_oura__daily_resilience', 'stg_oura__daily_sleep', 'stg_oura__daily_readiness',
                      'stg_oura__daily_stress', 'stg_oura__daily_activity', 'stg_oura__daily_spo2',
                      'stg_oura__heartrate', 'stg_oura__sleep'] %}
    select day from {{ ref(model) }}{{ ' union' if not loop.last }}
    {%- endfor %}
  )
{%- endmacro %}
