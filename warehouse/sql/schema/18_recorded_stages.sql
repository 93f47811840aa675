-- recorded_stages: per source, whether it records each stage the assessment times: disposal
-- (any case with a disposal time), rework and extension counts (mapped by its profile: NULL
-- otherwise). A case from a source that does not record a stage is left out of that stage's
-- indicators (numerator and denominator), and a unit with no such case is "not recorded" (N/A):
-- a 311 export without disposal times must not score 0 on on-time disposal. Grain: one row per source.
CREATE OR REPLACE VIEW recorded_stages AS
SELECT source, count(disposed_at) > 0 AS disposal, count(rework_count) > 0 AS rework, count(extension_count) > 0 AS extension
FROM cases GROUP BY source;
