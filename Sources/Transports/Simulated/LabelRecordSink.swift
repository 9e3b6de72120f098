import Foundation

/// Appends each printed label as one JSON line to a file, so that another process can read what printed.
struct LabelRecordSink: Sendable {
    let path: String
    let printer: String

    private struct Line: Encodable {
        let printer: String
        let sequence: Int
        let copy: Int
        let connection: Int
        let time: String
        let unixTime: Double
        let zpl: String
    }

    private static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// Writes one line; a failure to write is dropped, as the print itself happened.
    func write(_ label: SimulatedPrinter.PrintedLabel) {
        let line = Line(
            printer: printer, sequence: label.sequence, copy: label.copy,
            connection: label.connection.rawValue,
            time: Self.timestamp(label.printedAt), unixTime: label.printedAt.timeIntervalSince1970,
            zpl: label.text)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var data = try? encoder.encode(line) else { return }
        data.append(0x0A)
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: data)
        } catch {
            return
        }
    }
}
