import Core
import Testing

/// Status answers written out byte by byte after the Zebra Programming Guide's layouts (ZEBRA.md).
@Suite("ZPL status answers")
struct ZPLStatusTests {
    static func framed(_ lines: String...) -> [UInt8] {
        lines.flatMap { [0x02] + Array($0.utf8) + [0x03, 0x0D, 0x0A] }
    }

    /// A printer mid-batch: 1,245-dot labels, 3 formats queued, 7 labels left in the batch, paused.
    static let busy = framed(
        "030,0,1,1245,003,0,0,1,000,0,0,0", "001,0,0,0,1,2,6,0,00000007,1,000", "1234,0")

    @Test func parsesEveryFieldByTheManualsIndex() throws {
        let status = try HostStatus.parse(Self.busy)
        #expect(status.communicationSettings == 30)
        #expect(!status.paperOut)
        #expect(status.paused)
        #expect(status.labelLengthDots == 1245)
        #expect(status.formatsInReceiveBuffer == 3)
        #expect(!status.receiveBufferFull)
        #expect(status.partialFormatInProgress)
        #expect(status.functionSettings == 1)
        #expect(!status.headUp)
        #expect(!status.ribbonOut)
        #expect(status.thermalTransfer)
        #expect(status.printMode == 2)
        #expect(status.printWidthMode == 6)
        #expect(!status.labelWaiting)
        #expect(status.labelsRemainingInBatch == 7)
        #expect(status.password == 1234)
        #expect(status.printerStatus.reasons == [.paused])
        #expect(status.printed(ofSent: 20) == 16)
        #expect(!status.isDrained)
    }

    /// Head up is field `o`, the third of string 2, after the unused `n`; ribbon out is `p`.
    @Test func headUpAndRibbonOutAreTheThirdAndFourthFieldsOfStringTwo() throws {
        let head = try HostStatus.parse(
            Self.framed("000,1,0,1200,000,0,0,0,000,0,0,0", "000,0,1,0,0,2,0,0,00000000,1,000", "0000,0"))
        #expect(head.paperOut)
        #expect(head.headUp)
        #expect(!head.ribbonOut)
        #expect(head.printerStatus.state == .error)
        #expect(head.printerStatus.reasons == [.paperOut, .headOpen])
        let ribbon = try HostStatus.parse(
            Self.framed("000,0,0,1200,000,1,0,0,000,0,0,0", "000,0,0,1,0,2,0,0,00000000,1,000", "0000,0"))
        #expect(!ribbon.headUp)
        #expect(ribbon.ribbonOut)
        #expect(ribbon.receiveBufferFull)
        #expect(ribbon.isDrained)
    }

    @Test func encodesTheExactBytes() {
        var status = HostStatus()
        status.communicationSettings = 30
        status.paused = true
        status.labelLengthDots = 1245
        status.formatsInReceiveBuffer = 3
        status.partialFormatInProgress = true
        status.functionSettings = 1
        status.thermalTransfer = true
        status.printWidthMode = 6
        status.labelsRemainingInBatch = 7
        status.password = 1234
        #expect(status.encoded() == Self.busy)
        #expect(
            HostStatus().encoded()
                == Self.framed(
                    "000,0,0,0000,000,0,0,0,000,0,0,0", "000,0,0,0,0,2,0,0,00000000,1,000", "0000,0"))
    }

    @Test func rejectsIncompleteOrMalformedAnswers() {
        #expect(throws: ZPLStatusError.self) { try HostStatus.parse(Array(Self.busy.prefix(60))) }
        #expect(throws: ZPLStatusError.self) {
            try HostStatus.parse(
                Self.framed("030,0,1,1245,003,0,0,1,000,0,0", "001,0,0,0,1,2,6,0,00000007,1,000", "1234,0"))
        }
        #expect(throws: ZPLStatusError.self) {
            try HostStatus.parse(
                Self.framed(
                    "030,0,x,1245,003,0,0,1,000,0,0,0", "001,0,0,0,1,2,6,0,00000007,1,000", "1234,0"))
        }
    }

    static let extendedAnswer: [UInt8] =
        [0x02] + Array("\r\n  PRINTER STATUS\r\n    ERRORS:         1 00000000 00000005\r\n".utf8)
        + Array("    WARNINGS:       1 00000000 00000002\r\n".utf8) + [0x03, 0x0D, 0x0A]

    @Test func extendedStatusParsesGroupOneAsTheLastGroup() throws {
        let status = try ExtendedStatus.parse(Self.extendedAnswer)
        #expect(status.errors == [.mediaOut, .headOpen])
        #expect(status.errorsGroup2 == 0)
        #expect(status.warnings == .cleanPrintHead)
        #expect(status.printerStatus.state == .error)
        #expect(status.printerStatus.reasons == [.paperOut, .headOpen])
        let compact =
            [0x02]
            + Array(
                "PRINTER STATUS\r\nERRORS: 1 00000000 00000002\r\nWARNINGS: 0 00000000 00000000\r\n".utf8)
            + [0x03]
        #expect(try ExtendedStatus.parse(compact).errors == .ribbonOut)
    }

    @Test func extendedStatusEncodesTheExactBytes() {
        let status = ExtendedStatus(errors: [.mediaOut, .headOpen], warnings: .cleanPrintHead)
        #expect(status.encoded() == Self.extendedAnswer)
        let clear = ExtendedStatus()
        #expect(clear.printerStatus == .ready)
        #expect(
            clear.encoded()
                == [0x02]
                + Array("\r\n  PRINTER STATUS\r\n    ERRORS:         0 00000000 00000000\r\n".utf8)
                + Array("    WARNINGS:       0 00000000 00000000\r\n".utf8) + [0x03, 0x0D, 0x0A])
    }

    @Test func extendedStatusRejectsMissingLines() {
        #expect(throws: ZPLStatusError.self) { try ExtendedStatus.parse(Array("ERRORS: 1 0 1".utf8)) }
        #expect(throws: ZPLStatusError.self) {
            try ExtendedStatus.parse(
                [0x02] + Array("PRINTER STATUS\r\nERRORS: 1 00000000 00000005\r\n".utf8) + [0x03])
        }
    }

    @Test func hostIdentificationParsesAndEncodes() throws {
        let answer = Self.framed("ZT230-300dpi,V72.20.01Z,12,8176KB")
        let identification = try HostIdentification.parse(answer)
        #expect(identification.model == "ZT230-300dpi")
        #expect(identification.firmware == "V72.20.01Z")
        #expect(identification.dotsPerMillimetre == 12)
        #expect(identification.memory == "8176KB")
        #expect(identification.options == "")
        #expect(identification.encoded() == answer)
        let withOptions = Self.framed("ZT230-203dpi,V72.20.01Z,203,8176KB,C")
        let dpi = try HostIdentification.parse(withOptions)
        #expect(dpi.dotsPerMillimetre == 8)
        #expect(dpi.options == "C")
        #expect(throws: ZPLStatusError.self) { try HostIdentification.parse(Self.framed("ZT230,V72")) }
    }
}
