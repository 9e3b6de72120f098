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
        return Field(level: level, data: Array(data))
    }

    /// The modules of `data`, or nil when it does not fit a version 40 symbol.
    static func encode(_ field: Field) -> MonoImage? {
        guard !field.data.isEmpty, field.data.count <= 7089 else { return nil }
        let code: UnsafeMutablePointer<QRcode>?
        if field.data.contains(0) {
            code = field.data.withUnsafeBufferPointer {
                QRcode_encodeData(Int32($0.count), $0.baseAddress, 0, field.level)
            }
        } else {
            code = (field.data + [0]).withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) {
                    QRcode_encodeString($0.baseAddress, 0, field.level, QR_MODE_8, 1)
                }
            }
        }
        guard let code else { return nil }
        defer { QRcode_free(code) }
        let size = Int(code.pointee.width)
        var image = MonoImage(width: size, height: size)
        for row in 0..<size {
            for column in 0..<size where code.pointee.data[row * size + column] & 1 != 0 { image[column, row] = true }
        }
        return image
    }
}
