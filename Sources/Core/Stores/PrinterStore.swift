/// Printers and printer models: rows, not code. The engine's side of a printer (leases, status) is
/// ``EngineStore``.
///
/// Failures the callers act on are ``StoreError``s: `notFound`, `conflict`, `invalid` as each method says.
public protocol PrinterStore: Sendable {
    func models() async throws -> [PrinterModel]

    /// Every printer not deleted, by name.
    func list() async throws -> [PrinterRecord]

    func find(name: String) async throws -> PrinterRecord?

    /// Adds a printer; `conflict` when the name is taken or another printer's URI names the same device
    /// (``PrinterURI/deviceIdentity(of:)``), `invalid` when the model is unknown.
    func create(_ printer: Printer) async throws -> PrinterRecord

    /// Changes a printer; `notFound` without one of that name, `invalid` when the model is unknown, `conflict` when
    /// the new URI names the device of another printer.
    func update(name: String, _ changes: PrinterChanges) async throws -> PrinterRecord

    /// Pauses (`true`) or resumes a printer: paused, it is sent nothing new (the labels on it finish) and its jobs
    /// wait with `paused`. `notFound` without one of that name.
    func setPaused(name: String, _ paused: Bool) async throws -> PrinterRecord

    /// Soft-deletes a printer; its unfinished jobs stay queued, waiting with `printer_disabled`.
    func delete(name: String) async throws
}
