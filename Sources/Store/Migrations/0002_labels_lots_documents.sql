-- Lots allocated by the gateway, label data kept for re-rendering, and compressed label documents.

CREATE TABLE gateway.lot_counters (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    prefix text NOT NULL,
    day date NOT NULL,
    last_value integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (prefix, day)
);
CREATE TRIGGER lot_counters_touch BEFORE UPDATE ON gateway.lot_counters
    FOR EACH ROW EXECUTE FUNCTION gateway.touch_updated_at();

-- Every lot ever handed out: unique for ever, burned once allocated, bound to the one original label that prints it.
CREATE TABLE gateway.lots (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lot text NOT NULL UNIQUE,
    job_id uuid REFERENCES gateway.jobs (id),
    label_number integer,
    bound_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((job_id IS NULL) = (label_number IS NULL))
);
CREATE TRIGGER lots_touch BEFORE UPDATE ON gateway.lots
    FOR EACH ROW EXECUTE FUNCTION gateway.touch_updated_at();

-- The label's data as submitted (template jobs), so that a reprint can render it again after its ZPL is pruned.
ALTER TABLE gateway.job_labels ADD COLUMN data jsonb;

-- Label ZPL, compressed (encoding 'deflate') or as is ('identity').
ALTER TABLE gateway.label_documents ADD COLUMN body bytea;
ALTER TABLE gateway.label_documents ADD COLUMN encoding text NOT NULL DEFAULT 'identity'
    CHECK (encoding IN ('identity', 'deflate'));
UPDATE gateway.label_documents SET body = convert_to(zpl, 'UTF8');
ALTER TABLE gateway.label_documents ALTER COLUMN body SET NOT NULL;
ALTER TABLE gateway.label_documents DROP COLUMN zpl;
CREATE INDEX label_documents_created ON gateway.label_documents (created_at);

-- For a reprint's labels: the label number they reprint in the original job.
ALTER TABLE gateway.job_labels ADD COLUMN reprint_of_number integer;
