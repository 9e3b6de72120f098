import Core
import Foundation
import PostgresNIO

enum ModelRow {
    static let columns = """
        m.name, m.dpi, m.dots_per_mm, m.max_print_width_dots, m.answers_host_status, m.usb_vendor_id,
        m.usb_product_id, m.max_speed_ips
        """

    static func decode(_ r: PostgresRandomAccessRow, nameColumn: String = "name") throws -> PrinterModel {
        PrinterModel(
            name: try r[nameColumn].decode(String.self),
            dpi: try r["dpi"].decode(Int.self),
            dotsPerMillimetre: try r["dots_per_mm"].decode(Int.self),
            maxPrintWidthDots: try r["max_print_width_dots"].decode(Int.self),
            answersHostStatus: try r["answers_host_status"].decode(Bool.self),
            usbVendorID: try r["usb_vendor_id"].decode(Int?.self),
            usbProductID: try r["usb_product_id"].decode(Int?.self),
            maxSpeedIPS: try r["max_speed_ips"].decode(Int.self))
    }
}
