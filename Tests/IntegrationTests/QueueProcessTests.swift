import Foundation
import GatewayTestSupport
import Testing

/// Cancel and move against real processes: `gateway simulate` over raw TCP 9100 and `gateway serve`.
@Suite("Processes: cancel clears the printer's buffer; a move leaves a dead printer", .serialized)
struct QueueProcessTests {
    static let window = 16

    @Test("a cancel in the middle of a 200-label job over raw 9100: at most one more label prints, all counted")
    func cancelClearsBuffer() async throws {
        try await withTestDatabase { database in
            let printer = try await SimulatedLine.start()
            defer { printer.stop() }
            let gateway = try await GatewayServer.start(databaseURL: database.url, window: Self.window)
            defer { gateway.stop() }
            try await gateway.addPrinter("line1", uri: "raw9100://127.0.0.1:\(printer.port)")
            let id = try await gateway.submit(printer: "line1", zpl: numberedLabels(200))
            _ = try await gateway.waitForJob(id, timeout: .seconds(60)) { $0.printedCount >= 40 }
            let (status, answer) = try await gateway.call("POST", "/v1/jobs/\(id)/cancel")
            let answeredAt = Date().timeIntervalSince1970
            #expect(status == 200)
            #expect(answer["status"] as? String == "cancelled")
            let done = try await gateway.waitForJob(id, timeout: .seconds(30)) { $0.status == "cancelled" }
            // Let anything the printer still held print, had it not been cleared.
            try await Task.sleep(for: .seconds(3))
            let printed = try printer.printedNumbers()
            // The cancel wakes the printer's worker, which clears the buffer at once; the answer waits for that, so
            // after the answer at most the label under the head prints.
            let (_, events) = try await gateway.call("GET", "/v1/jobs/\(id)/events")
            let cancelledAt = try #require(
                (events["items"] as? [[String: Any]] ?? []).last { $0["kind"] as? String == "cancelled" }?["created_at"]
                    as? String)
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let cleared = try #require(formatter.date(from: cancelledAt)).timeIntervalSince1970
            let times = try Self.printTimes(printer)
            let afterClearing = times.filter { $0 > cleared }.count
            let afterAnswer = times.filter { $0 > answeredAt }.count
            #expect(afterClearing <= 1, "at most the label under the head printed once the buffer was cleared")
            #expect(afterAnswer <= 1, "at most the label under the head printed after the cancel's answer")
            #expect(cleared <= answeredAt + 0.005, "the answer came after the worker had cleared the buffer")
            #expect(printed == Array(1...printed.count), "in order, none twice")
            let final = try await gateway.job(id)
            #expect(final.printedCount == printed.count, "printed_count is what the printer printed; \(done)")
            #expect(printed.count < 200)
        }
    }

    /// When each label on the simulator's record printed (Unix time).
    static func printTimes(_ line: SimulatedLine) throws -> [Double] {
        let text = try String(contentsOf: line.record, encoding: .utf8)
        return text.split(separator: "\n").compactMap { row in
            (try? JSONSerialization.jsonObject(with: Data(row.utf8)) as? [String: Any])?["unixTime"] as? Double
        }
    }

    @Test("a job moved from a printer whose simulator was killed finishes on a live one, every label printed")
    func moveFromDeadPrinter() async throws {
        try await withTestDatabase { database in
            let dying = try await SimulatedLine.start()
            let live = try await SimulatedLine.start()
            defer {
                dying.stop()
                live.stop()
            }
            let gateway = try await GatewayServer.start(databaseURL: database.url, window: 4)
            defer { gateway.stop() }
            try await gateway.addPrinter("line1", uri: "raw9100://127.0.0.1:\(dying.port)")
            try await gateway.addPrinter("line2", uri: "raw9100://127.0.0.1:\(live.port)")
            let id = try await gateway.submit(printer: "line1", zpl: numberedLabels(200))
            _ = try await gateway.waitForJob(id, timeout: .seconds(60)) { $0.printedCount >= 30 }
            dying.process.kill()
            let printedThere = try dying.printedNumbers()
            _ = try await gateway.waitForJob(id, timeout: .seconds(60)) { $0.waitingReason == "printer_offline" }
            let (status, body) = try await gateway.call("POST", "/v1/jobs/\(id)/move", json: ["printer": "line2"])
            #expect(status == 200, "\(body)")
            let done = try await gateway.waitForJob(id, timeout: .seconds(120)) { $0.status == "completed" }
            #expect(done.printedCount == 200)
            let (_, shown) = try await gateway.call("GET", "/v1/jobs/\(id)")
            #expect(shown["printer"] as? String == "line2")
            let printedHere = try await live.waitForPrinted(200)
            let all = printedThere + printedHere
            expectEveryLabel(all, count: 200, window: 4)
            #expect(printedHere.first.map { $0 > 1 } ?? false, "the live printer starts after the confirmed labels")
            let (_, events) = try await gateway.call("GET", "/v1/jobs/\(id)/events")
            let kinds = (events["items"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(kinds.contains("moved"), "\(kinds)")
        }
    }
}
