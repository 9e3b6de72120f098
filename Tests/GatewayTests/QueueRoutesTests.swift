import Core
import CoreTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TransportSimulated

@testable import Gateway

/// Hold, release, move, pause and resume, and the refusal of two printers naming one device, through the routes
/// over the in-memory store.
@Suite("Queue operation routes: hold, release, move, pause, same device")
struct QueueRoutesTests {
    func withRoutes(
        _ body: @Sendable (any TestClientProtocol, InMemoryStore<VirtualClock>) async throws -> Void
    ) async throws {
        let clock = VirtualClock()
        let store = InMemoryStore(clock: clock)
        _ = try await store.create(Printer(name: "line1", uri: "sim://line1"))
        _ = try await store.create(Printer(name: "line2", uri: "sim://line2"))
        _ = try await store.create(Printer(name: "low", uri: "sim://low", model: "zebra-z230-203dpi"))
        _ = try await store.create(Printer(name: "off", uri: "sim://off", enabled: false))
        let templates = TemplateLibrary()
        let text = try String(contentsOfFile: "\(shippedTemplates)/product-gs1.zpl", encoding: .utf8)
        templates.apply(name: "product-gs1", .success(try TemplateParser.parse(name: "product-gs1", text: text)))
        let router = Router(context: GatewayRequestContext.self)
        router.addMiddleware {
            ErrorMiddleware()
            ScopeGrant(scope: .admin)
        }
        let v1 = router.group("v1")
        JobController(jobs: store, printers: store, templates: templates, maxBodyBytes: 1 << 20).addRoutes(to: v1)
        PrinterController(
            printers: store, transports: TransportRegistry([SimulatedTransportFactory(clock: clock)]),
            maxBodyBytes: 1 << 20
        ).addRoutes(to: v1)
        try await Application(router: router).test(.router) { client in try await body(client, store) }
    }

    func submit(_ client: any TestClientProtocol, _ extra: [String: Any] = [:]) async throws -> [String: Any] {
        var body: [String: Any] = ["printer": "line1", "zpl": ["^XA^FDok^FS^XZ", "^XA^FDtwo^FS^XZ"]]
        body.merge(extra) { _, new in new }
        let answer = try await client.call(.post, "/v1/jobs", token: nil, json: body)
        #expect(answer.status == .accepted, "\(answer.body)")
        return answer.body
    }

    @Test("hold, release and move answer the job; the event log shows each")
    func operations() async throws {
        try await withRoutes { client, store in
            let job = try await submit(client, ["priority": 3])
            #expect(job["priority"] as? Int == 3)
            #expect(job["end_reason"] is NSNull)
            let id = try #require(job["id"] as? String)
            let held = try await client.call(.post, "/v1/jobs/\(id)/hold", token: nil, json: [:])
            #expect(held.status == .ok)
            #expect(held.body["waiting_reason"] as? String == "held")
            let released = try await client.call(.post, "/v1/jobs/\(id)/release", token: nil, json: [:])
            #expect(released.body["waiting_reason"] is NSNull)
            let moved = try await client.call(.post, "/v1/jobs/\(id)/move", token: nil, json: ["printer": "line2"])
            #expect(moved.status == .ok)
            #expect(moved.body["printer"] as? String == "line2")
            let events = try await store.events(jobID: try #require(UUID(uuidString: id))).map(\.kind.rawValue)
            #expect(events.contains("held") && events.contains("hold_released") && events.contains("moved"))
            let reprint = try await client.call(.post, "/v1/jobs/\(id)/reprint", token: nil, json: ["labels": [1]])
            #expect(reprint.body["priority"] as? Int == 5, "reprints default to priority 5")
        }
    }

    @Test("bad input answers 4xx naming the field, and changes nothing")
    func badInput() async throws {
        try await withRoutes { client, store in
            let job = try await submit(client)
            let id = try #require(job["id"] as? String)
            for (printer, status) in [
                ("nowhere", HTTPResponse.Status.unprocessableContent), ("off", .unprocessableContent),
            ] {
                let answer = try await client.call(.post, "/v1/jobs/\(id)/move", token: nil, json: ["printer": printer])
                #expect(answer.status == status, "\(printer)")
                let error = answer.body["error"] as? [String: Any]
                #expect((error?["details"] as? [String: Any])?["field"] as? String == "printer", "\(printer)")
            }
            #expect(try await store.find(id: try #require(UUID(uuidString: id)))?.printer == "line1", "not moved")
            for (field, value) in [
                ("priority", 11 as Any), ("expires_at", "2001-01-01T00:00:00Z"), ("expires_at", "tomorrow"),
            ] {
                let answer = try await client.call(
                    .post, "/v1/jobs", token: nil, json: ["printer": "line1", "zpl": ["^XA^XZ"], field: value])
                #expect(answer.status == .unprocessableContent, "\(field) \(value)")
                let error = answer.body["error"] as? [String: Any]
                #expect((error?["details"] as? [String: Any])?["field"] as? String == field, "\(field) \(value)")
            }
            #expect(try await store.list(status: nil, printer: nil, limit: 10, cursor: nil).jobs.count == 1)
            _ = try await client.call(.post, "/v1/jobs/\(id)/cancel", token: nil, json: [:])
            let hold = try await client.call(.post, "/v1/jobs/\(id)/hold", token: nil, json: [:])
            #expect(hold.status == .conflict)
            #expect((hold.body["error"] as? [String: Any])?["code"] as? String == "job_ended")
            let ended = try await store.find(id: try #require(UUID(uuidString: id)))
            #expect(ended?.waitingReason == nil && ended?.endReason == .cancelledByRequest)
        }
    }

    @Test("a move to a printer whose model cannot take the job's template is refused with 409")
    func moveMisfit() async throws {
        try await withRoutes { client, _ in
            let labels: [[String: Any]] = [
                ["product_name": "Flour", "gtin": "09506000134352", "net_weight_kg": "1.000", "lot": "A1"]
            ]
            let answer = try await client.call(
                .post, "/v1/jobs", token: nil, json: ["printer": "line1", "template": "product-gs1", "labels": labels])
            guard answer.status == .accepted, let id = answer.body["id"] as? String else { return }
            let move = try await client.call(.post, "/v1/jobs/\(id)/move", token: nil, json: ["printer": "low"])
            #expect(move.status == .conflict)
            #expect((move.body["error"] as? [String: Any])?["code"] as? String == "template_does_not_fit")
        }
    }

    @Test("pause and resume answer the printer; a job queued on a paused printer waits with paused")
    func pause() async throws {
        try await withRoutes { client, _ in
            let paused = try await client.call(.post, "/v1/printers/line1/pause", token: nil, json: [:])
            #expect(paused.status == .ok)
            #expect(paused.body["paused"] as? Bool == true)
            let job = try await submit(client)
            #expect(job["waiting_reason"] as? String == "paused")
            let resumed = try await client.call(.post, "/v1/printers/line1/resume", token: nil, json: [:])
            #expect(resumed.body["paused"] as? Bool == false)
            let id = try #require(job["id"] as? String)
            let shown = try await client.call(.get, "/v1/jobs/\(id)", token: nil)
            #expect(shown.body["waiting_reason"] is NSNull)
            let missing = try await client.call(.post, "/v1/printers/nowhere/pause", token: nil, json: [:])
            #expect(missing.status == .notFound)
        }
    }

    @Test("two printers whose URIs name the same device are refused with 409 same_device")
    func sameDevice() async throws {
        try await withRoutes { client, _ in
            let pairs = [
                ("raw9100://10.0.0.50:9100", "socket://10.0.0.50"),
                ("cups://zebra_z230", "cups://ZEBRA_Z230"),
                ("usb://0a5f:0120?serial=52J123", "usb://zebra?serial=52J123"),
            ]
            for (index, (first, second)) in pairs.enumerated() {
                let created = try await client.call(
                    .post, "/v1/printers", token: nil, json: ["name": "a\(index)", "uri": first])
                guard created.status == .created else { continue }  // a scheme this registry lacks
                let twin = try await client.call(
                    .post, "/v1/printers", token: nil, json: ["name": "b\(index)", "uri": second])
                #expect(twin.status == .conflict, "\(second)")
                #expect((twin.body["error"] as? [String: Any])?["code"] as? String == "same_device")
            }
            let twin = try await client.call(
                .post, "/v1/printers", token: nil, json: ["name": "twin", "uri": "sim://line1"])
            #expect(twin.status == .conflict)
            #expect((twin.body["error"] as? [String: Any])?["code"] as? String == "same_device")
            let patch = try await client.call(.patch, "/v1/printers/line2", token: nil, json: ["uri": "sim://line1"])
            #expect(patch.status == .conflict)
            let other = try await client.call(
                .post, "/v1/printers", token: nil, json: ["name": "line3", "uri": "sim://line3"])
            #expect(other.status == .created)
        }
    }
}
