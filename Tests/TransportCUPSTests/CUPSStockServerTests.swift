import Core
import Foundation
import Logging
import ProcessSupport
import Testing
@testable import TransportCUPS

/// The CUPS transport against cupsd configured as a site has it (Debian's stock cupsd.conf and cups-files.conf),
/// each test on a private cupsd of its own so that a crash spoils no other test.
@Suite("CUPS transport against a stock Debian cupsd", .serialized)
struct CUPSStockServerTests {
    @Test("the Create-Job and Send-Document the transport sends, replayed with ipptool, print and leave cupsd running")
    func transportRequestsKeepCupsdRunning() async throws {
        let cups = try CUPSTestServer.startPrivate(.stock)
        defer { try? cups.stop() }
        try await QueueFixture.with(cups: cups) { fixture in
            let name = CUPSJobName(label: 1, jobID: UUID().uuidString.lowercased())
            let label = LabelDocument.numbered(1)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "ipptool-\(CUPSTestServer.shortID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let document = folder.appendingPathComponent("label.zpl")
            try Data(label.zpl).write(to: document)
            let requests = folder.appendingPathComponent("submit.test")
            try Self.ipptoolSubmission(name: name, document: document.path).write(
                to: requests, atomically: true, encoding: .utf8)

            let uri = "ipp://127.0.0.1:\(cups.port)/printers/\(fixture.queue)"
            let (status, output) = try ChildProcess.run(
                URL(fileURLWithPath: "/usr/bin/ipptool"), ["-t", uri, requests.path], timeout: 60)
            #expect(status == 0, "ipptool: \(output)")
            // cupsd 2.4.2-3+deb12u10 dies as it starts the job when the document name has a space in it: the
            // label printing is the proof that it started and survived.
            let printed = try await fixture.waitForPrinted(1, timeout: .seconds(20))
            #expect(printed == [1], "the label printed once")
            try await Task.sleep(for: .milliseconds(500))
            #expect(cups.isRunning(), "cupsd still runs after the transport's requests (see \(cups.directory)/log)")
        }
    }

    @Test("document names never hold a space or a tab, nor anything but letters, digits, '.', '_' and '-'")
    func documentNames() {
        let names = [
            CUPSJobName(label: 1, jobID: "5e0c1c52-7b1e-4d7e-9a43-0f2f1c0b9d11"), CUPSJobName(label: 200, jobID: nil),
            CUPSJobName(label: 7, jobID: "a b\tc\n\u{00e9}^~"),
        ]
        for name in names {
            #expect(name.document.unicodeScalars.allSatisfy { Self.safe.contains($0) }, "\(name.document)")
            #expect(!name.document.isEmpty)
            #expect(CUPSJobName.labelNumber(inJobName: name.job) != nil, "the job name keeps its words: \(name.job)")
        }
        #expect(names[0].job == "label 1 of job 5e0c1c52-7b1e-4d7e-9a43-0f2f1c0b9d11")
        #expect(names[0].document == "label-1-of-job-5e0c1c52-7b1e-4d7e-9a43-0f2f1c0b9d11")
        #expect(names[1].document == "label-200")
    }

    @Test("cupsd killed under the transport: offline with cups_unavailable, naming the last request it answered")
    func cupsdKilled() async throws {
        let cups = try CUPSTestServer.startPrivate(.stock)
        defer { try? cups.stop() }
        try await QueueFixture.with(cups: cups) { fixture in
            let records = LogRecords()
            var logger = Logger(label: "cups-stock-tests") { _ in RecordingLogHandler(records: records) }
            logger.logLevel = .debug
            logger[metadataKey: "job.id"] = "j1"
            let transport = CUPSTransport(
                server: cups.socketServer, queue: fixture.queue, configuration: .test, logger: logger)
            try await transport.open()
            #expect(try await pump(transport, 1...2).confirmed == 2)
            try fixture.cups.disable(fixture.queue)
            try await transport.send(.numbered(3))
            try cups.kill()

            let lost = await #expect(throws: TransportError.self) { try await transport.progress() }
            #expect(lost?.code == .unreachable)
            #expect(lost?.isWaitCondition == true, "the job waits; no attempt is used")
            #expect(lost?.status?.state == .offline)
            #expect(lost?.status?.reasons.contains(.cupsUnavailable) == true, "\(String(describing: lost?.status))")
            #expect(lost?.status?.waitingReason == .cupsUnavailable)
            let detail = lost?.status?.detail ?? ""
            #expect(detail.contains("CUPS at \(cups.socket) stopped answering"), "\(detail)")
            #expect(
                detail.contains("the last request it answered: Create-Job and Send-Document of label 3 of job j1"),
                "\(detail)")

            let warning = records.all.first { $0.message == "CUPS stopped answering" }
            #expect(warning?.level == .warning, "\(records.all.map(\.message))")
            #expect(warning?.metadata["cups.last_answered"] == "Create-Job and Send-Document of label 3 of job j1")
            #expect(warning?.metadata["cups.request"]?.hasPrefix("Get-Job-Attributes") == true)

            // Later looks, on a new connection, still say that CUPS is the problem.
            let status = try await transport.status()
            #expect(status.reasons.contains(.cupsUnavailable), "\(status)")
            #expect(status.waitingReason == .cupsUnavailable)
            await transport.close()
        }
    }

    /// The printable characters of a safe document name.
    static let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-".unicodeScalars)

    /// An ipptool file with the two requests ``CUPSConnection/submitRaw(queue:name:document:)`` makes through
    /// libcups: Create-Job with the job name, then Send-Document with the document name, the raw format and
    /// `last-document`.
    static func ipptoolSubmission(name: CUPSJobName, document: String) -> String {
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        func request(_ operation: String, _ attributes: [String], expect: String = "") -> String {
            let lines =
                [
                    "NAME \"\(operation)\"", "OPERATION \(operation)", "GROUP operation-attributes-tag",
                    "ATTR charset attributes-charset utf-8", "ATTR naturalLanguage attributes-natural-language en",
                    "ATTR uri printer-uri $uri", "ATTR name requesting-user-name \(quoted(NSUserName()))",
                ] + attributes + ["STATUS successful-ok", expect]
            return "{\n" + lines.filter { !$0.isEmpty }.map { "  " + $0 }.joined(separator: "\n") + "\n}\n"
        }
        return request(
            "Create-Job", ["ATTR name job-name \(quoted(name.job))"],
            expect: "EXPECT job-id OF-TYPE integer WITH-VALUE >0")
            + request(
                "Send-Document",
                [
                    "ATTR integer job-id $job-id", "ATTR name document-name \(quoted(name.document))",
                    "ATTR mimeMediaType document-format application/vnd.cups-raw", "ATTR boolean last-document true",
                    "FILE \(quoted(document))",
                ])
    }
}
