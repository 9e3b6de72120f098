/// One event of a `text/event-stream`.
struct ServerSentEvent: Sendable, Equatable {
    var id: String?
    var type: String?
    var data: String
}

/// Turns the bytes of a `text/event-stream` into events as they arrive (WHATWG HTML, "Server-sent events"): fields
/// `id`, `event` and `data` (several `data` lines join with a newline), comments from `:`, a blank line ends an
/// event. Lines may end with LF, CR LF or CR.
struct ServerSentEventParser {
    private var line: [UInt8] = []
    private var pending = ServerSentEvent(data: "")
    private var hasData = false
    private var lastWasCR = false

    /// The events that `bytes` complete.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n"), lastWasCR {
                lastWasCR = false
                continue
            }
            lastWasCR = byte == UInt8(ascii: "\r")
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                if let event = endLine() { events.append(event) }
            } else {
                line.append(byte)
            }
        }
        return events
    }

    private mutating func endLine() -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        guard !line.isEmpty else {
            defer {
                pending = ServerSentEvent(id: pending.id, data: "")
                hasData = false
            }
            return hasData ? pending : nil
        }
        let text = String(decoding: line, as: UTF8.self)
        if text.hasPrefix(":") { return nil }
        let (name, value) = Self.field(text)
        switch name {
        case "id": pending.id = value
        case "event": pending.type = value
        case "data":
            pending.data += hasData ? "\n" + value : value
            hasData = true
        default: break
        }
        return nil
    }

    /// `name: value` (one space after the colon dropped), or the whole line as a name with an empty value.
    private static func field(_ text: String) -> (String, String) {
        guard let colon = text.firstIndex(of: ":") else { return (text, "") }
        var value = text[text.index(after: colon)...]
        if value.first == " " { value = value.dropFirst() }
        return (String(text[..<colon]), String(value))
    }
}
