-- Raw rows set aside by their table's row-level checks (macro row_checks), one row each: where it came
-- from, its key, the first check it fails (every failed check in failed_checks) and the raw value.
-- Rebuilt from raw on every build: a row mended upstream (a re-read month or window) leaves it by itself.
{{ config(materialized='table') }}
-- depends_on: {{ ref('chess_result_codes') }} (the result codes the chess.com checks know)

{%- set parts = [] %}
{%- for name in row_checks().keys() | sort %}
  {%- set source_name, table_name = name.split('.') %}
  {%- set src = source(source_name, table_name) %}
  {%- set relation = loaded_relation(src) %}
  {%- if relation is not none %}
    {%- set present = relation_columns(relation) %}
    {%- set conditions = failed_row_conditions(source_name, table_name, present) %}
    {%- set key = row_checks()[name]['key'] %}
    {%- set part %}
select
    '{{ source_name | replace('raw_', '', 1) }}' as source,
    '{{ table_name }}' as raw_table,
    concat_ws('/', {% for column in key %}cast({{ adapter.quote(column) }} as {{ model_type('varchar') }}){{ ', ' if not loop.last }}{% endfor %}) as record_key,
    case {% for condition, label, value in conditions %}when coalesce({{ condition }}, false) then {{ label }} {% endfor %}end as failed_check,
    case {% for condition, label, value in conditions %}when coalesce({{ condition }}, false) then {{ value }} {% endfor %}end as raw_value,
    concat_ws('; '{% for condition, label, value in conditions %}, case when coalesce({{ condition }}, false) then {{ label }} end{% endfor %}) as failed_checks,
    {{ loaded_at(adapter.quote('_dlt_load_id')) }} as loaded_at
from {{ src }}
where not {{ passes_row_checks(source_name, table_name, present) }}
    {%- endset %}
    {%- do parts.append(part) %}
  {%- endif %}
{%- endfor %}

{%- if parts %}
{{ parts | join('\nunion all\n') }}
{%- else %}
select
    cast(null as {{ model_type('varchar') }}) as source,
    cast(null as {{ model_type('varchar') }}) as raw_table,
    cast(null as {{ model_type('varchar') }}) as record_key,
    cast(null as {{ model_type('varchar') }}) as failed_check,
    cast(null as {{ model_type('varchar') }}) as raw_value,
    cast(null as {{ model_type('varchar') }}) as failed_checks,
    cast(null as {{ type_timestamptz() }}) as loaded_at
where false
{%- endif %}
