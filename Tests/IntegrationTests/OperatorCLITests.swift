import Foundation
import GatewayTestSupport
import ProcessSupport
import Testing

/// The operator's commands (`gateway print`, `gateway jobs …`, `gateway printers list|pause|resume`) run as built,
/// as child processes, against a real gateway on PostgreSQL with simulated printers.
@Suite("Processes: the operator CLI", .serialized)
struct OperatorCLITests {
    /// The first job id in `text`.
    static func jobID(in text: String) -> String? {
        text.firstMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/).map { String($0.0) }
    }

    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    @Test("print FILE --wait: every format in the file is a label, plain lines on a pipe, exit 0 when all printed")
    func printFileAndWait() async throws {
        try await withOperatorGateway { cli, server in
            let file = try zplFile(labels: 12)
            defer { try? FileManager.default.removeItem(at: file) }
            let result = try await cli.run(["print", "--printer", "fast", "--wait", file.path])
            #expect(result.status == 0, "\(result)")
            let id = try #require(Self.jobID(in: result.stdout), "\(result)")
            #expect(result.stdout.contains("job \(id) completed on fast: 12 of 12 labels printed"), "\(result)")
            for mark in ["\r", "\u{1B}", "█"] {
                #expect(!result.stdout.contains(mark), "no bar or colour when stdout is a pipe: \(result)")
            }
            #expect(result.stdout.contains("/12 labels printed\n"), "a plain line per state: \(result)")
            let job = try await server.job(id)
            #expect(job.status == "completed" && job.printedCount == 12, "\(job)")
        }
    }

    @Test("print --template --data --wait --json: the template's labels from a JSON file; the ended job's JSON")
    func printTemplate() async throws {
        try await withOperatorGateway { cli, server in
            let allocated = try await server.call("POST", "/v1/lots", json: ["count": 3])
            let lots = try #require(allocated.body["lots"] as? [String], "\(allocated)")
            let data = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString).json")
            defer { try? FileManager.default.removeItem(at: data) }
            try JSONSerialization.data(withJSONObject: lots.map { ["lot": $0] }).write(to: data)

            let result = try await cli.run([
                "print", "--printer", "fast", "--template", "lot-label", "--data", data.path, "--wait", "--json",
            ])
            #expect(result.status == 0, "\(result)")
            let job = Self.json(result.stdout)
            #expect(job["status"] as? String == "completed", "only the job's JSON on stdout: \(result)")
            #expect(job["template"] as? String == "lot-label")
            #expect(job["label_count"] as? Int == 3)
            #expect(job["printed_count"] as? Int == 3)

            let unknown = try await cli.run([
                "print", "--printer", "fast", "--template", "no-such", "--data", data.path,
            ])
            #expect(unknown.status == 1, "\(unknown)")
            #expect(unknown.stderr.contains("error: "), "\(unknown)")
            #expect(unknown.stderr.contains("no-such"), "the API's message names the template: \(unknown)")
        }
    }

    @Test("jobs list fits 80 columns and filters; jobs show; --json prints the API's JSON")
    func listAndShow() async throws {
        try await withOperatorGateway { cli, server in
            let long = "packing-line-with-a-name-far-too-long-for-any-table"
            try await server.addPrinter(long, uri: "sim://long?speed_ips=12&label_dots=150")
            let first = try await server.submit(printer: long, zpl: numberedLabels(3))
            let second = try await server.submit(printer: "fast", zpl: numberedLabels(5))
            for id in [first, second] { _ = try await server.waitForJob(id) { $0.status == "completed" } }

            let list = try await cli.run(["jobs", "list"])
            #expect(list.status == 0, "\(list)")
            #expect(list.lines.first?.hasPrefix("ID") == true, "\(list)")
            #expect(list.lines.count == 3, "a title and two jobs: \(list)")
            for line in list.lines { #expect(line.count <= 80, "'\(line)' is \(line.count) columns") }
            #expect(list.stdout.contains(first) && list.stdout.contains(second), "ids are never cut: \(list)")
            #expect(list.stdout.contains("…") && !list.stdout.contains(long), "the long name is cut: \(list)")
            #expect(list.stdout.contains("5/5"), "\(list)")

            let fastOnly = try await cli.run(["jobs", "list", "--printer", "fast", "--status", "completed"])
            #expect(fastOnly.status == 0, "\(fastOnly)")
            #expect(fastOnly.stdout.contains(second) && !fastOnly.stdout.contains(first), "\(fastOnly)")
            let none = try await cli.run(["jobs", "list", "--status", "failed"])
            #expect(none.stdout == "no jobs\n", "\(none)")

            let json = try await cli.run(["jobs", "list", "--json"])
            let items = Self.json(json.stdout)["items"] as? [[String: Any]]
            #expect(items?.compactMap { $0["id"] as? String } == [second, first], "newest first: \(json)")

            let show = try await cli.run(["jobs", "show", second])
            #expect(show.status == 0, "\(show)")
            #expect(show.lines.contains { $0.hasPrefix("printer:") && $0.hasSuffix(" fast") }, "\(show)")
            #expect(show.lines.contains { $0.hasPrefix("status:") && $0.hasSuffix(" completed") }, "\(show)")
            #expect(show.lines.contains { $0.hasPrefix("labels:") && $0.contains("5 of 5 printed") }, "\(show)")
            let shown = Self.json(try await cli.run(["jobs", "show", second, "--json"]).stdout)
            #expect(shown["id"] as? String == second)
            #expect(shown["printed_count"] as? Int == 5)
        }
    }

    @Test("errors print the API's message on stderr and exit 1: unknown job, unknown printer, bad token, no gateway")
    func errors() async throws {
        try await withOperatorGateway { cli, _ in
            let missing = "00000000-0000-0000-0000-000000000000"
            let unknown = try await cli.run(["jobs", "show", missing])
            #expect(unknown.status == 1, "\(unknown)")
            #expect(unknown.stderr == "error: no job with id '\(missing)'\n", "\(unknown)")
            #expect(unknown.stdout.isEmpty)

            let notAnID = try await cli.run(["jobs", "cancel", "42"])
            #expect(notAnID.status == 1, "\(notAnID)")
            #expect(notAnID.stderr.hasPrefix("error: ") && notAnID.stderr.contains("42"), "\(notAnID)")

            let file = try zplFile(labels: 1)
            defer { try? FileManager.default.removeItem(at: file) }
            let printer = try await cli.run(["print", "--printer", "nowhere", file.path])
            #expect(printer.status == 1, "\(printer)")
            #expect(printer.stderr.contains("error: no printer named 'nowhere'"), "\(printer)")

            let badToken = try await cli.run(["jobs", "list"], environment: ["GATEWAY_TOKEN": "not-a-token"])
            #expect(badToken.status == 1, "\(badToken)")
            #expect(badToken.stderr.contains("error: the token is not a JWT"), "\(badToken)")

            let noSecret = try await cli.run(["jobs", "list"], environment: ["GATEWAY_JWT_SECRET": ""])
            #expect(noSecret.status == 1)
            #expect(noSecret.stderr.contains("set GATEWAY_TOKEN"), "\(noSecret)")

            let short = try await cli.run(["jobs", "list"], environment: ["GATEWAY_JWT_SECRET": "short"])
            #expect(short.status == 1, "\(short)")
            #expect(short.stderr.contains("GATEWAY_JWT_SECRET must be at least 32 characters"), "\(short)")

            let nobody = try await cli.run(
                ["jobs", "list"], environment: ["GATEWAY_URL": "http://127.0.0.1:\(try freeLoopbackPort())"])
            #expect(nobody.status == 1, "\(nobody)")
            #expect(nobody.stderr.contains("error: cannot reach the gateway at http://127.0.0.1:"), "\(nobody)")
        }
    }

    @Test("GATEWAY_TOKEN is used as given: a token from `gateway token`")
    func givenToken() async throws {
        try await withOperatorGateway { cli, server in
            let list = try await cli.run(
                ["printers", "list"], environment: ["GATEWAY_TOKEN": server.token, "GATEWAY_JWT_SECRET": ""])
            #expect(list.status == 0, "\(list)")
            #expect(list.stdout.contains("fast"), "\(list)")
        }
    }

    @Test("print --wait and jobs watch follow a job live; cancelled, both exit 2; jobs cancel says what printed")
    func watchAndCancel() async throws {
        try await withOperatorGateway { cli, server in
            let file = try zplFile(labels: 60)
            defer { try? FileManager.default.removeItem(at: file) }
            let printing = try cli.start(["print", "--printer", "slow", "--wait", file.path])
            let submitted = try await eventually(timeout: .seconds(30)) {
                Self.jobID(in: printing.stdout.text)
            } until: {
                $0 != nil
            }
            let id = try #require(submitted, "print wrote: \(printing.stdout.text) \(printing.stderr.text)")
            let watching = try cli.start(["jobs", "watch", id])
            let started = try await server.waitForJob(id, timeout: .seconds(30)) { $0.printedCount >= 2 }
            #expect(started.printedCount >= 2, "\(started)")

            let cancel = try await cli.run(["jobs", "cancel", id])
            #expect(cancel.status == 0, "\(cancel)")
            #expect(cancel.stdout.contains("job \(id) cancelled: "), "\(cancel)")

            for (name, command) in [("print --wait", printing), ("jobs watch", watching)] {
                let result = try await command.finish(timeout: .seconds(60))
                #expect(result.status == 2, "\(name): \(result)")
                #expect(result.stderr.contains("error: job \(id) cancelled on slow: "), "\(name): \(result)")
                #expect(result.stdout.contains("job \(id) printing"), "\(name) showed it printing: \(result)")
            }
            let job = try await server.job(id)
            #expect(job.status == "cancelled" && job.printedCount < 60, "\(job)")

            let done = try await server.submit(printer: "fast", zpl: numberedLabels(1))
            _ = try await server.waitForJob(done) { $0.status == "completed" }
            let ended = try await cli.run(["jobs", "cancel", done])
            #expect(ended.status == 1, "a completed job cannot be cancelled: \(ended)")
            #expect(ended.stderr.contains("has already ended (completed)"), "the API's message: \(ended)")
        }
    }

    @Test("jobs reprint --labels --wait prints them again as a new job; jobs watch of an ended job exits at once")
    func reprint() async throws {
        try await withOperatorGateway { cli, server in
            let original = try await server.submit(printer: "fast", zpl: numberedLabels(6))
            _ = try await server.waitForJob(original) { $0.status == "completed" }

            let watch = try await cli.run(["jobs", "watch", original])
            #expect(watch.status == 0, "\(watch)")
            #expect(watch.stdout.contains("job \(original) completed on fast: 6 of 6 labels printed"), "\(watch)")

            let reprint = try await cli.run(["jobs", "reprint", original, "--labels", "2,4-5", "--wait"])
            #expect(reprint.status == 0, "\(reprint)")
            let ids = reprint.stdout.matches(of: /job ([0-9a-f-]{36}) reprints 3 labels of job ([0-9a-f-]{36})/)
            let id = try #require(ids.first.map { String($0.1) }, "\(reprint)")
            #expect(ids.first.map { String($0.2) } == original)
            #expect(reprint.stdout.contains("job \(id) completed on fast: 3 of 3 labels printed"), "\(reprint)")
            let job = try await server.call("GET", "/v1/jobs/\(id)")
            #expect(job.body["reprint_of_job_id"] as? String == original, "\(job.body)")

            let bad = try await cli.run(["jobs", "reprint", original, "--labels", "2,x"])
            #expect(bad.status != 0 && bad.stderr.contains("--labels"), "\(bad)")
        }
    }

    @Test("printers list: a table of the live status within 80 columns; --json")
    func printersList() async throws {
        try await withOperatorGateway { cli, server in
            _ = try await server.waitForPrinter("fast") { $0.state == "ready" }
            let disabled = try await server.call("PATCH", "/v1/printers/slow", json: ["enabled": false])
            #expect(disabled.status == 200, "\(disabled.body)")

            let list = try await cli.run(["printers", "list"])
            #expect(list.status == 0, "\(list)")
            #expect(list.lines.first?.hasPrefix("NAME") == true, "\(list)")
            #expect(list.lines.contains { $0.hasPrefix("fast ") && $0.contains(" ready ") }, "\(list)")
            #expect(list.lines.contains { $0.hasPrefix("slow ") && $0.contains(" disabled ") }, "\(list)")
            for line in list.lines { #expect(line.count <= 80, "'\(line)' is \(line.count) columns") }

            let json = Self.json(try await cli.run(["printers", "list", "--json"]).stdout)
            let names = (json["items"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(Set(names ?? []) == ["fast", "slow"], "\(json)")

            let imported = try await cli.run(["printers", "import", "--help"])
            #expect(imported.status == 0 && imported.stdout.contains("env file"), "import is still there: \(imported)")
        }
    }

    @Test("on a terminal (script): print --wait draws a bar redrawn in place")
    func progressBarOnTerminal() async throws {
        try await withOperatorGateway { cli, server in
            let file = try zplFile(labels: 8)
            defer { try? FileManager.default.removeItem(at: file) }
            let result = try await cli.runOnTerminal(["print", "--printer", "slow", "--wait", file.path])
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.contains("\r\u{1B}[2K"), "the line is redrawn in place: \(result)")
            #expect(result.stdout.contains("slow [█"), "a bar: \(result)")
            #expect(result.stdout.contains("░"), "a bar that was not yet full: \(result)")
            #expect(result.stdout.contains("8/8 100%"), "\(result)")
            let id = try #require(Self.jobID(in: result.stdout), "\(result)")
            #expect(result.stdout.contains("job \(id) completed on slow: 8 of 8 labels printed"), "\(result)")
            #expect(try await server.job(id).printedCount == 8)
        }
    }
}
