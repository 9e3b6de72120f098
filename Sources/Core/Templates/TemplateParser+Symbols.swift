extension TemplateParser {
    /// `%% datamatrix [NAME] (AI){field}…` and `%% qrcode [NAME] [link domain=HOST[/PATH]] (AI){field}…` → the
    /// symbol's key (`datamatrix`, `qrcode_NAME`) and the symbol.
    static func parseMatrixSymbol(
        keyword: String, words: [String], line: Int, template: String
    ) throws(TemplateError) -> (key: String, symbol: MatrixSymbol) {
        func fail(_ message: String) -> TemplateError {
            TemplateError(template: template, line: line, message: message)
        }
        var words = words
        var key = keyword
        if let first = words.first, !first.hasPrefix("("), first != "link", !first.contains("=") {
            guard first.allSatisfy({ $0.isLetter || $0.isNumber }), first != "text" else {
                throw fail("\(keyword) name '\(first)' must be letters and digits (and not 'text')")
            }
            key += "_" + first
            words.removeFirst()
        }
        var kind: MatrixSymbol.Kind = keyword == "datamatrix" ? .dataMatrix : .qrCode
        if words.first == "link" {
            guard keyword == "qrcode" else { throw fail("only a qrcode can be a Digital Link") }
            words.removeFirst()
            guard let option = words.first, option.hasPrefix("domain=") else {
                throw fail("a Digital Link QR code needs its domain: %% qrcode link domain=id.example.com (01){gtin}…")
            }
            words.removeFirst()
            do throws(GS1Error) {
                kind = .digitalLink(try GS1DigitalLink(domain: String(option.dropFirst("domain=".count))))
            } catch {
                throw fail(error.message)
            }
        }
        if let stray = words.first(where: { !$0.hasPrefix("(") }) {
            throw fail("'\(stray)' is not understood; write %% \(keyword) [NAME] [link domain=HOST] (AI){field}…")
        }
        let elements = try parseBarcode(words.joined(), line: line, template: template)
        if case .digitalLink = kind {
            let keys = elements.filter { $0.ai == "01" || $0.ai == "00" }
            guard keys.count == 1 else {
                throw fail("a Digital Link needs exactly one primary key: (01) GTIN or (00) SSCC")
            }
        }
        return (key, MatrixSymbol(kind: kind, elements: elements))
    }

    /// `{{datamatrix}}`, `{{qrcode_NAME:8}}` or `{{datamatrix_text}}` as a segment.
    static func matrixSegment(
        _ reference: MatrixSymbolReference, format: String?, declared: Set<String>,
        fail: (String) -> TemplateError
    ) throws(TemplateError) -> TemplateSegment {
        let placeholder = reference.key + (reference.isText ? "_text" : "")
        guard declared.contains(reference.key) else {
            throw fail("{{\(placeholder)}} is used but the header declares no such symbol")
        }
        if reference.isText {
            guard format == nil else { throw fail("{{\(placeholder)}} takes no format") }
            return .matrixSymbolText(key: reference.key)
        }
        let module = format.map { Int($0.trimmingCharacters(in: .whitespaces)) } ?? MatrixSymbol.defaultModule
        guard let module, MatrixSymbol.modules.contains(module) else {
            throw fail(
                "{{\(placeholder):MODULE}} takes a module size of \(MatrixSymbol.modules.lowerBound)–\(MatrixSymbol.modules.upperBound) dots"
            )
        }
        return .matrixSymbol(key: reference.key, module: module)
    }
}
