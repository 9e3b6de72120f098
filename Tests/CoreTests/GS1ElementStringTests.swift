import Core
import Foundation
import Testing

/// Element strings: order, FNC1 placement, human-readable text and the `^BC` field data in mode N.
@Suite("GS1 element strings")
struct GS1ElementStringTests {
    static let gtin = try! GS1Element.gtin("09501101530003")
    static let weight = try! GS1Element.netWeightKilograms(Decimal(string: "1.234")!, decimals: 3)

    @Test func fixedLengthAIsComeFirstAndTheCallersOrderIsKeptOtherwise() throws {
        let lot = try GS1Element.lot("L42")
        let string = try GS1ElementString([lot, Self.gtin, Self.weight])
        #expect(string.elements.map(\.ai.code) == ["01", "3103", "10"])
        #expect(string.humanReadable == "(01)09501101530003(3103)001234(10)L42")
        #expect(string.data(separator: "|") == "01095011015300033103001234" + "10L42")

        let serial = try GS1Element.serial("S1")
        let date = try GS1Element.date(.expiration, "261231")
        let both = try GS1ElementString([serial, lot, date])
        #expect(both.humanReadable == "(17)261231(21)S1(10)L42")
    }

    @Test func aVariableAIThatIsNotLastGetsASeparatorAndTheLastGetsNone() throws {
        let string = try GS1ElementString([Self.gtin, try .lot("A1"), try .serial("12345"), try .count(7)])
        #expect(string.data() == "0109501101530003" + "10A1\u{1D}" + "2112345\u{1D}" + "377")
        let single = try GS1ElementString([try .lot("A1"), Self.gtin])
        #expect(single.data() == "010950110153000310A1")
        #expect(!single.data().contains("\u{1D}"))
    }

    @Test func wholeStringProblems() throws {
        #expect(throws: GS1Error.self) { try GS1ElementString([]) }
        #expect(throws: GS1Error.self) { try GS1ElementString([Self.gtin, Self.gtin]) }
        let other = try GS1Element.netWeightKilograms(2, decimals: 2)
        #expect(throws: GS1Error.self) { try GS1ElementString([Self.weight, other]) }
        // One kilogram and one pound weight may both be given.
        _ = try GS1ElementString([Self.weight, try .netWeightPounds(2, decimals: 2)])
        // 48 data characters at most: 16 + 22 + FNC1 + 10 = 49.
        let long = [Self.gtin, try GS1Element.lot(String(repeating: "A", count: 20)), try .serial("12345678")]
        do {
            _ = try GS1ElementString(long)
            Issue.record("a 49-character element string was accepted")
        } catch {
            #expect(error.code == .tooLong)
        }
        _ = try GS1ElementString(Array(long.dropLast()) + [try .serial("1234567")])
    }

    // MARK: ZPL field data, derived by hand from the encoding rules

    @Test(arguments: [
        // 28 digits in subset C, then B for the letter and the short digit run.
        (
            ["01": "09501101530003", "3103": "001234", "10": "L42"], ["01", "3103", "10"],
            ">;>80109501101530003310300123410>6L42"
        ),
        // A long digit run after letters returns to subset C.
        (["01": "09501101530003", "10": "ABC123456"], ["01", "10"], ">;>8010950110153000310>6ABC>5123456"),
        // Lot not last: FNC1 after it; an odd run of 7 puts one digit in B before switching to C.
        (["10": "A1", "21": "12345"], ["10", "21"], ">;>810>6A1>82>5112345"),
        // A literal '>' in data is written >0.
        (["10": "A>B"], ["10"], ">;>810>6A>0B"),
        // An odd digit run leaves its last digit for subset B; the count is followed by FNC1.
        (["17": "261231", "37": "5", "10": "X"], ["17", "37", "10"], ">;>81726123137>65>810X"),
        // Digits only: everything stays in subset C, even across the separator.
        (
            ["00": "106141411234567897", "10": "1234", "21": "99"], ["00", "10", "21"],
            ">;>800106141411234567897101234>82199"
        ),
    ])
    func zplFieldData(values: [String: String], order: [String], expected: String) throws {
        let string = try GS1ElementString(
            order.map { code throws(GS1Error) in try GS1Element(ai: code, value: values[code]!) })
        #expect(string.zplFieldData == expected)
        #expect(Self.decodeInvocationCodes(expected) == string.data())
    }

    @Test func barcodeSnippet() throws {
        let string = try GS1ElementString([Self.gtin, Self.weight, try .lot("L42")])
        #expect(
            try string.zplBarcode(x: 50, y: 100, moduleWidth: 3, height: 150)
                == "^FO50,100^BY3^BCN,150,N,N,N,N^FD>;>80109501101530003310300123410>6L42^FS")
        // Start, FNC1, 14 pairs, >6, L, 4, 2 = 20 codewords, a check character and the 13-module stop.
        #expect(string.code128Modules == 11 * 21 + 13)
        #expect(throws: ZPLFieldError.self) { try string.zplBarcode(x: 0, y: 0, moduleWidth: 0) }
        #expect(throws: ZPLFieldError.self) { try string.zplBarcode(x: -1, y: 0) }
        #expect(throws: ZPLFieldError.self) { try string.zplBarcode(x: 0, y: 0, height: 0) }
    }

    /// The subset-C trap: a letter while subset C is active must never be written.
    @Test func lettersAreNeverWrittenWhileSubsetCIsActive() throws {
        let lots = ["LOT42", "L", "1A", "12A", "123A4567", "A1234B", "9", "ABCDEFGHIJ1234567890", "1>2", "x_y-z/1"]
        for lot in lots {
            for tail in [[], [try GS1Element.serial("7")], [try GS1Element.count(12345)]] {
                let string = try GS1ElementString([try .lot(lot), Self.gtin] + tail)
                #expect(Self.decodeInvocationCodes(string.zplFieldData) == string.data(), "\(string)")
            }
        }
    }

    /// Reads `^FD` data in `^BC` mode N as the Zebra Programming Guide describes it; returns nil on a letter or a lone
    /// digit in subset C or an unknown invocation code. FNC1 after the first becomes GS.
    static func decodeInvocationCodes(_ fieldData: String) -> String? {
        var characters = Array(fieldData)[...]
        guard characters.starts(with: [">", ";", ">", "8"]) else { return nil }
        characters = characters.dropFirst(4)
        var subsetC = true
        var result = ""
        while let first = characters.first {
            if first == ">" {
                guard characters.count >= 2 else { return nil }
                switch characters[characters.startIndex + 1] {
                case "8": result.append("\u{1D}")
                case "5": subsetC = true
                case "6": subsetC = false
                case "0" where !subsetC: result.append(">")
                default: return nil
                }
                characters = characters.dropFirst(2)
            } else if subsetC {
                guard characters.count >= 2, first.isASCII, first.isNumber,
                    characters[characters.startIndex + 1].isASCII, characters[characters.startIndex + 1].isNumber
                else { return nil }
                result += String(characters.prefix(2))
                characters = characters.dropFirst(2)
            } else {
                result.append(first)
                characters = characters.dropFirst()
            }
        }
        return result
    }
}
