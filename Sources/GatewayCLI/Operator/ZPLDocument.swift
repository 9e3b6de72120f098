import Foundation
import Core

/// The labels of a ZPL file: each `^XA…^XZ` format is one, with the commands before it (`~SD`, `^MM`, …) kept at its
/// front. Commands are found as a printer reads them (``ZPLScanner``), so `^XZ` written in field data does not cut
/// a label. Text after the last format stays with it, for the gateway to judge.
enum ZPLDocument {
    static func labels(in text: String) -> [String] {
        let bytes = Array(text.utf8)
        let scan = ZPLScanner.scan(bytes, alternatePrefixes: false)
        var labels: [String] = []
        var start = 0
        for command in scan.commands where command.prefix == .format && command.name == "XZ" {
            let end = command.offset + 3
            labels.append(String(decoding: bytes[start..<end], as: UTF8.self))
            start = end
        }
        let rest = String(decoding: bytes[start...], as: UTF8.self)
        if !rest.allSatisfy(\.isWhitespace) {
            if labels.isEmpty { labels.append(rest) } else { labels[labels.count - 1] += rest }
        }
        return labels.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }
}
