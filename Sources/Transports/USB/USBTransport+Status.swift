import Core

extension USBTransport {
    typealias StatusReading = ZPLStatusReading

    /// Asks `~HS`; when the printer is silent (media out, head open), asks `~HQES`.
    func readStatus(_ handle: any USBPrinterHandle) async throws -> StatusReading {
        if let bytes = try await ask(handle, "~HS", strings: 3) {
            do { return .host(try HostStatus.parse(bytes)) } catch {
                throw TransportError(.protocolError, "\(address) answered ~HS unreadably: \(error.message)")
            }
        }
        if let bytes = try await ask(handle, "~HQES", strings: 1) {
            do { return .extended(try ExtendedStatus.parse(bytes)) } catch {
                throw TransportError(.protocolError, "\(address) answered ~HQES unreadably: \(error.message)")
            }
        }
        throw TransportError(
            .timeout,
            "\(address) answered neither ~HS nor ~HQES on bulk IN within \(configuration.statusTimeout.timeInterval) s")
    }

    /// Writes `command` and reads bulk IN until `strings` complete `STX … ETX` strings arrive; nil when none came.
    private func ask(_ handle: any USBPrinterHandle, _ command: String, strings: Int) async throws -> [UInt8]? {
        // Drop a late answer to an earlier question.
        _ = try? await handle.read(maximumLength: 4096, timeout: .milliseconds(1))
        do {
            _ = try await handle.write(ArraySlice(Array(command.utf8)), timeout: configuration.writeTimeout)
            let deadline = clock.now.addingTimeInterval(configuration.statusTimeout.timeInterval)
            var received: [UInt8] = []
            repeat {
                received += try await handle.read(maximumLength: 512, timeout: configuration.statusTimeout)
                if ZPLFraming.completeStrings(in: received) >= strings { return received }
                if received.isEmpty { try await clock.sleep(for: .milliseconds(20)) }
            } while clock.now < deadline
            return received.isEmpty ? nil : received
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            await dropHandle()
            throw transportError(USBError(error), doing: "asking \(command)")
        }
    }
}
