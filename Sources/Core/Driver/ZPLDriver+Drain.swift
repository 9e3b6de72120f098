extension ZPLDriver {
    /// Polls `~HS` until formats left from an earlier connection have printed, so that counting on a new channel
    /// starts at zero. Throws ``TransportError``: `.condition` when the printer cannot print, `.timeout` when it
    /// does not drain within the drain timeout or answers only `~HQES`; `CancellationError` when cancelled.
    func waitUntilDrained(_ channel: Channel, opening: Int) async throws {
        let deadline = clock.now.addingTimeInterval(configuration.drainTimeout.timeInterval)
        while true {
            let reading = try await readStatus(channel, opening: opening)
            let status = stamped(reading.printerStatus)
            if status.state == .error {
                throw TransportError(
                    .condition,
                    "\(device.name) cannot print: \(status.reasons.map(\.rawValue).joined(separator: ", "))",
                    status: status)
            }
            guard case .host(let hostStatus) = reading else {
                throw TransportError(.timeout, "\(device.name) answers ~HQES without errors but not ~HS")
            }
            if hostStatus.isDrained { return }
            if clock.now >= deadline {
                throw TransportError(
                    .timeout,
                    "\(device.name) still holds \(hostStatus.formatsInReceiveBuffer) formats from an earlier "
                        + "connection after \(configuration.drainTimeout.secondsText)")
            }
            logger.debug(
                "waiting for formats from an earlier connection to print",
                metadata: ["zpl.buffered": "\(hostStatus.formatsInReceiveBuffer)"])
            try await clock.sleep(for: configuration.drainPollInterval)
        }
    }
}
