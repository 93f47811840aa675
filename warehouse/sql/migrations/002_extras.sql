-- A profile's [extras]: source columns the canonical record has no place for (a city's own
-- district, board or type fields), kept per case and dispute as one JSON object, queryable with
-- `warehouse query` (e.g. extras->>'neighborhood'). Rows loaded before have none.
ALTER TABLE cases ADD COLUMN IF NOT EXISTS extras JSON;
ALTER TABLE disputes ADD COLUMN IF NOT EXISTS extras JSON;
