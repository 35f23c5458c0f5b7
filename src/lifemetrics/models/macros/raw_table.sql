{#- The raw table `source_name.table_name` as a subquery with exactly `columns` (name -> SQL type),
    without the rows its row-level checks set aside (macro row_checks; they are in `quarantine`).
    A column dlt never created reads as a typed NULL; a table not loaded yet (first run, or a
    source with no data) reads as zero typed rows, so staging works on an empty warehouse. -#}
{% macro raw_table(source_name, table_name, columns) -%}
  {%- set src = source(source_name, table_name) -%}
  {%- set relation = loaded_relation(src) -%}
  {%- set present = relation_columns(relation) -%}
  (
    select
    {%- for name, type in columns.items() %}
      {% if name in present -%} {{ cast_to(adapter.quote(name), type) }} {%- else -%} cast(null as {{ model_type(type) }}) {%- endif %} as {{ adapter.quote(name) }}{{ "," if not loop.last }}
    {%- endfor %}
    from {% if relation is not none -%} {{ src }} where {{ passes_row_checks(source_name, table_name, present) }} {%- else -%} (select 1) as not_loaded_yet where false {%- endif %}
  )
{%- endmacro %}


{#- The relation of source `src` when the warehouse has it (none while parsing or before its first load). -#}
{% macro loaded_relation(src) -%}
  {{ return(adapter.get_relation(database=src.database, schema=src.schema, identifier=src.identifier) if execute else none) }}
{%- endmacro %}


{#- The lower-case column names of `relation` (none: no columns). -#}
{% macro relation_columns(relation) -%}
  {%- set present = [] -%}
  {%- if relation is not none -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
      {%- do present.append(column.name | lower) -%}
    {%- endfor -%}
  {%- endif -%}
  {{ return(present) }}
{%- endmacro %}
