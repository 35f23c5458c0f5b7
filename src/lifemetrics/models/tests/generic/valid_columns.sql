{#- Fails on every row where a column of `not_null` is NULL, a column of `between` ({column: [min, max]})
    lies outside its bounds, a column of `accepted` ({column: [value, ...]}) holds another value, or a
    column of `listed_in` ({column: [relation, key column]}) a value the relation lacks (NULLs
    pass those three); `failed_checks` says what failed, with the value. One test per model instead of
    one per column and check: each dbt test costs ~20 ms of dbt's own work, its query ~1 ms. -#}
{% test valid_columns(model, not_null=[], between={}, accepted={}, listed_in={}) %}
{%- set checks = [] -%}
{%- for column in not_null -%}
    {%- do checks.append((column ~ " is null", "'" ~ column ~ " is null'")) -%}
{%- endfor -%}
{%- for column, bounds in between.items() -%}
    {%- do checks.append((
        column ~ " < " ~ bounds[0] ~ " or " ~ column ~ " > " ~ bounds[1],
        "'" ~ column ~ " not between " ~ bounds[0] ~ " and " ~ bounds[1] ~ ": ' || cast(" ~ column ~ " as " ~ model_type('varchar') ~ ")")) -%}
{%- endfor -%}
{%- for column, values in accepted.items() -%}
    {%- set quoted = [] -%}
    {%- for value in values -%}{%- do quoted.append("'" ~ (value | replace("'", "''")) ~ "'") -%}{%- endfor -%}
    {%- do checks.append((
        column ~ " not in (" ~ quoted | join(", ") ~ ")",
        "'" ~ column ~ " not accepted: ' || cast(" ~ column ~ " as " ~ model_type('varchar') ~ ")")) -%}
{%- endfor -%}
{%- for column, listing in listed_in.items() -%}
    {%- do checks.append((
        column ~ " not in (select " ~ listing[1] ~ " from " ~ listing[0] ~ ")",
        "'" ~ column ~ " not accepted: ' || cast(" ~ column ~ " as " ~ model_type('varchar') ~ ")")) -%}
{%- endfor %}
select concat_ws(', '
{%- for condition, label in checks %}, case when {{ condition }} then {{ label }} end{% endfor -%}
) as failed_checks
from {{ model }}
where {% for condition, label in checks %}({{ condition }}){% if not loop.last %} or {% endif %}{% endfor %}
{% endtest %}
