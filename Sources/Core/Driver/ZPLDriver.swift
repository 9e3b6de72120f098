import Logging

/// Speaks ZPL to one printer over whatever ``ByteChannel`` its transport opens, the way LPrint's ZPL driver sits on
/// PAPPL's devices. It counts the labels sent and confirms them from `~HS` (printed = sent − formats in the receive
/// buffer − 1 while a batch is in progress); a silent `~HS` is followed by `~HQES`, since a Zebra does not answer
/// `~HS` while media is out or the head is open; one question is asked at a time; and opening waits until formats
/// left from an earlier connection have printed, so that counting starts at zero.
///
/// On a channel that cannot carry answers nothing is asked, and a label counts once its bytes are written. After a
/// failed write or question the channel is closed: the printer's count of formats no longer matches ours.
public actor ZPLDriver<Device: ZPLDevice> {
    public typealias Channel = Device.Channel

    public nonisolated let device: Device
    public nonisolated let configuration: ZPLDriverConfiguration
    let clock: any GatewayClock
    let logger: Logger

    /// The open channel.
    var channel: Channel?
    /// Counts the openings, so that a failure on a channel since replaced leaves the new one alone.
    var opening = 0
    /// Formats sent on the current channel.
    var sent = 0
    /// The highest count of printed labels seen on the current channel.
    var confirmed = 0
    /// One status question at a time, so one question's answer is never read as another's.
    var asking = false
    var waitingToAsk: [CheckedContinuation<Void, Never>] = []

    public init(
        device: Device, configuration: ZPLDriverConfiguration = ZPLDriverConfiguration(),
        clock: any GatewayClock = SystemClock(), logger: Logger
    ) {
        self.device = device
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    /// The open channel, nil while none is open.
    public var openChannel: Channel? { channel }

    /// Opens a channel (closing one still open) and, when the printer can answer on it, waits until it has drained.
    /// Throws ``TransportError``, or `CancellationError` when cancelled while it waits.
    @discardableResult
    public func open() async throws -> Channel {
        await close()
        sent = 0
        confirmed = 0
        let channel = try await device.connect()
        opening += 1
        let opened = opening
        self.channel = channel
        if channel.canRead {
            do {
                try await waitUntilDrained(channel, opening: opened)
            } catch {
                await drop(channel, opening: opened)
                throw error
            }
        }
        return channel
    }

    /// Writes labels, in order and in one write. Returns once their bytes are handed to the channel (not printed).
    public func send(_ labels: [LabelDocument]) async throws(TransportError) {
        guard let first = labels.first else { return }
        guard let channel else {
            throw TransportError(.connectionLost, "no open connection to \(device.name) to send label \(first.number)")
        }
        let opened = opening
        let bytes = labels.count == 1 ? first.zpl : labels.flatMap(\.zpl)
        do {
            try await channel.write(bytes, timeout: configuration.writeTimeout)
        } catch {
            await drop(channel, opening: opened)
            throw device.failure(error, while: .sending(first))
        }
        sent += labels.count
    }

    /// Asks the printer's status and confirms the labels it has printed; the count never goes down.
    public func progress() async throws(TransportError) -> TransportProgress {
        try await progress(afterSending: [])
    }

    /// Writes `labels` and the status question in one write, then confirms as ``progress()`` does: the question
    /// travels with the labels, and its answer counts them.
    public func progress(afterSending labels: [LabelDocument]) async throws(TransportError) -> TransportProgress {
        guard let channel else {
            throw TransportError(.connectionLost, "no open connection to \(device.name)")
        }
        guard channel.canRead else {
            try await send(labels)
            confirmed = sent
            return TransportProgress(confirmed: confirmed, status: stamped(device.statusWithoutBackChannel))
        }
        // Counted before the write: if it fails, the channel is dropped and the count starts again on the next.
        sent += labels.count
        switch try await readStatus(channel, opening: opening, sending: labels) {
        case .host(let status):
            confirmed = max(confirmed, status.printed(ofSent: sent))
            logger.trace(
                "printer status",
                metadata: [
                    "zpl.sent": "\(sent)", "zpl.confirmed": "\(confirmed)",
                    "zpl.buffered": "\(status.formatsInReceiveBuffer)",
                ])
            return TransportProgress(confirmed: confirmed, status: stamped(status.printerStatus))
        case .extended(let status):
            var printerStatus = status.printerStatus
            printerStatus.detail = "no answer to ~HS; status from ~HQES"
            return TransportProgress(confirmed: confirmed, status: stamped(printerStatus))
        }
    }

    /// The printer's status through the open channel, without moving the count; nil when no channel is open.
    public func statusOfOpenChannel() async throws(TransportError) -> PrinterStatus? {
        guard let channel else { return nil }
        guard channel.canRead else { return stamped(device.statusWithoutBackChannel) }
        return stamped(try await readStatus(channel, opening: opening).printerStatus)
    }

    /// The printer's status asked on a channel of its own, closed afterwards: for a printer that is not open.
    /// A printer that cannot be reached, or whose channel breaks, is offline.
    public func statusOnShortChannel() async throws(TransportError) -> PrinterStatus {
        let channel: Channel
        do {
            channel = try await device.connect()
        } catch  where error.code == .unreachable {
            return stamped(.offline(error.message))
        }
        guard channel.canRead else {
            await channel.close()
            return stamped(device.statusWithoutBackChannel)
        }
        let reading: Result<ZPLStatusReading, TransportError>
        do {
            reading = .success(try await readStatus(channel, opening: nil))
        } catch {
            reading = .failure(error)
        }
        await channel.close()
        switch reading {
        case .success(let reading): return stamped(reading.printerStatus)
        case .failure(let error) where error.code == .connectionLost: return stamped(.offline(error.message))
        case .failure(let error): throw error
        }
    }

    /// Closes the open channel; false when none was open. Labels in the printer's buffer are not cancelled.
    @discardableResult
    public func close() async -> Bool {
        guard let channel else { return false }
        self.channel = nil
        await channel.close()
        return true
    }

    /// `status` as checked now, by the driver's clock.
    public nonisolated func stamped(_ status: PrinterStatus) -> PrinterStatus {
        var status = status
        status.checkedAt = clock.now
        return status
    }

    /// Closes `channel`, and forgets it when it is still the one opened by `opening` (nil: a channel of its own).
    func drop(_ channel: Channel, opening: Int?) async {
        if let opening, opening == self.opening { self.channel = nil }
        await channel.close()
    }
}
