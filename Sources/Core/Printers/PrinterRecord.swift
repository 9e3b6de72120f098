import Foundation

/// A printer with its model and what the engine last learnt of it.
public struct PrinterRecord: Sendable, Hashable {
    public var printer: Printer
    public var model: PrinterModel
    public var status: PrinterStatus
    /// The gateway process driving it now, if any.
    public var drivenBy: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        printer: Printer, model: PrinterModel, status: PrinterStatus, drivenBy: String?, createdAt: Date,
        updatedAt: Date
    ) {
        self.printer = printer
        self.model = model
        self.status = status
        self.drivenBy = drivenBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
