/// Code 128 (`^BC`) encoded by our code: the symbol values from the field data as the printer reads them.
///
/// Zebra facts (Zebra Programming Guide, ^BC, "Code 128 Invocation Characters" and "Modes"): in mode N without a
/// start code the printer starts in subset B; `>9` `>:` `>;` start A, B, C; `>5` `>6` `>7` switch to C, B, A (in
/// B `>6` is FNC4, in A `>7` is FNC4); `>8` is FNC1, `>4` SHIFT, `>3` FNC2, `>2` FNC3, `>1` value 95, `>0` the
/// character `>` (value 30), `>=` value 94 (`~`), `><` value 62. In subset C a character that is not a digit, and a
/// digit without a second one to pair with, is dropped (ZEBRA.md; zplkit drops the lone digit too). Mode A
/// chooses subsets itself (digit runs of four or more in C); mode D (GS1-128) starts with FNC1, leaves the
/// parentheses out of the bars and chooses subsets as mode A; mode U (UCC case) encodes 19 digits and their mod 10
/// check digit after FNC1 in subset C.
struct Code128Encoder {
    enum Mode: Sendable { case normal, ucc, automatic, gs1 }

    enum CodeSet { case a, b, c }
    enum Token: Equatable {
        case byte(UInt8)
        case fnc1
    }

    /// Symbol values from the start code to the last data value (no check value, no stop).
    var values: [Int] = []
    var interpretation = ""
    var scanned: [UInt8] = []
    var set = CodeSet.b

    static func encode(_ data: [UInt8], mode: Mode) -> Code128Encoder {
        var encoder = Code128Encoder()
        switch mode {
        case .normal: encoder.encodeNormal(data)
        case .automatic: encoder.encodeAutomatic(data.map(Token.byte), text: data)
        case .gs1: encoder.encodeGS1(data)
        case .ucc: encoder.encodeUCC(data)
        }
        return encoder
    }

    /// Every value with its check value and the stop code appended.
    var allValues: [Int] {
        var sum = values.first ?? 0
        for (position, value) in values.enumerated().dropFirst() { sum += position * value }
        return values + [sum % 103, Code128Patterns.stop]
    }

    /// Bar and space widths in dots for a module of `module` dots.
    func symbol(module: Int) -> LinearSymbol {
        var widths: [Int] = []
        for value in allValues { widths += Code128Patterns.table[value].map { Int($0) * module } }
        return LinearSymbol(
            widths: widths, interpretation: interpretation, data: String(decoding: scanned, as: UTF8.self),
            quietLeft: 10 * module, quietRight: 10 * module)
    }

    mutating func fnc1() {
        values.append(Code128Patterns.fnc1)
        if values.count > 2 { scanned.append(0x1D) }
    }

    mutating func start(_ codeSet: CodeSet) {
        set = codeSet
        values.append(
            codeSet == .a ? Code128Patterns.startA : codeSet == .b ? Code128Patterns.startB : Code128Patterns.startC)
    }

    mutating func switchTo(_ codeSet: CodeSet) {
        guard codeSet != set else { return }
        values.append(
            codeSet == .a ? Code128Patterns.codeA : codeSet == .b ? Code128Patterns.codeB : Code128Patterns.codeC)
        set = codeSet
    }

    /// One byte in subset A or B, with SHIFT or FNC4 where the byte is not in the current subset.
    mutating func character(_ byte: UInt8) {
        var low = byte
        if byte >= 0x80 {
            values.append(set == .a ? Code128Patterns.codeA : Code128Patterns.codeB)
            low = byte - 0x80
        }
        switch set {
        case .a where low >= 0x60:
            values.append(Code128Patterns.shift)
            values.append(Int(low) - 32)
        case .a: values.append(low < 0x20 ? Int(low) + 64 : Int(low) - 32)
        case .b where low < 0x20:
            values.append(Code128Patterns.shift)
            values.append(Int(low) + 64)
        default: values.append(Int(low) - 32)
        }
        scanned.append(byte)
        interpretation.unicodeScalars.append(Unicode.Scalar(byte))
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private mutating func encodeNormal(_ data: [UInt8]) {
        var index = 0
        if data.count >= 2, data[0] == UInt8(ascii: ">"), [UInt8(ascii: "9"), 0x3A, 0x3B].contains(data[1]) {
            start(data[1] == UInt8(ascii: "9") ? .a : data[1] == 0x3A ? .b : .c)
            index = 2
        } else {
            start(.b)
        }
        while index < data.count {
            let byte = data[index]
            if byte == UInt8(ascii: ">"), index + 1 < data.count, invocation(data[index + 1]) {
                index += 2
                continue
            }
            if set == .c {
                if Self.isDigit(byte), index + 1 < data.count, Self.isDigit(data[index + 1]) {
                    values.append(Int(byte - 0x30) * 10 + Int(data[index + 1] - 0x30))
                    scanned += [byte, data[index + 1]]
                    interpretation += String(decoding: [byte, data[index + 1]], as: UTF8.self)
                    index += 2
                    continue
                }
                index += 1
                continue
            }
            character(byte)
            index += 1
        }
    }

    /// Applies the invocation code `>code`; false when `code` is none, so `>` is read as itself.
    private mutating func invocation(_ code: UInt8) -> Bool {
        switch code {
        case UInt8(ascii: "8"): fnc1()
        case UInt8(ascii: "5"), 0x3B: switchTo(.c)
        case UInt8(ascii: "6"), 0x3A:
            if set == .b { values.append(Code128Patterns.codeB) } else { switchTo(.b) }
        case UInt8(ascii: "7"), UInt8(ascii: "9"):
            if set == .a { values.append(Code128Patterns.codeA) } else { switchTo(.a) }
        case UInt8(ascii: "0"): raw(30)
        case UInt8(ascii: "="): raw(94)
        case UInt8(ascii: "<"): raw(62)
        case UInt8(ascii: "1"): values.append(95)
        case UInt8(ascii: "2"): values.append(96)
        case UInt8(ascii: "3"): values.append(97)
        case UInt8(ascii: "4"): values.append(Code128Patterns.shift)
        default: return false
        }
        return true
    }

    private mutating func raw(_ value: Int) {
        values.append(value)
        if set != .c {
            let byte = UInt8(set == .a && value >= 64 ? value - 64 : value + 32)
            scanned.append(byte)
            interpretation.unicodeScalars.append(Unicode.Scalar(byte))
        }
    }
}
