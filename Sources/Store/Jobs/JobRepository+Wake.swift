import Core
import Foundation
import Logging
import PostgresNIO

extension JobRepository {
    /// Announces on ``channel``, when the caller's transaction commits, that a job of `printerID` was added or
    /// changed: the engines look for work, and the worker driving that printer reads the change at once (a cancel,
    /// hold, move or pause then stops the sending within the label under the head).
    static func wakeWorker(of printerID: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "SELECT pg_notify(\(channel), \(printerID.uuidString.lowercased()))", logger: logger)
    }
}

extension JobRepository {
    /// How often a cancel looks whether the printer's worker has stopped.
    static let stopCheckInterval = Duration.milliseconds(5)

    /// Returns once the worker that printed the cancelled job `id` has recorded its stop, or its printer has no live
    /// lease (no worker is left to stop), or after `timeout`.
    func waitForWorkerStop(_ id: UUID, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let rows = try await client.query(
                """
                SELECT EXISTS (SELECT 1 FROM gateway.job_events WHERE job_id = \(id) AND kind = \(JobEvent.Kind.cancelled.rawValue))
                    OR NOT EXISTS (
                        SELECT 1 FROM gateway.jobs j JOIN gateway.printer_states s ON s.printer_id = j.printer_id
                        WHERE j.id = \(id) AND s.lease_expires_at > now())
                """, logger: logger)
            for try await stopped in rows.decode(Bool.self) where stopped { return }
            try await Task.sleep(for: Self.stopCheckInterval)
        }
        logger.notice("cancelled job still printing when the cancel answered", metadata: ["job.id": "\(id)"])
    }
}
