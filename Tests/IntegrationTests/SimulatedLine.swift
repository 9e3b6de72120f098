import Foundation
import GatewayTestSupport
import Testing

/// A `gateway simulate` process on a free port, recording what it prints. Half-inch labels at 12 in/s:
/// 200 labels take about 8 s.
struct SimulatedLine {
    let process: GatewayProcess
    let port: Int
    let record: URL

    static func start() async throws -> SimulatedLine {
        let record = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString).jsonl")
        let process = try GatewayProcess([
            "simulate", "--port", "0", "--name", "line1", "--speed-ips", "12", "--label-dots", "150",
            "--record", record.path,
        ])
        let line = try await process.waitForLine(containing: "listening on")
        guard let port = line.split(separator: ":").last.flatMap({ Int($0) }) else {
            throw TestSetupError("gateway simulate printed '\(line)'")
        }
        return SimulatedLine(process: process, port: port, record: record)
    }

    func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: record)
    }

    /// The numbers of the labels whose field data begins with `prefix`, in print order, from the simulator's
    /// JSON-lines record.
    func printedNumbers(prefix: String = "Label ") throws -> [Int] {
        guard FileManager.default.fileExists(atPath: record.path) else { return [] }
        let text = try String(contentsOf: record, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let zpl = (object["zpl"] ?? object["format"] ?? object["text"]) as? String,
                let range = zpl.range(of: "^FD" + prefix)
            else { return nil }
            return Int(zpl[range.upperBound...].prefix { $0.isNumber })
        }
    }
}

extension SimulatedLine {
    /// Waits until labels 1...`count` have all printed (a confirmation may come before the printer has printed
    /// what it holds), or `timeout` passes, then a little more for repeats; returns the numbers printed.
    func waitForPrinted(_ count: Int, prefix: String = "Label ", timeout: Duration = .seconds(60)) async throws -> [Int]
    {
        let expected = Set(1...count)
        _ = try await eventually(timeout: timeout, every: .milliseconds(100)) {
            try printedNumbers(prefix: prefix)
        } until: {
            expected.isSubset(of: $0)
        }
        try await Task.sleep(for: .milliseconds(500))
        return try printedNumbers(prefix: prefix)
    }
}

/// Every label once at least, and no more repeats than the window; returns how many printed twice.
@discardableResult
func expectEveryLabel(_ printed: [Int], count: Int, window: Int) -> Int {
    let missing = Set(1...count).subtracting(printed)
    #expect(missing.isEmpty, "labels never printed: \(missing.sorted())")
    let repeats = printed.count - Set(printed).count
    #expect(repeats <= window, "\(repeats) labels printed twice; at most the window (\(window)) may be")
    return repeats
}

/// `count` numbered labels whose field data reads `prefix` and the number.
func numberedLabels(_ count: Int, prefix: String = "Label ") -> [String] {
    (1...count).map { "^XA^FO50,50^A0N,40,40^FD\(prefix)\($0)^FS^XZ" }
}
