import Core
import Foundation
import Hummingbird

struct TemplateResource: ResponseEncodable {
    let name: String
    let entry: TemplateLibrary.Entry

    enum CodingKeys: String, CodingKey {
        case name, description, dpi, size, fields, barcodes, symbols
        case widthDots = "width_dots"
        case heightDots = "height_dots"
        case loadError = "load_error"
    }

    struct Field: Encodable {
        let field: TemplateField
        enum CodingKeys: String, CodingKey {
            case name, type, required, decimals, min, max
            case maxLength = "max_length"
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(field.name, forKey: .name)
            try container.encode(field.kind.name, forKey: .type)
            try container.encode(field.required, forKey: .required)
            switch field.kind {
            case .decimal(let places), .weight(let places): try container.encode(places, forKey: .decimals)
            default: break
            }
            try container.encodeIfPresent(field.maxLength, forKey: .maxLength)
            try container.encodeIfPresent(field.minimum.map { "\($0)" }, forKey: .min)
            try container.encodeIfPresent(field.maximum.map { "\($0)" }, forKey: .max)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        let template = entry.template
        try container.encode(template?.description, forKey: .description)
        try container.encode(template?.dpi, forKey: .dpi)
        try container.encode(template?.size, forKey: .size)
        try container.encode(template?.widthDots, forKey: .widthDots)
        try container.encode(template?.heightDots, forKey: .heightDots)
        try container.encode((template?.fields ?? []).map(Field.init), forKey: .fields)
        let barcodes = (template?.barcodes ?? [:]).mapValues { $0.map { "(\($0.ai)){\($0.field)}" }.joined() }
        try container.encode(barcodes, forKey: .barcodes)
        let symbols = (template?.matrixSymbols ?? [:]).mapValues { symbol in
            let elements = symbol.elements.map { "(\($0.ai)){\($0.field)}" }.joined()
            switch symbol.kind {
            case .dataMatrix: return "GS1 DataMatrix \(elements)"
            case .qrCode: return "GS1 QR \(elements)"
            case .digitalLink(let link): return "GS1 Digital Link QR \(link) \(elements)"
            }
        }
        try container.encode(symbols, forKey: .symbols)
        try container.encode(
            entry.error.map { ["message": $0.message, "line": $0.line.map(String.init) ?? ""] }, forKey: .loadError)
    }
}
