import Core
import Foundation
import GatewayTestSupport
import PostgresNIO
import Store
import Testing

@Suite("Store SQL: claims, fencing, idempotency, migrations")
struct StoreTests {
    @Test("migrations are recorded and applying them again does nothing")
    func migrationsAreIdempotent() async throws {
        try await withHarness { h in
            let migrator = Migrator(client: h.client, logger: TestDatabase.logger)
            #expect(try await migrator.migrate() == [])
            #expect(try await migrator.isUpToDate())
            #expect(try await h.printers.models().map(\.name).contains("zebra-z230-300dpi"))
            let schemas = try await h.client.query(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            ).collect()
            #expect(try schemas.first?.decode(Int.self) == 0, "nothing lives in public")
        }
    }

    @Test("many concurrent claimers: one printer is driven by exactly one of them")
    func oneClaimerPerPrinter() async throws {
        try await withHarness { h in
            try await h.addPrinter("p1", uri: "sim://p1")
            _ = try await h.submit(printer: "p1", labels: 1)
            let winners = try await withThrowingTaskGroup(of: PrinterLease?.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        try await h.store.claimPrinter(
                            owner: "owner-\(index)", site: nil, leaseDuration: .seconds(30), excluding: [])
                    }
                }
                return try await group.reduce(into: [PrinterLease]()) { if let lease = $1 { $0.append(lease) } }
            }
            #expect(winners.count == 1)
        }
    }

    @Test("claims spread over printers with work and skip those without")
    func claimsSkipLockedPrinters() async throws {
        try await withHarness { h in
            for name in ["a", "b", "c", "idle"] { try await h.addPrinter(name, uri: "sim://\(name)") }
            for name in ["a", "b", "c"] { _ = try await h.submit(printer: name, labels: 1) }
            var claimed: Set<String> = []
            for index in 0..<4 {
                if let lease = try await h.store.claimPrinter(
                    owner: "o\(index)", site: nil, leaseDuration: .seconds(30), excluding: [])
                {
                    claimed.insert(lease.printerName)
                }
            }
            #expect(claimed == ["a", "b", "c"])
        }
    }

    @Test("a stale lease token writes nothing, and its holder learns at once")
    func staleTokenWritesNothing() async throws {
        try await withHarness { h in
            try await h.addPrinter("p2", uri: "sim://p2")
            let job = try await h.submit(printer: "p2", labels: 10)
            let first = try #require(
                try await h.store.claimPrinter(
                    owner: "first", site: nil, leaseDuration: .milliseconds(200), excluding: []))
            _ = try await h.store.startNextJob(first)
            _ = try await h.store.checkpoint(first, jobID: job.id, printed: 2, sent: 4)
            try await Task.sleep(for: .milliseconds(300))
            let second = try #require(
                try await h.store.claimPrinter(owner: "second", site: nil, leaseDuration: .seconds(30), excluding: []))
            #expect(second.token > first.token)

            await #expect(throws: LeaseLostError.self) {
                _ = try await h.store.checkpoint(first, jobID: job.id, printed: 9, sent: 10)
            }
            await #expect(throws: LeaseLostError.self) {
                try await h.store.finish(first, jobID: job.id, outcome: .completed)
            }
            await #expect(throws: LeaseLostError.self) {
                try await h.store.setWaiting(first, jobID: job.id, reason: .paperOut, detail: nil)
            }
            let unchanged = try #require(try await h.jobs.find(id: job.id))
            #expect(unchanged.printedCount == 2)
            #expect(unchanged.status == .printing)
            #expect(unchanged.waitingReason == nil)

            _ = try await h.store.checkpoint(second, jobID: job.id, printed: 6, sent: 8)
            #expect(try await h.jobs.find(id: job.id)?.printedCount == 6)
        }
    }

    @Test("an idempotency key queues one job however often it is sent")
    func idempotencyKey() async throws {
        try await withHarness { h in
            try await h.addPrinter("p3", uri: "sim://p3")
            let first = try await h.jobs.submit(
                NewJob(printer: "p3", labels: EngineHarness.labels(3), idempotencyKey: "mo-42"))
            let again = try await h.jobs.submit(
                NewJob(printer: "p3", labels: EngineHarness.labels(7), idempotencyKey: "mo-42"))
            #expect(first.created)
            #expect(!again.created)
            #expect(again.job.id == first.job.id)
            #expect(again.job.labelCount == 3)
            let all = try await h.jobs.list(status: nil, printer: "p3", limit: 50, cursor: nil)
            #expect(all.jobs.count == 1)
        }
    }

    @Test("the job list pages newest first with an opaque cursor")
    func cursorPagination() async throws {
        try await withHarness { h in
            try await h.addPrinter("p4", uri: "sim://p4")
            var ids: [UUID] = []
            for _ in 0..<7 { ids.append(try await h.submit(printer: "p4", labels: 1).id) }
            var seen: [UUID] = []
            var cursor: String?
            repeat {
                let page = try await h.jobs.list(status: .queued, printer: "p4", limit: 3, cursor: cursor)
                seen += page.jobs.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen == ids.reversed())
            await #expect(throws: StoreError.self) {
                _ = try await h.jobs.list(status: nil, printer: nil, limit: 3, cursor: "not-a-cursor")
            }
        }
    }

    @Test("deleting a printer leaves its queued jobs waiting with printer_disabled")
    func deletedPrinterJobsWait() async throws {
        try await withHarness { h in
            try await h.addPrinter("p5", uri: "sim://p5")
            let job = try await h.submit(printer: "p5", labels: 2)
            try await h.printers.delete(name: "p5")
            let waiting = try #require(try await h.jobs.find(id: job.id))
            #expect(waiting.status == .queued)
            #expect(waiting.waitingReason == .printerDisabled)
            #expect(
                try await h.store.claimPrinter(owner: "x", site: nil, leaseDuration: .seconds(5), excluding: []) == nil)
        }
    }

    @Test("a site without a live gateway: its jobs and printer say no_gateway_for_site until one announces itself")
    func noGatewayForSite() async throws {
        try await withHarness { h in
            try await h.addPrinter("far", uri: "sim://far", site: "plant-b")
            let job = try await h.submit(printer: "far", labels: 1)
            #expect(try await h.jobs.find(id: job.id)?.waitingReason == .noGatewayForSite)
            #expect(try await h.printers.find(name: "far")?.status.reasons.contains(.noGatewayForSite) == true)
            let other = GatewayPresence(
                client: h.client, owner: "gw-a", site: "plant-a", logger: TestDatabase.logger)
            try await other.announce()
            #expect(
                try await h.jobs.find(id: job.id)?.waitingReason == .noGatewayForSite,
                "another site's gateway does not count")
            let local = GatewayPresence(
                client: h.client, owner: "gw-b", site: "plant-b", logger: TestDatabase.logger)
            try await local.announce()
            #expect(try await h.jobs.find(id: job.id)?.waitingReason == nil)
            #expect(try await h.printers.find(name: "far")?.status.reasons.contains(.noGatewayForSite) == false)
            try await local.leave()
            let central = GatewayPresence(
                client: h.client, owner: "gw-all", site: nil, logger: TestDatabase.logger)
            try await central.announce()
            #expect(try await h.jobs.find(id: job.id)?.waitingReason == nil, "a gateway for every site counts")
        }
    }

    @Test("job events cannot be changed or removed")
    func eventsAreImmutable() async throws {
        try await withHarness { h in
            try await h.addPrinter("p6", uri: "sim://p6")
            let job = try await h.submit(printer: "p6", labels: 1)
            await #expect(throws: (any Error).self) {
                try await h.client.query("UPDATE gateway.job_events SET kind = 'forged' WHERE job_id = \(job.id)")
            }
            #expect(try await h.eventKinds(job.id) == ["created"])
        }
    }
}
