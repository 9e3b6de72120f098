/// GS1-128 in ZPL: `^BC` in mode N (`m = N`) with explicit Code 128 invocation codes in the `^FD`.
///
/// The field data starts in subset C with FNC1 (`>;>8`), encodes digits in pairs in subset C, switches to B (`>6`)
/// before a lone digit or any other character, returns to C (`>5`) for runs of four or more digits (an odd digit goes
/// in B first), writes FNC1 (`>8`) as the separator and `>0` for a literal `>`. Nothing is left to the printer's
/// automatic subset choice, so letters are never written while subset C is active (where they would be dropped).
/// The printer's interpretation line is off: in mode N it would print the invocation codes' data without
/// parentheses; place `humanReadable` as its own text field instead.
extension GS1ElementString {
    /// The `^FD` content for `^BCN,h,N,N,N,N`.
    public var zplFieldData: String { code128.fieldData }

    /// Width of the symbol in modules (start, data, check and stop characters), without the quiet zones of 10
    /// modules each side. Multiply by the `^BY` module width for dots.
    public var code128Modules: Int { 11 * (code128.codewords + 1) + 13 }

    /// A complete barcode field: `^FO x,y ^BY module ^BCN,height,N,N,N,N ^FD … ^FS`, without an interpretation line.
    /// `moduleWidth` is 1–10 dots, `height` 1–32000 dots, `x` and `y` 0–32000 dots.
    public func zplBarcode(x: Int, y: Int, moduleWidth: Int = 3, height: Int = 150) throws(ZPLFieldError) -> String {
        for (name, value, range) in [
            ("x", x, 0...32000), ("y", y, 0...32000), ("module width", moduleWidth, 1...10),
            ("height", height, 1...32000),
        ] where !range.contains(value) {
            throw ZPLFieldError(
                .invalidParameter, "barcode \(name) \(value) is not \(range.lowerBound) to \(range.upperBound)")
        }
        return "^FO\(x),\(y)^BY\(moduleWidth)^BCN,\(height),N,N,N,N^FD\(zplFieldData)^FS"
    }

    private var code128: (fieldData: String, codewords: Int) {
        enum Token: Equatable {
            case fnc1
            case character(Character)
        }
        var tokens: [Token] = []
        for (index, element) in elements.enumerated() {
            tokens += (element.ai.code + element.value).map(Token.character)
            if element.ai.needsSeparatorWhenNotLast && index < elements.count - 1 { tokens.append(.fnc1) }
        }
        func digitRun(from start: Int) -> Int {
            var end = start
            while end < tokens.count, case .character(let character) = tokens[end], character.asciiDigit != nil {
                end += 1
            }
            return end - start
        }

        var output = ">;>8"
        var codewords = 2
        var subsetC = true
        var index = 0
        while index < tokens.count {
            guard case .character(let character) = tokens[index] else {
                output += ">8"
                codewords += 1
                index += 1
                continue
            }
            let run = digitRun(from: index)
            if subsetC {
                if run >= 2 {
                    let digits = run - run % 2
                    for position in index..<(index + digits) {
                        if case .character(let digit) = tokens[position] { output.append(digit) }
                    }
                    codewords += digits / 2
                    index += digits
                } else {
                    output += ">6"
                    codewords += 1
                    subsetC = false
                }
            } else if run >= 4 {
                if run % 2 == 1 {
                    output.append(character)
                    codewords += 1
                    index += 1
                }
                output += ">5"
                codewords += 1
                subsetC = true
            } else {
                output += character == ">" ? ">0" : String(character)
                codewords += 1
                index += 1
            }
        }
        return (output, codewords)
    }
}
