-- One row per day: Oura's readiness score and its contributor scores (1-100, not measured values).
with raw as {{ raw_table('raw_oura', 'daily_readiness', {
    'id': 'varchar', 'day': 'date', 'score': 'integer', 'temperature_deviation': 'double',
    'contributors__activity_balance': 'integer', 'contributors__body_temperature': 'integer',
    'contributors__hrv_balance': 'integer', 'contributors__previous_day_activity': 'integer',
    'contributors__previous_night': 'integer', 'contributors__recovery_index': 'integer',
    'contributors__resting_heart_rate': 'integer', 'contributors__sleep_balance': 'integer',
    '_dlt_load_id': 'varchar',
}) }}

select
    day,
    id as daily_readiness_id,
    score as readiness_score,
    temperature_deviation,
    contributors__activity_balance as activity_balance,
    contributors__body_temperature as body_temperature,
    contributors__hrv_balance as hrv_balance,
    contributors__previous_day_activity as previous_day_activity,
    contributors__previous_night as previous_night,
    contributors__recovery_index as recovery_index,
    contributors__resting_heart_rate as resting_heart_rate,
    contributors__sleep_balance as sleep_balance,
    {{ loaded_at('_dlt_load_id') }} as _loaded_at
from raw
