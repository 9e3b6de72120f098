-- Operating the queue: hold and release, priorities, expiry, moving the unconfirmed rest of a job to another
-- printer, pausing a printer. Each is a state the engine reads when it claims a printer, starts a job and at every
-- checkpoint, never a side channel.

ALTER TABLE gateway.jobs
    ADD COLUMN priority integer NOT NULL DEFAULT 0 CHECK (priority BETWEEN -10 AND 10),
    ADD COLUMN held boolean NOT NULL DEFAULT false,
    ADD COLUMN expires_at timestamptz,
    ADD COLUMN end_reason text CHECK (end_reason IN ('completed', 'failed', 'cancelled_by_request', 'expired')),
    -- A move asked while a process drives the job's printer: that process hands the job over once the labels it
    -- has on the printer are confirmed or cleared.
    ADD COLUMN move_to_printer_id uuid REFERENCES gateway.printers (id);

ALTER TABLE gateway.printers ADD COLUMN paused boolean NOT NULL DEFAULT false;

UPDATE gateway.jobs
SET end_reason = CASE status WHEN 'cancelled' THEN 'cancelled_by_request' ELSE status END
WHERE status IN ('completed', 'failed', 'cancelled');

-- Every ended job says why; an expiry sets its reason in the statement that ends the job.
CREATE FUNCTION gateway.job_end_reason() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IN ('completed', 'failed', 'cancelled') AND NEW.end_reason IS NULL THEN
        NEW.end_reason := CASE NEW.status WHEN 'cancelled' THEN 'cancelled_by_request' ELSE NEW.status END;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER jobs_end_reason BEFORE UPDATE OF status ON gateway.jobs
    FOR EACH ROW EXECUTE FUNCTION gateway.job_end_reason();

-- The order a printer takes its jobs in: highest priority first, a started job before a fresh one, then oldest.
CREATE INDEX jobs_next ON gateway.jobs (printer_id, priority DESC, created_at, id) WHERE status IN ('queued', 'printing');

CREATE OR REPLACE FUNCTION gateway.job_resource(j gateway.jobs) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', j.id, 'printer', p.name, 'template', j.template, 'status', j.status,
        'waiting_reason', j.waiting_reason, 'label_count', j.label_count, 'printed_count', j.labels_done,
        'failed_count', j.failed_count, 'attempts', j.attempts, 'max_attempts', j.max_attempts,
        'last_error', j.last_error, 'next_attempt_at', gateway.rfc3339(j.next_attempt_at),
        'reprint_of_job_id', j.reprint_of_job_id, 'idempotency_key', j.idempotency_key, 'confirmation', NULL,
        'created_at', gateway.rfc3339(j.created_at), 'updated_at', gateway.rfc3339(j.updated_at),
        'completed_at', gateway.rfc3339(j.completed_at), 'submitted_by', j.submitted_by, 'metadata', j.metadata,
        'priority', j.priority, 'expires_at', gateway.rfc3339(j.expires_at), 'end_reason', j.end_reason,
        'moving_to', (SELECT t.name FROM gateway.printers t WHERE t.id = j.move_to_printer_id))
    FROM gateway.printers p WHERE p.id = j.printer_id
$$;

-- A move changes the job's printer: its events then carry the new one.
DROP TRIGGER jobs_outbox ON gateway.jobs;
CREATE TRIGGER jobs_outbox AFTER INSERT OR UPDATE OF status, waiting_reason, labels_done, printer_id ON gateway.jobs
    FOR EACH ROW EXECUTE FUNCTION gateway.job_outbox();

-- The printer resource of `printer.status` events shows `paused`, as `GET /v1/printers/{name}` does.
CREATE OR REPLACE FUNCTION gateway.printer_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    resource jsonb;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.status_state = OLD.status_state AND NEW.status_reasons = OLD.status_reasons THEN
        RETURN NULL;
    END IF;
    SELECT jsonb_build_object(
        'id', p.id, 'name', p.name, 'uri', gateway.masked_uri(p.uri), 'model', m.name, 'site', p.site,
        'enabled', p.enabled, 'description', p.description, 'zpl_policy', p.zpl_policy, 'paused', p.paused,
        'status', jsonb_build_object(
            'state', NEW.status_state, 'reasons', to_jsonb(NEW.status_reasons), 'detail', NEW.status_detail,
            'checked_at', gateway.rfc3339(NEW.status_checked_at)),
        'confirmation', NULL,
        'driven_by', CASE WHEN NEW.lease_expires_at > now() THEN NEW.lease_owner END,
        'created_at', gateway.rfc3339(p.created_at), 'updated_at', gateway.rfc3339(p.updated_at))
    INTO resource
    FROM gateway.printers p JOIN gateway.printer_models m ON m.id = p.model_id
    WHERE p.id = NEW.printer_id;
    IF resource IS NOT NULL THEN
        PERFORM gateway.append_event('printer.status', NULL, NEW.printer_id, jsonb_build_object('printer', resource));
    END IF;
    RETURN NULL;
END $$;
