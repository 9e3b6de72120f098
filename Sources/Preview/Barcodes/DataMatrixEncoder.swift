import CDmtx

/// Data Matrix ECC 200 (`^BX` with quality 200) through libdmtx; the module matrix with one pixel a module.
///
/// Zebra facts (Zebra Programming Guide, ^BX): `^BXo,h,s,c,r,f,g,a`: `h` is the module size in dots, `s` the
/// quality (200 for ECC 200), `c` and `r` the columns and rows (0 or absent: the smallest that fits), `g` the
/// escape character (default `~`), `a` the aspect (1 square, 2 rectangular). With `g` as escape, `g1` is FNC1
/// (first: GS1 Data Matrix; later: the separator after a variable-length AI), `gg` is `g` itself and `gdNNN` the
/// byte NNN. `^FH` runs before this escape processing (ZEBRA.md, "GS1 in 2D symbols"). Quiet zone: 1 module
/// (ISO/IEC 16022).
enum DataMatrixEncoder {
    /// The data after escape processing and the byte that stands for FNC1 in it (one that the data does not use).
    static func unescape(_ field: [UInt8], escape: UInt8) -> (data: [UInt8], fnc1: UInt8?, scanned: String) {
        var data: [UInt8] = []
        var fnc1Positions: [Int] = []
        var index = 0
        while index < field.count {
            let byte = field[index]
            guard byte == escape, index + 1 < field.count else {
                data.append(byte)
                index += 1
                continue
            }
            let next = field[index + 1]
            if next == UInt8(ascii: "1") {
                fnc1Positions.append(data.count)
                index += 2
            } else if next == escape {
                data.append(escape)
                index += 2
            } else if ZPLReader.upper(next) == UInt8(ascii: "D"), index + 4 < field.count,
                let value = Int(String(decoding: field[(index + 2)...(index + 4)], as: UTF8.self)), value < 256
            {
                data.append(UInt8(value))
                index += 5
            } else if (UInt8(ascii: "2")...UInt8(ascii: "5")).contains(next) {
                index += 2
            } else {
                data.append(byte)
                index += 1
            }
        }
        var scanned = data.map { Unicode.Scalar($0) }
        guard !fnc1Positions.isEmpty else {
            return (data, nil, String(String.UnicodeScalarView(scanned)))
        }
        let marker = (UInt8(1)...UInt8(255)).first { !data.contains($0) } ?? 0xE8
        for position in fnc1Positions.reversed() {
            data.insert(marker, at: position)
            if position > 0 { scanned.insert(Unicode.Scalar(0x1D), at: position) }
        }
        return (data, marker, String(String.UnicodeScalarView(scanned)))
    }

    /// The modules, or nil when the data does not fit (or the requested size cannot hold it).
    static func encode(_ data: [UInt8], fnc1: UInt8?, columns: Int?, rows: Int?, rectangular: Bool) -> MonoImage? {
        guard !data.isEmpty, data.count <= 3116, let encoder = dmtxEncodeCreate() else { return nil }
        var owned: UnsafeMutablePointer<DmtxEncode>? = encoder
        defer { dmtxEncodeDestroy(&owned) }
        dmtxEncodeSetProp(encoder, Int32(DmtxPropModuleSize.rawValue), 1)
        dmtxEncodeSetProp(encoder, Int32(DmtxPropMarginSize.rawValue), 0)
        var size = rectangular ? DmtxSymbolRectAuto.rawValue : DmtxSymbolSquareAuto.rawValue
        if let columns, let rows, let index = symbolIndex(columns: columns, rows: rows) { size = index }
        dmtxEncodeSetProp(encoder, Int32(DmtxPropSizeRequest.rawValue), size)
        if let fnc1 { dmtxEncodeSetProp(encoder, Int32(DmtxPropFnc1.rawValue), Int32(fnc1)) }
        var bytes = data
        guard
            bytes.withUnsafeMutableBufferPointer({ dmtxEncodeDataMatrix(encoder, Int32($0.count), $0.baseAddress) })
                == DmtxPass, let message = encoder.pointee.message
        else { return nil }
        let sizeIndex = encoder.pointee.region.sizeIdx
        let symbolRows = Int(dmtxGetSymbolAttribute(Int32(DmtxSymAttribSymbolRows.rawValue), sizeIndex))
        let symbolColumns = Int(dmtxGetSymbolAttribute(Int32(DmtxSymAttribSymbolCols.rawValue), sizeIndex))
        guard symbolRows > 0, symbolColumns > 0 else { return nil }
        var image = MonoImage(width: symbolColumns, height: symbolRows)
        for row in 0..<symbolRows {
            for column in 0..<symbolColumns
            where dmtxSymbolModuleStatus(message, sizeIndex, Int32(row), Int32(column)) & Int32(DmtxModuleOnRGB) != 0 {
                // libdmtx counts rows from the bottom.
                image[column, symbolRows - 1 - row] = true
            }
        }
        return image
    }

    private static func symbolIndex(columns: Int, rows: Int) -> Int32? {
        for index in Int32(0)...Int32(DmtxSymbol16x48.rawValue) {
            if Int(dmtxGetSymbolAttribute(Int32(DmtxSymAttribSymbolRows.rawValue), index)) == rows,
                Int(dmtxGetSymbolAttribute(Int32(DmtxSymAttribSymbolCols.rawValue), index)) == columns
            {
                return index
            }
        }
        return nil
    }
}
