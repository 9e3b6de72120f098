extension PrinterURI {
    /// What names the device behind `uri`, so that two printers never drive one device: host and port for raw
    /// 9100 (`socket` too, port 9100 by default), server and queue for CUPS (queue names ignore case), the serial
    /// for USB (a USB URI without one names no device in particular), the name for the simulator. Nil when `uri`
    /// is no URI or names no one device.
    public static func deviceIdentity(of uri: String) -> String? {
        guard let parsed = try? PrinterURI(uri) else { return nil }
        let host = parsed.host.lowercased()
        switch parsed.scheme {
        case "raw9100", "socket":
            return "tcp://\(host):\(parsed.port ?? 9100)"
        case "cups":
            let (server, queue) =
                parsed.path.isEmpty ? ("localhost:631", host) : ("\(host):\(parsed.port ?? 631)", parsed.path)
            return "cups://\(server)/\(queue.lowercased())"
        case "usb":
            return parsed.value("serial").map { "usb:serial=\($0)" }
        default:
            return "\(parsed.scheme)://\(host)"
        }
    }

    /// The refusal of a URI that names the device of the printer `other`.
    public static func sameDeviceMessage(_ other: String) -> String {
        "printer '\(other)' already names this device; one device is one printer, so that one job runs at a time on it"
    }
}
