import Core
import Foundation
import Hummingbird
import Preview

/// The answer of a preview route: the label's PNG, or with `Accept: application/json` the layout with the PNG in
/// base 64: `{"label_count", "label", "width", "height", "dpi", "warnings", "elements", "preflight", "png_base64"}`.
enum PreviewAnswer {
    static func response(
        _ document: PreviewDocument, label: RenderedLabel, dpi: Int, printableWidth: Int?, request: Request
    ) throws -> Response {
        let png = label.bitmap?.png() ?? []
        guard wantsJSON(request) else {
            return Response(
                status: .ok, headers: [.contentType: "image/png", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: png)))
        }
        let body: JSONValue = .object([
            "label_count": .integer(document.labels.count), "label": .integer(label.number),
            "width": .integer(label.width), "height": .integer(label.height), "dpi": .integer(dpi),
            "warnings": .array(document.warnings.map(\.json)),
            "elements": .array(label.elements.map(\.json)),
            "preflight": .array(Preflight.issues(in: label, printableWidth: printableWidth).map(\.json)),
            "png_base64": .string(Data(png).base64EncodedString()),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(body))))
    }

    /// Whether the client asks for JSON rather than the image.
    static func wantsJSON(_ request: Request) -> Bool {
        request.headers[values: .accept].contains { value in
            value.split(separator: ",").contains {
                $0.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
            }
        }
    }

    /// 422 naming `label` when the stream has fewer labels than the one asked for.
    static func labelOutOfRange(_ number: Int, count: Int) -> APIError {
        let message =
            count == 0
            ? "the ZPL holds no label (no ^XA…^XZ format)"
            : "label \(number) is not in 1…\(count): the ZPL holds \(count) label\(count == 1 ? "" : "s")"
        return APIError.unprocessable(
            count == 0 ? "no_labels" : "invalid_field", message,
            details: ["field": .string(count == 0 ? "zpl" : "label"), "label_count": .integer(count)])
    }
}

extension PreviewWarning {
    var json: JSONValue {
        .object([
            "label": .integer(label), "command": .string(command), "offset": .integer(offset),
            "message": .string(message),
        ])
    }
}

extension DrawnElement {
    /// `{"kind", "command", "field", "box": {"x", "y", "width", "height"}, "quiet_zone", "overflow", "data", "offset"}`.
    var json: JSONValue {
        .object([
            "kind": .string(kind.rawValue), "command": .string(command),
            "field": fieldName.map(JSONValue.string) ?? .null, "box": box.json,
            "quiet_zone": quietZone?.json ?? .null, "overflow": .integer(overflow),
            "data": data.map(JSONValue.string) ?? .null, "offset": .integer(offset),
        ])
    }
}

extension DotRect {
    var json: JSONValue {
        .object(["x": .integer(x), "y": .integer(y), "width": .integer(width), "height": .integer(height)])
    }
}
