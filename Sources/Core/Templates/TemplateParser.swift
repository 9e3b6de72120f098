import Foundation

/// Reads a template file: `%%` header lines, then the ZPL body with `{{placeholders}}`. Every problem is
/// reported with its line, and a template with any problem is refused whole.
public enum TemplateParser {
    public static func parse(name: String, text: String) throws(TemplateError) -> LabelTemplate {
        guard ResourceName.isValid(name) else {
            throw TemplateError(template: name, line: nil, message: "a template name must have \(ResourceName.rule)")
        }
        var description = ""
        var dpi: Int?
        var size: (width: Double, height: Double, unit: String, text: String)?
        var fields: [TemplateField] = []
        var barcodes: [String: [BarcodeElement]] = [:]
        var matrixSymbols: [String: MatrixSymbol] = [:]
        var bodyLines: [(number: Int, text: String)] = []
        var expiresAfter: Duration?
        func fail(_ line: Int?, _ message: String) -> TemplateError {
            TemplateError(template: name, line: line, message: message)
        }

        for (index, rawLine) in text.components(separatedBy: "\n").enumerated() {
            let number = index + 1
            let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : rawLine
            guard line.hasPrefix("%%") else {
                bodyLines.append((number, line))
                continue
            }
            if line.hasPrefix("%%#") { continue }  // a comment
            guard bodyLines.allSatisfy({ $0.text.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                throw fail(number, "header lines (%%) must come before the ZPL")
            }
            let words = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard let keyword = words.first else { continue }
            let rest = Array(words.dropFirst())
            switch keyword {
            case "description":
                description = rest.joined(separator: " ")
            case "dpi":
                guard rest.count == 1, let value = Int(rest[0]), [203, 300, 600].contains(value) else {
                    throw fail(number, "dpi must be 203, 300 or 600")
                }
                dpi = value
            case "size":
                guard rest.count == 1, let parsed = parseSize(rest[0]) else {
                    throw fail(number, "size must look like 4x6in or 100x150mm")
                }
                size = parsed
            case "field":
                let field = try parseField(rest, line: number, template: name)
                guard !fields.contains(where: { $0.name == field.name }) else {
                    throw fail(number, "field '\(field.name)' is declared twice")
                }
                fields.append(field)
            case "barcode":
                var words = rest
                var barcodeName = ""
                if let first = words.first, !first.hasPrefix("(") {
                    guard first.allSatisfy({ $0.isLetter || $0.isNumber }) else {
                        throw fail(number, "barcode name '\(first)' must be letters and digits")
                    }
                    barcodeName = first
                    words.removeFirst()
                }
                guard barcodes[barcodeName] == nil else {
                    throw fail(number, "barcode \(barcodeName.isEmpty ? "(unnamed)" : barcodeName) is declared twice")
                }
                barcodes[barcodeName] = try parseBarcode(words.joined(), line: number, template: name)
            case "datamatrix", "qrcode":
                let (key, symbol) = try parseMatrixSymbol(keyword: keyword, words: rest, line: number, template: name)
                guard matrixSymbols[key] == nil else { throw fail(number, "\(key) is declared twice") }
                matrixSymbols[key] = symbol
            case "expires_after":
                guard rest.count == 1, let duration = parseDuration(rest[0]) else {
                    throw fail(number, "expires_after must look like 90m, 12h or 2d")
                }
                expiresAfter = duration
            default:
                throw fail(
                    number,
                    "unknown header '\(keyword)'; use description, dpi, size, field, barcode, datamatrix, qrcode or expires_after"
                )
            }
        }
        guard let dpi else { throw fail(nil, "the header needs a dpi line (%% dpi 300)") }
        guard let size else { throw fail(nil, "the header needs a size line (%% size 4x6in)") }
        for element in barcodes.values.joined() + matrixSymbols.values.flatMap(\.elements) {
            guard let field = fields.first(where: { $0.name == element.field }) else {
                throw fail(nil, "barcode AI (\(element.ai)) uses '\(element.field)', which is not a declared field")
            }
            if let problem = BarcodeRules.mismatch(ai: element.ai, field: field) { throw fail(nil, problem) }
        }
        let body = try parseBody(
            bodyLines, fields: fields, barcodes: Set(barcodes.keys), matrixSymbols: Set(matrixSymbols.keys),
            template: name)
        let dotsPerUnit = size.unit == "in" ? Double(dpi) : Double(dpi) / 25.4
        return LabelTemplate(
            name: name, description: description, dpi: dpi,
            widthDots: Int((size.width * dotsPerUnit).rounded()),
            heightDots: Int((size.height * dotsPerUnit).rounded()),
            size: size.text, fields: fields, barcodes: barcodes, matrixSymbols: matrixSymbols, body: body,
            expiresAfter: expiresAfter)
    }

    /// A positive whole number of seconds, minutes, hours or days: `90s`, `30m`, `12h`, `2d`.
    static func parseDuration(_ text: String) -> Duration? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let unit = text.last.flatMap({ units[$0] }), let count = Int64(text.dropLast()), count > 0,
            count <= 366 * 86_400 / unit
        else { return nil }
        return .seconds(count * unit)
    }

    static func parseSize(_ text: String) -> (width: Double, height: Double, unit: String, text: String)? {
        let lower = text.lowercased()
        let unit = lower.hasSuffix("in") ? "in" : lower.hasSuffix("mm") ? "mm" : nil
        guard let unit else { return nil }
        let parts = lower.dropLast(2).split(separator: "x")
        guard parts.count == 2, let width = Double(parts[0]), let height = Double(parts[1]), width > 0, height > 0
        else {
            return nil
        }
        return (width, height, unit, text)
    }

    static func parseField(_ words: [String], line: Int, template: String) throws(TemplateError) -> TemplateField {
        func fail(_ message: String) -> TemplateError {
            TemplateError(template: template, line: line, message: message)
        }
        guard words.count >= 2 else { throw fail("a field line is: field NAME TYPE [required] [option=value…]") }
        let name = words[0]
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), name.first?.isLetter == true else {
            throw fail("field name '\(name)' must start with a letter and hold letters, digits and _")
        }
        guard BarcodeReference(placeholder: name) == nil, MatrixSymbolReference(placeholder: name) == nil else {
            throw fail("'\(name)' is reserved for barcodes")
        }
        var options: [String: String] = [:]
        var required = false
        for word in words.dropFirst(2) {
            if word == "required" { required = true; continue }
            if word == "optional" { continue }
            let pair = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { throw fail("'\(word)' is not required, optional or option=value") }
            options[pair[0]] = pair[1]
        }
        func integer(_ key: String, _ range: ClosedRange<Int>) throws(TemplateError) -> Int? {
            guard let text = options.removeValue(forKey: key) else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw fail("\(key) must be a whole number in \(range.lowerBound)…\(range.upperBound)")
            }
            return value
        }
        func decimal(_ key: String) throws(TemplateError) -> Decimal? {
            guard let text = options.removeValue(forKey: key) else { return nil }
            guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw fail("\(key) must be a number")
            }
            return value
        }
        let kind: TemplateField.Kind
        switch words[1] {
        case "string": kind = .string
        case "integer": kind = .integer
        case "decimal": kind = .decimal(places: try integer("places", 0...6) ?? 2)
        case "date": kind = .date
        case "gtin": kind = .gtin
        case "lot": kind = .lot
        case "weight": kind = .weight(decimals: try integer("decimals", 0...5) ?? 3)
        default:
            throw fail("unknown type '\(words[1])'; use string, integer, decimal, date, gtin, lot or weight")
        }
        let field = TemplateField(
            name: name, kind: kind, required: required, maxLength: try integer("max_length", 1...3000),
            minimum: try decimal("min"), maximum: try decimal("max"))
        if let unknown = options.keys.sorted().first {
            throw fail("unknown option '\(unknown)' for field '\(name)'")
        }
        return field
    }

    /// `(01){gtin}(3103){net_weight_kg}(10){lot}` → AI and field pairs.
    static func parseBarcode(_ text: String, line: Int, template: String) throws(TemplateError) -> [BarcodeElement] {
        func fail(_ message: String) -> TemplateError {
            TemplateError(template: template, line: line, message: message)
        }
        var elements: [BarcodeElement] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            guard rest.first == "(", let close = rest.firstIndex(of: ")") else {
                throw fail("barcode must be a list of (AI){field}, e.g. (01){gtin}(10){lot}")
            }
            let ai = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            guard rest.first == "{", let end = rest.firstIndex(of: "}") else {
                throw fail("AI (\(ai)) must be followed by {field}")
            }
            let field = String(rest[rest.index(after: rest.startIndex)..<end])
            rest = rest[rest.index(after: end)...]
            guard BarcodeRules.isSupported(ai: ai) else {
                throw fail("AI (\(ai)) is not supported; use \(BarcodeRules.supportedDescription)")
            }
            elements.append(BarcodeElement(ai: ai, field: field))
        }
        guard !elements.isEmpty else { throw fail("barcode has no elements") }
        return elements
    }

    /// `line` without its `{{…}}` placeholders, which become escaped field data when a label is rendered.
    static func withoutPlaceholders(_ line: String) -> String {
        var result = ""
        var rest = Substring(line)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            result += rest[..<open.lowerBound]
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    static func parseBody(
        _ lines: [(number: Int, text: String)], fields: [TemplateField], barcodes: Set<String>,
        matrixSymbols: Set<String>, template: String
    ) throws(TemplateError) -> [TemplateSegment] {
        var segments: [TemplateSegment] = []
        var literal = ""
        var formats = 0
        var ends = 0
        for (number, line) in lines {
            func fail(_ message: String) -> TemplateError {
                TemplateError(template: template, line: number, message: message)
            }
            if let refused = ZPLLabelCheck.firstRefusal(in: withoutPlaceholders(line), policy: .label) {
                throw fail("\(refused.message) (templates follow the label ZPL policy)")
            }
            let upper = line.uppercased()
            formats += upper.components(separatedBy: "^XA").count - 1
            ends += upper.components(separatedBy: "^XZ").count - 1
            var rest = Substring(line)
            while let open = rest.range(of: "{{") {
                literal += rest[..<open.lowerBound]
                guard let close = rest[open.upperBound...].range(of: "}}") else {
                    throw fail("'{{' is not closed with '}}'")
                }
                let inside = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                let parts = inside.split(separator: ":", maxSplits: 1).map(String.init)
                let name = parts.first ?? ""
                let format = parts.count > 1 ? parts[1] : nil
                if !literal.isEmpty {
                    segments.append(.literal(literal))
                    literal = ""
                }
                if let reference = MatrixSymbolReference(placeholder: name) {
                    segments.append(try matrixSegment(reference, format: format, declared: matrixSymbols, fail: fail))
                    rest = rest[close.upperBound...]
                    continue
                }
                if let reference = BarcodeReference(placeholder: name) {
                    guard barcodes.contains(reference.name) else {
                        throw fail("{{\(name)}} is used but the header declares no such barcode")
                    }
                    if reference.isText {
                        guard format == nil else { throw fail("{{\(name)}} takes no format") }
                        segments.append(.barcodeText(name: reference.name))
                    } else {
                        let numbers = (format ?? "2,200").split(separator: ",").map {
                            Int($0.trimmingCharacters(in: .whitespaces))
                        }
                        guard numbers.count == 2, let module = numbers[0], let height = numbers[1],
                            (1...10).contains(module), (10...2000).contains(height)
                        else {
                            throw fail("{{\(name):MODULE,HEIGHT}} takes a module width 1–10 and a height 10–2000 dots")
                        }
                        segments.append(.barcode(name: reference.name, moduleWidth: module, height: height))
                    }
                    rest = rest[close.upperBound...]
                    continue
                }
                switch name {
                default:
                    guard let field = fields.first(where: { $0.name == name }) else {
                        let known = fields.map(\.name).joined(separator: ", ")
                        throw fail("unknown variable '\(name)'; declared fields are \(known)")
                    }
                    if format != nil, field.kind != .date {
                        throw fail("only date fields take a format ({{\(name)}} is \(field.kind.name))")
                    }
                    segments.append(.field(name: name, format: format))
                }
                rest = rest[close.upperBound...]
            }
            if rest.contains("}}") { throw fail("'}}' without '{{'") }
            literal += rest
            literal += "\n"
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        guard formats == 1, ends == 1 else {
            throw TemplateError(
                template: template, line: nil,
                message: "the ZPL must hold exactly one ^XA…^XZ format (found \(formats) ^XA, \(ends) ^XZ)")
        }
        return segments
    }
}
