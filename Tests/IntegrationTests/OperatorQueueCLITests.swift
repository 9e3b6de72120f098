import Foundation
import GatewayTestSupport
import Testing

/// The operator's commands over the queue controls: hold, release, move, pause and resume. Each test runs once the
/// OpenAPI document the gateway serves lists the routes it needs (`apiLists`), so the commands are tested against
/// the server as soon as it has them.
@Suite("Processes: the operator CLI on the queue controls", .serialized)
struct OperatorQueueCLITests {
    @Test("the condition reads the document the gateway serves: it lists the routes that exist")
    func conditionReadsTheDocument() {
        #expect(apiLists("/v1/jobs/{id}/cancel"), "else the tests below would never run")
        #expect(!apiLists("/v1/jobs/{id}/no-such-route"))
    }

    @Test(
        "jobs hold stops sending, jobs release resumes it to the end; print --hold queues it held",
        .enabled(if: apiLists("/v1/jobs/{id}/hold") && apiLists("/v1/jobs/{id}/release"), "no hold route yet"))
    func holdAndRelease() async throws {
        try await withOperatorGateway { cli, server in
            let id = try await server.submit(printer: "slow", zpl: numberedLabels(30))
            _ = try await server.waitForJob(id, timeout: .seconds(30)) { $0.printedCount >= 1 }

            let hold = try await cli.run(["jobs", "hold", id])
            #expect(hold.status == 0, "\(hold)")
            #expect(hold.stdout.contains("job \(id) held"), "\(hold)")
            let held = try await server.waitForJob(id, timeout: .seconds(30)) { $0.waitingReason == "held" }
            #expect(held.status == "queued" && held.waitingReason == "held", "\(held)")
            // The labels already sent finish; then nothing more prints.
            var settled = try await server.job(id).printedCount
            for _ in 0..<20 {
                try await Task.sleep(for: .seconds(1))
                let now = try await server.job(id).printedCount
                if now == settled { break }
                settled = now
            }
            try await Task.sleep(for: .seconds(2))
            #expect(try await server.job(id).printedCount == settled, "nothing is sent while held")
            let show = try await cli.run(["jobs", "show", id])
            #expect(show.stdout.contains("queued (held)"), "\(show)")

            let release = try await cli.run(["jobs", "release", id])
            #expect(release.status == 0, "\(release)")
            #expect(release.stdout.contains("job \(id) released"), "\(release)")
            let watch = try await cli.run(["jobs", "watch", id])
            #expect(watch.status == 0, "\(watch)")
            #expect(watch.stdout.contains("job \(id) completed on slow: 30 of 30 labels printed"), "\(watch)")

            let ended = try await cli.run(["jobs", "hold", id])
            #expect(ended.status == 1, "a completed job cannot be held: \(ended)")
            #expect(ended.stderr.hasPrefix("error: "), "\(ended)")

            let file = try zplFile(labels: 2)
            defer { try? FileManager.default.removeItem(at: file) }
            let queued = try await cli.run(["print", "--printer", "fast", "--hold", file.path])
            #expect(queued.status == 0, "\(queued)")
            let heldID = try #require(OperatorCLITests.jobID(in: queued.stdout), "\(queued)")
            try await Task.sleep(for: .seconds(1))
            let waiting = try await server.job(heldID)
            #expect(waiting.printedCount == 0 && waiting.waitingReason == "held", "\(waiting)")
            #expect(try await cli.run(["jobs", "release", heldID]).status == 0)
            #expect(try await cli.run(["jobs", "watch", heldID]).status == 0)
        }
    }

    @Test(
        "jobs move sends the unconfirmed rest to another printer; a move to an unknown printer is refused",
        .enabled(if: apiLists("/v1/jobs/{id}/move"), "no move route yet"))
    func move() async throws {
        try await withOperatorGateway { cli, server in
            let id = try await server.submit(printer: "slow", zpl: numberedLabels(20))
            _ = try await server.waitForJob(id, timeout: .seconds(30)) { $0.printedCount >= 2 }

            let nowhere = try await cli.run(["jobs", "move", id, "nowhere"])
            #expect(nowhere.status == 1, "\(nowhere)")
            #expect(nowhere.stderr.hasPrefix("error: ") && nowhere.stderr.contains("nowhere"), "\(nowhere)")

            let move = try await cli.run(["jobs", "move", id, "fast"])
            #expect(move.status == 0, "\(move)")
            // A printing job moves once its printer has confirmed what it holds; the answer says which.
            #expect(
                move.stdout.contains("job \(id) moving to fast") || move.stdout.contains("job \(id) moved to fast"),
                "\(move)")
            let watch = try await cli.run(["jobs", "watch", id])
            #expect(watch.status == 0, "\(watch)")
            #expect(watch.stdout.contains("job \(id) completed on fast: 20 of 20 labels printed"), "\(watch)")
        }
    }

    @Test(
        "printers pause: its jobs wait as paused; printers resume: they print",
        .enabled(
            if: apiLists("/v1/printers/{name}/pause") && apiLists("/v1/printers/{name}/resume"), "no pause route yet"))
    func pauseAndResume() async throws {
        try await withOperatorGateway { cli, server in
            let pause = try await cli.run(["printers", "pause", "fast"])
            #expect(pause.status == 0, "\(pause)")
            #expect(pause.stdout.contains("printer fast paused"), "\(pause)")

            let id = try await server.submit(printer: "fast", zpl: numberedLabels(4))
            let waiting = try await server.waitForJob(id, timeout: .seconds(30)) { $0.waitingReason == "paused" }
            #expect(waiting.waitingReason == "paused" && waiting.printedCount == 0, "\(waiting)")
            let show = try await cli.run(["jobs", "show", id])
            #expect(show.stdout.contains("queued (paused)"), "\(show)")

            let resume = try await cli.run(["printers", "resume", "fast"])
            #expect(resume.status == 0, "\(resume)")
            #expect(resume.stdout.contains("printer fast resumed"), "\(resume)")
            let watch = try await cli.run(["jobs", "watch", id])
            #expect(watch.status == 0, "\(watch)")

            let unknown = try await cli.run(["printers", "pause", "nowhere"])
            #expect(unknown.status == 1 && unknown.stderr.contains("nowhere"), "\(unknown)")
        }
    }
}
