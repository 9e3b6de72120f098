import Core
import Testing
import TransportSimulated
import TransportUSB
import USBTestSupport

/// Every path of the USB transport, through a simulated Z230 behind bulk OUT and (optionally) bulk IN.
@Suite("USB transport through a simulated device")
struct USBTransportTests {
    @Test("a full job: usblp detached, labels confirmed as printed from ~HS on bulk IN, in order")
    func fullJob() async throws {
        let fixture = await USBFixture(kernelDriverAttached: true)
        let transport = try fixture.transport()
        try await transport.open()
        #expect(transport.confirmation == .printed)
        #expect(await fixture.backend.isKernelDriverAttached(fixture.device) == false, "usblp detached")
        let progress = try await fixture.print(1...30, on: transport)
        #expect(progress.confirmed == 30)
        #expect(progress.status.state == .ready)
        #expect(await fixture.printedNumbers() == Array(1...30))
        await transport.close()
    }

    @Test("usb://zebra finds Zebra's vendor id; short bulk OUT transfers are continued")
    func partialWrites() async throws {
        let fixture = await USBFixture()
        await fixture.backend.setMaximumTransfer(fixture.device, 7)
        let transport = try fixture.transport("usb://zebra?serial=\(USBFixture.serial)")
        try await transport.open()
        #expect(try await fixture.print(1...10, on: transport).confirmed == 10)
        #expect(await fixture.printedNumbers() == Array(1...10))
    }

    @Test("unplugged mid-job: the job waits as printer_offline, and resumes when the device is back; nothing lost")
    func unpluggedMidJob() async throws {
        let fixture = await USBFixture()
        let transport = try fixture.transport()
        try await transport.open()
        let first = try await fixture.print(1...6, on: transport)
        #expect(first.confirmed == 6)
        try await transport.send(.numbered(7))
        await fixture.backend.unplug(fixture.device)

        let lost = await #expect(throws: TransportError.self) { try await transport.send(.numbered(8)) }
        #expect(lost?.code == .unreachable)
        #expect(lost?.isWaitCondition == true)
        #expect(lost?.message.contains("unplugged") == true)
        #expect(PrinterStatus.offline(lost?.message).waitingReason == .printerOffline)
        await transport.close()

        let reopened = try fixture.transport()
        let missing = await #expect(throws: TransportError.self) { try await reopened.open() }
        #expect(missing?.code == .unreachable)
        #expect(missing?.message.contains("no such device") == true)
        #expect(try await reopened.status().waitingReason == .printerOffline)

        await fixture.backend.plug(fixture.device)
        try await reopened.open()
        // The engine resends from the first unconfirmed label.
        #expect(try await fixture.print(7...12, on: reopened).confirmed == 6)
        let printed = await fixture.printedNumbers()
        #expect(Set(printed) == Set(1...12), "no label lost")
        #expect(printed.count - Set(printed).count <= 1, "at most the unconfirmed label printed twice")
    }

    @Test("no bulk IN endpoint: confirmation falls back to delivered (bytes written) and the status says so")
    func noBulkIn() async throws {
        let fixture = await USBFixture(hasBulkIn: false)
        let transport = try fixture.transport()
        try await transport.open()
        #expect(transport.confirmation == .delivered)
        try await transport.send(.numbered(1))
        try await transport.send(.numbered(2))
        let progress = try await transport.progress()
        #expect(progress.confirmed == 2)
        #expect(progress.status.detail?.contains("no bulk IN endpoint") == true)
        #expect(progress.status.waitingReason == nil)
        let factory = USBTransportFactory(backend: fixture.backend)
        #expect(
            factory.confirmation(for: try PrinterURI("usb://zebra")) == .delivered, "the factory reports the worst case"
        )
    }

    @Test("the factory reports what a device's last opening found: delivered before any, printed with bulk IN")
    func factoryLearnsTheConfirmation() async throws {
        let fixture = await USBFixture()
        let factory = USBTransportFactory(backend: fixture.backend, clock: fixture.clock)
        let uri = try PrinterURI("usb://zebra?serial=\(USBFixture.serial)")
        #expect(factory.confirmation(for: uri) == .delivered, "unknown before the device is opened")
        let transport = try factory.makeTransport(uri: uri, model: .zebraZ230_300dpi, logger: USBFixture.logger)
        try await transport.open()
        #expect(factory.confirmation(for: uri) == .printed)
        #expect(factory.confirmation(for: try PrinterURI("usb://zebra?serial=OTHER")) == .delivered)
        await transport.close()
    }

    @Test("no USB support on this host: unsupported, saying so")
    func noUSBSupport() async throws {
        let fixture = await USBFixture()
        await fixture.backend.setUSBSupported(false)
        let error = await #expect(throws: TransportError.self) { try await fixture.transport().open() }
        #expect(error?.code == .unsupported)
        #expect(error?.message.contains("no USB support on this host") == true)
    }

    @Test("no such device (another serial): unreachable, listing what is attached")
    func noSuchDevice() async throws {
        let fixture = await USBFixture()
        let error = await #expect(throws: TransportError.self) {
            try await fixture.transport("usb://0a5f:0120?serial=OTHER").open()
        }
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains("no such device") == true)
        #expect(error?.message.contains(USBFixture.serial) == true)
    }

    @Test("permission denied: the message names the udev rule")
    func permissionDenied() async throws {
        let fixture = await USBFixture()
        await fixture.backend.setPermissionDenied(fixture.device, true)
        let error = await #expect(throws: TransportError.self) { try await fixture.transport().open() }
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains("permission denied") == true)
        #expect(error?.message.contains(#"ATTR{idVendor}=="0a5f""#) == true)
    }

    @Test("interface busy: another program holds it")
    func interfaceBusy() async throws {
        let fixture = await USBFixture()
        await fixture.backend.setBusy(fixture.device, true)
        let error = await #expect(throws: TransportError.self) { try await fixture.transport().open() }
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains("interface busy") == true)
    }

    @Test("bulk OUT that takes nothing: a timeout, not a hang")
    func writeTimeout() async throws {
        let fixture = await USBFixture()
        let transport = try fixture.transport()
        try await transport.open()
        await fixture.backend.setStalled(fixture.device, true)
        let error = await #expect(throws: TransportError.self) { try await transport.send(.numbered(1)) }
        #expect(error?.code == .timeout)
    }

    @Test("a paper-out printer: ~HS is silent, ~HQES says why, open waits as paper_out")
    func paperOut() async throws {
        let fixture = await USBFixture()
        await fixture.printer.loadMedia(0)
        let error = await #expect(throws: TransportError.self) { try await fixture.transport().open() }
        #expect(error?.code == .condition)
        #expect(error?.status?.waitingReason == .paperOut)
    }
}

@Suite("USB URIs")
struct USBAddressTests {
    @Test("usb://VID:PID?serial= with hexadecimal ids, and usb://zebra")
    func addresses() throws {
        let hex = try USBAddress(uri: PrinterURI("usb://0A5F:012a?serial=52J123"))
        #expect(hex.vendorID == 0x0A5F)
        #expect(hex.productID == 0x012A)
        #expect(hex.serial == "52J123")
        #expect(try USBAddress(uri: PrinterURI("usb://0a5f:0120")).productID == 0x0120, "not read as decimal 120")
        let zebra = try USBAddress(uri: PrinterURI("usb://zebra?serial=X"))
        #expect(zebra.vendorID == 0x0A5F)
        #expect(zebra.productID == nil)
    }

    @Test("bad USB URIs are refused", arguments: ["usb://printer", "usb://0a5f:xyz", "usb://zebra?speed=3"])
    func bad(_ text: String) {
        #expect(throws: PrinterURIError.self) {
            try TransportRegistry([USBTransportFactory(backend: SimulatedUSBBackend())]).validate(text)
        }
    }
}
