/// Which commands each policy lets a label carry, and why. Sources: Zebra Programming Guide (the command
/// reference, one entry per command, cited as "ZPG ^XX") and ZEBRA.md.
extension ZPLPolicy {
    /// Why `command` is refused under this policy, or nil when it is allowed.
    public func refusal(of command: ZPLCommand) -> String? {
        if Self.prefixChanges.contains(command.name), command.name.count == 2 {
            return "changes the command prefixes or the delimiter, which would hide the commands that follow"
        }
        if command.prefix == .format, command.name == "PQ" { return quantityRefusal(command) }
        if self == .label, command.prefix == .format, command.name == "GF", Self.hasBinaryData(command) {
            return "carries binary graphic data (format B or C), which cannot be checked; send it as hex (^GFA)"
        }
        switch (self, command.prefix) {
        case (.label, .format):
            return Self.drawing.contains(command.name)
                ? nil
                : "does not draw a label: it changes or reads the printer's settings, memory, media or stored "
                    + "objects (allowed only on a printer with zpl_policy \"device\")"
        case (.label, .control):
            return "is a control command, which the printer acts on the moment it reads it, even inside field data"
        case (.device, .format):
            return nil
        case (.device, .control):
            return Self.deviceControls.contains(command.name)
                ? nil
                : "cancels, resets, pauses or questions the printer, or prints outside a format, which breaks how "
                    + "the gateway counts and confirms labels"
        }
    }

    /// Labels one format prints, from its last `^PQ` (1 without one). Nil when a quantity is not a whole number.
    static func quantity(_ command: ZPLCommand) -> Int? {
        let first = command.parameters.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).first
        let text = String(decoding: first ?? [], as: UTF8.self).trimmingSpaces
        guard !text.isEmpty else { return 1 }
        guard text.count <= 8, text.allSatisfy(\.isASCIIDigit), let value = Int(text) else { return nil }
        return value
    }

    /// `^GFB`/`^GFC`: the first parameter says the data is binary (ZPG ^GF).
    static func hasBinaryData(_ command: ZPLCommand) -> Bool {
        let first = command.parameters.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).first
        return ["B", "C"].contains(String(decoding: first ?? [], as: UTF8.self).trimmingSpaces.uppercased())
    }

    private func quantityRefusal(_ command: ZPLCommand) -> String? {
        // ZPG ^PQ: q is 1 to 99,999,999 labels; the printer reports those it still owes as "labels remaining in
        // batch" (ZEBRA.md, ~HS), which the engine reads as one label at most.
        guard let quantity = Self.quantity(command), quantity >= 1 else {
            return "needs a quantity from 1 to 99999999"
        }
        switch self {
        case .label where quantity > 1:
            return "prints \(quantity) copies in one format, which the gateway would count as one label; use "
                + "copies (or zpl_policy \"device\", which counts them)"
        default:
            return nil
        }
    }

    /// `^CC`/`~CC` (caret), `^CT`/`~CT` (tilde) and `^CD`/`~CD` (delimiter) change how every later byte reads
    /// (ZPG ^CC, ^CT, ^CD): after one, the gateway could no longer see the commands. Refused under every policy.
    static let prefixChanges: Set<String> = ["CC", "CT", "CD"]

    /// Format commands that only draw the label in hand. Layout settings among them (`^PW`, `^LL`, `^LH`, `^LS`,
    /// `^LT`, `^PO`, `^PM`, `^PR`, `^CI`, `^CF`, `^FW`, `^BY`) last until changed or the printer restarts, and are
    /// written to its settings only by `^JU`, which is refused (ZPG ^JU): the next label sets its own again.
    static let drawing: Set<String> = [
        // A format and its fields (ZPG ^XA, ^XZ, ^FO, ^FT, ^FS, ^FD, ^FV, ^FH, ^FR, ^FW, ^FB, ^FP, ^FX, ^TB).
        // ^FV is field data of a format laid out with ^MCN; ^FX is a comment.
        "XA", "XZ", "FO", "FT", "FS", "FD", "FV", "FH", "FR", "FW", "FB", "FP", "FX", "TB",
        // Text: a font from the printer's built-in letters and digits (ZPG ^A), the default font (^CF), the
        // character set (^CI; ^CI28 is UTF-8, ZEBRA.md) and text shaping (^PA). ^A@ and ^CW name fonts stored in
        // printer memory: refused, as every stored object is.
        "A", "CF", "CI", "PA",
        // Where and how the label lies on the media (ZPG ^LH, ^LL, ^PW, ^PO, ^PM, ^LR, ^LS, ^LT) and print speed
        // (^PR). ^MD (darkness), ^MN (media sensing), ^MT (thermal/transfer), ^MM (tear, peel, cutter,
        // applicator: peel and applicator hold the next label until one is taken) and ^JM (dots per mm) set up
        // the media and stay out.
        "LH", "LL", "PW", "PO", "PM", "LR", "LS", "LT", "PR",
        // Graphics carried in the label: box, circle, ellipse, diagonal, symbol, field graphic (ZPG ^GB, ^GC, ^GE,
        // ^GD, ^GS, ^GF). ^GF's binary forms are refused by the label check: only hex (A) data can be read as text.
        "GB", "GC", "GE", "GD", "GS", "GF",
        // Bar codes (ZPG ^BY defaults, then one command per symbology): Code 128, EAN-13, EAN-8, UPC-A, UPC-E,
        // UPC/EAN extensions, Code 39, Code 93, Code 11, Interleaved/Industrial/Standard 2 of 5, Codabar, MSI,
        // Plessey, Code 49, QR, Data Matrix, MaxiCode, PDF417, MicroPDF417, Aztec, GS1 DataBar, Codablock, TLC39,
        // POSTNET and PLANET.
        "BY", "BC", "BE", "B8", "BU", "B9", "BS", "B3", "BA", "B1", "B2", "BI", "BJ", "BK", "BM", "BP", "B4",
        "BQ", "BX", "BD", "B7", "BF", "B0", "BO", "BR", "BB", "BT", "BZ", "B5",
        // Quantity: ^PQ with 1 label only (checked with its parameters).
        "PQ",
    ]
    // Left out on purpose, among others: ^FN and ^DF/^XF (stored formats), ^XG, ^IL, ^IM, ^IS, ^ID, ^DG, ^DY
    // (stored graphics and objects), ^JU, ^JZ, ^KP, ^NS, ^NC, ^SZ, ^HZ, ^HH, ^HW (settings, passwords, network,
    // language, host queries), ^SN and ^SF (serial numbers only matter with several copies), ^CO (font cache),
    // ^FL (font links), ^FC (clock).

    /// Control commands a `device` printer may get: downloads of graphics, fonts and objects (ZPG ~DB, ~DE, ~DG,
    /// ~DN, ~DS, ~DT, ~DU, ~DY), erasing downloaded graphics (~EG), darkness (~SD), tear-off position (~TA) and
    /// backfeed (~JS). They change what the printer holds, not which labels it prints. Every other `~` command is
    /// refused: ~JA, ~JX, ~JP (cancel formats), ~JR (reset), ~PS, ~PP (start or pause), ~HS, ~HQ, ~HI, ~HM, ~HD
    /// (answers the engine would take for its own status answers), ~WC (prints a configuration label), ~JC, ~JL
    /// (feed and measure media), ~RO (reset counters).
    static let deviceControls: Set<String> = ["DB", "DE", "DG", "DN", "DS", "DT", "DU", "DY", "EG", "SD", "TA", "JS"]
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
