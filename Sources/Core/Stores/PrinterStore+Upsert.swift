extension PrinterStore {
    /// Inserts the printers that are new and updates the others, by name. Returns (created, updated) names.
    public func upsert(_ printers: [Printer]) async throws -> (created: [String], updated: [String]) {
        var created: [String] = []
        var updated: [String] = []
        for printer in printers {
            if try await find(name: printer.name) == nil {
                _ = try await create(printer)
                created.append(printer.name)
            } else {
                _ = try await update(
                    name: printer.name,
                    PrinterChanges(
                        uri: printer.uri, model: printer.model, site: printer.site, enabled: printer.enabled,
                        description: printer.description))
                updated.append(printer.name)
            }
        }
        return (created, updated)
    }
}
