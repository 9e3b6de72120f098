import Core
import Foundation
import PostgresNIO

/// The columns every printer query selects (printer, model and last known status), and how a row decodes.
enum PrinterRow {
    static let columns = """
        p.id, p.name, p.uri, p.site, p.enabled, p.description, p.zpl_policy, p.paused, p.created_at, p.updated_at,
        m.name AS model_name, m.dpi, m.dots_per_mm, m.max_print_width_dots, m.answers_host_status,
        m.usb_vendor_id, m.usb_product_id, m.max_speed_ips,
        s.status_state, s.status_reasons, s.status_detail, s.status_checked_at, s.lease_owner, s.lease_expires_at,
        \(LiveGateways.liveGatewayCondition) AS has_gateway
        """
    static let from = """
        gateway.printers p
        JOIN gateway.printer_models m ON m.id = p.model_id
        LEFT JOIN gateway.printer_states s ON s.printer_id = p.id
        """

    static func decode(_ row: PostgresRow) throws -> (Printer, PrinterModel) {
        let r = row.makeRandomAccess()
        let model = try ModelRow.decode(r, nameColumn: "model_name")
        let printer = Printer(
            id: try r["id"].decode(UUID.self),
            name: try r["name"].decode(String.self),
            uri: try r["uri"].decode(String.self),
            model: model.name,
            site: try r["site"].decode(String.self),
            enabled: try r["enabled"].decode(Bool.self),
            description: try r["description"].decode(String.self),
            zplPolicy: ZPLPolicy(rawValue: try r["zpl_policy"].decode(String.self)) ?? .default,
            paused: try r["paused"].decode(Bool.self))
        return (printer, model)
    }

    static func decodeRecord(_ row: PostgresRow) throws -> PrinterRecord {
        let (printer, model) = try decode(row)
        let r = row.makeRandomAccess()
        let state = try r["status_state"].decode(String?.self) ?? "unknown"
        let reasons = try r["status_reasons"].decode([String]?.self) ?? []
        var knownReasons = reasons.compactMap(PrinterReason.init(rawValue:))
        if try r["has_gateway"].decode(Bool.self) == false { knownReasons.append(.noGatewayForSite) }
        let status = PrinterStatus(
            state: PrinterState(rawValue: state) ?? .unknown,
            reasons: knownReasons,
            checkedAt: try r["status_checked_at"].decode(Date?.self),
            detail: try r["status_detail"].decode(String?.self))
        let leaseExpires = try r["lease_expires_at"].decode(Date?.self)
        return PrinterRecord(
            printer: printer, model: model, status: status,
            drivenBy: (leaseExpires.map { $0 > Date() } ?? false) ? try r["lease_owner"].decode(String?.self) : nil,
            createdAt: try r["created_at"].decode(Date.self), updatedAt: try r["updated_at"].decode(Date.self))
    }
}
