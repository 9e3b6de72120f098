import Foundation
import GatewayTestSupport
import ProcessSupport
import Testing

/// `gateway preview` run as built: a ZPL file drawn locally with no server, a template's label over the API.
@Suite("Processes: gateway preview", .serialized)
struct PreviewCLITests {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    @Test("preview FILE.zpl writes FILE.png next to it, -o elsewhere, --label picks a format; no server needed")
    func localFile() async throws {
        let file = try zplFile(labels: 3)
        defer { try? FileManager.default.removeItem(at: file) }
        let png = file.deletingPathExtension().appendingPathExtension("png")
        defer { try? FileManager.default.removeItem(at: png) }
        let offline = ["GATEWAY_URL": "http://127.0.0.1:9", "GATEWAY_TOKEN": ""]
        let result = try ChildProcess.run(GatewayProcess.executable, ["preview", file.path], environment: offline)
        #expect(result.status == 0, "\(result.output)")
        #expect(Array(try Data(contentsOf: png).prefix(8)) == Self.signature)
        #expect(result.output.contains("label 1 of 3"), "\(result.output)")

        let other = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: other) }
        let third = try ChildProcess.run(
            GatewayProcess.executable, ["preview", file.path, "--label", "3", "--dpi", "203", "-o", other.path],
            environment: offline)
        #expect(third.status == 0, "\(third.output)")
        #expect(FileManager.default.fileExists(atPath: other.path))

        let missing = try ChildProcess.run(
            GatewayProcess.executable, ["preview", file.path, "--label", "4"], environment: offline)
        #expect(missing.status == 1)
        #expect(missing.output.contains("has 3 labels, not 4"), "\(missing.output)")
        let badDPI = try ChildProcess.run(
            GatewayProcess.executable, ["preview", file.path, "--dpi", "250"], environment: offline)
        #expect(badDPI.status != 0)
        #expect(badDPI.output.contains("--dpi must be 152, 203, 300 or 600"), "\(badDPI.output)")
    }

    @Test("preview --template --data: the gateway renders the label; its refusal is printed")
    func template() async throws {
        try await withOperatorGateway { cli, _ in
            let data = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString).json")
            defer { try? FileManager.default.removeItem(at: data) }
            try Data(#"{"lot": "ABC123"}"#.utf8).write(to: data)
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString).png")
            defer { try? FileManager.default.removeItem(at: out) }
            let result = try await cli.run(
                ["preview", "--template", "lot-label", "--data", data.path, "-o", out.path])
            #expect(result.status == 0, "\(result)")
            #expect(Array(try Data(contentsOf: out).prefix(8)) == Self.signature)

            try Data(#"{"lot": "A B"}"#.utf8).write(to: data)
            let refused = try await cli.run(["preview", "--template", "lot-label", "--data", data.path])
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderr.contains("error:"), "\(refused)")
        }
    }
}
