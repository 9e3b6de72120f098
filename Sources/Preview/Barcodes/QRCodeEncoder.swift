import CQREncode

/// QR Code (`^BQ`) through libqrencode; the module matrix with one pixel a module.
///
/// Zebra facts (Zebra Programming Guide, ^BQ): the field data starts with the error correction level (`H`, `Q`,
/// `M`, `L`) and the input mode (`A` automatic, `M` manual) and a comma: `QA,data`; in manual mode a character
/// mode follows (`N`, `A`, `K`, or `B` with a four-digit byte count). The magnification (1–10) is the module size
/// in dots; the default is 3 at 300 dpi (1 at 150, 2 at 200, 6 at 600). The quiet zone is 4 modules (ISO/IEC
/// 18004).
enum QRCodeEncoder {
    struct Field {
        var level: QRecLevel
        var data: [UInt8]
        /// Manual input (`M`): the data as one byte segment.
        var manual = false
    }

    /// The error level and the data of a `^BQ` field's data.
    static func parse(_ field: [UInt8]) -> Field {
        var level = QR_ECLEVEL_M
        var data = field[...]
        guard let comma = field.firstIndex(of: UInt8(ascii: ",")), comma <= 2 else {
            return Field(level: level, data: field)
        }
        switch field.first.map(ZPLReader.upper) {
        case UInt8(ascii: "H"): level = QR_ECLEVEL_H
        case UInt8(ascii: "Q"): level = QR_ECLEVEL_Q
        case UInt8(ascii: "L"): level = QR_ECLEVEL_L
        default: level = QR_ECLEVEL_M
        }
        let manual = comma == 2 && ZPLReader.upper(field[1]) == UInt8(ascii: "M")
        data = field[(comma + 1)...]
        if manual, let mode = data.first.map(ZPLReader.upper) {
            data = data.dropFirst()
            if mode == UInt8(ascii: "B") { data = data.dropFirst(min(4, data.count)) }
        }
        return Field(level: level, data: Array(data), manual: manual)
    }

    /// The modules of `data`, or nil when it does not fit a version 40 symbol: segmented and masked as the
    /// printer does (``QRSegmentation``, ``QRMask``), the smallest version that holds them.
    static func encode(_ field: Field) -> MonoImage? {
        guard !field.data.isEmpty, field.data.count <= 7089 else { return nil }
        for (version, last) in [(1, 9), (10, 26), (27, 40)] {
            let segments =
                field.manual
                ? [QRSegmentation.Segment(mode: .byte, range: 0..<field.data.count)]
                : QRSegmentation.segments(field.data, version: version)
            guard let code = encode(field, segments) else { return nil }
            defer { QRcode_free(code) }
            let size = Int(code.pointee.width)
            guard Int(code.pointee.version) <= last || last == 40 else { continue }
            let symbol = QRMask(
                modules: Array(UnsafeBufferPointer(start: code.pointee.data, count: size * size)), size: size,
                level: Int(field.level.rawValue)
            ).printerChoice()
            var image = MonoImage(width: size, height: size)
            for row in 0..<size {
                for column in 0..<size where symbol.dark(column, row) { image[column, row] = true }
            }
            return image
        }
        return nil
    }

    private static func encode(_ field: Field, _ segments: [QRSegmentation.Segment]) -> UnsafeMutablePointer<QRcode>? {
        guard let input = QRinput_new2(0, field.level) else { return nil }
        defer { QRinput_free(input) }
        for segment in segments {
            let mode: QRencodeMode =
                switch segment.mode {
                case .numeric: QR_MODE_NUM
                case .alphanumeric: QR_MODE_AN
                case .byte: QR_MODE_8
                }
            let status = field.data[segment.range].withUnsafeBufferPointer {
                QRinput_append(input, mode, Int32($0.count), $0.baseAddress)
            }
            guard status == 0 else { return nil }
        }
        return QRcode_encodeInput(input)
    }
}
