import Core
import Foundation
import Testing
import TransportSimulated

@Suite("Printing on the simulated Z230")
struct PrintingTests {
    @Test func tenLabelsAtSixInchesPerSecondTakeTwoThirdsOfASecondEach() async {
        let (printer, clock) = makePrinter()
        let start = clock.now
        let connection = await printer.connect()
        _ = await printer.receive(
            zpl((1...10).map { label("L\($0)") }.joined()), connection: connection)
        clock.advance(seconds: 3 * labelSeconds + 0.1)
        #expect(await printer.printedLabels.count == 3)
        let status = await printer.hostStatus()
        #expect(status.formatsInReceiveBuffer == 6)
        #expect(status.labelsRemainingInBatch == 1)
        clock.advance(seconds: 10)
        let printed = await printer.printedLabels
        #expect(printed.map(\.sequence) == Array(1...10))
        #expect(printed.map(\.text) == (1...10).map { label("L\($0)") })
        for (index, record) in printed.enumerated() {
            let expected = Double(index + 1) * 0.6667
            #expect(abs(record.printedAt.timeIntervalSince(start) - expected) < 0.001)
        }
        #expect(await printer.statistics(for: connection).labelsPrinted == 10)
        #expect(await printer.snapshot().isDrained)
    }

    @Test func labelLengthComesFromLL() async {
        let (printer, clock) = makePrinter()
        let start = clock.now
        let connection = await printer.connect()
        // 1,800 dots at 300 dpi is 6 in: one second at 6 in/s.
        _ = await printer.receive(zpl(label("LONG", dots: 1_800)), connection: connection)
        clock.advance(seconds: 0.99)
        #expect(await printer.printedLabels.isEmpty)
        #expect(await printer.hostStatus().labelLengthDots == 1_800)
        clock.advance(seconds: 0.02)
        let printed = await printer.printedLabels
        #expect(printed.count == 1)
        #expect(abs((printed.first?.printedAt.timeIntervalSince(start) ?? 0) - 1.0) < 0.001)
    }

    @Test func idlePrinterStartsWhenTheFormatArrives() async {
        let (printer, clock) = makePrinter()
        let connection = await printer.connect()
        clock.advance(seconds: 100)
        let sentAt = clock.now
        _ = await printer.receive(zpl(label("LATE")), connection: connection)
        clock.advance(seconds: 0.5)
        #expect(await printer.printedLabels.isEmpty)
        clock.advance(seconds: 0.2)
        #expect(
            await printer.printedLabels.first.map {
                abs($0.printedAt.timeIntervalSince(sentAt) - labelSeconds) < 0.001
            } == true)
    }

    @Test func pqPrintsCopiesAndCountsDownTheBatch() async {
        let (printer, clock) = makePrinter()
        let connection = await printer.connect()
        _ = await printer.receive(zpl(label("COPY", copies: 3)), connection: connection)
        clock.advance(seconds: 0.1)
        #expect(await printer.hostStatus().labelsRemainingInBatch == 3)
        clock.advance(seconds: labelSeconds)
        #expect(await printer.hostStatus().labelsRemainingInBatch == 2)
        #expect(await printer.statistics(for: connection).formatsPrinted == 0)
        clock.advance(seconds: 2 * labelSeconds)
        let printed = await printer.printedLabels
        #expect(printed.map(\.copy) == [1, 2, 3])
        #expect(await printer.hostStatus().labelsRemainingInBatch == 0)
        let statistics = await printer.statistics(for: connection)
        #expect(statistics.labelsPrinted == 3)
        #expect(statistics.formatsPrinted == 1)
    }

    @Test func cancelAllFinishesTheCurrentLabelAndDropsTheRest() async {
        let (printer, clock) = makePrinter()
        let connection = await printer.connect()
        _ = await printer.receive(
            zpl(label("BATCH", copies: 5) + label("NEXT") + label("LAST")), connection: connection)
        clock.advance(seconds: labelSeconds * 1.5)
        _ = await printer.receive(zpl("~JA"), connection: connection)
        #expect(await printer.snapshot().formatsInBuffer == 0)
        clock.advance(seconds: 10)
        let printed = await printer.printedLabels
        #expect(printed.count == 2)
        #expect(printed.allSatisfy { $0.text == label("BATCH", copies: 5) })
        #expect(await printer.statistics(for: connection).formatsCancelled == 2)
        #expect(await printer.snapshot().isDrained)
    }

    @Test func mediaRunsOutAndLoadingMediaContinues() async {
        let (printer, clock) = makePrinter(media: 3)
        let connection = await printer.connect()
        _ = await printer.receive(zpl((1...5).map { label("M\($0)") }.joined()), connection: connection)
        clock.advance(seconds: 60)
        #expect(await printer.printedLabels.count == 3)
        let snapshot = await printer.snapshot()
        #expect(snapshot.paperOut)
        #expect(snapshot.formatsInBuffer + snapshot.labelsRemainingInBatch == 2)
        await printer.loadMedia(100)
        clock.advance(seconds: 60)
        #expect(await printer.printedLabels.map(\.text) == (1...5).map { label("M\($0)") })
        #expect(await printer.snapshot().mediaRemaining == 98)
    }

    @Test func headOpenStopsPrintingUntilClosed() async {
        let (printer, clock) = makePrinter()
        let connection = await printer.connect()
        _ = await printer.receive(zpl(label("H1") + label("H2")), connection: connection)
        clock.advance(seconds: labelSeconds / 2)
        await printer.openHead()
        clock.advance(seconds: 60)
        #expect(await printer.printedLabels.isEmpty)
        await printer.closeHead()
        clock.advance(seconds: 2 * labelSeconds + 0.01)
        #expect(await printer.printedLabels.count == 2)
    }

    @Test func recordSinkWritesOneJSONLinePerLabel() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID()).jsonl")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let clock = VirtualClock()
        let printer = SimulatedPrinter(
            configuration: .init(name: "rec", recordPath: path), clock: clock)
        let connection = await printer.connect()
        _ = await printer.receive(zpl(label("R1") + label("R2")), connection: connection)
        clock.advance(seconds: 5)
        #expect(await printer.printedLabels.count == 2)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["printer"] as? String == "rec")
        #expect(first?["sequence"] as? Int == 1)
        #expect(first?["zpl"] as? String == label("R1"))
        #expect(first?["connection"] as? Int == connection.rawValue)
    }
}
