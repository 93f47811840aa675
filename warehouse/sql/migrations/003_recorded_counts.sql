-- Counts a source does not record are NULL from now on (not 0, which read as "no rework, no
-- extension" and scored as perfect); older warehouses drop the NOT NULL. Their rows keep their 0s.
ALTER TABLE cases ALTER COLUMN rework_count DROP NOT NULL;
ALTER TABLE cases ALTER COLUMN extension_count DROP NOT NULL;
ALTER TABLE cases ALTER COLUMN return_count DROP NOT NULL;
-- Why an indicator was not scored (assessment.NA_NOTES: not recorded by the source, nothing due).
ALTER TABLE assessment_scores ADD COLUMN IF NOT EXISTS note VARCHAR;
