import Foundation

extension SimulatedPrinter {
    /// One connection to the printer (a TCP connection or an in-process transport).
    public struct ConnectionID: Sendable, Hashable, Comparable, CustomStringConvertible {
        public let rawValue: Int
        public init(_ rawValue: Int) { self.rawValue = rawValue }
        public static func < (lhs: ConnectionID, rhs: ConnectionID) -> Bool {
            lhs.rawValue < rhs.rawValue
        }
        public var description: String { "#\(rawValue)" }
    }

    /// A control command (`~XX`) as it arrived, acted on at once wherever it appeared in the stream.
    public struct ControlCommand: Sendable, Hashable {
        /// The command without its `~`, parameters included: `HS`, `HQES`, `JA`, `SD25`.
        public let name: String
        public let connection: ConnectionID
        public let receivedAt: Date
    }

    /// A label that left the print head.
    public struct PrintedLabel: Sendable, Hashable {
        /// 1, 2, 3… over the printer's life.
        public let sequence: Int
        /// 1…n for a format with `^PQn`.
        public let copy: Int
        /// The format's bytes, `^XA` to `^XZ`, without the control commands that arrived inside it.
        public let format: [UInt8]
        public let connection: ConnectionID
        public let printedAt: Date

        public var text: String { String(decoding: format, as: UTF8.self) }
    }

    /// What one connection sent and what became of it.
    public struct ConnectionStatistics: Sendable, Hashable {
        public var bytesReceived = 0
        /// Complete formats (`^XA…^XZ`) received.
        public var formatsReceived = 0
        /// Formats whose every copy has printed.
        public var formatsPrinted = 0
        /// Labels printed, counting each `^PQ` copy.
        public var labelsPrinted = 0
        /// Formats cancelled by `~JA` before they printed.
        public var formatsCancelled = 0
        /// Partial formats thrown away when the connection was reset or closed.
        public var partialFormatsDiscarded = 0

        public init() {}
    }

    /// What the printer makes of a chunk of bytes.
    public struct Reception: Sendable, Hashable {
        /// Bytes to send back (status answers), possibly empty.
        public var answer: [UInt8]
        /// The connection is reset (a `reset@K` fault): close it abruptly; bytes past K were lost.
        public var connectionReset: Bool
    }

    /// The printer's condition at one moment, read straight from the model.
    public struct Snapshot: Sendable, Hashable {
        public var paperOut: Bool
        public var headOpen: Bool
        public var ribbonOut: Bool
        public var paused: Bool
        public var formatsInBuffer: Int
        public var labelsRemainingInBatch: Int
        public var partialFormat: Bool
        public var labelsPrinted: Int
        public var mediaRemaining: Int
        /// No status answers at all (`silent`).
        public var silent: Bool
        /// Status answers are malformed (`garbled`).
        public var garbled: Bool
        public var blackhole: Bool
        public var refusingConnections: Bool

        /// True when `~HS` goes unanswered for a condition (media out, ribbon out, head open).
        public var hostStatusSilenced: Bool { paperOut || ribbonOut || headOpen }
        /// True when nothing is buffered, no batch is running and no format is half-received.
        public var isDrained: Bool {
            formatsInBuffer == 0 && labelsRemainingInBatch == 0 && !partialFormat
        }
        /// True when the printer could print a label now if it had one.
        public var canPrint: Bool { !paperOut && !headOpen && !ribbonOut && !paused && !blackhole }
    }
}
