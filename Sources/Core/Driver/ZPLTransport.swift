/// A transport that is a ``ZPLDriver`` over a device of its own (Raw 9100, USB). Labels and progress go straight to
/// the driver; a transport adds what is its own around opening, status and closing.
public protocol ZPLTransport: Transport {
    associatedtype Device: ZPLDevice
    var driver: ZPLDriver<Device> { get }
}

extension ZPLTransport {
    public func send(_ label: LabelDocument) async throws {
        try await driver.send([label])
    }

    public func send(_ labels: [LabelDocument]) async throws {
        try await driver.send(labels)
    }

    public func progress() async throws -> TransportProgress {
        try await driver.progress()
    }

    public func progress(afterSending labels: [LabelDocument]) async throws -> TransportProgress {
        try await driver.progress(afterSending: labels)
    }

    /// Asks on the open channel, or on a short one of its own when none is open.
    public func status() async throws -> PrinterStatus {
        if let status = try await driver.statusOfOpenChannel() { return status }
        return try await driver.statusOnShortChannel()
    }

    public func cancelBuffered() async throws -> TransportProgress? {
        try await driver.cancelBuffered()
    }

    public func close() async {
        await driver.close()
    }
}
