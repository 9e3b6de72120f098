import Core
import Foundation
import Testing
import TransportSimulated

@Suite("Scripted faults")
struct FaultTests {
    typealias Fault = SimulatedPrinter.Fault

    @Test(arguments: [
        ("paper_out@57", Fault.paperOut(atLabel: 57)), ("head_open@3", .headOpen(atLabel: 3)),
        ("ribbon_out@9", .ribbonOut(atLabel: 9)), ("pause@2", .pause(atLabel: 2)),
        ("head_open", .headOpen(atLabel: 1)),
        ("reset@100", .reset(afterBytes: 100)), ("silent", .silent(afterLabels: 0)),
        ("silent@4", .silent(afterLabels: 4)),
        ("garbled", .garbled), ("refuse=10", .refuse(seconds: 10, afterLabels: nil)),
        ("refuse@5=2.5", .refuse(seconds: 2.5, afterLabels: 5)), ("blackhole", .blackhole),
    ])
    func parsesAndPrintsBack(text: String, fault: Fault) throws {
        #expect(try Fault.parse(text) == fault)
        #expect(try Fault.parse(fault.description) == fault)
    }

    @Test(arguments: [
        "paper_out@0", "paper_out@x", "reset", "refuse", "refuse=-1", "refuse=abc", "garbled@3",
        "smoke", "silent=2", "",
    ])
    func rejectsMalformedFaults(text: String) {
        #expect(throws: SimulatedPrinter.FaultSyntaxError.self) { try Fault.parse(text) }
    }

    @Test func paperOutAtLabelNPrintsNMinusOne() async {
        let (printer, clock) = makePrinter(faults: [.paperOut(atLabel: 4)])
        let connection = await printer.connect()
        _ = await printer.receive(zpl((1...6).map { label("P\($0)") }.joined()), connection: connection)
        clock.advance(seconds: 60)
        #expect(await printer.printedLabels.count == 3)
        #expect(await printer.snapshot().paperOut)
        await printer.loadMedia(10)
        clock.advance(seconds: 60)
        #expect(await printer.printedLabels.count == 6)
    }

    @Test func headOpenAndPauseAtLabelN() async {
        let (printer, clock) = makePrinter(faults: [.headOpen(atLabel: 2), .pause(atLabel: 4)])
        let connection = await printer.connect()
        _ = await printer.receive(zpl((1...5).map { label("F\($0)") }.joined()), connection: connection)
        clock.advance(seconds: 60)
        #expect(await printer.printedLabels.count == 1)
        #expect(await printer.printerStatus().reasons == [.headOpen])
        await printer.closeHead()
        clock.advance(seconds: 60)
        #expect(await printer.printedLabels.count == 3)
        #expect(await printer.printerStatus().waitingReason == .paused)
        await printer.resume()
        clock.advance(seconds: 60)
        #expect(await printer.printedLabels.count == 5)
    }

    @Test func resetAfterKBytesLosesTheRestAndThePartialFormat() async {
        let first = label("KEPT")
        let (printer, clock) = makePrinter(faults: [.reset(afterBytes: first.utf8.count + 5)])
        let connection = await printer.connect()
        let reception = await printer.consume(
            zpl(first + label("LOST") + label("GONE")), connection: connection)
        #expect(reception.connectionReset)
        #expect(await printer.isReset(connection))
        #expect(await printer.consume(zpl(label("AFTER")), connection: connection).connectionReset)
        let statistics = await printer.statistics(for: connection)
        #expect(statistics.bytesReceived == first.utf8.count + 5)
        #expect(statistics.partialFormatsDiscarded == 1)
        #expect(await !printer.snapshot().partialFormat)
        // The fault strikes once: a new connection works.
        let next = await printer.connect()
        #expect(await !printer.consume(zpl(label("NEW")), connection: next).connectionReset)
        clock.advance(seconds: 5)
        #expect(await printer.printedLabels.map(\.text) == [first, label("NEW")])
    }

    @Test func silentAnswersNothingAndSilentAfterNLabels() async {
        let (printer, clock) = makePrinter(faults: [.silent(afterLabels: 2)])
        let connection = await printer.connect()
        #expect(!(await printer.receive(zpl("~HS"), connection: connection)).isEmpty)
        _ = await printer.receive(zpl(label("1") + label("2") + label("3")), connection: connection)
        clock.advance(seconds: 60)
        #expect(await printer.printedLabels.count == 3)
        #expect(await printer.receive(zpl("~HS~HQES~HI"), connection: connection).isEmpty)
        await printer.clearFaults()
        #expect(!(await printer.receive(zpl("~HS"), connection: connection)).isEmpty)
    }

    @Test func garbledAnswersCannotBeParsed() async {
        let (printer, _) = makePrinter(faults: [.garbled])
        let connection = await printer.connect()
        let answer = await printer.receive(zpl("~HS"), connection: connection)
        #expect(!answer.isEmpty)
        #expect(throws: ZPLStatusError.self) { try HostStatus.parse(answer) }
        #expect(throws: ZPLStatusError.self) { try ExtendedStatus.parse(answer) }
    }

    @Test func refuseForSecondsFromTheStartAndAfterLabelN() async {
        let (printer, clock) = makePrinter(faults: [
            .refuse(seconds: 10, afterLabels: nil), .refuse(seconds: 5, afterLabels: 1),
        ])
        #expect(await printer.isRefusingConnections)
        clock.advance(seconds: 10.5)
        #expect(await !printer.isRefusingConnections)
        let connection = await printer.connect()
        _ = await printer.receive(zpl(label("1")), connection: connection)
        clock.advance(seconds: 1)
        #expect(await printer.isRefusingConnections)
        clock.advance(seconds: 5)
        #expect(await !printer.isRefusingConnections)
    }

    @Test func blackholeBuffersAndNeverPrints() async {
        let (printer, clock) = makePrinter(faults: [.blackhole])
        let connection = await printer.connect()
        _ = await printer.receive(zpl(label("1") + label("2")), connection: connection)
        clock.advance(seconds: 3600)
        #expect(await printer.printedLabels.isEmpty)
        let status = try? HostStatus.parse(await printer.receive(zpl("~HS"), connection: connection))
        #expect(status?.formatsInReceiveBuffer == 2)
        #expect(status?.printerStatus.state == .ready)
        await printer.clearFaults()
        clock.advance(seconds: 5)
        #expect(await printer.printedLabels.count == 2)
    }
}
