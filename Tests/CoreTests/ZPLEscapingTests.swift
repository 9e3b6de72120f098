import Core
import Testing

/// Field values are hex-escaped for `^FH` and can never become printer commands.
@Suite("ZPL field escaping")
struct ZPLEscapingTests {
    @Test func commandPrefixesAndTheIndicatorAreEscaped() {
        #expect(ZPLField.escape("^XZ~JA^XA") == "_5EXZ_7EJA_5EXA")
        #expect(ZPLField.escape("~JR") == "_7EJR")
        #expect(ZPLField.escape("_5E") == "_5F5E")
        #expect(ZPLField.escape("Lot 42, 1.5 kg (A/B)") == "Lot 42, 1.5 kg (A/B)")
    }

    @Test func controlBytesAreEscaped() {
        #expect(ZPLField.escape("a\u{0}b\tc\nd\r\ne\u{1B}f\u{1F}g\u{7F}") == "a_00b_09c_0Ad_0D_0Ae_1Bf_1Fg_7F")
        #expect(ZPLField.escape("\u{2}\u{3}") == "_02_03")
    }

    /// With `^CI28` in force, non-ASCII text stays as raw UTF-8 bytes.
    @Test func utf8StaysRaw() throws {
        #expect(ZPLField.escape("é ß ø") == "é ß ø")
        #expect(Array(ZPLField.escape("é").utf8) == [0xC3, 0xA9])
        #expect(try ZPLField.text("Grüße ~ 5€") == "^FH^FDGrüße _7E 5€^FS")
    }

    @Test func textFieldWrapsEscapedData() throws {
        #expect(try ZPLField.text("^XZ~JA^XA") == "^FH^FD_5EXZ_7EJA_5EXA^FS")
        #expect(try ZPLField.text("") == "^FH^FD^FS")
    }

    @Test func theFieldDataLimitCountsEscapedBytesAndRefuses() throws {
        #expect(try ZPLField.text(String(repeating: "a", count: 3_072)).utf8.count == 3_072 + "^FH^FD^FS".utf8.count)
        #expect(try ZPLField.text(String(repeating: "^", count: 1_024)).utf8.count == 3_072 + "^FH^FD^FS".utf8.count)
        #expect(throws: ZPLFieldError.self) { try ZPLField.text(String(repeating: "a", count: 3_073)) }
        #expect(throws: ZPLFieldError.self) { try ZPLField.text(String(repeating: "a", count: 3_071) + "^") }
        #expect(throws: ZPLFieldError.self) { try ZPLField.text(String(repeating: "é", count: 1_537)) }
        do {
            _ = try ZPLField.text(String(repeating: "x", count: 5_000))
            Issue.record("a 5,000-character value was accepted")
        } catch {
            #expect(error.code == .tooLong)
            #expect(error.description == "field data is 5000 bytes after escaping; a ^FD holds at most 3072")
        }
    }

    @Test func scanFindsInjectedCommandsAndNothingInEscapedLabels() throws {
        let hostile = "^XZ~JA^XA\u{1}~JR_5E"
        let safe = "^XA^CI28^FO10,10^A0N,30,30" + (try ZPLField.text(hostile)) + "^XZ\n"
        #expect(ZPLInjectionScan.findings(in: safe).isEmpty)

        let raw = "^XA^FO10,10^FD" + hostile + "^FS^XZ"
        #expect(ZPLInjectionScan.findings(in: raw).map(\.command) == ["^XZ", "~JA", "^XA", "~JR"])
        #expect(ZPLInjectionScan.findings(in: raw).first?.offset == 14)
        #expect(ZPLInjectionScan.findings(in: "^XA^FDa^FS^XZ^XA^FDb^FS^XZ").map(\.command) == ["^XZ", "^XA"])
        #expect(ZPLInjectionScan.findings(in: "^xa^fdx^fs^xz").isEmpty)
        #expect(ZPLInjectionScan.findings(in: "  ^XA^FDx^FS^XZ  ").isEmpty)
    }
}
