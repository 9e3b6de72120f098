import Core

extension Raw9100Transport {
    typealias StatusReading = ZPLStatusReading

    /// Asks `~HS`; when the printer is silent, asks `~HQES`. Throws when neither answers or an answer is garbled.
    func readStatus(_ connection: Raw9100Connection) async throws(TransportError) -> StatusReading {
        await beginQuestion()
        defer { endQuestion() }
        switch try await ask(connection, "~HS", expecting: .hostStatus) {
        case .complete(let bytes):
            do {
                return .host(try HostStatus.parse(bytes))
            } catch {
                throw TransportError(
                    .protocolError, "\(endpoint) answered ~HS unreadably: \(error.message)", underlying: error)
            }
        case .incomplete(let bytes):
            throw garbled("~HS", bytes)
        case .silent:
            logger.debug("printer did not answer ~HS; asking ~HQES")
        }
        switch try await ask(connection, "~HQES", expecting: .extendedStatus) {
        case .complete(let bytes):
            do {
                return .extended(try ExtendedStatus.parse(bytes))
            } catch {
                throw TransportError(
                    .protocolError, "\(endpoint) answered ~HQES unreadably: \(error.message)", underlying: error)
            }
        case .incomplete(let bytes):
            throw garbled("~HQES", bytes)
        case .silent:
            logger.warning("printer answered neither ~HS nor ~HQES")
            throw TransportError(
                .timeout,
                "\(endpoint) answered neither ~HS nor ~HQES within \(configuration.statusTimeout.secondsText) each")
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

    func ask(_ connection: Raw9100Connection, _ command: String, expecting shape: StatusAnswerShape)
        async throws(TransportError) -> StatusAnswer
    {
        do {
            return try await connection.ask(command, expecting: shape, timeout: configuration.statusTimeout)
        } catch {
            if self.connection?.channel === connection.channel { self.connection = nil }
            await connection.close()
            throw TransportError(
                .connectionLost, "connection to \(endpoint) broke while asking \(command)", underlying: error)
        }
    }

    func garbled(_ command: String, _ bytes: [UInt8]) -> TransportError {
        let preview = bytes.prefix(48).map { (32..<127).contains($0) ? String(UnicodeScalar($0)) : "." }.joined()
        logger.warning("unreadable status answer", metadata: ["raw9100.answer": "\(preview)"])
        return TransportError(
            .protocolError, "\(endpoint) answered \(command) with \(bytes.count) bytes that are no status: '\(preview)'"
        )
    }
}
