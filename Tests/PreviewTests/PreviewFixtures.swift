import Foundation

/// The sample labels in `Tests/Fixtures/preview`: each `NAME.zpl` with its sidecar `NAME.json`, which says the
/// label's size and dpi and what the verification tools must find on it (see `scripts/verify-preview.py`).
struct PreviewFixture {
    var name: String
    var zpl: URL
    var sidecar: URL
    var dpi: Int
    var width: Int
    var height: Int
    /// Which `^XA…^XZ` of the stream is the label, from 1.
    var label: Int
}

enum PreviewFixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let folder = repository.appendingPathComponent("Tests/Fixtures/preview")

    /// The names of the files in the folder with `suffix`, without it.
    static func names(withSuffix suffix: String) throws -> Set<String> {
        Set(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(suffix) }
                .map { String($0.dropLast(suffix.count)) })
    }

    static func sidecar(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("\(name).json"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureError("\(name).json is not a JSON object")
        }
        return object
    }

    static func all() throws -> [PreviewFixture] {
        try names(withSuffix: ".zpl").sorted().map { name in
            let sidecar = try sidecar(name)
            guard let dpi = sidecar["dpi"] as? Int, let width = sidecar["labelWidth"] as? Int,
                let height = sidecar["labelHeight"] as? Int
            else { throw FixtureError("\(name).json lacks dpi, labelWidth or labelHeight") }
            return PreviewFixture(
                name: name, zpl: folder.appendingPathComponent("\(name).zpl"),
                sidecar: folder.appendingPathComponent("\(name).json"), dpi: dpi, width: width, height: height,
                label: sidecar["label"] as? Int ?? 1)
        }
    }

    /// The python that has the verification tools: GATEWAY_VERIFY_PYTHON, else the environment
    /// `scripts/install-verify-tools.sh` makes, else the system's.
    static var python: URL {
        let environment = ProcessInfo.processInfo.environment
        if let python = environment["GATEWAY_VERIFY_PYTHON"] { return URL(fileURLWithPath: python) }
        let venv =
            environment["GATEWAY_VERIFY_VENV"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(
                ".cache/print-gateway/verify-venv"
            )
            .path
        let candidate = venv + "/bin/python"
        return URL(
            fileURLWithPath: FileManager.default.isExecutableFile(atPath: candidate) ? candidate : "/usr/bin/python3")
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
