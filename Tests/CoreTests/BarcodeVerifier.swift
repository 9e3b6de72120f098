import Foundation
import ProcessSupport

/// Runs `scripts/verify-barcodes.py` (a third-party ZPL renderer, two decoders and a GS1 parser) over a folder of
/// labels. Enabled with GATEWAY_VERIFY_BARCODES=1, after `scripts/install-verify-tools.sh`; GATEWAY_VERIFY_PYTHON
/// names the python to use, and GATEWAY_VERIFY_OUTPUT a directory that keeps the labels, sidecars and PNGs.
enum BarcodeVerifier {
    static let enabled = ProcessInfo.processInfo.environment["GATEWAY_VERIFY_BARCODES"] == "1"

    /// The repository's root folder.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Where to write labels: `GATEWAY_VERIFY_OUTPUT` (or its `subfolder`), kept after the test, or a new temporary
    /// folder that `remove` deletes.
    static func labelFolder(subfolder: String? = nil) throws -> (url: URL, remove: () -> Void) {
        guard let kept = ProcessInfo.processInfo.environment["GATEWAY_VERIFY_OUTPUT"] else {
            let url = try temporaryDirectory()
            return (url, { try? FileManager.default.removeItem(at: url) })
        }
        var url = URL(fileURLWithPath: kept)
        if let subfolder { url.appendPathComponent(subfolder) }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return (url, {})
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gs1-verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `NAME.zpl` and its sidecar `NAME.json`.
    static func write(zpl: String, sidecar: Data, name: String, to directory: URL) throws {
        try Data(zpl.utf8).write(to: directory.appendingPathComponent("\(name).zpl"))
        try sidecar.write(to: directory.appendingPathComponent("\(name).json"))
    }

    /// The verifier's exit status and everything it printed.
    static func run(on directory: URL) throws -> (status: Int32, output: String) {
        let environment = ProcessInfo.processInfo.environment
        let script = repository.appendingPathComponent("scripts/verify-barcodes.py")
        let venvPython =
            (environment["GATEWAY_VERIFY_VENV"]
                ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(
                    ".cache/print-gateway/verify-venv"
                ).path)
            + "/bin/python"
        let python =
            environment["GATEWAY_VERIFY_PYTHON"]
            ?? (FileManager.default.isExecutableFile(atPath: venvPython) ? venvPython : "/usr/bin/python3")
        return try ChildProcess.run(URL(fileURLWithPath: python), [script.path, directory.path], timeout: 300)
    }

    /// The failed labels in the verifier's output, by file name without `.zpl`, each with its problems.
    static func failures(in output: String) -> [(label: String, problems: [String])] {
        var failures: [(label: String, problems: [String])] = []
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("FAIL ") {
                let name = line.dropFirst(5).trimmingCharacters(in: .whitespaces)
                failures.append((String(name.hasSuffix(".zpl") ? name.dropLast(4) : Substring(name)), []))
            } else if line.hasPrefix("    "), !failures.isEmpty {
                failures[failures.count - 1].problems.append(line.trimmingCharacters(in: .whitespaces))
            }
        }
        return failures
    }
}

/// SplitMix64: the same generated data on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
