/// The shape of a complete answer to a status question, so that a reader knows when to stop waiting.
public enum StatusAnswerShape: Sendable {
    /// `~HS`: three `STX … ETX` strings.
    case hostStatus
    /// `~HQES`: one `STX … ETX` string holding the `ERRORS:` and `WARNINGS:` lines.
    case extendedStatus
    /// `~HI`: one `STX … ETX` string, `model,firmware,dots per mm,memory[,options]`.
    case identification

    /// The complete answer within `bytes`, or `nil` while it is incomplete.
    /// Strings of the other shape (a late answer to an earlier question) are skipped.
    public func answer(in bytes: [UInt8]) -> [UInt8]? {
        let strings = ZPLFraming.strings(in: bytes)
        switch self {
        case .hostStatus:
            let own = strings.filter { !$0.contains("ERRORS:") }
            guard own.count >= 3 else { return nil }
            return own.suffix(3).flatMap { ZPLFraming.frame($0) }
        case .extendedStatus:
            return strings.last { $0.contains("ERRORS:") }.map { ZPLFraming.frame($0) }
        case .identification:
            return strings.last { $0.split(separator: ",").count >= 4 && !$0.contains("ERRORS:") }
                .map { ZPLFraming.frame($0) }
        }
    }
}
