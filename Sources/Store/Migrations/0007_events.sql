-- The outbox: every change a caller may want pushed (a job's state, waiting reason and progress; a printer's
-- status), written by triggers in the transaction that makes the change, so an event exists if and only if the
-- change committed. `sequence` orders all events; `data` is the resource as the API shows it at that moment.
CREATE TABLE gateway.events (
    sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    type text NOT NULL,
    job_id uuid REFERENCES gateway.jobs (id),
    printer_id uuid REFERENCES gateway.printers (id),
    data jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_job ON gateway.events (job_id, sequence) WHERE job_id IS NOT NULL;
CREATE INDEX events_created ON gateway.events (created_at);
-- The last progress event of a job, for the one-a-second rule.
CREATE INDEX events_job_progress ON gateway.events (job_id, created_at) WHERE type = 'job.progress';

-- A time as the API writes it: RFC 3339, UTC, milliseconds.
CREATE FUNCTION gateway.rfc3339(t timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- A printer URI with the password of its userinfo masked, as every answer shows it.
CREATE FUNCTION gateway.masked_uri(uri text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT regexp_replace(uri, '^([^:/?#]+://[^/?#@:]*):[^/?#@]*@', '\1:***@')
$$;

-- The job resource of `GET /v1/jobs/{id}`. `confirmation` depends on the transport's answer at the time it is
-- asked, so events carry null there; the job resource says it.
CREATE FUNCTION gateway.job_resource(j gateway.jobs) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', j.id, 'printer', p.name, 'template', j.template, 'status', j.status,
        'waiting_reason', j.waiting_reason, 'label_count', j.label_count, 'printed_count', j.labels_done,
        'failed_count', j.failed_count, 'attempts', j.attempts, 'max_attempts', j.max_attempts,
        'last_error', j.last_error, 'next_attempt_at', gateway.rfc3339(j.next_attempt_at),
        'reprint_of_job_id', j.reprint_of_job_id, 'idempotency_key', j.idempotency_key, 'confirmation', NULL,
        'created_at', gateway.rfc3339(j.created_at), 'updated_at', gateway.rfc3339(j.updated_at),
        'completed_at', gateway.rfc3339(j.completed_at), 'submitted_by', j.submitted_by, 'metadata', j.metadata)
    FROM gateway.printers p WHERE p.id = j.printer_id
$$;

-- Appends an event and announces it. The lock, held until the transaction ends, makes events take their sequence
-- in the order their transactions commit: a reader that has seen sequence N never later meets a smaller one that
-- was still uncommitted when it read (without it, a transaction that took 105 could commit after one that took 106
-- was read, and a stream that resumed after 106 would miss 105).
CREATE FUNCTION gateway.append_event(kind text, job uuid, printer uuid, body jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    added bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(7234502);
    INSERT INTO gateway.events (type, job_id, printer_id, data) VALUES (kind, job, printer, body)
    RETURNING sequence INTO added;
    PERFORM pg_notify('gateway_events', added::text);
END $$;

-- A job's events: `job.queued` when it is inserted; `job.printing`, `job.completed`, `job.failed`,
-- `job.cancelled` as its status changes (and `job.printing` again when a wait ends); `job.waiting` when it gets a
-- waiting reason; `job.progress` when labels are confirmed, at most one a second per job, and always one as the
-- job ends, before its last event.
CREATE FUNCTION gateway.job_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    resource jsonb;
    kinds text[] := '{}';
    ending boolean;
    recent boolean;
    kind text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        kinds := ARRAY['job.queued'];
        IF NEW.waiting_reason IS NOT NULL THEN
            kinds := kinds || 'job.waiting'::text;
        END IF;
    ELSE
        ending := NEW.status <> OLD.status AND NEW.status IN ('completed', 'failed', 'cancelled');
        IF ending THEN
            kinds := kinds || 'job.progress'::text;
        ELSIF NEW.labels_done <> OLD.labels_done THEN
            SELECT EXISTS (
                SELECT 1 FROM gateway.events e
                WHERE e.job_id = NEW.id AND e.type = 'job.progress' AND e.created_at > now() - interval '1 second'
            ) INTO recent;
            IF NOT recent THEN
                kinds := kinds || 'job.progress'::text;
            END IF;
        END IF;
        IF NEW.status <> OLD.status THEN
            IF NEW.status = 'printing' THEN
                kinds := kinds || 'job.printing'::text;
            ELSIF ending THEN
                kinds := kinds || ('job.' || NEW.status);
            END IF;
        ELSIF NEW.status = 'printing' AND OLD.waiting_reason IS NOT NULL AND NEW.waiting_reason IS NULL THEN
            kinds := kinds || 'job.printing'::text;
        END IF;
        IF NEW.waiting_reason IS NOT NULL AND NEW.waiting_reason IS DISTINCT FROM OLD.waiting_reason THEN
            kinds := kinds || 'job.waiting'::text;
        END IF;
    END IF;
    IF cardinality(kinds) = 0 THEN
        RETURN NULL;
    END IF;
    resource := gateway.job_resource(NEW);
    FOREACH kind IN ARRAY kinds LOOP
        PERFORM gateway.append_event(kind, NEW.id, NEW.printer_id, jsonb_build_object('job', resource));
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER jobs_outbox AFTER INSERT OR UPDATE OF status, waiting_reason, labels_done ON gateway.jobs
    FOR EACH ROW EXECUTE FUNCTION gateway.job_outbox();

-- `printer.status` when a printer's state or reasons change, with the printer as `GET /v1/printers/{name}` shows
-- it (`confirmation` null, as for jobs).
CREATE FUNCTION gateway.printer_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    resource jsonb;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.status_state = OLD.status_state AND NEW.status_reasons = OLD.status_reasons THEN
        RETURN NULL;
    END IF;
    SELECT jsonb_build_object(
        'id', p.id, 'name', p.name, 'uri', gateway.masked_uri(p.uri), 'model', m.name, 'site', p.site,
        'enabled', p.enabled, 'description', p.description, 'zpl_policy', p.zpl_policy,
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
CREATE TRIGGER printer_states_outbox AFTER INSERT OR UPDATE OF status_state, status_reasons ON gateway.printer_states
    FOR EACH ROW EXECUTE FUNCTION gateway.printer_outbox();
