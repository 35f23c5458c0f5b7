{#- What DuckDB, Trino and Spark spell differently, dispatched per adapter (adapter.dispatch): every model
    is written once against these. DuckDB's versions are what the models said before; Trino's and Spark's
    are for the lakehouse (Iceberg tables through Trino's Iceberg connector, or Spark's Iceberg catalog).
    Spark runs with ANSI mode off, as dbt-spark sets it (lifemetrics.lakehouse.spark_session). -#}

{#- A timestamp with time zone from epoch seconds. -#}
{% macro from_epoch(seconds) -%}{{ return(adapter.dispatch('from_epoch')(seconds)) }}{%- endmacro %}
{% macro default__from_epoch(seconds) -%}to_timestamp({{ seconds }}){%- endmacro %}
{% macro trino__from_epoch(seconds) -%}cast(from_unixtime({{ seconds }}) as {{ type_timestamptz() }}){%- endmacro %}
{% macro spark__from_epoch(seconds) -%}timestamp_seconds({{ seconds }}){%- endmacro %}

{#- Epoch seconds of a timestamp with time zone. -#}
{% macro epoch_seconds(timestamptz) -%}{{ return(adapter.dispatch('epoch_seconds')(timestamptz)) }}{%- endmacro %}
{% macro default__epoch_seconds(timestamptz) -%}epoch({{ timestamptz }}){%- endmacro %}
{% macro trino__epoch_seconds(timestamptz) -%}to_unixtime({{ timestamptz }}){%- endmacro %}
{% macro spark__epoch_seconds(timestamptz) -%}cast(unix_micros({{ timestamptz }}) as double) / 1000000{%- endmacro %}

{#- Whole seconds from one timestamp to a later one. -#}
{% macro seconds_between(start, end) -%}{{ return(adapter.dispatch('seconds_between')(start, end)) }}{%- endmacro %}
{% macro default__seconds_between(start, end) -%}date_diff('second', {{ start }}, {{ end }}){%- endmacro %}
{% macro spark__seconds_between(start, end) -%}timestampdiff(SECOND, {{ start }}, {{ end }}){%- endmacro %}

{#- The types the models name: a timestamp with time zone, and one without (wall-clock time). -#}
{% macro type_timestamptz() -%}{{ return(adapter.dispatch('type_timestamptz')()) }}{%- endmacro %}
{% macro default__type_timestamptz() -%}timestamptz{%- endmacro %}
{% macro trino__type_timestamptz() -%}timestamp(6) with time zone{%- endmacro %}
{% macro spark__type_timestamptz() -%}timestamp{%- endmacro %}

{% macro type_wall_clock() -%}{{ return(adapter.dispatch('type_wall_clock')()) }}{%- endmacro %}
{% macro default__type_wall_clock() -%}timestamp{%- endmacro %}
{% macro trino__type_wall_clock() -%}timestamp(6){%- endmacro %}
{% macro spark__type_wall_clock() -%}timestamp_ntz{%- endmacro %}

{#- The engine's type for a model type (varchar, integer, double, date, timestamptz, decimal(10, 0), ...):
    the names DuckDB and Trino share, Spark's text type `string` (its varchar needs a length). -#}
{% macro model_type(type) -%}{{ return(adapter.dispatch('model_type')(type)) }}{%- endmacro %}
{% macro default__model_type(type) -%}{{ type_timestamptz() if type == 'timestamptz' else type }}{%- endmacro %}
{% macro spark__model_type(type) -%}{{ {'varchar': 'string', 'timestamptz': 'timestamp', 'timestamp': 'timestamp_ntz'}.get(type, type) }}{%- endmacro %}

{#- `expression` cast to the model type `type` (varchar, integer, timestamptz, ...): text in ISO 8601
    with an offset (Oura's "2024-03-02T23:15:00+01:00") reads as a timestamp with time zone too. -#}
{% macro cast_to(expression, type) -%}{{ return(adapter.dispatch('cast_to')(expression, type)) }}{%- endmacro %}
{% macro default__cast_to(expression, type) -%}cast({{ expression }} as {{ model_type(type) }}){%- endmacro %}
{% macro trino__cast_to(expression, type) -%}
  {%- if type == 'timestamptz' -%}
    coalesce(cast(try(from_iso8601_timestamp(cast({{ expression }} as varchar))) as {{ type_timestamptz() }}), try_cast({{ expression }} as {{ type_timestamptz() }}))
  {%- else -%}
    cast({{ expression }} as {{ type }})
  {%- endif -%}
{%- endmacro %}

{#- The earliest timestamp with time zone (an incremental watermark's start). -#}
{% macro earliest_timestamptz() -%}{{ return(adapter.dispatch('earliest_timestamptz')()) }}{%- endmacro %}
{% macro default__earliest_timestamptz() -%}'-infinity'::timestamptz{%- endmacro %}
{% macro trino__earliest_timestamptz() -%}timestamp '0001-01-01 00:00:00.000000 UTC'{%- endmacro %}
{% macro spark__earliest_timestamptz() -%}timestamp '0001-01-01 00:00:00 UTC'{%- endmacro %}

{#- A timestamp with time zone as wall-clock time in `zone`. -#}
{% macro wall_clock_in(zone, timestamptz) -%}{{ return(adapter.dispatch('wall_clock_in')(zone, timestamptz)) }}{%- endmacro %}
{% macro default__wall_clock_in(zone, timestamptz) -%}timezone('{{ zone }}', {{ timestamptz }}){%- endmacro %}
{% macro trino__wall_clock_in(zone, timestamptz) -%}cast({{ timestamptz }} at time zone '{{ zone }}' as timestamp(6)){%- endmacro %}
{#- Spark's session time zone is UTC: the shifted instant read in UTC is the wall-clock time in `zone`. -#}
{% macro spark__wall_clock_in(zone, timestamptz) -%}cast(from_utc_timestamp({{ timestamptz }}, '{{ zone }}') as timestamp_ntz){%- endmacro %}

{#- An array of structs, aggregated in `order_by` order: `fields` is a list of (name, SQL, type). -#}
{% macro ordered_structs(fields, order_by) -%}{{ return(adapter.dispatch('ordered_structs')(fields, order_by)) }}{%- endmacro %}
{#- DuckDB: with every key ascending, each struct is collected behind its sort keys (_k0, _k1, ...) and
    the list sorted after (a struct compares field by field, NULLs last as ORDER BY puts them): a plain
    list() spills to disk under the memory limit where an ordered one cannot, and is faster. A key
    with more than a column (`total_games desc`) takes the ordered aggregate. -#}
{% macro default__ordered_structs(fields, order_by) -%}
  {%- set keys = order_by.split(',') | map('trim') | list -%}
  {%- set struct -%}
    { {%- for name, expression, type in fields %}'{{ name }}': cast({{ expression }} as {{ type }}){{ ', ' if not loop.last }}{% endfor -%} }
  {%- endset -%}
  {%- if ' ' in keys | join(',') -%}
    list({{ struct }} order by {{ order_by }})
  {%- else -%}
    list_transform(list_sort(list({ {%- for key in keys %}'_k{{ loop.index0 }}': {{ key }}, {% endfor -%} '_v': {{ struct }} })), x -> x._v)
  {%- endif -%}
{%- endmacro %}
{% macro trino__ordered_structs(fields, order_by) -%}
  array_agg(cast(row({%- for name, expression, type in fields %}{{ expression }}{{ ', ' if not loop.last }}{% endfor -%})
    as row({%- for name, expression, type in fields %}{{ name }} {{ type }}{{ ', ' if not loop.last }}{% endfor -%})) order by {{ order_by }})
{%- endmacro %}

{#- Spark has no ordered aggregate: the structs are collected with their sort keys (_k0, _k1, ...), sorted
    by a comparator that orders as ORDER BY does (each key ascending or `desc`, NULLs last), and the keys
    dropped. -#}
{% macro spark__ordered_structs(fields, order_by) -%}
  {%- set keys = [] -%}
  {%- for term in order_by.split(',') -%}
    {%- set words = term.strip().split(' ') -%}
    {%- do keys.append((words[0], words[-1] | lower == 'desc')) -%}
  {%- endfor -%}
  transform(array_sort(collect_list(named_struct(
    {%- for expression, descending in keys %}'_k{{ loop.index0 }}', {{ expression }}, {% endfor -%}
    {%- for name, expression, type in fields %}'{{ name }}', cast({{ expression }} as {{ model_type(type) }}){{ ', ' if not loop.last }}{% endfor -%}
  )), (l, r) -> case
    {%- for expression, descending in keys %}
    {%- set k = '_k' ~ loop.index0 %}
    when l.{{ k }} is null and r.{{ k }} is not null then 1 when l.{{ k }} is not null and r.{{ k }} is null then -1
    when l.{{ k }} {{ '>' if descending else '<' }} r.{{ k }} then -1 when l.{{ k }} {{ '<' if descending else '>' }} r.{{ k }} then 1
    {%- endfor %} else 0 end),
  x -> named_struct({%- for name, expression, type in fields %}'{{ name }}', x.{{ name }}{{ ', ' if not loop.last }}{% endfor -%}))
{%- endmacro %}

{#- The number of elements of an array. -#}
{% macro array_length(array) -%}{{ return(adapter.dispatch('array_length')(array)) }}{%- endmacro %}
{% macro default__array_length(array) -%}len({{ array }}){%- endmacro %}
{% macro trino__array_length(array) -%}cardinality({{ array }}){%- endmacro %}
{% macro spark__array_length(array) -%}size({{ array }}){%- endmacro %}

{#- A sum or average taken in `order_by` order, so floating-point sums never depend on how rows were
    stored (DuckDB); Trino and Spark have no ordered sum and add in their own order (equal within rounding). -#}
{% macro ordered_sum(expression, order_by) -%}{{ return(adapter.dispatch('ordered_sum')(expression, order_by)) }}{%- endmacro %}
{% macro default__ordered_sum(expression, order_by) -%}sum({{ expression }} order by {{ order_by }}){%- endmacro %}
{% macro trino__ordered_sum(expression, order_by) -%}sum({{ expression }}){%- endmacro %}
{% macro spark__ordered_sum(expression, order_by) -%}sum({{ expression }}){%- endmacro %}

{% macro ordered_avg(expression, order_by) -%}{{ return(adapter.dispatch('ordered_avg')(expression, order_by)) }}{%- endmacro %}
{% macro default__ordered_avg(expression, order_by) -%}avg({{ expression }} order by {{ order_by }}){%- endmacro %}
{% macro trino__ordered_avg(expression, order_by) -%}avg({{ expression }}){%- endmacro %}
{% macro spark__ordered_avg(expression, order_by) -%}avg({{ expression }}){%- endmacro %}

{#- The incremental strategy that replaces a model's rows by key: delete+insert on DuckDB, merge on Iceberg. -#}
{% macro replace_by_key_strategy() -%}{{ return(adapter.dispatch('replace_by_key_strategy')()) }}{%- endmacro %}
{% macro default__replace_by_key_strategy() -%}{{ return('delete+insert') }}{%- endmacro %}
{% macro trino__replace_by_key_strategy() -%}{{ return('merge') }}{%- endmacro %}
{% macro spark__replace_by_key_strategy() -%}{{ return('merge') }}{%- endmacro %}

{#- The Trino table properties of a mart: Parquet, partitioned by the given columns (e.g. year, month). -#}
{% macro lake_properties(partitioning=[]) -%}
  {%- set properties = {'format': "'PARQUET'"} -%}
  {%- if partitioning -%}
    {%- do properties.update({'partitioning': "ARRAY[" ~ ("'" ~ partitioning | join("', '") ~ "'") ~ "]"}) -%}
  {%- endif -%}
  {{ return(properties) }}
{%- endmacro %}

