-- The gateway's tables. Everything lives in schema gateway; times are timestamptz (UTC).

CREATE SCHEMA IF NOT EXISTS gateway;

CREATE FUNCTION gateway.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END $$;

CREATE TABLE gateway.printer_models (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    dpi integer NOT NULL CHECK (dpi > 0),
    dots_per_mm integer NOT NULL CHECK (dots_per_mm > 0),
    max_print_width_dots integer NOT NULL CHECK (max_print_width_dots > 0),
    answers_host_status boolean NOT NULL DEFAULT true,
    usb_vendor_id integer,
    usb_product_id integer,
    max_speed_ips integer NOT NULL DEFAULT 6 CHECK (max_speed_ips > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
CREATE UNIQUE INDEX printer_models_name ON gateway.printer_models (name) WHERE deleted_at IS NULL;
CREATE TRIGGER printer_models_touch BEFORE UPDATE ON gateway.printer_models
    FOR EACH ROW EXECUTE FUNCTION gateway.touch_updated_at();

-- Zebra ZT230 at 300 dpi. Width, speed and USB product id are unconfirmed: correct them here for a site's printers.
INSERT INTO gateway.printer_models (name, dpi, dots_per_mm, max_print_width_dots, answers_host_status, usb_vendor_id, max_speed_ips)
VALUES ('zebra-z230-300dpi', 300, 12, 1228, true, 2655, 6),
       ('zebra-z230-203dpi', 203, 8, 832, true, 2655, 6);

CREATE TABLE gateway.printers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    uri text NOT NULL,
    model_id uuid NOT NULL REFERENCES gateway.printer_models (id),
    site text NOT NULL DEFAULT '',
    enabled boolean NOT NULL DEFAULT true,
    description text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
CREATE UNIQUE INDEX printers_name ON gateway.printers (name) WHERE deleted_at IS NULL;
CREATE TRIGGER printers_touch BEFORE UPDATE ON gateway.printers
    FOR EACH ROW EXECUTE FUNCTION gateway.touch_updated_at();

-- What the engine knows of each printer: who drives it (lease) and what it last said (status).
CREATE TABLE gateway.printer_states (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    printer_id uuid NOT NULL UNIQUE REFERENCES gateway.printers (id),
    lease_owner text,
    lease_token bigint NOT NULL DEFAULT 0,
    lease_expires_at timestamptz,
    status_state text NOT NULL DEFAULT 'unknown',
    status_reasons text[] NOT NULL DEFAULT '{}',
    status_detail text,
    status_checked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER printer_states_touch BEFORE UPDATE ON gateway.printer_states
    FOR EACH ROW EXECUTE FUNCTION gateway.touch_updated_at();

CREATE TABLE gateway.jobs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    printer_id uuid NOT NULL REFERENCES gateway.printers (id),
    template text,
    status text NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'printing', 'completed', 'failed', 'cancelled')),
    waiting_reason text,
    label_count integer NOT NULL CHECK (label_count > 0),
    labels_done integer NOT NULL DEFAULT 0 CHECK (labels_done >= 0),
    labels_sent integer NOT NULL DEFAULT 0 CHECK (labels_sent >= 0),
    failed_count integer NOT NULL DEFAULT 0 CHECK (failed_count >= 0),
    attempts integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 5 CHECK (max_attempts > 0),
    last_error text,
    next_attempt_at timestamptz,
    reprint_of_job_id uuid REFERENCES gateway.jobs (id),
    idempotency_key text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    deleted_at timestamptz,
    CHECK (labels_done <= label_count)
);
CREATE UNIQUE INDEX jobs_idempotency_key ON gateway.jobs (idempotency_key) WHERE idempotency_key IS NOT NULL;
-- One running job per printer.
CREATE UNIQUE INDEX jobs_one_printing_per_printer ON gateway.jobs (printer_id) WHERE status = 'printing';
CREATE INDEX jobs_unfinished ON gateway.jobs (printer_id, created_at, id) WHERE status IN ('queued', 'printing');
CREATE INDEX jobs_newest ON gateway.jobs (created_at DESC, id DESC);
CREATE TRIGGER jobs_touch BEFORE UPDATE ON gateway.jobs
    FOR EACH ROW EXECUTE FUNCTION gateway.touch_updated_at();

CREATE TABLE gateway.job_labels (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id uuid NOT NULL REFERENCES gateway.jobs (id),
    number integer NOT NULL CHECK (number > 0),
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'printed', 'failed')),
    lot text,
    sent_at timestamptz,
    printed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (job_id, number)
);

-- The ZPL each label is printed from, kept for reprints and audits.
CREATE TABLE gateway.label_documents (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id uuid NOT NULL REFERENCES gateway.jobs (id),
    number integer NOT NULL,
    zpl text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (job_id, number)
);

-- Immutable history of every job.
CREATE TABLE gateway.job_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id uuid NOT NULL REFERENCES gateway.jobs (id),
    kind text NOT NULL,
    data jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_events_job ON gateway.job_events (job_id, id);

CREATE FUNCTION gateway.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'gateway.% rows are immutable', TG_TABLE_NAME;
END $$;
CREATE TRIGGER job_events_immutable BEFORE UPDATE OR DELETE ON gateway.job_events
    FOR EACH ROW EXECUTE FUNCTION gateway.refuse_change();
