{#- Incremental models and removed rows: a raw row deleted upstream or set aside by its row checks leaves
    staging, and the rows built from it must leave the incremental tables too, as a full refresh would
    never have made them. -#}

{#- Post-hook of an incremental model: delete its rows whose `keys` no longer appear among the rows of
    `upstream` that have the values of `where` ({column: value}). -#}
{% macro delete_vanished_rows(upstream, keys, where={}) -%}
  {%- if is_incremental() -%}
    delete from {{ this }}
    where not exists (
        select 1
        from (
            select {% for key in keys %}{{ key }} as current_{{ key }}{{ ', ' if not loop.last }}{% endfor %}
            from {{ upstream }}
            where true {%- for column, value in where.items() %} and {{ column }} = '{{ value | replace("'", "''") }}'{% endfor %}
        ) as current_rows
        where {% for key in keys %}current_rows.current_{{ key }} = {{ key }}{{ ' and ' if not loop.last }}{% endfor %}
    )
  {%- else -%}
    select 1
  {%- endif -%}
{%- endmacro %}


{#- The `keys` of this incremental table's rows whose stored `count_column` differs from what
    `current_counts` (keys, `rows`) says now: groups that lost a row (and groups gone). No rows on a full build. -#}
{% macro groups_with_changed_counts(current_counts, keys, count_column) -%}
  {%- if is_incremental() -%}
    select {% for key in keys %}kept.{{ key }}{{ ', ' if not loop.last }}{% endfor %}
    from {{ this }} as kept
    left join {{ current_counts }} as now
        on {% for key in keys %}now.{{ key }} = kept.{{ key }}{{ ' and ' if not loop.last }}{% endfor %}
    where now.rows is distinct from kept.{{ count_column }}
  {%- else -%}
    select {% for key in keys %}null as {{ key }}{{ ', ' if not loop.last }}{% endfor %} where false
  {%- endif -%}
{%- endmacro %}
