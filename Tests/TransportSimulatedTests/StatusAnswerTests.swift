import Core
import Foundation
import Testing
import TransportSimulated

@Suite("Status answers of the simulated Z230")
struct StatusAnswerTests {
    @Test func hostStatusOfAnIdlePrinter() async {
        let (printer, _) = makePrinter()
        let connection = await printer.connect()
        let answer = await printer.receive(zpl("~HS"), connection: connection)
        #expect(
            answer
                == framed("000,0,0,1200,000,0,0,0,000,0,0,0", "000,0,0,0,0,2,0,0,00000000,1,000", "0000,0"))
    }

    @Test func hostStatusWhilePausedWithFormatsAndAPartialFormat() async {
        let (printer, _) = makePrinter()
        let connection = await printer.connect()
        _ = await printer.receive(
            zpl("~PP" + label("A", dots: 900) + label("B", dots: 900) + "^XA^FO1,1^FDhalf"),
            connection: connection)
        let answer = await printer.receive(zpl("~HS"), connection: connection)
        #expect(
            answer
                == framed("000,0,1,0900,002,0,0,1,000,0,0,0", "000,0,0,0,0,2,0,0,00000000,1,000", "0000,0"))
    }

    @Test func hostStatusWhilePrintingABatch() async {
        let (printer, clock) = makePrinter()
        let connection = await printer.connect()
        _ = await printer.receive(zpl(label("B", copies: 12) + label("C")), connection: connection)
        clock.advance(seconds: 2 * labelSeconds + 0.1)
        let answer = await printer.receive(zpl("~HS"), connection: connection)
        #expect(
            answer
                == framed("000,0,0,1200,001,0,0,0,000,0,0,0", "000,0,0,0,0,2,0,0,00000010,1,000", "0000,0"))
    }

    @Test func bufferFullIsReported() async {
        let clock = VirtualClock()
        let printer = SimulatedPrinter(
            configuration: .init(name: "full", bufferCapacity: 2), clock: clock)
        let connection = await printer.connect()
        _ = await printer.receive(zpl("~PP" + label("1") + label("2")), connection: connection)
        let answer = await printer.receive(zpl("~HS"), connection: connection)
        #expect(ZPLFraming.strings(in: answer).first == "000,0,1,1200,002,1,0,0,000,0,0,0")
    }

    @Test func hostStatusIsSilentWhenPaperOutOrHeadOpenAndExtendedStatusSaysWhy() async {
        let (printer, clock) = makePrinter(media: 1)
        let connection = await printer.connect()
        _ = await printer.receive(zpl(label("1") + label("2")), connection: connection)
        clock.advance(seconds: 5)
        #expect(await printer.receive(zpl("~HS"), connection: connection).isEmpty)
        #expect(
            await printer.receive(zpl("~HQES"), connection: connection)
                == [0x02]
                + zpl(
                    "\r\n  PRINTER STATUS\r\n    ERRORS:         1 00000000 00000001\r\n"
                        + "    WARNINGS:       0 00000000 00000000\r\n") + [0x03, 0x0D, 0x0A])
        await printer.openHead()
        let extended = try? ExtendedStatus.parse(
            await printer.receive(zpl("~HQES"), connection: connection))
        #expect(extended?.errors == [.mediaOut, .headOpen])
        await printer.loadMedia(10)
        #expect(await printer.receive(zpl("~HS"), connection: connection).isEmpty)
        await printer.closeHead()
        #expect(
            ZPLFraming.strings(in: await printer.receive(zpl("~HS"), connection: connection)).count == 3)
        #expect(await printer.printerStatus().state == .ready)
    }

    @Test func ribbonOutSilencesHostStatus() async {
        let (printer, clock) = makePrinter(faults: [.ribbonOut(atLabel: 1)])
        let connection = await printer.connect()
        _ = await printer.receive(zpl(label("1")), connection: connection)
        clock.advance(seconds: 5)
        #expect(await printer.receive(zpl("~HS"), connection: connection).isEmpty)
        let extended = try? ExtendedStatus.parse(
            await printer.receive(zpl("~HQES"), connection: connection))
        #expect(extended?.errors == .ribbonOut)
        #expect(await printer.printerStatus().reasons == [.ribbonOut])
        await printer.loadRibbon()
        clock.advance(seconds: 5)
        #expect(await printer.printedLabels.count == 1)
    }

    @Test func hostIdentification() async throws {
        let (printer, _) = makePrinter()
        let connection = await printer.connect()
        let answer = await printer.receive(zpl("~HI"), connection: connection)
        #expect(answer == framed("ZT230-300dpi,V72.20.01Z,12,8176KB"))
        #expect(try HostIdentification.parse(answer).dotsPerMillimetre == 12)
    }
}
