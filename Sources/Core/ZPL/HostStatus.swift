/// The printer's answer to `~HS`: three `STX … ETX CR LF` strings (Zebra Programming Guide, ~HS).
///
/// String 1 `aaa,b,c,dddd,eee,f,g,h,iii,j,k,l`, string 2 `mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www`,
/// string 3 `xxxx,y`. Fields are indexed as the manual numbers them, including the unused `n`.
public struct HostStatus: Sendable, Hashable {
    public var communicationSettings: Int = 0
    public var paperOut: Bool = false
    public var paused: Bool = false
    public var labelLengthDots: Int = 0
    public var formatsInReceiveBuffer: Int = 0
    public var receiveBufferFull: Bool = false
    public var diagnosticMode: Bool = false
    public var partialFormatInProgress: Bool = false
    public var corruptRAM: Bool = false
    public var underTemperature: Bool = false
    public var overTemperature: Bool = false
    public var functionSettings: Int = 0
    public var headUp: Bool = false
    public var ribbonOut: Bool = false
    public var thermalTransfer: Bool = false
    /// 0 rewind, 1 peel-off, 2 tear-off, 3 cutter, 4 applicator.
    public var printMode: Int = 2
    public var printWidthMode: Int = 0
    public var labelWaiting: Bool = false
    public var labelsRemainingInBatch: Int = 0
    public var graphicsStored: Int = 0
    public var password: Int = 0
    public var staticRAMInstalled: Bool = false

    public init() {}

    /// True when everything sent has printed: nothing buffered, no batch running, no format half-received.
    public var isDrained: Bool {
        formatsInReceiveBuffer == 0 && labelsRemainingInBatch == 0 && !partialFormatInProgress
    }

    /// Labels printed out of `sent` formats: sent − formats in buffer − (1 while a batch or a format is in progress).
    /// There is no per-label acknowledgement on port 9100; this is the count ZEBRA.md derives.
    public func printed(ofSent sent: Int) -> Int {
        let inProgress = (labelsRemainingInBatch > 0 || partialFormatInProgress) ? 1 : 0
        return max(0, min(sent, sent - formatsInReceiveBuffer - inProgress))
    }

    /// The printer's state as the API reports it.
    public var printerStatus: PrinterStatus {
        var reasons: [PrinterReason] = []
        if paperOut { reasons.append(.paperOut) }
        if ribbonOut { reasons.append(.ribbonOut) }
        if headUp { reasons.append(.headOpen) }
        if paused { reasons.append(.paused) }
        if overTemperature { reasons.append(.headOverTemperature) }
        if underTemperature { reasons.append(.headUnderTemperature) }
        if corruptRAM { reasons.append(.corruptRAM) }
        if receiveBufferFull { reasons.append(.bufferFull) }
        let blocking = reasons.contains { $0 != .bufferFull }
        return PrinterStatus(state: blocking ? .error : .ready, reasons: reasons)
    }

    /// The exact bytes a printer sends for this status.
    public func encoded() -> [UInt8] {
        func flag(_ value: Bool) -> String { value ? "1" : "0" }
        func digits(_ value: Int, _ width: Int) -> String {
            let text = String(max(0, value))
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let line1 = [
            digits(communicationSettings, 3), flag(paperOut), flag(paused), digits(labelLengthDots, 4),
            digits(formatsInReceiveBuffer, 3), flag(receiveBufferFull), flag(diagnosticMode),
            flag(partialFormatInProgress), "000", flag(corruptRAM), flag(underTemperature), flag(overTemperature),
        ].joined(separator: ",")
        let line2 = [
            digits(functionSettings, 3), "0", flag(headUp), flag(ribbonOut), flag(thermalTransfer),
            String(printMode), String(printWidthMode), flag(labelWaiting), digits(labelsRemainingInBatch, 8), "1",
            digits(graphicsStored, 3),
        ].joined(separator: ",")
        let line3 = "\(digits(password, 4)),\(flag(staticRAMInstalled))"
        return [line1, line2, line3].flatMap { ZPLFraming.frame($0) }
    }

    /// Parses the three strings of a `~HS` answer. Throws ``ZPLStatusError`` when the answer is incomplete or malformed.
    public static func parse(_ bytes: some Collection<UInt8>) throws(ZPLStatusError) -> HostStatus {
        let strings = ZPLFraming.strings(in: bytes)
        guard strings.count >= 3 else {
            throw ZPLStatusError("~HS answer has \(strings.count) of 3 strings")
        }
        let one = strings[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let two = strings[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let three = strings[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard one.count == 12, two.count == 11, three.count == 2 else {
            throw ZPLStatusError(
                "~HS answer has \(one.count)/\(two.count)/\(three.count) fields, expected 12/11/2")
        }
        func int(_ text: String, _ field: String) throws(ZPLStatusError) -> Int {
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw ZPLStatusError("~HS field \(field) is '\(text)', not a number")
            }
            return value
        }
        func flag(_ text: String, _ field: String) throws(ZPLStatusError) -> Bool {
            try int(text, field) != 0
        }
        var status = HostStatus()
        status.communicationSettings = try int(one[0], "aaa")
        status.paperOut = try flag(one[1], "b")
        status.paused = try flag(one[2], "c")
        status.labelLengthDots = try int(one[3], "dddd")
        status.formatsInReceiveBuffer = try int(one[4], "eee")
        status.receiveBufferFull = try flag(one[5], "f")
        status.diagnosticMode = try flag(one[6], "g")
        status.partialFormatInProgress = try flag(one[7], "h")
        status.corruptRAM = try flag(one[9], "j")
        status.underTemperature = try flag(one[10], "k")
        status.overTemperature = try flag(one[11], "l")
        status.functionSettings = try int(two[0], "mmm")
        status.headUp = try flag(two[2], "o")
        status.ribbonOut = try flag(two[3], "p")
        status.thermalTransfer = try flag(two[4], "q")
        status.printMode = try int(two[5], "r")
        status.printWidthMode = try int(two[6], "s")
        status.labelWaiting = try flag(two[7], "t")
        status.labelsRemainingInBatch = try int(two[8], "uuuuuuuu")
        status.graphicsStored = try int(two[10], "www")
        status.password = try int(three[0], "xxxx")
        status.staticRAMInstalled = try flag(three[1], "y")
        return status
    }
}
