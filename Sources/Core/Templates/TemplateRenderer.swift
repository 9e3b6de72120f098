import Foundation

/// Turns one label's data into ZPL with a template: every field checked against its type, every value escaped.
public enum TemplateRenderer {
    /// The ZPL of one label, or every problem found (by field; the caller adds the label number).
    ///
    /// `namingFields` puts `^FXname:` and the field's name (a 2D symbol's or barcode's placeholder name for symbols) in
    /// every field that holds a value, for the renderer's layout pass to name what it finds. The ZPL that is stored
    /// and printed is rendered without it, so the bytes a printer gets are exactly the template's.
    public static func render(
        _ template: LabelTemplate, data: [String: JSONValue], namingFields: Bool = false
    ) -> Result<String, LabelProblems> {
        var problems: [LabelProblem] = []
        var values: [String: FieldValue] = [:]
        var data = data
        for key in data.keys.sorted() where data[key]?.isScalar == false {
            problems.append(
                LabelProblem(
                    label: 0, field: key, message: "must be a string, number, boolean or null, not nested JSON"))
            data[key] = nil
        }
        for key in data.keys.sorted() where template.field(named: key) == nil {
            problems.append(
                LabelProblem(label: 0, field: key, message: "is not a field of template '\(template.name)'"))
        }
        for field in template.fields where !problems.contains(where: { $0.field == field.name }) {
            switch check(field, data[field.name]) {
            case .success(let value?): values[field.name] = value
            case .success(nil): break
            case .failure(let failure):
                problems.append(LabelProblem(label: 0, field: field.name, message: failure.message))
            }
        }
        var symbols: [String: GS1ElementString] = [:]
        if problems.isEmpty {
            for (name, elements) in template.barcodes.sorted(by: { $0.key < $1.key }) {
                do throws(GS1Error) {
                    var parts: [GS1Element] = []
                    for element in elements {
                        guard let value = values[element.field] else { continue }
                        parts.append(try BarcodeRules.element(ai: element.ai, value: value))
                    }
                    symbols[name] = try GS1ElementString(parts)
                } catch {
                    let field = elements.first { element in error.ai.map { element.ai.hasPrefix($0) } ?? false }?.field
                    problems.append(LabelProblem(label: 0, field: field ?? "barcode", message: "barcode: \(error)"))
                }
            }
        }
        var matrixSymbols: [String: GS1ElementString] = [:]
        if problems.isEmpty {
            for (key, symbol) in template.matrixSymbols.sorted(by: { $0.key < $1.key }) {
                let (string, problem) = matrixElementString(symbol, values: values)
                matrixSymbols[key] = string
                if let problem { problems.append(problem) }
            }
        }
        guard problems.isEmpty else { return .failure(LabelProblems(problems)) }

        var zpl = ""
        func name(_ field: String) {
            if namingFields { zpl += "^FXname:\(field)" }
        }
        for segment in template.body {
            switch segment {
            case .literal(let text): zpl += text
            case .field(let field, let format):
                let text = values[field].map { display($0, format: format) } ?? ""
                name(field)
                do { zpl += try ZPLField.text(text) } catch {
                    problems.append(LabelProblem(label: 0, field: field, message: error.description))
                }
            case .barcode(let barcode, let module, let height):
                name(barcode.isEmpty ? "barcode" : "barcode_\(barcode)")
                zpl += "^BY\(module)^BCN,\(height),N,N,N,N^FD\(symbols[barcode]?.zplFieldData ?? "")^FS"
            case .barcodeText(let barcode):
                name(barcode.isEmpty ? "barcode_text" : "barcode_\(barcode)_text")
                zpl += (try? ZPLField.text(symbols[barcode]?.humanReadable ?? "")) ?? ""
            case .matrixSymbol(let key, let module):
                guard let symbol = template.matrixSymbols[key], let string = matrixSymbols[key] else { continue }
                name(key)
                do { zpl += try symbol.zpl(string, module: module) } catch {
                    problems.append(LabelProblem(label: 0, field: key, message: "\(key): \(error)"))
                }
            case .matrixSymbolText(let key):
                name(key + "_text")
                zpl += (try? ZPLField.text(matrixSymbols[key]?.humanReadable ?? "")) ?? ""
            }
        }
        guard problems.isEmpty else { return .failure(LabelProblems(problems)) }
        return .success(finish(zpl, template: template))
    }

    /// The element string of a 2D symbol from the checked values; a problem names the field of the AI at fault.
    static func matrixElementString(
        _ symbol: MatrixSymbol, values: [String: FieldValue]
    ) -> (GS1ElementString?, LabelProblem?) {
        do throws(GS1Error) {
            var parts: [GS1Element] = []
            for element in symbol.elements {
                guard let value = values[element.field] else { continue }
                parts.append(try BarcodeRules.element(ai: element.ai, value: value))
            }
            let string = try GS1ElementString(parts, maxDataCharacters: nil)
            if case .digitalLink(let link) = symbol.kind { _ = try link.uri(for: string) }
            return (string, nil)
        } catch {
            let field = symbol.elements.first { element in error.ai.map { element.ai.hasPrefix($0) } ?? false }?.field
            return (nil, LabelProblem(label: 0, field: field ?? symbol.keyword, message: "\(symbol.keyword): \(error)"))
        }
    }

    /// Declares UTF-8 (`^CI28`), print width and label length right after `^XA` unless the template sets them.
    static func finish(_ zpl: String, template: LabelTemplate) -> String {
        guard let start = zpl.range(of: "^XA", options: .caseInsensitive) else { return zpl }
        let upper = zpl.uppercased()
        var prelude = ""
        if !upper.contains("^CI28") { prelude += "^CI28" }
        if !upper.contains("^PW") { prelude += "^PW\(template.widthDots)" }
        if !upper.contains("^LL") { prelude += "^LL\(template.heightDots)" }
        var result = zpl
        result.insert(contentsOf: prelude, at: start.upperBound)
        return result.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A date written with `yyyy`, `yy`, `MM`, `M`, `dd` and `d`; other characters are kept as they are.
    static func display(_ value: FieldValue, format: String?) -> String {
        guard case .date(let iso) = value, let format else { return value.text }
        let parts = iso.split(separator: "-").map(String.init)
        guard parts.count == 3 else { return iso }
        let (year, month, day) = (parts[0], parts[1], parts[2])
        var result = ""
        var rest = Substring(format)
        let tokens: [(String, String)] = [
            ("yyyy", year), ("yy", String(year.suffix(2))), ("MM", month), ("M", String(Int(month) ?? 0)),
            ("dd", day), ("d", String(Int(day) ?? 0)),
        ]
        while !rest.isEmpty {
            if let (token, text) = tokens.first(where: { rest.hasPrefix($0.0) }) {
                result += text
                rest = rest.dropFirst(token.count)
            } else {
                result.append(rest.removeFirst())
            }
        }
        return result
    }

    /// Checks one value against its field; `.success(nil)` for an optional field left out.
    static func check(_ field: TemplateField, _ value: JSONValue?) -> Result<FieldValue?, Failure> {
        guard let value, value != .null else {
            return field.required ? .failure(Failure("is required")) : .success(nil)
        }
        switch field.kind {
        case .string, .lot:
            guard case .string(let text) = value else { return .failure(Failure("must be a string")) }
            if field.required, text.isEmpty { return .failure(Failure("must not be empty")) }
            if let max = field.maxLength, text.count > max {
                return .failure(Failure("has \(text.count) characters; at most \(max)"))
            }
            if field.kind == .lot {
                guard (1...20).contains(text.count) else { return .failure(Failure("a lot has 1 to 20 characters")) }
                if let bad = GS1CharacterSet82.firstInvalid(in: text) {
                    return .failure(Failure("'\(bad)' is not allowed in a lot (GS1 character set 82)"))
                }
            }
            let bytes = ZPLField.escape(text).utf8.count
            if bytes > ZPLField.maxFieldDataBytes {
                return .failure(
                    Failure(
                        "is \(bytes) bytes once escaped; a printer field holds at most \(ZPLField.maxFieldDataBytes)"))
            }
            return .success(.text(text))
        case .gtin:
            guard case .string(let text) = value else {
                return .failure(Failure("must be a string of 8, 12, 13 or 14 digits (a number loses leading zeros)"))
            }
            do { return .success(.text(try GS1Element.gtin(text).value)) } catch {
                return .failure(Failure(error.message))
            }
        case .integer:
            guard let number = decimal(value), number == number.rounded(0) else {
                return .failure(Failure("must be a whole number"))
            }
            if let problem = outOfRange(number, field) { return .failure(Failure(problem)) }
            return .success(.integer(NSDecimalNumber(decimal: number).intValue))
        case .decimal(let places), .weight(let places):
            guard let number = decimal(value) else {
                return .failure(Failure("must be a number, or a string written as a plain decimal such as \"1.250\""))
            }
            let rounded = number.rounded(places)
            if case .weight = field.kind, rounded <= 0 { return .failure(Failure("must be more than 0")) }
            if let problem = outOfRange(rounded, field) { return .failure(Failure(problem)) }
            return .success(.decimal(rounded, places: places))
        case .date:
            guard case .string(let text) = value, let iso = isoDate(text) else {
                return .failure(Failure("must be a date written YYYY-MM-DD"))
            }
            return .success(.date(iso))
        }
    }

    struct Failure: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    static func decimal(_ value: JSONValue) -> Decimal? {
        switch value {
        case .integer(let integer): return Decimal(integer)
        case .number(let double):
            return double.isFinite ? Decimal(string: String(double), locale: Locale(identifier: "en_US_POSIX")) : nil
        case .string(let text):
            guard isPlainDecimal(text) else { return nil }
            return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        default: return nil
        }
    }

    /// `^-?[0-9]+(\.[0-9]+)?$`: what a number given as a string may look like. `Decimal(string:)` alone reads
    /// the longest number it can and drops the rest (`"1-2"` as 1, `"1.2.3"` as 1.2).
    static func isPlainDecimal(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        let whole = bytes.prefix(while: isDigit)
        guard !whole.isEmpty else { return false }
        let rest = bytes.dropFirst(whole.count)
        guard let point = rest.first else { return true }
        let fraction = rest.dropFirst()
        return point == UInt8(ascii: ".") && !fraction.isEmpty && fraction.allSatisfy(isDigit)
    }

    static func outOfRange(_ number: Decimal, _ field: TemplateField) -> String? {
        if let minimum = field.minimum, number < minimum { return "\(number) is less than \(minimum)" }
        if let maximum = field.maximum, number > maximum { return "\(number) is more than \(maximum)" }
        return nil
    }

    /// A real calendar date `YYYY-MM-DD`, or nil.
    static func isoDate(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month)
        else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else { return nil }
        return text
    }
}

extension Decimal {
    func rounded(_ places: Int) -> Decimal {
        var result = Decimal()
        var input = self
        NSDecimalRound(&result, &input, places, .plain)
        return result
    }
}
