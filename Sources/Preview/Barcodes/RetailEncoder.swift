/// EAN-13 (`^BE`) and UPC-A (`^BU`), encoded by our code (GS1 General Specifications, 5.2.1 EAN/UPC symbol
/// structure; check digit per 7.9.1).
///
/// Zebra facts (Zebra Programming Guide, ^BE and ^BU): `^BE` takes 12 digits and computes the 13th, `^BU` 11 and
/// computes the 12th; a supplied check digit is replaced; other characters print as zeros. Quiet zones: EAN-13
/// 11 modules left and 7 right, UPC-A 9 on each side.
enum RetailEncoder {
    /// L-set digit widths, space first; the R set has the same widths bar first, the G set is L reversed.
    private static let lWidths: [[Int]] = [
        [3, 2, 1, 1], [2, 2, 2, 1], [2, 1, 2, 2], [1, 4, 1, 1], [1, 1, 3, 2], [1, 2, 3, 1], [1, 1, 1, 4],
        [1, 3, 1, 2], [1, 2, 1, 3], [3, 1, 1, 2],
    ]
    /// For each leading digit, which of the six left digits use the G set.
    private static let parity: [[Bool]] = [
        "LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL",
    ].map { $0.map { $0 == "G" } }

    /// The GS1 mod 10 check digit of `digits` (weights 3, 1, 3, … from the right).
    static func checkDigit(_ digits: [Int]) -> Int {
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() { sum += digit * (position % 2 == 0 ? 3 : 1) }
        return (10 - sum % 10) % 10
    }

    static func digits(_ data: [UInt8], count: Int) -> [Int] {
        var digits = data.prefix(count).map { $0 >= 0x30 && $0 <= 0x39 ? Int($0 - 0x30) : 0 }
        digits = [Int](repeating: 0, count: count - digits.count) + digits
        return digits
    }

    static func ean13(_ data: [UInt8], module: Int) -> LinearSymbol {
        var digits = digits(data, count: 12)
        digits.append(checkDigit(digits))
        var symbol = bars(digits, module: module)
        symbol.guardBars = guardBars(symbol.widths.count, extraDigits: false)
        symbol.quietLeft = 11 * module
        symbol.quietRight = 7 * module
        return symbol
    }

    static func upcA(_ data: [UInt8], module: Int, printsCheckDigit: Bool) -> LinearSymbol {
        var digits = digits(data, count: 11)
        digits.append(checkDigit(digits))
        var symbol = bars([0] + digits, module: module)
        symbol.guardBars = guardBars(symbol.widths.count, extraDigits: true)
        symbol.interpretation = String(symbol.interpretation.dropFirst())
        if !printsCheckDigit { symbol.interpretation = String(symbol.interpretation.dropLast()) }
        symbol.data = String(symbol.data.dropFirst())
        symbol.quietLeft = 9 * module
        symbol.quietRight = 9 * module
        return symbol
    }

    /// The 13 digits' bars: guard, six left digits by the first digit's parity, centre guard, six right, guard.
    private static func bars(_ digits: [Int], module: Int) -> LinearSymbol {
        var widths = [1, 1, 1]
        for (position, digit) in digits[1...6].enumerated() {
            widths += parity[digits[0]][position] ? lWidths[digit].reversed() : lWidths[digit]
        }
        widths += [1, 1, 1, 1, 1]
        for digit in digits[7...12] { widths += lWidths[digit] }
        widths += [1, 1, 1]
        let text = digits.map(String.init).joined()
        return LinearSymbol(
            widths: widths.map { $0 * module }, interpretation: text, data: text, quietLeft: 0, quietRight: 0)
    }

    private static func guardBars(_ count: Int, extraDigits: Bool) -> Set<Int> {
        var bars: Set<Int> = [0, 2, 28, 30, count - 3, count - 1]
        if extraDigits {
            bars.formUnion([4, 6, count - 5, count - 7])
        }
        return bars
    }
}
