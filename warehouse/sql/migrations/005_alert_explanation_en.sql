-- Alerts explain themselves in English as well (the English UI showed the Chinese sentence).
-- Alerts written before this have none; the page falls back to the Chinese one for them.
ALTER TABLE risk_alerts ADD COLUMN IF NOT EXISTS explanation_en VARCHAR;
