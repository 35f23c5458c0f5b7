-- The ring owner's profile (the e-mail address is never stored).
with raw as {{ raw_table('raw_oura', 'personal_info', {
    'id': 'varchar', 'age': 'integer', 'weight': 'double', 'height': 'double',
    'biological_sex': 'varchar', '_dlt_load_id': 'varchar',
}) }}

select
    id as personal_info_id,
    age,
    weight as weight_kg,
    height as height_m,
    biological_sex,
    {{ loaded_at('_dlt_load_id') }} as _loaded_at
from raw
