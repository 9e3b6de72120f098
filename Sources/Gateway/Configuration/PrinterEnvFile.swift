import Core
import Foundation

/// A site's printers as env lines: `PRINTER_<ID>_URI=…` with optional `_MODEL`, `_SITE`, `_DESCRIPTION`,
/// `_ENABLED` and `_NAME` (default: the id in lower case, `_` as `-`).
public enum PrinterEnvFile {
    public static func printers(in text: String, transports: TransportRegistry) throws(ConfigurationError) -> [Printer]
    {
        let values = DotEnv.parse(text)
        var ids: [String] = []
        for key in values.keys.sorted() where key.hasPrefix("PRINTER_") && key.hasSuffix("_URI") {
            let id = String(key.dropFirst("PRINTER_".count).dropLast("_URI".count))
            if !id.isEmpty { ids.append(id) }
        }
        guard !ids.isEmpty else { throw ConfigurationError("no PRINTER_<ID>_URI lines found") }
        var printers: [Printer] = []
        for id in ids {
            func value(_ suffix: String) -> String? { values["PRINTER_\(id)_\(suffix)"] }
            let name = value("NAME") ?? id.lowercased().replacingOccurrences(of: "_", with: "-")
            guard Printer.isValidName(name) else {
                throw ConfigurationError("PRINTER_\(id): '\(name)' is not a valid printer name")
            }
            let uri = value("URI") ?? ""
            do { try transports.validate(uri) } catch {
                throw ConfigurationError("PRINTER_\(id)_URI: \(error.message)")
            }
            var enabled = true
            if let text = value("ENABLED") {
                guard
                    let parsed = ["true": true, "1": true, "yes": true, "false": false, "0": false, "no": false][
                        text.lowercased()]
                else { throw ConfigurationError("PRINTER_\(id)_ENABLED '\(text)' must be true or false") }
                enabled = parsed
            }
            printers.append(
                Printer(
                    name: name, uri: uri, model: value("MODEL") ?? PrinterModel.zebraZ230_300dpi.name,
                    site: value("SITE") ?? "", enabled: enabled, description: value("DESCRIPTION") ?? ""))
        }
        return printers
    }
}
