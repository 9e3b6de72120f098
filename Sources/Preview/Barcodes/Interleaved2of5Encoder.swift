/// Interleaved 2 of 5 (`^B2`), encoded by our code (ISO/IEC 16390: digit pairs, the first in the bars and the
/// second in the spaces; start narrow bar-space-bar-space, stop wide bar, narrow space, narrow bar).
///
/// Zebra facts (Zebra Programming Guide, ^B2): an odd number of digits gets a leading zero; the optional check
/// digit is mod 10 (weights 3, 1 from the right); wide elements are the `^BY` ratio times the module.
enum Interleaved2of5Encoder {
    private static let patterns: [[Bool]] = [
        "nnwwn", "wnnnw", "nwnnw", "wwnnn", "nnwnw", "wnwnn", "nwwnn", "nnnww", "wnnwn", "nwnwn",
    ].map { $0.map { $0 == "w" } }

    static func encode(_ data: [UInt8], module: Int, ratio: Double, checkDigit: Bool) -> LinearSymbol {
        var digits = data.filter { $0 >= 0x30 && $0 <= 0x39 }.map { Int($0 - 0x30) }
        if checkDigit { digits.append(RetailEncoder.checkDigit(digits)) }
        if digits.count % 2 == 1 { digits.insert(0, at: 0) }
        let wide = max(module + 1, Int((Double(module) * ratio).rounded(.down)))
        var widths = [module, module, module, module]
        for pair in stride(from: 0, to: digits.count, by: 2) {
            for element in 0..<5 {
                widths.append(patterns[digits[pair]][element] ? wide : module)
                widths.append(patterns[digits[pair + 1]][element] ? wide : module)
            }
        }
        widths += [wide, module, module]
        let text = digits.map(String.init).joined()
        return LinearSymbol(
            widths: widths, interpretation: text, data: text, quietLeft: 10 * module, quietRight: 10 * module)
    }
}
