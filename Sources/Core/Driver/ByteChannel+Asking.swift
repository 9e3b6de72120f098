extension ByteChannel {
    /// Drops bytes left from an earlier question, writes `command` (after `leading` bytes, labels, in the same
    /// write), and reads until an answer of `shape` is complete or `timeout` has passed. The wait is real time, as
    /// the channel's reads are.
    public func ask(
        _ command: String, expecting shape: StatusAnswerShape, timeout: Duration, writeTimeout: Duration,
        after leading: [UInt8] = []
    ) async throws(Failure) -> StatusAnswer {
        // A late answer to a question that timed out; a broken channel shows itself on the write.
        await discardReceived()
        try await write(leading + Array(command.utf8), timeout: writeTimeout)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var received: [UInt8] = []
        while clock.now < deadline {
            let bytes = try await read(timeout: clock.now.duration(to: deadline))
            if bytes.isEmpty { break }
            received += bytes
            if let answer = shape.answer(in: received) { return .complete(answer) }
        }
        return received.isEmpty ? .silent : .incomplete(received)
    }

    /// Reads for a millisecond: long enough to pick up what is already there; not zero, which libusb reads as
    /// "wait for ever". A channel that holds what arrived in memory drops it without waiting.
    public func discardReceived() async {
        _ = try? await read(timeout: .milliseconds(1))
    }
}
