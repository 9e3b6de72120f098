import Core
import CoreTestSupport
import Foundation
import Synchronization
import Testing

/// Hold and release, priorities, expiry, moving the rest of a job, pausing a printer: the engine on the virtual clock.
@Suite("Operating the queue: hold, priority, expiry, move, pause")
struct QueueOperationsTests {
    /// The numbers of the labels of job `tag` that left the print head, in order.
    static func printed(_ tag: String, on printer: ScriptedPrinter) async -> [Int] {
        await printer.history.compactMap { entry in
            guard entry.hasPrefix("="), let range = entry.range(of: "^FD\(tag)Label ") else { return nil }
            return Int(entry[range.upperBound...].prefix { $0.isNumber })
        }
    }

    func submit(
        _ bench: EngineBench, printer: String, labels: Int, tag: String, priority: Int = 0, hold: Bool = false,
        expiresAt: Date? = nil
    ) async throws -> Job {
        try await bench.store.submit(
            NewJob(
                printer: printer, labels: EngineBench.labels(labels, tag: tag), priority: priority, hold: hold,
                expiresAt: expiresAt)
        ).job
    }

    @Test("a held job sends nothing until released, while the printer prints the jobs behind it")
    func heldJobWaits() async throws {
        let bench = try await EngineBench(printers: ["line"])
        let printer = bench.printer("line")
        let held = try await submit(bench, printer: "line", labels: 6, tag: "H", hold: true)
        #expect(held.waitingReason == .held)
        let other = try await submit(bench, printer: "line", labels: 3, tag: "N")
        try await bench.withEngine {
            let done = try await bench.ended(other.id)
            #expect(done.status == .completed)
            #expect(await Self.printed("H", on: printer).isEmpty, "nothing of the held job was sent")
            #expect(try await bench.store.find(id: held.id)?.waitingReason == .held)
            _ = try await bench.store.release(id: held.id, actor: "foreman")
            let released = try await bench.ended(held.id)
            #expect(released.status == .completed && released.endReason == .completed)
        }
        #expect(await Self.printed("H", on: printer) == Array(1...6))
        #expect(try await bench.eventKinds(held.id).contains("hold_released"))
    }

    @Test(
        "holding a printing job: the labels on the printer finish (or are cleared, where it can), nothing more is sent; released, it goes on",
        arguments: [false, true])
    func holdWhilePrinting(clearsBuffer: Bool) async throws {
        let bench = try await EngineBench(printers: ["line"])
        let printer = bench.printer("line")
        await printer.script { printer in
            printer.printsPerPoll = 1
            printer.canCancel = clearsBuffer
        }
        let job = try await submit(bench, printer: "line", labels: 100, tag: "J")
        let store = bench.store
        await printer.script { printer in
            printer.onReceive[20] = { _ = try? await store.hold(id: job.id, actor: "foreman") }
        }
        try await bench.withEngine {
            let held = try await bench.waitFor(job.id) { $0.waitingReason == .held }
            let printedWhenHeld = await Self.printed("J", on: printer)
            #expect(printedWhenHeld.count < 30, "at most the window went out after the hold")
            #expect(held.printedCount == printedWhenHeld.count, "every label printed is counted")
            #expect(await printer.receivedNumbers.count <= 20 + 4)
            _ = try await bench.store.release(id: job.id, actor: nil)
            #expect(try await bench.ended(job.id).printedCount == 100)
        }
        #expect(await Self.printed("J", on: printer) == Array(1...100), "each label once, in order")
    }

    @Test(
        "a priority 10 job interrupts a 1,000-label batch after the labels in progress (the label under the head where the printer's buffer can be cleared); the batch resumes after it",
        arguments: [false, true])
    func rushInterrupts(clearsBuffer: Bool) async throws {
        let bench = try await EngineBench(printers: ["line"])
        let printer = bench.printer("line")
        await printer.script { printer in
            printer.printsPerPoll = 1
            printer.canCancel = clearsBuffer
        }
        let batch = try await submit(bench, printer: "line", labels: 1_000, tag: "B")
        let store = bench.store
        let rushID = RushID()
        await printer.script { printer in
            printer.onReceive[300] = {
                let rush = try? await store.submit(
                    NewJob(printer: "line", labels: EngineBench.labels(5, tag: "R"), priority: 10)
                ).job
                rushID.set(rush?.id)
            }
        }
        let (rush, done) = try await bench.withEngine {
            let done = try await bench.ended(batch.id)
            let rushJob = try await bench.store.find(id: try #require(rushID.value))
            return (try #require(rushJob), done)
        }
        #expect(done.status == .completed && done.printedCount == 1_000)
        #expect(rush.status == .completed && rush.printedCount == 5)
        #expect(await Self.printed("B", on: printer) == Array(1...1_000), "no batch label lost or repeated")
        #expect(await Self.printed("R", on: printer) == Array(1...5))
        let history = await printer.history.filter { $0.hasPrefix("=") }
        let firstRush = try #require(history.firstIndex { $0.contains("RLabel 1^") })
        let lastRush = try #require(history.firstIndex { $0.contains("RLabel 5^") })
        // The rush arrives when the printer has taken 300 batch labels, about 296 of them printed (a window of 4).
        if clearsBuffer {
            #expect(firstRush <= 298, "the rush starts after the label under the head; the rest was cleared")
        } else {
            #expect(firstRush <= 300 + 4, "the rush starts once the labels already on the printer have printed")
        }
        #expect(history[firstRush...lastRush].allSatisfy { $0.contains("RLabel") }, "nothing else between")
        #expect(history[..<firstRush].allSatisfy { $0.contains("BLabel") })
        #expect(try await bench.eventKinds(batch.id).contains("preempted"))
    }

    @Test("a job that expires while its printer is offline never prints and ends cancelled, expired")
    func expiresOffline() async throws {
        let bench = try await EngineBench(printers: ["dock"])
        let printer = bench.printer("dock")
        let back = bench.clock.now.addingTimeInterval(6 * 3600)
        await printer.script { $0.unreachableUntil = back }
        let job = try await submit(
            bench, printer: "dock", labels: 4, tag: "E", expiresAt: bench.clock.now.addingTimeInterval(3600))
        let done = try await bench.withEngine { try await bench.ended(job.id) }
        #expect(done.status == .cancelled)
        #expect(done.endReason == .expired)
        #expect(done.printedCount == 0)
        #expect(await printer.received.isEmpty, "no label reached the printer")
        #expect(bench.clock.now < back, "it ended before the printer came back")
        #expect(try await bench.eventKinds(job.id).contains("expired"))
    }

    @Test(
        "a job moved in the middle of a batch prints every label once across both printers, even when the first comes back"
    )
    func moveMidBatch() async throws {
        let bench = try await EngineBench(printers: ["one", "two"])
        let (one, two) = (bench.printer("one"), bench.printer("two"))
        await one.script { printer in
            printer.printsPerPoll = 1
            printer.paperOutAt = 40
            printer.canCancel = true
        }
        let job = try await submit(bench, printer: "one", labels: 100, tag: "M")
        try await bench.withEngine {
            let waiting = try await bench.waitFor(job.id) { $0.waitingReason == .paperOut }
            #expect(waiting.printedCount == 39)
            let asked = try await bench.store.move(id: job.id, toPrinter: "two", actor: "foreman")
            #expect(asked.movingTo == "two", "the move waits for the process driving the first printer")
            let done = try await bench.ended(job.id)
            #expect(done.status == .completed && done.printer == "two" && done.printedCount == 100)
            // The first printer comes back: whatever it still held of the job prints now.
            await one.loadPaper()
            await one.close()
        }
        let first = await Self.printed("M", on: one)
        let second = await Self.printed("M", on: two)
        #expect(first == Array(1...39))
        #expect(second == Array(40...100), "the unconfirmed rest, in order, on the second printer")
        let kinds = try await bench.eventKinds(job.id)
        #expect(kinds.contains("move_requested") && kinds.contains("moved"))
    }

    @Test("a paused printer sends nothing; its jobs wait with paused, and resume after resume")
    func pausedPrinter() async throws {
        let bench = try await EngineBench(printers: ["line", "other"])
        let printer = bench.printer("line")
        _ = try await bench.store.setPaused(name: "line", true)
        let job = try await submit(bench, printer: "line", labels: 5, tag: "P")
        #expect(job.waitingReason == .paused)
        let elsewhere = try await submit(bench, printer: "other", labels: 2, tag: "O")
        try await bench.withEngine {
            _ = try await bench.ended(elsewhere.id)
            #expect(await printer.received.isEmpty, "the paused printer got nothing")
            _ = try await bench.store.setPaused(name: "line", false)
            #expect(try await bench.ended(job.id).printedCount == 5)
        }
        #expect(await Self.printed("P", on: printer) == Array(1...5))
    }

    @Test("pausing a printing printer stops it after the labels in flight; the job goes on from there on resume")
    func pauseWhilePrinting() async throws {
        let bench = try await EngineBench(printers: ["line"])
        let printer = bench.printer("line")
        await printer.script { printer in
            printer.printsPerPoll = 1
            printer.canCancel = true
        }
        let job = try await submit(bench, printer: "line", labels: 50, tag: "Q")
        let store = bench.store
        await printer.script { printer in
            printer.onReceive[10] = { _ = try? await store.setPaused(name: "line", true) }
        }
        try await bench.withEngine {
            let paused = try await bench.waitFor(job.id) { $0.waitingReason == .paused }
            #expect(paused.printedCount < 12)
            #expect(await printer.cancelled.isEmpty == false, "the buffer was cleared")
            _ = try await bench.store.setPaused(name: "line", false)
            #expect(try await bench.ended(job.id).printedCount == 50)
        }
        #expect(await Self.printed("Q", on: printer) == Array(1...50), "each label once: the cleared ones again later")
    }
}

/// The id of a job submitted from a printer's hook, read by the test afterwards.
final class RushID: Sendable {
    private let id = Mutex<UUID?>(nil)
    func set(_ value: UUID?) { id.withLock { $0 = value } }
    var value: UUID? { id.withLock { $0 } }
}
