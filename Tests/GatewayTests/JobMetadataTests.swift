import Foundation
import Testing

/// A job's `metadata`: the caller's own facts, kept with the job, shown with it, copied to its reprints.
@Suite("Job metadata")
struct JobMetadataTests {
    @Test("metadata given at submit comes back with the job, in the list, and with a reprint; none is {}")
    func keptAndCopied() async throws {
        try await withApp { client, token in
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1"])
            let metadata: [String: Any] = [
                "odoo_model": "mrp.production", "odoo_id": 4242, "work_order": ["id": "WO/0042", "split": 3],
                "urgent": true,
            ]
            let submitted = try await client.call(
                .post, "/v1/jobs", token: token,
                json: ["printer": "line1", "zpl": ["^XA^FDa^FS^XZ", "^XA^FDb^FS^XZ"], "metadata": metadata])
            #expect(submitted.status == .accepted, "\(submitted.body)")
            let id = try #require(submitted.body["id"] as? String)
            #expect(
                NSDictionary(dictionary: submitted.body["metadata"] as? [String: Any] ?? [:]) == metadata
                    as NSDictionary)
            let shown = try await client.call(.get, "/v1/jobs/\(id)", token: token)
            #expect(
                NSDictionary(dictionary: shown.body["metadata"] as? [String: Any] ?? [:]) == metadata as NSDictionary)
            let listed = try await client.call(.get, "/v1/jobs", token: token)
            let item = (listed.body["items"] as? [[String: Any]])?.first { $0["id"] as? String == id }
            #expect(NSDictionary(dictionary: item?["metadata"] as? [String: Any] ?? [:]) == metadata as NSDictionary)

            let reprint = try await client.call(.post, "/v1/jobs/\(id)/reprint", token: token, json: ["labels": [2]])
            #expect(reprint.status == .accepted, "\(reprint.body)")
            #expect(
                NSDictionary(dictionary: reprint.body["metadata"] as? [String: Any] ?? [:]) == metadata as NSDictionary)

            let plain = try await client.call(
                .post, "/v1/jobs", token: token, json: ["printer": "line1", "zpl": ["^XA^FDc^FS^XZ"]])
            #expect((plain.body["metadata"] as? [String: Any])?.isEmpty == true, "\(plain.body)")
        }
    }

    @Test("metadata that is not an object, or over 4 KB as JSON, answers 422 naming it, and nothing is queued")
    func refused() async throws {
        try await withApp { client, token in
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1"])
            let exactly: [String: Any] = ["k": String(repeating: "x", count: 4096 - #"{"k":""}"#.utf8.count)]
            let bad: [(Any, String)] = [
                (["a", "b"], "must be a JSON object"), ("WO/0042", "must be a JSON object"),
                (42, "must be a JSON object"),
                (["k": String(repeating: "x", count: 4096)], "at most 4096"),
            ]
            for (metadata, message) in bad {
                let answer = try await client.call(
                    .post, "/v1/jobs", token: token,
                    json: ["printer": "line1", "zpl": ["^XA^FDa^FS^XZ"], "metadata": metadata])
                #expect(answer.status == .unprocessableContent, "\(metadata)")
                let error = answer.body["error"] as? [String: Any]
                #expect((error?["details"] as? [String: Any])?["field"] as? String == "metadata")
                #expect((error?["message"] as? String)?.contains(message) == true, "\(error ?? [:])")
            }
            let jobs = try await client.call(.get, "/v1/jobs", token: token)
            #expect((jobs.body["items"] as? [Any])?.isEmpty == true)
            let fits = try await client.call(
                .post, "/v1/jobs", token: token,
                json: ["printer": "line1", "zpl": ["^XA^FDa^FS^XZ"], "metadata": exactly])
            #expect(fits.status == .accepted, "4096 bytes exactly: \(fits.body["error"] ?? "")")
        }
    }
}
