/// The fields of the API's printer resource the commands show.
struct PrinterSummary: Decodable, Sendable {
    struct Status: Decodable, Sendable {
        let state: String
        let reasons: [String]
        let detail: String?
        let checkedAt: String?
    }

    let name: String
    let uri: String
    let model: String?
    let site: String?
    let enabled: Bool
    let description: String?
    let status: Status
    let confirmation: String?
    let drivenBy: String?
    /// Sent once printers can be paused.
    let paused: Bool?

    /// `ready`, `offline`, or `disabled` / `paused` when the gateway sends nothing to it.
    var state: String {
        if !enabled { return "disabled" }
        if paused == true || status.reasons.contains("paused") { return "paused" }
        return status.state
    }

    static func style(_ state: String) -> Terminal.Style? {
        switch state {
        case "ready": .good
        case "offline", "error": .bad
        case "paused", "disabled", "unknown": .warning
        default: nil
        }
    }
}
