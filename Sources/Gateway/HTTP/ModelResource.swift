import Core
import Foundation

struct ModelResource: Encodable {
    let model: PrinterModel

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model.name, forKey: .name)
        try container.encode(model.dpi, forKey: .dpi)
        try container.encode(model.dotsPerMillimetre, forKey: .dotsPerMillimetre)
        try container.encode(model.maxPrintWidthDots, forKey: .maxPrintWidthDots)
        try container.encode(model.answersHostStatus, forKey: .answersHostStatus)
        try container.encode(model.usbVendorID, forKey: .usbVendorID)
        try container.encode(model.usbProductID, forKey: .usbProductID)
        try container.encode(model.maxSpeedIPS, forKey: .maxSpeedIPS)
    }

    enum CodingKeys: String, CodingKey {
        case name, dpi
        case dotsPerMillimetre = "dots_per_mm"
        case maxPrintWidthDots = "max_print_width_dots"
        case answersHostStatus = "answers_host_status"
        case usbVendorID = "usb_vendor_id"
        case usbProductID = "usb_product_id"
        case maxSpeedIPS = "max_speed_ips"
    }
}
