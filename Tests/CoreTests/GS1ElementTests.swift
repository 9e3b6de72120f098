import Core
import Foundation
import Testing

/// Elements from typed inputs: check digits, dates, weights, counts and character set 82.
@Suite("GS1 elements")
struct GS1ElementTests {
    /// The `GS1Error` description `body` throws, or nil when it throws nothing.
    static func problem(_ body: () throws -> GS1Element) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return (error as? GS1Error)?.description ?? "not a GS1Error: \(error)"
        }
    }

    // MARK: Check digits

    @Test func checkDigitOfKnownNumbers() {
        #expect(GS1CheckDigit.compute("0950110153000") == 3)
        #expect(GS1CheckDigit.compute("400638133393") == 1)
        #expect(GS1CheckDigit.compute("9638507") == 4)
        #expect(GS1CheckDigit.compute("03600029145") == 2)
        #expect(GS1CheckDigit.compute("10614141123456789") == 7)
        #expect(GS1CheckDigit.compute("") == nil)
        #expect(GS1CheckDigit.compute("12a") == nil)
        #expect(GS1CheckDigit.isValid("09501101530003"))
        #expect(!GS1CheckDigit.isValid("09501101530004"))
    }

    @Test func gtinsAreCheckedAndPaddedTo14Digits() throws {
        #expect(try GS1Element.gtin("09501101530003").value == "09501101530003")
        #expect(try GS1Element.gtin("4006381333931").value == "04006381333931")
        #expect(try GS1Element.gtin("036000291452").value == "00036000291452")
        #expect(try GS1Element.gtin("96385074").value == "00000096385074")
        #expect(try GS1Element.gtin("4006381333931").description == "(01)04006381333931")
    }

    @Test func badGTINsNameTheProblem() {
        #expect(Self.problem { try .gtin("09501101530004") } == "AI 01: check digit should be 3")
        #expect(Self.problem { try .gtin("4006381333932") } == "AI 01: check digit should be 1")
        #expect(
            Self.problem { try .gtin("123456789") }
                == "AI 01: a GTIN has 8, 12, 13 or 14 digits, not 9")
        #expect(Self.problem { try .gtin("0950110153000X") } == "AI 01: 'X' is not a digit")
        #expect(throws: GS1Error.self) { try GS1Element(ai: "01", value: "9501101530003") }
    }

    @Test func ssccIs18DigitsWithCheckDigit() throws {
        #expect(try GS1Element.sscc("106141411234567897").description == "(00)106141411234567897")
        #expect(Self.problem { try .sscc("106141411234567890") } == "AI 00: check digit should be 7")
        #expect(
            Self.problem { try .sscc("10614141123456789") }
                == "AI 00: value has 17 characters, expected 18")
    }

    // MARK: Dates

    @Test func datesAcceptEndOfMonthAndLeapDays() throws {
        #expect(try GS1Element.date(.expiration, "261231").description == "(17)261231")
        #expect(try GS1Element.date(.bestBefore, "260200").value == "260200")
        #expect(try GS1Element.date(.production, "240229").value == "240229")
        #expect(try GS1Element.date(.packaging, "000229").value == "000229")
        #expect(try GS1Element.date(.expiration, "2024-02-29").value == "240229")
        #expect(try GS1Element.date(.expiration, "2026-04-30").description == "(17)260430")
    }

    @Test func impossibleDatesAreRefused() {
        #expect(
            Self.problem { try .date(.expiration, "230229") }
                == "AI 17: day 29 does not exist in month 2 (230229)")
        #expect(
            Self.problem { try .date(.production, "261300") }
                == "AI 11: month 13 is not 01 to 12")
        #expect(Self.problem { try .date(.production, "260001") } == "AI 11: month 00 is not 01 to 12")
        #expect(throws: GS1Error.self) { try GS1Element.date(.bestBefore, "260431") }
        #expect(throws: GS1Error.self) { try GS1Element.date(.bestBefore, "2023-02-29") }
        #expect(throws: GS1Error.self) { try GS1Element.date(.bestBefore, "2026-02-00") }
        #expect(throws: GS1Error.self) { try GS1Element.date(.bestBefore, "1999-12-31") }
        #expect(throws: GS1Error.self) { try GS1Element.date(.bestBefore, "26-12-31") }
        #expect(Self.problem { try .date(.bestBefore, "26123") } == "AI 15: value has 5 characters, expected 6")
        #expect(Self.problem { try .date(.bestBefore, "2612AB") } == "AI 15: 'A' is not a digit")
    }

    @Test func dateFromADateTakesTheCalendarDayInTheTimeZone() throws {
        // 2024-02-29T23:30:00Z: still the 29th in UTC, already March 1st in Berlin.
        let instant = Date(timeIntervalSince1970: 1_709_249_400)
        #expect(try GS1Element.date(.expiration, instant).value == "240229")
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        #expect(try GS1Element.date(.expiration, instant, timeZone: berlin).value == "240301")
        #expect(throws: GS1Error.self) { try GS1Element.date(.expiration, Date(timeIntervalSince1970: 0)) }
    }

    // MARK: Weights and counts

    static func decimal(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }

    @Test func weightsAtTheEdges() throws {
        #expect(try GS1Element.netWeightKilograms(Self.decimal("0.001"), decimals: 3).description == "(3103)000001")
        #expect(try GS1Element.netWeightKilograms(Self.decimal("999.999"), decimals: 3).description == "(3103)999999")
        #expect(try GS1Element.netWeightKilograms(Self.decimal("1.234"), decimals: 3).description == "(3103)001234")
        #expect(try GS1Element.netWeightKilograms(999_999, decimals: 0).description == "(3100)999999")
        #expect(try GS1Element.netWeightKilograms(Self.decimal("0.00001"), decimals: 5).description == "(3105)000001")
        #expect(try GS1Element.netWeightPounds(Self.decimal("12.5"), decimals: 2).description == "(3202)001250")
        #expect(
            Self.problem { try .netWeightKilograms(1000, decimals: 3) }
                == "AI 3103: 1000 kg does not fit 6 digits with 3 decimals")
        #expect(
            Self.problem { try .netWeightKilograms(Self.decimal("1234.5678"), decimals: 3) }
                == "AI 3103: 1234.5678 kg does not fit 6 digits with 3 decimals")
        #expect(
            Self.problem { try .netWeightPounds(Self.decimal("10000"), decimals: 2) }
                == "AI 3202: 10000 lb does not fit 6 digits with 2 decimals")
        #expect(throws: GS1Error.self) { try GS1Element.netWeightKilograms(0, decimals: 3) }
        #expect(throws: GS1Error.self) { try GS1Element.netWeightKilograms(-1, decimals: 3) }
        #expect(throws: GS1Error.self) { try GS1Element.netWeightKilograms(1, decimals: 6) }
        #expect(throws: GS1Error.self) { try GS1Element.netWeightKilograms(.nan, decimals: 2) }
    }

    @Test func weightsRoundHalfUp() throws {
        #expect(try GS1Element.netWeightKilograms(Self.decimal("1.2345"), decimals: 3).value == "001235")
        #expect(try GS1Element.netWeightKilograms(Self.decimal("1.2344999"), decimals: 3).value == "001234")
        #expect(try GS1Element.netWeightKilograms(Self.decimal("0.0005"), decimals: 3).value == "000001")
        #expect(try GS1Element.netWeightKilograms(Self.decimal("2.5"), decimals: 0).value == "000003")
        #expect(try GS1Element.netWeightKilograms(Self.decimal("999.9994"), decimals: 3).value == "999999")
        // Rounds up out of range, or down to nothing.
        #expect(throws: GS1Error.self) { try GS1Element.netWeightKilograms(Self.decimal("999.9995"), decimals: 3) }
        #expect(throws: GS1Error.self) { try GS1Element.netWeightKilograms(Self.decimal("0.0004"), decimals: 3) }
    }

    @Test func counts() throws {
        #expect(try GS1Element.count(1).description == "(37)1")
        #expect(try GS1Element.count(99_999_999).value == "99999999")
        #expect(throws: GS1Error.self) { try GS1Element.count(0) }
        #expect(throws: GS1Error.self) { try GS1Element.count(100_000_000) }
        #expect(throws: GS1Error.self) { try GS1Element(ai: "37", value: "123456789") }
    }

    // MARK: Character set 82

    @Test func characterSet82AcceptsLettersDigitsAndItsPunctuation() throws {
        let punctuation = "!\"%&'()*+,-./:;<=>?_"
        for character in punctuation + "AZaz09" {
            #expect(GS1CharacterSet82.contains(character), "\(character)")
        }
        #expect(try GS1Element.lot("!\"%&'()*+,-./:;<=>?_").value.count == 20)
        #expect(try GS1Element.serial("aZ09-x/y").value == "aZ09-x/y")
        let all = (32...126).map { Character(UnicodeScalar(UInt8($0))) }.filter(GS1CharacterSet82.contains)
        #expect(all.count == 82)
    }

    @Test func characterSet82RefusesEverythingElse() {
        for character in [" ", "é", "#", "$", "@", "[", "\\", "]", "^", "`", "{", "|", "}", "~", "\t", "ß"]
            as [Character]
        {
            #expect(!GS1CharacterSet82.contains(character), "\(character)")
        }
        #expect(Self.problem { try .lot("Lé1") } == "AI 10: 'é' is not in GS1 character set 82")
        #expect(Self.problem { try .serial("A B") } == "AI 21: ' ' is not in GS1 character set 82")
        #expect(Self.problem { try .lot("#1") } == "AI 10: '#' is not in GS1 character set 82")
        #expect(throws: GS1Error.self) { try GS1Element.lot("A$") }
        #expect(throws: GS1Error.self) { try GS1Element.lot("A@") }
        #expect(throws: GS1Error.self) { try GS1Element.lot("A[") }
        #expect(Self.problem { try .lot("") } == "AI 10: value has 0 characters, expected 1 to 20")
        #expect(throws: GS1Error.self) { try GS1Element.serial(String(repeating: "9", count: 21)) }
        #expect(
            Self.problem { try GS1Element(ai: "99", value: "x") } == "AI 99: is not a supported Application Identifier")
    }
}
