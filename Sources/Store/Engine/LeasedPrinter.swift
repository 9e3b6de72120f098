import Core
import Foundation
import PostgresNIO

/// The first statement of a job start, prepared: extends the lease if its token is still current and reads the
/// leased printer with its model, in one round trip. Its one row says whether the lease held, with the printer's
/// columns, null when the printer is deleted or disabled.
struct LeasedPrinter: PostgresPreparedStatement {
    /// The fence as the first common table expression, `lease` (a row when the lease held), on $1 to $4 of
    /// ``PostgresBindings/appendFence(_:)``.
    static let leaseCTE = """
        lease AS (
            UPDATE gateway.printer_states SET lease_expires_at = now() + make_interval(secs => $1)
            WHERE printer_id = $2 AND lease_token = $3 AND lease_owner = $4
            RETURNING 1
        )
        """
    static let sql = """
        WITH \(leaseCTE)
        SELECT EXISTS (SELECT 1 FROM lease) AS fenced, printer.*
        FROM (SELECT 1) AS one
        LEFT JOIN (
            SELECT p.id, p.name, p.uri, p.site, p.enabled, p.description, p.zpl_policy, p.paused,
                   m.name AS model_name, m.dpi, m.dots_per_mm, m.max_print_width_dots, m.answers_host_status,
                   m.usb_vendor_id, m.usb_product_id, m.max_speed_ips
            FROM gateway.printers p JOIN gateway.printer_models m ON m.id = p.model_id
            WHERE p.id = $2 AND p.deleted_at IS NULL AND p.enabled
        ) AS printer ON true
        """
    /// Nil printer: deleted or disabled.
    typealias Row = (fenced: Bool, printer: (Printer, PrinterModel)?)

    let lease: PrinterLease

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.appendFence(lease)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        let r = row.makeRandomAccess()
        let fenced = try r["fenced"].decode(Bool.self)
        guard try r["id"].decode(UUID?.self) != nil else { return (fenced, nil) }
        return (fenced, try PrinterRow.decode(row))
    }
}

extension PostgresBindings {
    /// $1 to $4 of a fenced statement: the lease's duration in seconds, printer, token and owner.
    mutating func appendFence(_ lease: PrinterLease) {
        append(lease.duration.timeInterval)
        append(lease.printerID)
        append(lease.token)
        append(lease.owner)
    }
}
