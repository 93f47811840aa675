-- A case about a component (部件) carries its identifier, so a component's page lists its cases.
-- Cases loaded before have none.
ALTER TABLE cases ADD COLUMN IF NOT EXISTS component_id VARCHAR;
