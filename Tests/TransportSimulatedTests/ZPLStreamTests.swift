import Core
import Foundation
import Testing
import TransportSimulated

@Suite("The printer's ZPL stream parser")
struct ZPLStreamTests {
    @Test func formatSplitAcrossChunksIsOneFormat() async {
        let (printer, clock) = makePrinter()
        await printer.pause()
        let connection = await printer.connect()
        let text = label("SPLIT")
        let bytes = zpl(text)
        for chunk in stride(from: 0, to: bytes.count, by: 2) {
            _ = await printer.receive(
                Array(bytes[chunk..<min(chunk + 2, bytes.count)]), connection: connection)
            if chunk >= 2, chunk + 2 < bytes.count {
                #expect(await printer.snapshot().partialFormat)
            }
        }
        let snapshot = await printer.snapshot()
        #expect(!snapshot.partialFormat)
        #expect(snapshot.formatsInBuffer == 1)
        await printer.resume()
        clock.advance(seconds: 1)
        let printed = await printer.printedLabels
        #expect(printed.map(\.text) == [text])
        #expect(printed.first?.connection == connection)
    }

    @Test func bytesOutsideFormatsAreIgnoredAndSeveralFormatsInOneChunkQueue() async {
        let (printer, _) = makePrinter()
        await printer.pause()
        let connection = await printer.connect()
        _ = await printer.receive(
            zpl("\r\n" + label("A") + "\n" + label("B") + "junk" + label("C")), connection: connection)
        #expect(await printer.snapshot().formatsInBuffer == 3)
        #expect(await printer.statistics(for: connection).formatsReceived == 3)
    }

    @Test func controlCommandInsideFieldDataActsAtOnceAndLeavesTheFormat() async {
        let (printer, clock) = makePrinter()
        await printer.pause()
        let connection = await printer.connect()
        _ = await printer.receive(zpl(label("ONE") + label("TWO")), connection: connection)
        #expect(await printer.snapshot().formatsInBuffer == 2)
        // A caller's data with a raw ~JA cancels what is queued, mid-format.
        let answer = await printer.receive(
            zpl("^XA^FO10,10^FDPRICE~JA 5~HS^FS^XZ"), connection: connection)
        let commands = await printer.controlCommands
        #expect(commands.map(\.name) == ["JA", "HS"])
        #expect(commands.allSatisfy { $0.connection == connection && $0.receivedAt == clock.now })
        #expect(ZPLFraming.strings(in: answer).count == 3)
        #expect(await printer.statistics(for: connection).formatsCancelled == 2)
        await printer.resume()
        clock.advance(seconds: 5)
        #expect(await printer.printedLabels.map(\.text) == ["^XA^FO10,10^FDPRICE 5^FS^XZ"])
    }

    @Test func controlCommandsSplitAcrossChunksAndParameters() async {
        let (printer, _) = makePrinter()
        let connection = await printer.connect()
        var answer = await printer.receive(zpl("~H"), connection: connection)
        answer += await printer.receive(zpl("QE"), connection: connection)
        #expect(answer.isEmpty)
        answer += await printer.receive(zpl("S~SD25~JR~ZZ~hi"), connection: connection)
        #expect(await printer.controlCommands.map(\.name) == ["HQES", "SD25", "JR", "ZZ", "HI"])
        let strings = ZPLFraming.strings(in: answer)
        #expect(strings.count == 2)
        #expect(strings.first?.contains("PRINTER STATUS") == true)
        #expect(strings.last == "ZT230-300dpi,V72.20.01Z,12,8176KB")
    }

    @Test func pauseAndResumeCommands() async {
        let (printer, clock) = makePrinter()
        let connection = await printer.connect()
        _ = await printer.receive(zpl("~PP" + label("A") + label("B")), connection: connection)
        clock.advance(seconds: 10)
        #expect(await printer.printedLabels.isEmpty)
        #expect(await printer.snapshot().paused)
        _ = await printer.receive(zpl("~PS"), connection: connection)
        clock.advance(seconds: 10)
        #expect(await printer.printedLabels.count == 2)
    }
}
