import Foundation

/// The job a leased printer prints next, with the printer and model as they are now (a changed URI applies).
public struct EngineAssignment: Sendable {
    public var job: Job
    public var printer: Printer
    public var model: PrinterModel

    public init(job: Job, printer: Printer, model: PrinterModel) {
        self.job = job
        self.printer = printer
        self.model = model
    }
}
