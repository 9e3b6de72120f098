import Core
import Foundation
import Logging

/// The in-process transport to a ``SimulatedPrinter``: bytes go straight into the model and confirmations
/// are exact (a label counts once every copy of its format has printed).
public actor SimulatedTransport: Transport {
    public nonisolated let confirmation = Confirmation.printed
    public nonisolated let printer: SimulatedPrinter
    private let clock: any GatewayClock
    private let logger: Logger
    private let pollInterval: Duration
    private let stallTimeout: Duration
    private var connection: SimulatedPrinter.ConnectionID? = nil
    private var lost = false

    /// - Parameters:
    ///   - pollInterval: how often ``open()`` looks whether an earlier connection's formats have printed.
    ///   - stallTimeout: how long ``open()`` waits while those formats make no progress before it gives up.
    public init(
        printer: SimulatedPrinter, clock: any GatewayClock, logger: Logger,
        pollInterval: Duration = .milliseconds(250), stallTimeout: Duration = .seconds(30)
    ) {
        self.printer = printer
        self.clock = clock
        self.logger = logger
        self.pollInterval = pollInterval
        self.stallTimeout = stallTimeout
    }

    public func open() async throws {
        if let old = connection {
            await printer.disconnect(old)
            connection = nil
        }
        lost = false
        if await printer.isRefusingConnections {
            throw TransportError(.unreachable, "simulated printer '\(printer.name)' refuses connections")
        }
        try await checkAnswers()
        var lastPrinted = -1
        var stalledSince = clock.now
        while true {
            let snapshot = await printer.snapshot()
            if snapshot.formatsInBuffer == 0 && snapshot.labelsRemainingInBatch == 0 { break }
            if snapshot.paperOut || snapshot.headOpen || snapshot.ribbonOut || snapshot.paused {
                let status = await printer.printerStatus()
                throw TransportError(
                    .condition,
                    "simulated printer '\(printer.name)' cannot print the \(snapshot.formatsInBuffer) formats "
                        + "left in its buffer: \(status.reasons.map(\.rawValue).joined(separator: ", "))",
                    status: status)
            }
            if snapshot.labelsPrinted != lastPrinted {
                lastPrinted = snapshot.labelsPrinted
                stalledSince = clock.now
            } else if clock.now.timeIntervalSince(stalledSince) >= stallTimeout.timeInterval {
                throw TransportError(
                    .timeout,
                    "simulated printer '\(printer.name)' has printed nothing for \(stallTimeout) with "
                        + "\(snapshot.formatsInBuffer) formats in its buffer")
            }
            try await clock.sleep(for: pollInterval)
        }
        connection = await printer.connect()
        logger.debug(
            "connected to simulated printer",
            metadata: ["printer.name": "\(printer.name)", "transport.connection": "\(connection!)"])
    }

    public func send(_ label: LabelDocument) async throws {
        let connection = try openConnection()
        let reception = await printer.consume(label.zpl, connection: connection)
        if reception.connectionReset {
            lost = true
            throw TransportError(
                .connectionLost,
                "simulated printer '\(printer.name)' reset the connection while label \(label.number) was sent"
            )
        }
    }

    public func progress() async throws -> TransportProgress {
        let connection = try openConnection()
        try await checkAnswers()
        let statistics = await printer.statistics(for: connection)
        return TransportProgress(
            confirmed: statistics.formatsPrinted, status: await printer.printerStatus())
    }

    public func status() async throws -> PrinterStatus {
        if connection == nil, await printer.isRefusingConnections {
            throw TransportError(.unreachable, "simulated printer '\(printer.name)' refuses connections")
        }
        try await checkAnswers()
        return await printer.printerStatus()
    }

    public func close() async {
        if let connection { await printer.disconnect(connection) }
        connection = nil
    }

    private func openConnection() throws -> SimulatedPrinter.ConnectionID {
        if lost {
            throw TransportError(
                .connectionLost, "the connection to simulated printer '\(printer.name)' was reset")
        }
        guard let connection else {
            throw TransportError(
                .failed, "the connection to simulated printer '\(printer.name)' is not open")
        }
        return connection
    }

    /// Throws what a transport on the wire would meet: no answer (`silent`) or an answer it cannot read (`garbled`).
    private func checkAnswers() async throws {
        let snapshot = await printer.snapshot()
        if snapshot.silent {
            throw TransportError(
                .timeout, "simulated printer '\(printer.name)' answers no status request")
        }
        if snapshot.garbled {
            throw TransportError(
                .protocolError, "simulated printer '\(printer.name)' answers malformed status")
        }
    }
}
