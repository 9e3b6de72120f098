-- Events take their final sequence as their transaction commits, not as they are inserted. Before, the first event
-- of a transaction took the outbox's lock (`gateway.append_event`) and held it until the transaction ended, so
-- every transaction that wrote an event (a submit, a job start, a checkpoint with progress, a printer's status)
-- waited for every other one from its first event to its commit: with forty printers busy, that lock was where the
-- gateway spent its time. Now an event is inserted with a provisional sequence, which no other transaction ever
-- sees, and a deferred trigger gives it its final one at commit, under the same lock, held from there to the end of
-- the commit only. The promise stays: a reader that has seen sequence N never later meets a smaller one.

-- A delivery follows its event's final sequence.
ALTER TABLE gateway.webhook_deliveries
    DROP CONSTRAINT webhook_deliveries_event_sequence_fkey,
    ADD CONSTRAINT webhook_deliveries_event_sequence_fkey FOREIGN KEY (event_sequence)
        REFERENCES gateway.events (sequence) ON DELETE CASCADE ON UPDATE CASCADE;

CREATE OR REPLACE FUNCTION gateway.append_event(kind text, job uuid, printer uuid, body jsonb) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO gateway.events (type, job_id, printer_id, data) VALUES (kind, job, printer, body)
$$;

-- At commit, for each event of the transaction in the order they were inserted: the final sequence, taken under
-- the lock (which the commit then releases), and the announcement.
CREATE FUNCTION gateway.sequence_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    final bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(7234502);
    UPDATE gateway.events SET sequence = DEFAULT WHERE sequence = NEW.sequence RETURNING sequence INTO final;
    PERFORM pg_notify('gateway_events', final::text);
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER events_commit_order AFTER INSERT ON gateway.events
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION gateway.sequence_event();
