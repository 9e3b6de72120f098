extension ZPLDriver {
    /// Asks `~HS`, in the same write as `labels` when there are any; when the printer is silent, asks `~HQES`.
    /// Throws when neither answers, an answer is garbled, or the channel fails (then it is closed).
    func readStatus(_ channel: Channel, opening: Int?, sending labels: [LabelDocument] = [])
        async throws(TransportError)
        -> ZPLStatusReading
    {
        await beginQuestion()
        defer { endQuestion() }
        let leading = labels.count == 1 ? labels[0].zpl : labels.flatMap(\.zpl)
        let host = try await question(
            "~HS", .hostStatus, on: channel, opening: opening, after: leading,
            while: labels.first.map(ZPLActivity.sending) ?? .asking("~HS")
        ) { (bytes) throws(ZPLStatusError) in try HostStatus.parse(bytes) }
        if let host { return .host(host) }
        logger.debug("printer did not answer ~HS; asking ~HQES")
        let extended = try await question("~HQES", .extendedStatus, on: channel, opening: opening) {
            (bytes) throws(ZPLStatusError) in try ExtendedStatus.parse(bytes)
        }
        if let extended { return .extended(extended) }
        logger.warning("printer answered neither ~HS nor ~HQES")
        throw TransportError(
            .timeout,
            "\(device.name) answered neither ~HS nor ~HQES within \(configuration.statusTimeout.secondsText) each")
    }

    /// Asks `command` and parses the answer; nil when the printer is silent.
    func question<Answer>(
        _ command: String, _ shape: StatusAnswerShape, on channel: Channel, opening: Int?, after leading: [UInt8] = [],
        while activity: ZPLActivity? = nil, parse: ([UInt8]) throws(ZPLStatusError) -> Answer
    ) async throws(TransportError) -> Answer? {
        let answer: StatusAnswer
        do {
            answer = try await channel.ask(
                command, expecting: shape, timeout: configuration.statusTimeout,
                writeTimeout: configuration.writeTimeout, after: leading)
        } catch {
            await drop(channel, opening: opening)
            throw device.failure(error, while: activity ?? .asking(command))
        }
        switch answer {
        case .complete(let bytes):
            do {
                return try parse(bytes)
            } catch {
                throw TransportError(
                    .protocolError, "\(device.name) answered \(command) unreadably: \(error.message)",
                    underlying: error)
            }
        case .incomplete(let bytes):
            throw garbled(command, bytes)
        case .silent:
            return nil
        }
    }

    func beginQuestion() async {
        guard asking else {
            asking = true
            return
        }
        await withCheckedContinuation { waitingToAsk.append($0) }
    }

    func endQuestion() {
        if waitingToAsk.isEmpty {
            asking = false
        } else {
            waitingToAsk.removeFirst().resume()
        }
    }

    private func garbled(_ command: String, _ bytes: [UInt8]) -> TransportError {
        let preview = bytes.prefix(48).map { (32..<127).contains($0) ? String(UnicodeScalar($0)) : "." }.joined()
        logger.warning("unreadable status answer", metadata: ["zpl.answer": "\(preview)"])
        return TransportError(
            .protocolError,
            "\(device.name) answered \(command) with \(bytes.count) bytes that are no status: '\(preview)'")
    }
}
