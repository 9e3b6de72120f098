-- Who did what: the subject (`sub`) of the token that submitted a job, and of the one whose call caused an event
-- (null for what the engine does by itself).
ALTER TABLE gateway.jobs ADD COLUMN submitted_by text;
ALTER TABLE gateway.job_events ADD COLUMN actor text;

-- Printer URIs may hold a password (`cups://alice:secret@host/queue`); the `claimed` events copied them whole.
-- They keep only the user name from now on; the history is otherwise left as it was.
ALTER TABLE gateway.job_events DISABLE TRIGGER job_events_immutable;
UPDATE gateway.job_events
SET data = jsonb_set(data, '{uri}', to_jsonb(regexp_replace(data ->> 'uri', '^([^:/?#]+://[^/?#@:]*):[^/?#@]*@', '\1:***@')))
WHERE data ? 'uri' AND data ->> 'uri' ~ '^[^:/?#]+://[^/?#@]*:[^/?#@]*@';
ALTER TABLE gateway.job_events ENABLE TRIGGER job_events_immutable;
