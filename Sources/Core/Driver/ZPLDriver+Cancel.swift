extension ZPLDriver {
    /// Clears the printer's buffer with `~JA`, asked right after `~HS` in the same write so that the answer describes
    /// the printer at the moment of the cancel: of the formats sent, those still buffered are cleared; the label under
    /// the head finishes and counts, unless the printer is paused or out of media (then `~JA` drops it too). A
    /// printer silent to `~HS` (media out, head open) prints nothing meanwhile: what was confirmed stays the count.
    /// Nil on a channel without answers, where nothing can be known of what printed.
    public func cancelBuffered() async throws(TransportError) -> TransportProgress? {
        guard let channel, channel.canRead else { return nil }
        let opened = opening
        await beginQuestion()
        let answer: HostStatus?
        do {
            answer = try await question("~HS~JA", .hostStatus, on: channel, opening: opened) {
                (bytes) throws(ZPLStatusError) in try HostStatus.parse(bytes)
            }
            endQuestion()
        } catch {
            endQuestion()
            throw error
        }
        let printed: Int
        if let answer {
            let headBusy = answer.labelsRemainingInBatch > 0 && !answer.paused && !answer.paperOut && !answer.headUp
            printed = sent - answer.formatsInReceiveBuffer - (answer.labelsRemainingInBatch > 0 && !headBusy ? 1 : 0)
        } else {
            printed = confirmed
        }
        confirmed = max(confirmed, min(sent, printed))
        sent = confirmed
        logger.debug("cleared the printer's buffer", metadata: ["zpl.confirmed": "\(confirmed)"])
        let status = answer.map { stamped($0.printerStatus) } ?? stamped(.offline("no answer to ~HS"))
        return TransportProgress(confirmed: confirmed, status: status)
    }
}
