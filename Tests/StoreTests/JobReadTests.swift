import Core
import Foundation
import GatewayTestSupport
import Logging
import Store
import Testing

/// `relay://NAME` printers: a transport whose confirmation means delivered, so that a printer's URI decides.
private struct RelayTransportFactory: TransportFactory {
    var schemes: [String] { ["relay"] }
    func validate(_ uri: PrinterURI) throws(PrinterURIError) {}
    func makeTransport(uri: PrinterURI, model: PrinterModel, logger: Logger) throws -> any Transport {
        throw TransportError(.invalidURI, "relay printers are never driven")
    }
    func confirmation(for uri: PrinterURI) -> Core.Confirmation { .delivered }
}

@Suite("Store SQL: the job read, with its printer's confirmation")
struct JobReadTests {
    @Test("one read gives the job as submitted, with the confirmation of its printer's URI as it is now")
    func jobWithConfirmation() async throws {
        try await withHarness { h in
            let transports = TransportRegistry([h.simulators, RelayTransportFactory()])
            let jobs = JobRepository(client: h.client, transports: transports, logger: TestDatabase.logger)
            try await h.addPrinter("r1", uri: "sim://r1")
            let labels = [
                NewLabel(zpl: "^XA^FDone^FS^XZ", data: ["sku": .string("A-1")]), NewLabel(zpl: "^XA^FDtwo^FS^XZ"),
            ]
            let submitted = try await jobs.submit(NewJob(printer: "r1", labels: labels, idempotencyKey: "read-1"))
            let job = try #require(try await jobs.find(id: submitted.job.id))
            #expect(job == submitted.job)
            #expect(job.printer == "r1" && job.labelCount == 2 && job.status == .queued && job.printedCount == 0)
            #expect(job.idempotencyKey == "read-1" && job.maxAttempts == submitted.job.maxAttempts)
            // What the two reads it replaces gave: the job, then its printer by name and the URI's confirmation.
            let printer = try #require(try await h.printers.find(name: "r1"))
            #expect(job.confirmation == transports.confirmation(for: printer.printer.uri))
            #expect(job.confirmation == .printed)
            #expect(try await jobs.list(status: nil, printer: "r1", limit: 10, cursor: nil).jobs == [job])

            _ = try await h.printers.update(name: "r1", PrinterChanges(uri: "relay://r1"))
            #expect(try await jobs.find(id: job.id)?.confirmation == .delivered)
            #expect(
                try await jobs.list(status: nil, printer: nil, limit: 10, cursor: nil).jobs.map(\.confirmation) == [
                    .delivered
                ])

            // Without transports the same job, with no confirmation.
            var unconfirmed = try #require(try await jobs.find(id: job.id))
            unconfirmed.confirmation = nil
            #expect(try await h.jobs.find(id: job.id) == unconfirmed)

            try await h.printers.delete(name: "r1")
            let orphan = try #require(try await jobs.find(id: job.id))
            #expect(orphan.confirmation == nil, "a deleted printer has no URI any more")
            #expect(orphan.waitingReason == .printerDisabled)
            try await jobs.delete(id: job.id)
            #expect(try await jobs.find(id: job.id) == nil)
        }
    }

    @Test("a job's labels and events read by their statements: every label in order, every event oldest first")
    func labelsAndEvents() async throws {
        try await withHarness { h in
            try await h.addPrinter("r2", uri: "sim://r2")
            let job = try await h.submit(printer: "r2", labels: 3)
            let labels = try await h.jobs.labels(jobID: job.id)
            #expect(labels.map(\.number) == [1, 2, 3])
            #expect(labels.allSatisfy { $0.status == .pending && $0.lot == nil && $0.printedAt == nil })
            _ = try await h.jobs.cancel(id: job.id)
            let events = try await h.jobs.events(jobID: job.id)
            #expect(events.map(\.kind) == [.created, .cancelRequested])
            #expect(events.allSatisfy { $0.jobID == job.id })
            #expect(events[0].data == ["label_count": "3", "printer": "r2"])
            #expect(events[1].data == ["previous_status": "queued"])
            #expect(events[0].id < events[1].id && events[0].createdAt <= events[1].createdAt)
            #expect(try await h.jobs.labels(jobID: UUID()).isEmpty)
            #expect(try await h.jobs.events(jobID: UUID()).isEmpty)
        }
    }
}
