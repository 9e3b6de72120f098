import Core
import Foundation

extension SimulatedPrinter {
    /// What the printer identifies itself as in answer to `~HI`.
    public static let identification = HostIdentification(
        model: "ZT230-300dpi", firmware: "V72.20.01Z", dotsPerMillimetre: 12, memory: "8176KB")

    /// The `~HS` fields as the model sees them now (whether or not the printer would answer).
    public func hostStatus() -> HostStatus {
        advance()
        var status = HostStatus()
        status.paperOut = paperOut
        status.paused = paused
        status.labelLengthDots = lastLabelDots
        status.formatsInReceiveBuffer = buffer.count
        status.receiveBufferFull = buffer.count >= configuration.bufferCapacity
        status.partialFormatInProgress = hasPartialFormat
        status.headUp = headOpen
        status.ribbonOut = ribbonOut
        status.labelsRemainingInBatch = current?.remaining ?? 0
        return status
    }

    /// The `~HQES` error and warning groups now.
    public func extendedStatus() -> ExtendedStatus {
        advance()
        var errors: ExtendedStatus.Errors = []
        if paperOut { errors.insert(.mediaOut) }
        if ribbonOut { errors.insert(.ribbonOut) }
        if headOpen { errors.insert(.headOpen) }
        return ExtendedStatus(errors: errors)
    }

    /// The printer's condition as the gateway reports it: from `~HS`, or from `~HQES` when `~HS` would be silent.
    public func printerStatus() -> PrinterStatus {
        advance()
        var status =
            (paperOut || ribbonOut || headOpen)
            ? extendedStatus().printerStatus : hostStatus().printerStatus
        if paused && !status.reasons.contains(.paused) { status.reasons.append(.paused) }
        if status.reasons.contains(where: { $0 != .bufferFull }) { status.state = .error }
        status.checkedAt = clock.now
        return status
    }

    /// Bytes that look like a status answer but are not one: no ETX, fields missing.
    static let garbledAnswer: [UInt8] =
        [ZPLFraming.stx] + Array("0?0,1,\u{7F}\u{1B}#,,".utf8) + [0x0D, 0x0A]

    func hostStatusAnswer() -> [UInt8] {
        if isSilent || paperOut || ribbonOut || headOpen { return [] }
        if faults.garbled { return Self.garbledAnswer }
        return hostStatus().encoded()
    }

    func extendedStatusAnswer() -> [UInt8] {
        if isSilent { return [] }
        if faults.garbled { return Self.garbledAnswer }
        return extendedStatus().encoded()
    }

    func identificationAnswer() -> [UInt8] {
        if isSilent { return [] }
        if faults.garbled { return Self.garbledAnswer }
        return Self.identification.encoded()
    }
}
