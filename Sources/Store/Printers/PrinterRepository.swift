import Core
import Foundation
import Logging
import PostgresNIO

/// Printers and printer models: rows, not code.
public struct PrinterRepository: PrinterStore {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func models() async throws -> [PrinterModel] {
        let rows = try await client.run(
            "SELECT \(unescaped: ModelRow.columns) FROM gateway.printer_models m WHERE m.deleted_at IS NULL ORDER BY m.name",
            logger: logger)
        return try rows.map { try ModelRow.decode($0.makeRandomAccess()) }
    }

    public func list() async throws -> [PrinterRecord] {
        let rows = try await client.run(
            "SELECT \(unescaped: PrinterRow.columns) FROM \(unescaped: PrinterRow.from) WHERE p.deleted_at IS NULL ORDER BY p.name",
            logger: logger)
        return try rows.map(PrinterRow.decodeRecord)
    }

    public func find(name: String) async throws -> PrinterRecord? {
        let rows = try await client.run(
            """
            SELECT \(unescaped: PrinterRow.columns) FROM \(unescaped: PrinterRow.from)
            WHERE p.name = \(name) AND p.deleted_at IS NULL
            """, logger: logger)
        return try rows.first.map(PrinterRow.decodeRecord)
    }

    /// Adds a printer; `conflict` when the name is taken, `invalid` when the model is unknown.
    public func create(_ printer: Printer) async throws -> PrinterRecord {
        try await client.transaction(logger: logger) { connection in
            try await insert(printer, on: connection)
        }
        return try await find(name: printer.name)!
    }

    private func insert(_ printer: Printer, on connection: PostgresConnection) async throws {
        let modelID = try await self.modelID(printer.model, on: connection)
        let existing = try await connection.rows(
            "SELECT 1 FROM gateway.printers WHERE name = \(printer.name) AND deleted_at IS NULL", logger: logger)
        guard existing.isEmpty else { throw StoreError(.conflict, "a printer named '\(printer.name)' exists") }
        try await refuseSameDevice(printer.uri, except: nil, on: connection)
        try await connection.query(
            """
            INSERT INTO gateway.printers (id, name, uri, model_id, site, enabled, description, zpl_policy)
            VALUES (\(printer.id), \(printer.name), \(printer.uri), \(modelID), \(printer.site), \(printer.enabled),
                    \(printer.description), \(printer.zplPolicy.rawValue))
            """, logger: logger)
        try await connection.query(
            "INSERT INTO gateway.printer_states (printer_id) VALUES (\(printer.id))", logger: logger)
    }

    private func modelID(_ name: String, on connection: PostgresConnection) async throws -> UUID {
        let rows = try await connection.rows(
            "SELECT id FROM gateway.printer_models WHERE name = \(name) AND deleted_at IS NULL", logger: logger)
        guard let id = try rows.first?.decode(UUID.self) else {
            throw StoreError(.invalid, "unknown printer model '\(name)'")
        }
        return id
    }

    public func update(name: String, _ changes: PrinterChanges) async throws -> PrinterRecord {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.rows(
                "SELECT id, enabled FROM gateway.printers WHERE name = \(name) AND deleted_at IS NULL FOR UPDATE",
                logger: logger)
            guard let row = rows.first else { throw StoreError(.notFound, "no printer named '\(name)'") }
            let (id, wasEnabled) = try row.decode((UUID, Bool).self)
            let modelID = try await changes.model.asyncMap { try await self.modelID($0, on: connection) }
            if let uri = changes.uri { try await refuseSameDevice(uri, except: id, on: connection) }
            try await connection.query(
                """
                UPDATE gateway.printers
                SET uri = coalesce(\(changes.uri), uri), model_id = coalesce(\(modelID), model_id),
                    site = coalesce(\(changes.site), site), enabled = coalesce(\(changes.enabled), enabled),
                    description = coalesce(\(changes.description), description),
                    zpl_policy = coalesce(\(changes.zplPolicy?.rawValue), zpl_policy)
                WHERE id = \(id)
                """, logger: logger)
            if let enabled = changes.enabled, enabled != wasEnabled {
                try await markJobs(printerID: id, disabled: !enabled, on: connection)
            }
        }
        guard let record = try await find(name: name) else { throw StoreError(.notFound, "no printer named '\(name)'") }
        return record
    }

    /// `conflict` when another printer's URI names the device `uri` names. The printers are locked for the check, so
    /// that two printers added at once cannot both take one device.
    private func refuseSameDevice(_ uri: String, except id: UUID?, on connection: PostgresConnection) async throws {
        guard let device = PrinterURI.deviceIdentity(of: uri) else { return }
        try await connection.query("LOCK TABLE gateway.printers IN SHARE ROW EXCLUSIVE MODE", logger: logger)
        let rows = try await connection.rows(
            """
            SELECT name, uri FROM gateway.printers
            WHERE deleted_at IS NULL AND id IS DISTINCT FROM \(id)
            """, logger: logger)
        for row in rows {
            let (name, other) = try row.decode((String, String).self)
            if PrinterURI.deviceIdentity(of: other) == device {
                throw StoreError(.conflict, PrinterURI.sameDeviceMessage(name))
            }
        }
    }

    public func setPaused(name: String, _ paused: Bool) async throws -> PrinterRecord {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.rows(
                """
                UPDATE gateway.printers SET paused = \(paused)
                WHERE name = \(name) AND deleted_at IS NULL
                RETURNING id, (SELECT paused FROM gateway.printers WHERE name = \(name) AND deleted_at IS NULL)
                """, logger: logger)
            guard let row = rows.first else { throw StoreError(.notFound, "no printer named '\(name)'") }
            let (id, was) = try row.decode((UUID, Bool).self)
            guard was != paused else { return }
            let jobs = try await connection.rows(
                paused
                    ? """
                    UPDATE gateway.jobs SET waiting_reason = 'paused'
                    WHERE printer_id = \(id) AND status = 'queued'
                      AND (waiting_reason IS NULL OR waiting_reason IN ('printer_offline', 'retry_backoff'))
                    RETURNING id
                    """
                    : """
                    UPDATE gateway.jobs SET waiting_reason = NULL
                    WHERE printer_id = \(id) AND status = 'queued' AND waiting_reason = 'paused'
                    RETURNING id
                    """, logger: logger)
            for job in jobs {
                try await JobEventWriter.append(
                    paused ? .waiting : .resumed, jobID: try job.decode(UUID.self),
                    data: paused ? ["waiting_reason": WaitingReason.paused.rawValue] : [:], on: connection,
                    logger: logger)
            }
            // Resumed: the engines look for its work; paused: its worker stops sending at once.
            try await JobRepository.wakeWorker(of: id, on: connection, logger: logger)
        }
        guard let record = try await find(name: name) else { throw StoreError(.notFound, "no printer named '\(name)'") }
        return record
    }

    /// Soft-deletes a printer; its queued jobs stay queued, waiting with `printer_disabled`.
    public func delete(name: String) async throws {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.rows(
                "UPDATE gateway.printers SET deleted_at = now() WHERE name = \(name) AND deleted_at IS NULL RETURNING id",
                logger: logger)
            guard let id = try rows.first?.decode(UUID.self) else {
                throw StoreError(.notFound, "no printer named '\(name)'")
            }
            try await markJobs(printerID: id, disabled: true, on: connection)
        }
    }

    private func markJobs(printerID: UUID, disabled: Bool, on connection: PostgresConnection) async throws {
        let reason: String? = disabled ? WaitingReason.printerDisabled.rawValue : nil
        let rows = try await connection.rows(
            """
            UPDATE gateway.jobs SET waiting_reason = \(reason),
                status = CASE WHEN status = 'printing' THEN 'queued' ELSE status END
            WHERE printer_id = \(printerID) AND status IN ('queued', 'printing')
            RETURNING id
            """, logger: logger)
        for row in rows {
            let kind: JobEvent.Kind = disabled ? .waiting : .resumed
            try await JobEventWriter.append(
                kind, jobID: try row.decode(UUID.self), data: disabled ? ["waiting_reason": reason!] : [:],
                on: connection, logger: logger)
        }
        try await JobRepository.wakeWorker(of: printerID, on: connection, logger: logger)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
