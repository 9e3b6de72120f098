import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Ready ZPL is checked against the printer's `zpl_policy` before anything is queued.
@Suite("ZPL policy over HTTP")
struct ZPLPolicyRoutesTests {
    /// The probe's device commands (see the Core tests) and control bytes DLE and RS.
    static let refused = [
        "^JUS", "^JUF", "^JUN", "^JUA", "^NSP,10.9.9.9,255.255.255.0,10.9.9.1^JUS", "^KP9999^JUS", "^IDE:*.*",
        "^IDR:*.*", "^MD30^JUS", "^HZA", "^SZ1", "^DFR:FORM.ZPL", "^XFR:FORM.ZPL", "^PQ500", "^MNY", "^MTT", "^MMP",
        "^JMA", "^HH", "^ILR:IMG.GRF", "^ISR:IMG.GRF", "^NC1", "^JZY", "\u{10}SD15", "\u{1E}MD10",
    ]

    func label(_ command: String) -> String { "^XA^FO10,10^A0N,20,20^FDx^FS\(command)^XZ" }

    @Test("device commands and DLE/RS answer 422 zpl_command_not_allowed by default, naming label, command, offset")
    func refusedByDefault() async throws {
        try await withApp { client, token in
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1"])
            for command in Self.refused {
                let answer = try await client.call(
                    .post, "/v1/jobs", token: token,
                    json: ["printer": "line1", "zpl": ["^XA^FDok^FS^XZ", label(command)]])
                #expect(answer.status == .unprocessableContent, "\(command)")
                #expect(errorCode(answer.body) == "zpl_command_not_allowed", "\(command)")
                let details = (answer.body["error"] as? [String: Any])?["details"] as? [String: Any]
                let problems = details?["labels"] as? [[String: Any]] ?? []
                #expect(problems.count >= 1, "\(command)")
                #expect(problems.first?["label"] as? Int == 2, "\(command)")
                #expect(problems.first?["offset"] as? Int == 28, "\(command)")
                #expect(problems.first?["command"] as? String != nil, "\(command)")
            }
            let jobs = try await client.call(.get, "/v1/jobs", token: token)
            #expect((jobs.body["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("a printer with zpl_policy device accepts them, and ^PQ3 is three labels, each confirmed")
    func acceptedOnADevicePrinter() async throws {
        try await withApp { client, token in
            let created = try await client.call(
                .post, "/v1/printers", token: token,
                json: ["name": "line1", "uri": "sim://line1", "zpl_policy": "device"])
            #expect(created.body["zpl_policy"] as? String == "device")
            for command in Self.refused {
                let answer = try await client.call(
                    .post, "/v1/jobs", token: token, json: ["printer": "line1", "zpl": [label(command)]])
                #expect(answer.status == .accepted, "\(command): \(answer.body)")
            }
            try await client.call(
                .post, "/v1/printers", token: token,
                json: ["name": "line2", "uri": "sim://line2", "zpl_policy": "device"])
            let copies = try await client.call(
                .post, "/v1/jobs", token: token, json: ["printer": "line2", "zpl": [label("^PQ3")]])
            #expect(copies.body["label_count"] as? Int == 3)
            let id = try #require(copies.body["id"] as? String)
            let final = try await client.waitForJob(id, token: token) { $0["status"] as? String == "completed" }
            #expect(final["printed_count"] as? Int == 3)
            let tooMany = try await client.call(
                .post, "/v1/jobs", token: token, json: ["printer": "line1", "zpl": [label("^PQ5000")]])
            #expect(tooMany.status == .contentTooLarge)
            #expect(errorCode(tooMany.body) == "too_many_labels")
        }
    }

    @Test("zpl_policy is label by default, set by POST and PATCH, and refused when it is anything else")
    func policyField() async throws {
        try await withApp { client, token in
            let created = try await client.call(
                .post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1"])
            #expect(created.body["zpl_policy"] as? String == "label")
            let patched = try await client.call(
                .patch, "/v1/printers/line1", token: token, json: ["zpl_policy": "device"])
            #expect(patched.body["zpl_policy"] as? String == "device")
            let shown = try await client.call(.get, "/v1/printers/line1", token: token)
            #expect(shown.body["zpl_policy"] as? String == "device")
            let accepted = try await client.call(
                .post, "/v1/jobs", token: token, json: ["printer": "line1", "zpl": [label("^JUS")]])
            #expect(accepted.status == .accepted)
            for (method, path, body) in [
                (HTTPRequest.Method.patch, "/v1/printers/line1", ["zpl_policy": "Device"]),
                (.post, "/v1/printers", ["name": "line2", "uri": "sim://line2", "zpl_policy": "anything"]),
            ] {
                let answer = try await client.call(method, path, token: token, json: body)
                #expect(answer.status == .unprocessableContent)
                #expect(errorCode(answer.body) == "invalid_field")
            }
            #expect(try await client.call(.get, "/v1/printers/line2", token: token).status == .notFound)
        }
    }
}
