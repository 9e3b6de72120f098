import Core
import Foundation
import ProcessSupport
import Testing
@testable import TransportCUPS
import TransportSimulated

/// The CUPS transport against a real, private cupsd and a raw queue that prints to a simulated Z230 over TCP.
@Suite("CUPS transport against a private cupsd")
struct CUPSTransportTests {
    @Test("200 labels: one raw CUPS job each, confirmed as delivered, printed in order")
    func twoHundredLabelsInOrder() async throws {
        try await QueueFixture.with { fixture in
            let transport = fixture.transport()
            #expect(transport.confirmation == .delivered)
            let started = ContinuousClock.now
            try await transport.open()
            let progress = try await pump(transport, 1...200)
            await transport.close()
            let elapsed = ContinuousClock.now - started
            #expect(progress.confirmed == 200)
            #expect(progress.status.state == .ready)
            let printed = try await fixture.waitForPrinted(200)
            #expect(printed == Array(1...200), "every label once, in order")
            print("CUPS: 200 labels delivered in \(elapsed)")
        }
    }

    @Test("the TCP port works as the socket does")
    func overTCP() async throws {
        try await QueueFixture.with { fixture in
            let transport = fixture.transport(server: fixture.cups.tcpServer)
            try await transport.open()
            #expect(try await pump(transport, 1...5).confirmed == 5)
            await transport.close()
            #expect(try await fixture.waitForPrinted(5) == [1, 2, 3, 4, 5])
        }
    }

    @Test("a queue stopped with cupsdisable: open waits as paused; mid-job the job waits and cupsenable resumes it")
    func stoppedQueue() async throws {
        try await QueueFixture.with { fixture in
            try fixture.cups.disable(fixture.queue)
            let transport = fixture.transport()
            let error = await #expect(throws: TransportError.self) { try await transport.open() }
            #expect(error?.code == .condition)
            #expect(error?.status?.reasons.contains(.queueStopped) == true)
            #expect(error?.status?.waitingReason == .paused)
            #expect(error?.message.contains("cupsenable") == true)
            #expect(try await transport.status().waitingReason == .paused)

            try fixture.cups.enable(fixture.queue)
            try await transport.open()
            #expect(try await pump(transport, 1...5).confirmed == 5)
            try fixture.cups.disable(fixture.queue)
            // Jobs sent to a stopped queue are kept, not printed: progress reports the stop and confirms nothing.
            let stopped = try await pump(transport, 6...10, timeout: .seconds(5)) { $0.status.waitingReason == .paused }
            #expect(stopped.status.reasons.contains(.queueStopped))
            #expect(stopped.status.waitingReason == .paused)
            try await Task.sleep(for: .milliseconds(500))
            let held = try await transport.progress()
            #expect(held.confirmed == 5, "nothing more delivered while the queue is stopped")
            #expect(await fixture.printer.printedLabels.count <= 5)

            try fixture.cups.enable(fixture.queue)
            let resumed = try await waitConfirmed(transport, 10)
            #expect(resumed.confirmed == 10)
            #expect(resumed.status.waitingReason == nil)
            await transport.close()
            #expect(try await fixture.waitForPrinted(10) == Array(1...10))
        }
    }

    @Test("a queue rejecting jobs (cupsreject): the job waits as paused until cupsaccept")
    func rejectingQueue() async throws {
        try await QueueFixture.with { fixture in
            try fixture.cups.reject(fixture.queue)
            let transport = fixture.transport()
            let error = await #expect(throws: TransportError.self) { try await transport.open() }
            #expect(error?.code == .condition)
            #expect(error?.status?.reasons.contains(.notAcceptingJobs) == true)
            #expect(error?.status?.waitingReason == .paused)

            try fixture.cups.accept(fixture.queue)
            try await transport.open()
            try await transport.send(.numbered(1))
            try fixture.cups.reject(fixture.queue)
            let refused = await #expect(throws: TransportError.self) { try await transport.send(.numbered(2)) }
            #expect(refused?.code == .condition)
            #expect(refused?.status?.waitingReason == .paused)
            #expect(refused?.message.contains("cupsaccept") == true)
            try fixture.cups.accept(fixture.queue)
            await transport.close()
        }
    }

    @Test("a queue that does not exist: unreachable with a message naming it, and an offline status")
    func missingQueue() async throws {
        let cups = try CUPSTestServer.shared()
        let transport = cups.transport(queue: "no_such_queue_\(CUPSTestServer.shortID())")
        let error = await #expect(throws: TransportError.self) { try await transport.open() }
        #expect(error?.code == .unreachable)
        #expect(error?.isWaitCondition == true)
        #expect(error?.message.contains("has no queue") == true)
        let status = try await transport.status()
        #expect(status.state == .offline)
        #expect(status.waitingReason == .printerOffline)
    }

    @Test("a CUPS server that does not answer (closed port, missing socket): unreachable, offline status")
    func serverNotAnswering() async throws {
        let port = try freeLoopbackPort()
        for server in [CUPSServer(host: "127.0.0.1", port: port), CUPSServer(host: "/nonexistent/cups.sock", port: 0)] {
            let transport = CUPSTransport(
                server: server, queue: "zebra", configuration: .test, logger: CUPSTestServer.logger)
            let error = await #expect(throws: TransportError.self) { try await transport.open() }
            #expect(error?.code == .unreachable)
            #expect(error?.message.contains("cannot connect to CUPS at \(server)") == true)
            #expect(try await transport.status().state == .offline)
        }
    }

    @Test("cancelled CUPS jobs fail the attempt; the transport cancels what it has not confirmed")
    func cancelledJobs() async throws {
        try await QueueFixture.with { fixture in
            let transport = fixture.transport()
            try await transport.open()
            try fixture.cups.disable(fixture.queue)
            for number in 1...3 { try await transport.send(.numbered(number)) }
            #expect(await transport.pendingJobIDs.count == 3)
            try await transport.cancelUnconfirmed()
            let error = await #expect(throws: TransportError.self) { try await transport.progress() }
            #expect(error?.code == .failed)
            #expect(error?.message.contains("canceled") == true)
            try fixture.cups.enable(fixture.queue)
            await transport.close()
            try await Task.sleep(for: .milliseconds(300))
            #expect(await fixture.printer.printedLabels.isEmpty)
        }
    }

    @Test("a reconnection cancels the jobs of the earlier connection not yet printed; labels print in order again")
    func openClearsEarlierJobs() async throws {
        try await QueueFixture.with { fixture in
            let first = fixture.transport()
            try await first.open()
            try fixture.cups.disable(fixture.queue)
            for number in 1...4 { try await first.send(.numbered(number)) }
            let earlier = await first.pendingJobIDs
            await first.close()
            let second = fixture.transport()
            // Stopped with jobs of ours in it: open waits as paused, and leaves them.
            let error = await #expect(throws: TransportError.self) { try await second.open() }
            #expect(error?.status?.waitingReason == .paused)
            #expect(try await second.activeJobs().map(\.id) == earlier)

            try fixture.cups.enable(fixture.queue)
            try await second.open()
            #expect(try await second.activeJobs().isEmpty, "open returns once no earlier job is left")
            var states: [CUPSJobState] = []
            for id in earlier { states.append(try await second.call { try $0.job(id).state }) }
            #expect(states.allSatisfy { $0 == .completed || $0 == .canceled }, "\(states)")
            // The engine sends again from the last confirmed label: here the first.
            #expect(try await pump(second, 1...6).confirmed == 6)
            await second.close()
            let printed = try await fixture.waitForPrinted(6)
            #expect(printed.suffix(6) == Array(1...6), "after open, the labels print in order: \(printed)")
            // A completed earlier job printed; a cancelled one may have too, when cupsd started it just as the
            // cancel came. Either way each earlier label prints at most once more.
            let repeats = printed.count - 6
            #expect(repeats >= states.filter { $0 == .completed }.count, "every completed earlier job printed")
            #expect(repeats <= earlier.count, "each earlier label printed at most once more: \(printed)")
        }
    }

    @Test("a job cupsd was receiving when it crashed comes back held for ever: open cancels it instead of waiting")
    func openCancelsJobLeftByCrash() async throws {
        // cupsd must have written the job before it crashed: the tuned configuration writes it at once, the stock
        // one within 30 s (a job a stock cupsd had not written yet is gone after the crash, and its label is sent
        // again like any unconfirmed one).
        let cups = try CUPSTestServer.startPrivate(.tuned)
        defer { try? cups.stop() }
        try await QueueFixture.with(cups: cups) { fixture in
            let first = fixture.transport()
            try await first.open()
            let incomplete = try await first.call { try $0.createJob(queue: fixture.queue, title: "label 3 of job j1") }
            try cups.kill()
            await first.close()
            try cups.start()

            let second = fixture.transport()
            var left = try? await second.activeJobs()
            for _ in 0..<50 where left == nil {  // a cupsd that has just started may answer service-unavailable
                try await Task.sleep(for: .milliseconds(100))
                left = try? await second.activeJobs()
            }
            let jobs = try #require(left)
            #expect(jobs.map(\.id) == [incomplete])
            #expect(jobs.first?.state == .held, "cupsd keeps the job with no document, held: \(jobs)")
            let started = ContinuousClock.now
            try await second.open()
            #expect(ContinuousClock.now - started < .seconds(10), "open did not wait for the drain timeout")
            #expect(try await second.call { try $0.job(incomplete).state } == .canceled)
            #expect(try await pump(second, 3...5).confirmed == 3)
            await second.close()
            #expect(try await fixture.waitForPrinted(3) == [3, 4, 5])
        }
    }

    @Test("held jobs another program left on the queue are neither cancelled nor waited for")
    func foreignHeldJobsStay() async throws {
        try await QueueFixture.with { fixture in
            let transport = fixture.transport()
            try await transport.open()
            let foreign = try await transport.call { try $0.createJob(queue: fixture.queue, title: "invoice 17") }
            let ours = try await transport.call { try $0.createJob(queue: fixture.queue, title: "label 9") }
            await transport.close()
            let started = ContinuousClock.now
            try await transport.open()
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(try await transport.call { try $0.job(ours).state } == .canceled)
            #expect(try await transport.call { try $0.job(foreign).state } == .held)
            #expect(try await pump(transport, 1...2).confirmed == 2)
            try await transport.call { try $0.cancel(job: foreign, queue: fixture.queue) }
            await transport.close()
        }
    }

    @Test("job names the transport recognises as its own")
    func jobNames() {
        #expect(CUPSJobName.labelNumber(inJobName: "label 12 of job 5e0c1c52-7b1e-4d7e-9a43-0f2f1c0b9d11") == 12)
        #expect(CUPSJobName.labelNumber(inJobName: "label 1") == 1)
        #expect(CUPSJobName.labelNumber(inJobName: "label 1x") == nil)
        #expect(CUPSJobName.labelNumber(inJobName: "label ") == nil)
        #expect(CUPSJobName.labelNumber(inJobName: "labels 1") == nil)
        #expect(CUPSJobName.labelNumber(inJobName: "invoice 17") == nil)
        #expect(CUPSJobName.labelNumber(inJobName: "label 99999999999999999999") == nil)
    }

    @Test("cupsd stopped mid-job: clear unreachable errors; after it starts again every label prints")
    func stoppedServer() async throws {
        let cups = try CUPSTestServer.startPrivate()
        defer { try? cups.stop() }
        try await QueueFixture.with(cups: cups) { fixture in
            let transport = fixture.transport()
            try await transport.open()
            #expect(try await pump(transport, 1...3).confirmed == 3)
            try fixture.cups.disable(fixture.queue)
            for number in 4...6 { try await transport.send(.numbered(number)) }
            try cups.stop()

            let lost = await #expect(throws: TransportError.self) { try await transport.progress() }
            #expect(lost?.code == .unreachable)
            #expect(lost?.isWaitCondition == true)
            #expect(lost?.message.contains("CUPS at \(cups.socket)") == true)
            await transport.close()
            let reopened = fixture.transport()
            let down = await #expect(throws: TransportError.self) { try await reopened.open() }
            #expect(down?.code == .unreachable)

            try cups.start()
            try fixture.cups.enable(fixture.queue)
            try await reopened.open()
            // The engine resends from the last confirmed label (4): a label may print twice, none is lost.
            #expect(try await pump(reopened, 4...8).confirmed == 5)
            await reopened.close()
            let printed = try await fixture.waitForPrinted(8)
            #expect(Set(printed) == Set(1...8), "no label lost")
            #expect(printed.count - Set(printed).count <= 3, "at most the unconfirmed labels print twice")
        }
    }
}

extension CUPSTransport {
    /// This user's unfinished jobs on the transport's queue.
    func activeJobs() async throws -> [CUPSActiveJob] { try await call { try $0.activeJobs(queue: self.queue) } }
}
