-- Webhook subscriptions: a receiver's URL, the event types it wants and the secret its deliveries are signed with.
-- Deleting one keeps its row (`deleted_at`), with its deliveries, for the record. `last_*` tell how its latest
-- delivery went, and `failed_deliveries` how many were given up.
CREATE TABLE gateway.webhooks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    url text NOT NULL,
    events text[] NOT NULL,
    description text NOT NULL DEFAULT '',
    secret text NOT NULL,
    enabled boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    last_delivery_at timestamptz,
    last_delivery_status text CHECK (last_delivery_status IN ('delivered', 'retrying', 'failed')),
    last_delivery_error text,
    failed_deliveries integer NOT NULL DEFAULT 0
);

-- One event for one subscription, until it is delivered or given up. `stream` is what must arrive in order (the
-- job, or the printer for printer events): a delivery waits while an earlier one of its stream is pending.
-- `next_attempt_at` null: due now. A claim moves `next_attempt_at` past the attempt's end (a lease), so a
-- deliverer that dies mid-attempt leaves the delivery due again, never lost.
CREATE TABLE gateway.webhook_deliveries (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id uuid NOT NULL REFERENCES gateway.webhooks (id),
    event_sequence bigint NOT NULL REFERENCES gateway.events (sequence) ON DELETE CASCADE,
    stream uuid,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    first_attempt_at timestamptz,
    next_attempt_at timestamptz,
    last_status_code integer,
    last_error text,
    last_duration_ms integer,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (webhook_id, event_sequence)
);
CREATE INDEX webhook_deliveries_pending ON gateway.webhook_deliveries (event_sequence) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_stream ON gateway.webhook_deliveries (webhook_id, stream, event_sequence)
    WHERE status = 'pending';

-- Each new event becomes a delivery for every enabled subscription that wants its type, in the event's own
-- transaction: an event that committed has its deliveries.
CREATE FUNCTION gateway.webhook_fanout() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO gateway.webhook_deliveries (webhook_id, event_sequence, stream)
    SELECT w.id, NEW.sequence, coalesce(NEW.job_id, NEW.printer_id)
    FROM gateway.webhooks w
    WHERE w.enabled AND w.deleted_at IS NULL AND NEW.type = ANY (w.events);
    RETURN NULL;
END $$;
CREATE TRIGGER events_webhooks AFTER INSERT ON gateway.events FOR EACH ROW EXECUTE FUNCTION gateway.webhook_fanout();
