/// A GS1 Digital Link URI (GS1 Digital Link Standard: URI Syntax, 1.2): the AIs of an element string written as a web
/// address that any phone opens and a GS1 scanner turns back into AIs.
///
/// `https://DOMAIN/01/09501101530003/10/L123?17=261231&3103=001234`: the primary key (`01` GTIN, else `00` SSCC) and
/// its value first, then the GTIN's key qualifiers that are present in the standard's order `22`, `10`, `21`, then the
/// data attributes as a query in element-string order. Values are percent-encoded except the URI's unreserved
/// characters (`A–Z a–z 0–9 - . _ ~`, RFC 3986 §2.3), as the standard requires.
public struct GS1DigitalLink: Sendable, Hashable, CustomStringConvertible {
    /// Host name and an optional path prefix: `id.example.com`, `example.com/gs1`.
    public let domain: String

    public var description: String { "https://\(domain)" }

    /// Checks `domain`: a host name of letters, digits, hyphens and dots, then optionally `/path` of unreserved
    /// characters; no scheme, port, query or trailing slash.
    public init(domain: String) throws(GS1Error) {
        let parts = domain.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let host = parts[0]
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        let hostIsValid =
            (1...253).contains(host.count)
            && labels.allSatisfy { label in
                (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }
        let path = parts.count > 1 ? parts[1] : nil
        let pathIsValid =
            path.map { path in
                !path.isEmpty && !path.hasSuffix("/")
                    && path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { segment in
                        !segment.isEmpty && segment.unicodeScalars.allSatisfy(Self.isUnreserved)
                    }
            } ?? true
        guard hostIsValid, pathIsValid else {
            throw GS1Error(
                .characterSet, ai: nil,
                "'\(domain)' is not a Digital Link domain: a host name such as id.example.com, optionally with a /path")
        }
        self.domain = domain
    }

    /// GTIN key qualifiers in the order the path takes them.
    static let qualifiers = ["22", "10", "21"]

    /// The URI for `string`, which must hold a GTIN (01) or an SSCC (00), not both.
    public func uri(for string: GS1ElementString) throws(GS1Error) -> String {
        let byAI = Dictionary(string.elements.map { ($0.ai.code, $0.value) }, uniquingKeysWith: { first, _ in first })
        let primary: String
        switch (byAI["01"], byAI["00"]) {
        case (_?, _?):
            throw GS1Error(.duplicateAI, ai: "00", "a Digital Link has one primary key: the GTIN (01) or the SSCC (00)")
        case (_?, nil): primary = "01"
        case (nil, _?): primary = "00"
        case (nil, nil):
            throw GS1Error(.empty, ai: nil, "a Digital Link needs a primary key: a GTIN (01) or an SSCC (00)")
        }
        var path = "/\(primary)/\(Self.percentEncoded(byAI[primary] ?? ""))"
        var inPath: Set<String> = [primary]
        if primary == "01" {
            for ai in Self.qualifiers {
                guard let value = byAI[ai] else { continue }
                path += "/\(ai)/\(Self.percentEncoded(value))"
                inPath.insert(ai)
            }
        }
        let query = string.elements.filter { !inPath.contains($0.ai.code) }
            .map { "\($0.ai.code)=\(Self.percentEncoded($0.value))" }
        return "https://\(domain)\(path)" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }

    static func isUnreserved(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "-", ".", "_", "~": true
        default: false
        }
    }

    static func percentEncoded(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF")
        var result = ""
        for byte in value.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80, isUnreserved(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
            }
        }
        return result
    }
}
