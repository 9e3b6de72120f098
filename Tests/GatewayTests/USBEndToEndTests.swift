import Core
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TransportSimulated
import TransportUSB
import USBTestSupport

/// `usb://` printers through the HTTP API and the engine, on the simulated USB bus (this machine has none): the
/// same Z230 model as `sim://` behind bulk endpoints, on the app's virtual clock.
@Suite("USB through the HTTP API, on a simulated device")
struct USBEndToEndTests {
    static let serial = "52J123456"

    static func withUSBApp(
        _ body: @Sendable (any TestClientProtocol, String, SimulatedUSBBackend, VirtualClock) async throws -> Void
    ) async throws {
        let backend = SimulatedUSBBackend()
        try await withApp(
            templates: shippedTemplates,
            transports: { clock in
                [
                    USBTransportFactory(
                        backend: backend, clock: clock,
                        configuration: .init(statusTimeout: .milliseconds(100), drainPollInterval: .milliseconds(200)))
                ]
            }
        ) { client, token, context in try await body(client, token, backend, context.clock) }
    }

    static func numbers(_ printer: SimulatedPrinter) async -> [Int] {
        await printer.printedLabels.compactMap { label in
            label.text.range(of: "^FDLabel ").flatMap { Int(label.text[$0.upperBound...].prefix { $0.isNumber }) }
        }
    }

    @Test(
        "a job over usb://zebra prints in order, confirmed as printed; unplugged, the next job waits as printer_offline and prints when it is back"
    )
    func unplugAndBack() async throws {
        try await Self.withUSBApp { client, token, backend, clock in
            let printer = SimulatedPrinter(configuration: .init(name: "usb-z230", defaultLabelDots: 300), clock: clock)
            let device = await backend.attach(printer, serial: Self.serial, kernelDriverAttached: true)
            let created = try await client.call(
                .post, "/v1/printers", token: token,
                json: ["name": "bench", "uri": "usb://zebra?serial=\(Self.serial)"])
            #expect(created.status == .created, "\(created.body)")

            let first = try await client.submit(printer: "bench", zpl: zplLabels(50), token: token)
            let done = try await client.waitForJob(first, token: token) { $0["status"] as? String == "completed" }
            #expect(done["printed_count"] as? Int == 50, "\(done)")
            #expect(done["confirmation"] as? String == "printed", "~HS over bulk IN confirms printed labels")
            #expect(await Self.numbers(printer) == Array(1...50))
            #expect(await backend.isKernelDriverAttached(device) == false, "usblp was detached")

            await backend.unplug(device)
            let second = try await client.submit(printer: "bench", zpl: zplLabels(20), token: token)
            let waiting = try await client.waitForJob(second, token: token) {
                $0["waiting_reason"] as? String == "printer_offline"
            }
            #expect(waiting["waiting_reason"] as? String == "printer_offline", "\(waiting)")
            #expect(waiting["attempts"] as? Int == 0, "waiting for a device uses no attempts")
            let status = try await eventuallyHTTP {
                try await client.call(.get, "/v1/printers/bench", token: token).body
            } until: {
                ($0["status"] as? [String: Any])?["state"] as? String == "offline"
            }
            let detail = (status["status"] as? [String: Any])?["detail"] as? String ?? ""
            #expect(detail.contains(Self.serial), "the status says which device is missing: \(detail)")

            await backend.plug(device)
            let resumed = try await client.waitForJob(second, token: token) { $0["status"] as? String == "completed" }
            #expect(resumed["printed_count"] as? Int == 20, "\(resumed)")
            #expect(
                await Self.numbers(printer) == Array(1...50) + Array(1...20), "the second job, whole, after the first")
        }
    }

    @Test("a device without bulk IN: the job completes confirmed as delivered, and the printer says so")
    func noBulkIn() async throws {
        try await Self.withUSBApp { client, token, backend, clock in
            let printer = SimulatedPrinter(configuration: .init(name: "usb-z230"), clock: clock)
            await backend.attach(printer, serial: Self.serial, hasBulkIn: false)
            try await client.call(
                .post, "/v1/printers", token: token,
                json: ["name": "bench", "uri": "usb://0a5f:0120?serial=\(Self.serial)"])
            let id = try await client.submit(printer: "bench", zpl: zplLabels(10), token: token)
            let done = try await client.waitForJob(id, token: token) { $0["status"] as? String == "completed" }
            #expect(done["printed_count"] as? Int == 10, "\(done)")
            #expect(
                done["confirmation"] as? String == "delivered", "without a back channel, bytes written is all we know")
        }
    }
}
