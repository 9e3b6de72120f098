import Core
import Foundation
import PostgresNIO

/// A submission in one statement, prepared (each connection parses and plans it once): it finds the printer by
/// name, inserts the job with its waiting reason (held, printer disabled or paused), its labels, their ZPL and the
/// `created` event, wakes the printer's engine and returns the job as the API shows it. Outside a transaction it is
/// its own: the job is committed, and the engines woken, when its one round trip ends.
///
/// No row when nothing was inserted: the printer does not exist, or the idempotency key is taken
/// (``JobRepository`` tells which).
struct JobInsert: PostgresPreparedStatement {
    // Every parameter is cast to the type its Swift value is sent as (integers as bigint), since the statement is
    // prepared before any value is bound.
    static let sql = """
        WITH printer AS (
            SELECT id, enabled, paused FROM gateway.printers WHERE name = $1::text AND deleted_at IS NULL
        ), job AS (
            INSERT INTO gateway.jobs
                (printer_id, template, label_count, max_attempts, idempotency_key, reprint_of_job_id, waiting_reason,
                 submitted_by, metadata, priority, held, expires_at)
            SELECT id, $2::text, $3::bigint, $4::bigint, $5::text, $6::uuid,
                   CASE WHEN $7::boolean THEN 'held' WHEN NOT enabled THEN 'printer_disabled'
                        WHEN paused THEN 'paused' END,
                   $8::text, $9::text::jsonb, $10::bigint, $7::boolean, $11::timestamptz
            FROM printer
            ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING *
        ), labels AS (
            INSERT INTO gateway.job_labels (job_id, number, lot, data, reprint_of_number)
            SELECT job.id, t.n, nullif(t.l, ''), nullif(t.d, '')::jsonb, nullif(t.r, 0)
            FROM job, unnest($12::bigint[], $13::text[], $14::text[], $15::bigint[]) AS t(n, l, d, r)
        ), documents AS (
            INSERT INTO gateway.label_documents (job_id, number, body, encoding)
            SELECT job.id, t.n, t.b, t.e FROM job, unnest($12::bigint[], $16::bytea[], $17::text[]) AS t(n, b, e)
        ), event AS (
            INSERT INTO gateway.job_events (job_id, kind, data, actor)
            SELECT id, $19::text,
                   jsonb_strip_nulls(jsonb_build_object('label_count', $3::bigint::text, 'printer', $1::text,
                                                        'reprint_of_job_id', $6::uuid::text)),
                   $8::text
            FROM job
        )
        SELECT \(JobRow.columns), \(JobRow.printerURI),
               -- A column, so that the wake-up runs (a SELECT in WITH runs only when read).
               (SELECT count(*) FROM (SELECT pg_notify($18::text, printer_id::text) FROM job) AS wake) AS woken
        FROM job j JOIN gateway.printers p ON p.id = j.printer_id
        """
    typealias Row = (job: Job, printerURI: String?)

    let newJob: NewJob

    func makeBindings() throws -> PostgresBindings {
        let labels = newJob.labels
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try labels.map { label in
            try label.data.map { String(decoding: try encoder.encode($0), as: UTF8.self) } ?? ""
        }
        let documents = labels.map { LabelDocumentCodec.encode($0.zpl) }
        var bindings = PostgresBindings()
        bindings.append(newJob.printer)
        bindings.append(newJob.template)
        bindings.append(labels.count)
        bindings.append(newJob.maxAttempts)
        bindings.append(newJob.idempotencyKey)
        bindings.append(newJob.reprintOfJobID)
        bindings.append(newJob.hold)
        bindings.append(newJob.submittedBy)
        bindings.append(JobMetadata.encoded(newJob.metadata))
        bindings.append(newJob.priority)
        bindings.append(newJob.expiresAt)
        bindings.append(labels.indices.map { $0 + 1 })
        bindings.append(labels.map { $0.lot ?? "" })
        bindings.append(data)
        bindings.append(labels.map { $0.reprintOfNumber ?? 0 })
        bindings.append(documents.map(\.body))
        bindings.append(documents.map(\.encoding))
        bindings.append(JobRepository.channel)
        bindings.append(JobEvent.Kind.created.rawValue)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try JobRow.decodeWithPrinterURI(row) }
}
