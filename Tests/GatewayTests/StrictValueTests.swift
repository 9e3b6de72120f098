import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Values that were half-read or cost seconds before: refused whole, and fast.
@Suite("Strict values over HTTP")
struct StrictValueTests {
    func submitProduct(_ client: any TestClientProtocol, token: String, _ change: (inout [String: Any]) -> Void)
        async throws -> (status: HTTPResponse.Status, body: [String: Any])
    {
        var label = productLabel("L1")
        change(&label)
        return try await client.call(
            .post, "/v1/jobs", token: token, json: ["printer": "line1", "template": "product-gs1", "labels": [label]])
    }

    @Test("a weight given as a string must be a plain decimal: \"1-2\" and \"1.2.3\" answer 422 naming the field")
    func weights() async throws {
        try await withApp { client, token in
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1"])
            for bad in ["1-2", "1.2.3", "1.", ".5", "+1", "1e2", " 1", "1,5", "--1", "", "0x1"] {
                let answer = try await submitProduct(client, token: token) { $0["net_weight_kg"] = bad }
                #expect(answer.status == .unprocessableContent, "\(bad)")
                let details = (answer.body["error"] as? [String: Any])?["details"] as? [String: Any]
                let problem = (details?["labels"] as? [[String: Any]])?.first
                #expect(problem?["label"] as? Int == 1, "\(bad)")
                #expect(problem?["field"] as? String == "net_weight_kg", "\(bad)")
            }
            for good in ["1.2", "12", "0.750"] as [Any] + [1.5, 2] {
                var label = productLabel("L1")
                label["net_weight_kg"] = good
                let answer = try await client.call(
                    .post, "/v1/templates/product-gs1/render", token: token, json: label)
                #expect(answer.status == .ok, "\(good)")
            }
        }
    }

    @Test("label data holding arrays or objects answers 422; 500 levels deep answers 4xx at once")
    func nesting() async throws {
        try await withApp { client, token in
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1"])
            for nested in [["1.2"], ["kg": 1.2]] as [Any] {
                let answer = try await submitProduct(client, token: token) { $0["net_weight_kg"] = nested }
                #expect(answer.status == .unprocessableContent)
                let details = (answer.body["error"] as? [String: Any])?["details"] as? [String: Any]
                let problem = (details?["labels"] as? [[String: Any]])?.first
                #expect((problem?["message"] as? String)?.contains("nested") == true)
            }
            let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
            let body = #"{"printer": "line1", "template": "lot-label", "labels": [{"lot": "L1", "x": \#(deep)}]}"#
            let start = ContinuousClock.now
            let answer = try await client.call(.post, "/v1/jobs", token: token, raw: body)
            let took = ContinuousClock.now - start
            #expect((400..<500).contains(answer.status.code))
            print("a 500-deep label body answered \(answer.status.code) in \(took)")
        }
    }

    @Test("printer names match [a-z0-9][a-z0-9_-]{0,62}: '.', '..', capitals and 64 characters are refused")
    func printerNames() async throws {
        try await withApp { client, token in
            for bad in [".", "..", "Line1", "line.1", "-line", "_x", "a b", String(repeating: "a", count: 64), ""] {
                let answer = try await client.call(
                    .post, "/v1/printers", token: token, json: ["name": bad, "uri": "sim://x"])
                #expect(answer.status == .unprocessableContent, "\(bad)")
                #expect(errorCode(answer.body) == "invalid_field", "\(bad)")
            }
            for good in ["0", "line_1-a", String(repeating: "a", count: 63)] {
                let answer = try await client.call(
                    .post, "/v1/printers", token: token, json: ["name": good, "uri": "sim://\(good)"])
                #expect(answer.status == .created, "\(good): \(answer.body)")
            }
        }
    }

    @Test("sim:// URIs with a user name or password answer 422 without repeating the secret")
    func userinfo() async throws {
        try await withApp { client, token in
            for uri in ["sim://alice:Pw-4411@line1", "sim://bob@line1"] {
                let answer = try await client.call(
                    .post, "/v1/printers", token: token, json: ["name": "p1", "uri": uri])
                #expect(answer.status == .unprocessableContent, "\(uri)")
                #expect(errorCode(answer.body) == "invalid_uri", "\(uri)")
                let message = (answer.body["error"] as? [String: Any])?["message"] as? String ?? ""
                #expect(message.contains("user name or password"), "\(message)")
                #expect(!message.contains("Pw-4411"))
            }
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "p1", "uri": "sim://p1"])
            let patch = try await client.call(
                .patch, "/v1/printers/p1", token: token, json: ["uri": "sim://u:Pw-4411@p1"])
            #expect(patch.status == .unprocessableContent)
        }
    }
}
