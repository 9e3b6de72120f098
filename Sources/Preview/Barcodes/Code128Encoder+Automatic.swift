import Core

/// Mode A, D and U: the subsets chosen by the encoder, as the printer does in its automatic mode.
extension Code128Encoder {
    private func digitRun(_ tokens: [Token], from index: Int) -> (count: Int, endsField: Bool) {
        var end = index
        while end < tokens.count, case .byte(let byte) = tokens[end], Self.isDigit(byte) { end += 1 }
        return (end - index, end == tokens.count || tokens[end] == .fnc1)
    }

    private func wantsSubsetA(_ tokens: [Token], from index: Int) -> Bool {
        for token in tokens[index...] {
            guard case .byte(let byte) = token else { continue }
            if byte & 0x7F < 0x20 { return true }
            if byte & 0x7F >= 0x60 { return false }
        }
        return false
    }

    mutating func encodeAutomatic(_ tokens: [Token], text: [UInt8]) {
        let first = tokens.firstIndex { $0 != .fnc1 } ?? tokens.count
        let leading = digitRun(tokens, from: first)
        if leading.count >= 4 || (leading.count == 2 && leading.endsField) {
            start(.c)
        } else {
            start(wantsSubsetA(tokens, from: 0) ? .a : .b)
        }
        var index = 0
        while index < tokens.count {
            guard case .byte(let byte) = tokens[index] else {
                fnc1()
                index += 1
                continue
            }
            let run = digitRun(tokens, from: index)
            if set == .c {
                if run.count >= 2 {
                    guard case .byte(let second) = tokens[index + 1] else { break }
                    values.append(Int(byte - 0x30) * 10 + Int(second - 0x30))
                    scanned += [byte, second]
                    index += 2
                    continue
                }
                switchTo(wantsSubsetA(tokens, from: index) ? .a : .b)
            } else if run.count >= 6 || (run.count >= 4 && run.endsField) {
                if run.count % 2 == 1 {
                    character(byte)
                    index += 1
                }
                switchTo(.c)
                continue
            }
            if byte & 0x7F < 0x20, set == .b, wantsSubsetA(tokens, from: index + 1) { switchTo(.a) }
            if byte & 0x7F >= 0x60, set == .a { switchTo(.b) }
            character(byte)
            index += 1
        }
        interpretation = String(decoding: text, as: UTF8.self)
    }

    /// GS1-128: FNC1 first, `>8` as FNC1, parentheses printed but not encoded. As the printer does, an FNC1
    /// separates a variable-length AI's value from the AI that follows it in parentheses.
    mutating func encodeGS1(_ data: [UInt8]) {
        var tokens: [Token] = [.fnc1]
        var text: [UInt8] = []
        var ai: [UInt8]?
        var previousAI: [UInt8]?
        var index = 0
        while index < data.count {
            let byte = data[index]
            if byte == UInt8(ascii: ">"), index + 1 < data.count, data[index + 1] == UInt8(ascii: "8") {
                if tokens.last != .fnc1 { tokens.append(.fnc1) }
                index += 2
                continue
            }
            text.append(byte)
            switch byte {
            case UInt8(ascii: "("):
                if let previous = previousAI, tokens.last != .fnc1, !Self.isFixedLength(ai: previous) {
                    tokens.append(.fnc1)
                }
                ai = []
            case UInt8(ascii: ")"):
                if ai != nil { previousAI = ai }
                ai = nil
            default:
                ai?.append(byte)
                tokens.append(.byte(byte))
            }
            index += 1
        }
        encodeAutomatic(tokens, text: text)
    }

    /// True for AIs whose value has one length: those of Core's AI table, and otherwise the AIs whose first two
    /// digits the GS1 General Specifications list as predefined-length (00–04, 11–20, 23, 31–36, 41).
    static func isFixedLength(ai: [UInt8]) -> Bool {
        let code = String(decoding: ai, as: UTF8.self)
        if let known = GS1ApplicationIdentifier(code: code) { return known.isFixedLength }
        guard ai.count >= 2, ai.allSatisfy(isDigit), let prefix = Int(code.prefix(2)) else { return false }
        return (0...4).contains(prefix) || (11...20).contains(prefix) || prefix == 23 || (31...36).contains(prefix)
            || prefix == 41
    }

    /// UCC case mode: 19 digits (padded with zeros on the left or cut), then their mod 10 check digit.
    mutating func encodeUCC(_ data: [UInt8]) {
        var digits = data.filter(Self.isDigit).prefix(19).map { $0 }
        digits = [UInt8](repeating: UInt8(ascii: "0"), count: 19 - digits.count) + digits
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            sum += Int(digit - 0x30) * (position % 2 == 0 ? 3 : 1)
        }
        digits.append(UInt8(ascii: "0") + UInt8((10 - sum % 10) % 10))
        encodeAutomatic([.fnc1] + digits.map(Token.byte), text: [])
        interpretation =
            "(" + String(decoding: digits.prefix(2), as: UTF8.self) + ") "
            + String(decoding: digits.dropFirst(2), as: UTF8.self)
    }
}
