import Core

extension SimulatedPrinter.Configuration {
    /// The query options a `sim://` URI may carry. None names a file: URIs come from API callers.
    /// (`gateway simulate --record FILE` sets ``recordPath``.)
    public static let uriOptions = ["media", "speed_ips", "label_dots", "dpi", "buffer", "fault"]

    /// Reads `sim://NAME?media=500&speed_ips=6&label_dots=1200&dpi=300&buffer=50&fault=paper_out@57`;
    /// `fault` may repeat. Options not given take the model's dpi and speed, then the defaults.
    public init(uri: PrinterURI, model: PrinterModel? = nil) throws(PrinterURIError) {
        guard uri.scheme == "sim" else { throw PrinterURIError("'\(uri)' is not a sim:// URI") }
        for item in uri.query where !Self.uriOptions.contains(item.name) {
            throw PrinterURIError(
                "'\(uri)': unknown option '\(item.name)'; sim:// takes \(Self.uriOptions.joined(separator: ", "))"
            )
        }
        self.init(name: uri.host)
        if let model {
            dpi = model.dpi
            speedIPS = Double(model.maxSpeedIPS)
        }

        func integer(_ option: String, minimum: Int) throws(PrinterURIError) -> Int? {
            guard let text = uri.value(option) else { return nil }
            guard let value = Int(text), value >= minimum else {
                throw PrinterURIError(
                    "'\(uri)': \(option) must be a whole number of at least \(minimum), not '\(text)'")
            }
            return value
        }
        if let value = try integer("media", minimum: 0) { media = value }
        if let value = try integer("label_dots", minimum: 1) { defaultLabelDots = value }
        if let value = try integer("dpi", minimum: 1) { dpi = value }
        if let value = try integer("buffer", minimum: 1) { bufferCapacity = value }
        if let text = uri.value("speed_ips") {
            guard let value = Double(text), value.isFinite, value > 0 else {
                throw PrinterURIError("'\(uri)': speed_ips must be a positive number, not '\(text)'")
            }
            speedIPS = value
        }
        do {
            faults = try SimulatedPrinter.Fault.parse(uri.values("fault"))
        } catch {
            throw PrinterURIError("'\(uri)': \(error.message)")
        }
    }
}
