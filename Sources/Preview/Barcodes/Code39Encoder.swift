/// Code 39 (`^B3`), encoded by our code (ISO/IEC 16388: nine elements a character, three of them wide, a narrow
/// space between characters, `*` as start and stop).
///
/// Zebra facts (Zebra Programming Guide, ^B3, ^BY): wide elements are the module width times the `^BY` ratio
/// (2.0–3.0, default 3.0), rounded down; the optional mod 43 check character follows the data; the
/// interpretation line shows the start and stop asterisks; lower-case letters are read as upper case.
enum Code39Encoder {
    static let characters: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%".utf8)
    private static let patterns: [String] = [
        "nnnwwnwnn", "wnnwnnnnw", "nnwwnnnnw", "wnwwnnnnn", "nnnwwnnnw", "wnnwwnnnn", "nnwwwnnnn", "nnnwnnwnw",
        "wnnwnnwnn", "nnwwnnwnn", "wnnnnwnnw", "nnwnnwnnw", "wnwnnwnnn", "nnnnwwnnw", "wnnnwwnnn", "nnwnwwnnn",
        "nnnnnwwnw", "wnnnnwwnn", "nnwnnwwnn", "nnnnwwwnn", "wnnnnnnww", "nnwnnnnww", "wnwnnnnwn", "nnnnwnnww",
        "wnnnwnnwn", "nnwnwnnwn", "nnnnnnwww", "wnnnnnwwn", "nnwnnnwwn", "nnnnwnwwn", "wwnnnnnnw", "nwwnnnnnw",
        "wwwnnnnnn", "nwnnwnnnw", "wwnnwnnnn", "nwwnwnnnn", "nwnnnnwnw", "wwnnnnwnn", "nwwnnnwnn", "nwnwnwnnn",
        "nwnwnnnwn", "nwnnnwnwn", "nnnwnwnwn",
    ]
    private static let start = "nwnnwnwnn"

    static func encode(_ data: [UInt8], module: Int, ratio: Double, checkDigit: Bool) -> LinearSymbol {
        var values: [Int] = []
        for byte in data {
            if let value = characters.firstIndex(of: ZPLReader.upper(byte)) { values.append(value) }
        }
        if checkDigit { values.append(values.reduce(0, +) % 43) }
        let wide = max(module + 1, Int((Double(module) * ratio).rounded(.down)))
        var widths: [Int] = []
        for pattern in [start] + values.map({ patterns[$0] }) + [start] {
            if !widths.isEmpty { widths.append(module) }
            widths += pattern.map { $0 == "w" ? wide : module }
        }
        let text = String(decoding: values.map { characters[$0] }, as: UTF8.self)
        return LinearSymbol(
            widths: widths, interpretation: "*" + text + "*", data: text, quietLeft: 10 * module,
            quietRight: 10 * module)
    }
}
