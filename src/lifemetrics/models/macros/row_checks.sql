{#- The row-level checks of each raw table: a raw row failing one is set aside in `quarantine` (with
    its key, the check and the raw value) and never reaches staging, so one bad record never blocks the
    publish of the rest. Table-level checks (uniqueness, sums, incremental = full) stay dbt tests.
      key       columns naming a row in `quarantine`
      not_null  required fields
      between   {column: [min, max, label]}: SQL bounds (NULL passes; not_null catches it)
      accepted  {column: [value, ...]}: known enums (NULL passes)
      listed_in {column: [seed, key column]}: known codes, as a seed lists them (NULL passes)
      holds     {label: SQL condition every row meets}
    A column dlt or the chess.com loader put a value of the wrong type into (`<column>__v_<type>`) is a
    failed type check of that row too (see raw_type_checks). -#}
{% macro row_checks() -%}
  {%- set score = [1, 100] -%}
  {%- set percent = [0, 100] -%}
  {%- set day_seconds = [0, 86400] -%}
  {%- set bpm = [20, 250] -%}
  {%- set rating = [1, 4000] -%}
  {%- set result_codes = ['chess_result_codes', 'code'] -%}
  {%- set sleep_contributors = ['deep_sleep', 'efficiency', 'latency', 'rem_sleep', 'restfulness', 'timing', 'total_sleep'] -%}
  {%- set readiness_contributors = ['activity_balance', 'body_temperature', 'hrv_balance', 'previous_day_activity',
        'previous_night', 'recovery_index', 'resting_heart_rate', 'sleep_balance'] -%}
  {%- set sleep_scores = {'score': score} -%}
  {%- for name in sleep_contributors %}{% do sleep_scores.update({'contributors__' ~ name: score}) %}{% endfor -%}
  {%- set readiness_scores = {'score': score, 'temperature_deviation': [-10, 10]} -%}
  {%- for name in readiness_contributors %}{% do readiness_scores.update({'contributors__' ~ name: score}) %}{% endfor -%}
  {{ return({
    'raw_chess_com.games': {
      'key': ['player', 'uuid'],
      'not_null': ['end_time', 'time_class', 'rules', 'white__username', 'black__username',
                   'white__rating', 'black__rating', 'white__result', 'black__result'],
      'between': {
        'end_time': ["1167609600", epoch_seconds("current_timestamp") ~ " + 86400",
                     '2007-01-01 and tomorrow'],
        'white__rating': rating,
        'black__rating': rating,
      },
      'accepted': {'time_class': ['bullet', 'blitz', 'rapid', 'daily']},
      'listed_in': {'white__result': result_codes, 'black__result': result_codes},
      'holds': {
        'the tracked player plays in the game': 'lower(player) in (lower(white__username), lower(black__username))',
      },
    },
    'raw_oura.daily_sleep': {'key': ['day'], 'not_null': ['day'], 'between': sleep_scores},
    'raw_oura.daily_readiness': {'key': ['day'], 'not_null': ['day'], 'between': readiness_scores},
    'raw_oura.daily_resilience': {
      'key': ['day'], 'not_null': ['day'],
      'between': {'contributors__sleep_recovery': percent, 'contributors__daytime_recovery': percent,
                  'contributors__stress': percent},
      'accepted': {'level': ['limited', 'adequate', 'solid', 'strong', 'exceptional']},
    },
    'raw_oura.daily_stress': {
      'key': ['day'], 'not_null': ['day'],
      'between': {'stress_high': day_seconds, 'recovery_high': day_seconds},
      'accepted': {'day_summary': ['restored', 'normal', 'stressful']},
    },
    'raw_oura.daily_activity': {'key': ['day'], 'not_null': ['day'], 'between': {'score': score}},
    'raw_oura.daily_spo2': {'key': ['day'], 'not_null': ['day'], 'between': {'spo2_percentage__average': percent}},
    'raw_oura.sleep': {
      'key': ['id'], 'not_null': ['id', 'day'],
      'between': {'lowest_heart_rate': bpm},
      'accepted': {'type': ['deleted', 'sleep', 'long_sleep', 'late_nap', 'rest']},
    },
    'raw_oura.heartrate': {
      'key': ['timestamp'], 'not_null': ['timestamp'],
      'between': {'bpm': bpm},
      'accepted': {'source': ['awake', 'rest', 'sleep', 'workout', 'live', 'session']},
    },
    'raw_oura.personal_info': {'key': ['id'], 'not_null': ['id']},
    'raw_oura.heart_rate_alerts': {
      'key': ['started_at'], 'not_null': ['started_at', 'peak_at', 'peak_bpm'],
      'between': {'peak_bpm': bpm},
      'accepted': {'rule': ['baseline', 'ceiling']},
    },
  }) }}
{%- endmacro %}


{#- The failed-check conditions of raw table `source_name.table_name` whose columns are `present`:
    a list of (condition true on a failing row, label, SQL of the raw value shown), types first. -#}
{% macro failed_row_conditions(source_name, table_name, present) -%}
  {%- set checks = row_checks().get(source_name ~ '.' ~ table_name, {}) -%}
  {%- set conditions = raw_type_checks(present) -%}
  {%- for column in checks.get('not_null', []) -%}
    {%- set quoted = adapter.quote(column) -%}
    {%- do conditions.append((quoted ~ ' is null' if column in present else 'true',
                              "'required field " ~ column ~ " missing'", 'null')) -%}
  {%- endfor -%}
  {%- for column, bounds in checks.get('between', {}).items() if column in present -%}
    {%- set quoted = adapter.quote(column) -%}
    {%- set label = bounds[2] if bounds | length > 2 else bounds[0] ~ ' and ' ~ bounds[1] -%}
    {%- do conditions.append((
        quoted ~ ' is not null and (' ~ quoted ~ ' < ' ~ bounds[0] ~ ' or ' ~ quoted ~ ' > ' ~ bounds[1] ~ ')',
        "'" ~ column ~ " not between " ~ label ~ "'", 'cast(' ~ quoted ~ ' as ' ~ model_type('varchar') ~ ')')) -%}
  {%- endfor -%}
  {%- for column, values in checks.get('accepted', {}).items() if column in present -%}
    {%- set quoted = adapter.quote(column) -%}
    {%- set literals = [] -%}
    {%- for value in values -%}{%- do literals.append("'" ~ (value | replace("'", "''")) ~ "'") -%}{%- endfor -%}
    {%- do conditions.append((
        quoted ~ ' is not null and ' ~ quoted ~ ' not in (' ~ literals | join(', ') ~ ')',
        "'" ~ column ~ " not a known value'", 'cast(' ~ quoted ~ ' as ' ~ model_type('varchar') ~ ')')) -%}
  {%- endfor -%}
  {%- for column, listing in checks.get('listed_in', {}).items() if column in present -%}
    {%- set quoted = adapter.quote(column) -%}
    {%- do conditions.append((
        quoted ~ ' is not null and ' ~ quoted ~ ' not in (select ' ~ listing[1] ~ ' from ' ~ ref(listing[0]) ~ ')',
        "'" ~ column ~ " not a known value'", 'cast(' ~ quoted ~ ' as ' ~ model_type('varchar') ~ ')')) -%}
  {%- endfor -%}
  {%- for label, condition in checks.get('holds', {}).items() -%}
    {%- do conditions.append(('not coalesce(' ~ condition ~ ', true)', "'" ~ label ~ " fails'", 'null')) -%}
  {%- endfor -%}
  {{ return(conditions) }}
{%- endmacro %}


{#- Type checks: a `<column>__v_<type>` variant column holds a value that did not fit `<column>`'s type
    (dlt's normaliser makes them for JSON rows, the chess.com loader for its Arrow tables). -#}
{% macro raw_type_checks(present) -%}
  {%- set conditions = [] -%}
  {%- for column in present if '__v_' in column -%}
    {%- set quoted = adapter.quote(column) -%}
    {%- do conditions.append((quoted ~ ' is not null',
                              "'" ~ column.split('__v_')[0] ~ " is not of its type'", 'cast(' ~ quoted ~ ' as ' ~ model_type('varchar') ~ ')')) -%}
  {%- endfor -%}
  {{ return(conditions) }}
{%- endmacro %}


{#- SQL true on a raw row that passes every row-level check of its table. -#}
{% macro passes_row_checks(source_name, table_name, present) -%}
  {%- set conditions = failed_row_conditions(source_name, table_name, present) -%}
  {%- if conditions -%}
    not ({% for condition, label, value in conditions %}coalesce({{ condition }}, false){{ ' or ' if not loop.last }}{% endfor %})
  {%- else -%}
    true
  {%- endif -%}
{%- endmacro %}
