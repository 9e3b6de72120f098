import Foundation
import HummingbirdTesting
import Testing

/// Input that reached the database or the process and answered 500 or crashed; each must answer 4xx.
@Suite("Bad input is refused before the database")
struct BadInputTests {
    @Test("a NUL character in any string of a body answers 422 naming the field, and nothing is stored")
    func nulInBodies() async throws {
        try await withApp { client, token in
            let cases: [(String, [String: Any], String)] = [
                ("/v1/printers", ["name": "p1", "uri": "sim://p1", "description": "a\u{0}b"], "description"),
                ("/v1/printers", ["name": "p1", "uri": "sim://p1", "model": "\u{0}"], "model"),
                ("/v1/jobs", ["printer": "li\u{0}ne1", "zpl": zplLabels(1)], "printer"),
                (
                    "/v1/jobs", ["printer": "line1", "zpl": zplLabels(1), "idempotency_key": "k\u{0}"],
                    "idempotency_key"
                ),
                (
                    "/v1/jobs",
                    ["printer": "line1", "template": "lot-label", "labels": [["lot": "L1"], ["lot": "L\u{0}2"]]],
                    "labels[1].lot"
                ),
            ]
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1"])
            for (path, body, field) in cases {
                let answer = try await client.call(.post, path, token: token, json: body)
                #expect(answer.status == .unprocessableContent, "\(path) \(field)")
                #expect(errorCode(answer.body) == "invalid_text", "\(path) \(field)")
                let details = (answer.body["error"] as? [String: Any])?["details"] as? [String: Any]
                #expect(details?["field"] as? String == field)
            }
            let patch = try await client.call(.patch, "/v1/printers/line1", token: token, json: ["site": "\u{0}"])
            #expect(patch.status == .unprocessableContent)
            #expect(try await client.call(.get, "/v1/printers/p1", token: token).status == .notFound)
            let jobs = try await client.call(.get, "/v1/jobs", token: token)
            #expect((jobs.body["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("an escaped backslash before u0000 is ordinary text")
    func escapedBackslash() async throws {
        try await withApp { client, token in
            let answer = try await client.call(
                .post, "/v1/printers", token: token,
                raw: #"{"name": "p1", "uri": "sim://p1", "description": "a\\u0000b"}"#)
            #expect(answer.status == .created)
            #expect(answer.body["description"] as? String == #"a\u0000b"#)
        }
    }

    @Test("a NUL character in the job list's printer filter answers 400")
    func nulInQuery() async throws {
        try await withApp { client, token in
            let answer = try await client.call(.get, "/v1/jobs?printer=a%00b", token: token)
            #expect(answer.status == .badRequest)
            #expect(errorCode(answer.body) == "malformed_request")
        }
    }

    @Test("a forged cursor with a time out of range answers 400 and the gateway keeps answering")
    func cursorOutOfRange() async throws {
        try await withApp { client, token in
            let id = "00000000-0000-4000-8000-000000000000"
            for micros in ["-9223372036854775808", "9223372036854775807", "-1"] {
                let cursor = Data("\(micros)|\(id)".utf8).base64EncodedString()
                let encoded = cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? cursor
                let answer = try await client.call(.get, "/v1/jobs?cursor=\(encoded)", token: token)
                #expect(answer.status == .badRequest, "\(micros)")
            }
            #expect(try await client.call(.get, "/v1/jobs", token: token).status == .ok)
        }
    }
}

/// A request must mean one thing to every parser on its way: JSON said to be JSON, each key once.
@Suite("Requests mean one thing")
struct UnambiguousRequestTests {
    @Test("a key given twice anywhere in a body answers 400 naming it, and nothing is queued")
    func duplicateKeys() async throws {
        try await withApp { client, token in
            try await client.call(.post, "/v1/printers", token: token, json: ["name": "line1", "uri": "sim://line1"])
            let bodies = [
                (#"{"printer": "line1", "printer": "line2", "zpl": ["^XA^XZ"]}"#, "printer"),
                (
                    #"{"printer": "line1", "template": "lot-label", "labels": [{"lot": "L1"}, {"lot": "L2", "lot": "L3"}]}"#,
                    "labels[1].lot"
                ),
                (#"{"name": "p2", "uri": "sim://p2", "uri": "sim://p3"}"#, "uri"),
            ]
            for (body, field) in bodies {
                let path = body.contains("\"name\"") ? "/v1/printers" : "/v1/jobs"
                let answer = try await client.call(.post, path, token: token, raw: body)
                #expect(answer.status == .badRequest, "\(body)")
                let error = answer.body["error"] as? [String: Any]
                #expect((error?["details"] as? [String: Any])?["field"] as? String == field)
                #expect((error?["message"] as? String)?.contains("more than once") == true)
            }
            let jobs = try await client.call(.get, "/v1/jobs", token: token)
            #expect((jobs.body["items"] as? [Any])?.isEmpty == true)
            #expect(try await client.call(.get, "/v1/printers/p2", token: token).status == .notFound)
        }
    }

    @Test("a body that does not say it is JSON answers 415; application/json with a charset and +json types are JSON")
    func contentType() async throws {
        try await withApp { client, token in
            let printer = #"{"name": "line1", "uri": "sim://line1"}"#
            for type in [nil, "text/plain", "application/x-www-form-urlencoded", "application/jsonx"] as [String?] {
                let answer = try await client.call(.post, "/v1/printers", token: token, raw: printer, contentType: type)
                #expect(answer.status == .unsupportedMediaType, "\(type ?? "no Content-Type")")
                #expect(errorCode(answer.body) == "unsupported_media_type")
            }
            #expect(try await client.call(.get, "/v1/printers/line1", token: token).status == .notFound)
            let charset = try await client.call(
                .post, "/v1/printers", token: token, raw: printer, contentType: "Application/JSON; charset=utf-8")
            #expect(charset.status == .created)
            let job = #"{"printer": "line1", "zpl": ["^XA^FDx^FS^XZ"]}"#
            let plusJSON = try await client.call(
                .post, "/v1/jobs", token: token, raw: job, contentType: "application/vnd.gateway+json")
            #expect(plusJSON.status == .accepted)
        }
    }
}
