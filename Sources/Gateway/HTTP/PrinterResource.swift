import Core
import Foundation
import Hummingbird

struct PrinterResource: ResponseEncodable {
    let record: PrinterRecord
    let confirmation: Confirmation?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let printer = record.printer
        try container.encode(printer.id.uuidString.lowercased(), forKey: .id)
        try container.encode(printer.name, forKey: .name)
        try container.encode(PrinterURI.masked(printer.uri), forKey: .uri)
        try container.encode(printer.model, forKey: .model)
        try container.encode(printer.site, forKey: .site)
        try container.encode(printer.enabled, forKey: .enabled)
        try container.encode(printer.description, forKey: .description)
        try container.encode(printer.zplPolicy.rawValue, forKey: .zplPolicy)
        try container.encode(printer.paused, forKey: .paused)
        try container.encode(StatusResource(record.status), forKey: .status)
        try container.encode(confirmation?.rawValue, forKey: .confirmation)
        try container.encode(record.drivenBy, forKey: .drivenBy)
        try container.encode(record.createdAt, forKey: .createdAt)
        try container.encode(record.updatedAt, forKey: .updatedAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, name, uri, model, site, enabled, description, status, confirmation, paused
        case zplPolicy = "zpl_policy"
        case drivenBy = "driven_by"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
