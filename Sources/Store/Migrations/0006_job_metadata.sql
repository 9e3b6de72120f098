-- The caller's own facts about a job (an Odoo record, a work order): a JSON object of at most 4 KB, kept with the
-- job and copied to its reprints.
ALTER TABLE gateway.jobs ADD COLUMN metadata jsonb NOT NULL DEFAULT '{}';
