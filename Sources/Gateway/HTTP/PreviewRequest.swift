import Core
import Preview

/// The body of `POST /v1/preview`, checked field by field so that each refusal names its field.
struct PreviewRequest {
    var zpl: String
    var dpi: Int?
    var width: Int?
    var height: Int?
    var label: Int
    var printer: String?

    static let dpis = [152, 203, 300, 600]
    /// Widest and longest label drawn, in dots: 8 in and 20 in at 600 dpi (a bitmap of at most 7.2 MB).
    static let maxWidth = 4_800
    static let maxHeight = 12_000
    static let keys: Set<String> = ["zpl", "dpi", "width", "height", "label", "printer"]

    init(_ body: [String: JSONValue]) throws {
        if let unknown = body.keys.sorted().first(where: { !Self.keys.contains($0) }) {
            throw APIError.badRequest(
                "'\(unknown)' is not a field of a preview; give zpl, dpi, width, height, label or printer",
                details: ["field": .string(unknown)])
        }
        guard case .string(let zpl)? = body["zpl"] else {
            throw APIError.badRequest(
                body["zpl"] == nil ? "zpl is required: the ZPL to render" : "zpl must be a string of ZPL",
                details: ["field": .string("zpl")])
        }
        self.zpl = zpl
        dpi = try Self.integer(body, "dpi")
        if let dpi, !Self.dpis.contains(dpi) {
            throw Self.invalid("dpi", "dpi must be 152, 203, 300 or 600, not \(dpi)")
        }
        width = try Self.integer(body, "width")
        if let width, !(1...Self.maxWidth).contains(width) {
            throw Self.invalid("width", "width must be 1 to \(Self.maxWidth) dots, not \(width)")
        }
        height = try Self.integer(body, "height")
        if let height, !(1...Self.maxHeight).contains(height) {
            throw Self.invalid("height", "height must be 1 to \(Self.maxHeight) dots, not \(height)")
        }
        label = try Self.integer(body, "label") ?? 1
        guard label >= 1 else { throw Self.invalid("label", "label must be 1 or more, not \(label)") }
        switch body["printer"] {
        case nil, .null?: printer = nil
        case .string(let name)?: printer = name
        default: throw APIError.badRequest("printer must be a printer's name", details: ["field": .string("printer")])
        }
    }

    /// The renderer's options: the printer model's dpi and width where the request gives none.
    func options(model: PrinterModel?) -> PreviewOptions {
        PreviewOptions(dpi: dpi ?? model?.dpi ?? 300, width: width ?? model?.maxPrintWidthDots, height: height)
    }

    private static func integer(_ body: [String: JSONValue], _ key: String) throws -> Int? {
        switch body[key] {
        case nil, .null?: return nil
        case .integer(let value)?: return value
        case .number(let value)? where value == value.rounded() && abs(value) < 1e9: return Int(value)
        default:
            throw APIError.badRequest("\(key) must be a whole number", details: ["field": .string(key)])
        }
    }

    static func invalid(_ field: String, _ message: String) -> APIError {
        APIError.unprocessable("invalid_field", message, details: ["field": .string(field)])
    }
}
