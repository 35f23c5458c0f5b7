-- Every staged game was played by its tracked player, as white or as black.
select player, uuid, white_username, black_username
from {{ ref('stg_chess_com__games') }}
where lower(white_username) <> player and lower(black_username) <> player
