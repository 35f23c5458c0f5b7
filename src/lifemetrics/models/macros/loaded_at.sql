{#- When dlt loaded a raw row: its `_dlt_load_id` is the load's start as epoch seconds. -#}
{% macro loaded_at(load_id_column) -%}
  {{ from_epoch('cast(' ~ load_id_column ~ ' as double)') }}
{%- endmacro %}

{#- Incremental filter: rows loaded after everything this model has already seen (all rows on a full build).
    Watermarking on load time, not on business dates, catches late games and revised Oura days. -#}
{% macro loaded_after_watermark(column="_loaded_at") -%}
  {%- if is_incremental() -%}
    {{ column }} > (select coalesce(max({{ column }}), {{ earliest_timestamptz() }}) from {{ this }})
  {%- else -%}
    true
  {%- endif -%}
{%- endmacro %}
