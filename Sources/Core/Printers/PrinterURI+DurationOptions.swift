extension PrinterURI {
    /// `base` with the durations this URI's query overrides, each a number of seconds (`?connect_timeout=3`).
    /// Every query item must name one of `options`; `kind` says what the printer is in the error
    /// ("a raw port 9100 printer", "a CUPS queue").
    public func applyingDurations<Value>(
        to base: Value, options: [(name: String, keyPath: WritableKeyPath<Value, Duration>)], kind: String
    ) throws(PrinterURIError) -> Value {
        var result = base
        for (name, value) in query {
            guard let option = options.first(where: { $0.name == name }) else {
                let known = options.map(\.name).joined(separator: ", ")
                throw PrinterURIError("'\(self)': unknown option '\(name)' for \(kind); known options: \(known)")
            }
            guard let seconds = Double(value), seconds.isFinite, seconds > 0, seconds <= 86_400 else {
                throw PrinterURIError("'\(self)': option '\(name)' must be a number of seconds above 0, not '\(value)'")
            }
            result[keyPath: option.keyPath] = Duration(timeInterval: seconds)
        }
        return result
    }
}
