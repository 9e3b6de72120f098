/// How the printer splits a `^BQ` automatic-mode field into QR segments (numeric, alphanumeric, byte).
///
/// The printer does not search for the shortest bit stream (ISO/IEC 18004 Annex H): it cuts the data into runs of
/// one character class, then walks them forward once, merging a run with the next one (or the next two, when the
/// third is of the same class as the first and the middle one is more compact) whenever one segment of the widest
/// class costs fewer bits than the separate ones; before a compact run is absorbed into bytes, the run after it
/// may first join it. A boundary once passed is not revisited. Measured on a ZD621 (zplkit's
/// qr-segmentation-zd621-v1 captures); the count widths depend on the version's class (1–9, 10–26, 27–40).
enum QRSegmentation {
    enum Mode: Int, Comparable {
        case numeric = 1
        case alphanumeric = 2
        case byte = 4

        static func < (lhs: Mode, rhs: Mode) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    struct Segment: Equatable {
        var mode: Mode
        var range: Range<Int>
    }

    static let alphanumeric: Set<UInt8> = Set(Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".utf8))

    static func mode(of byte: UInt8) -> Mode {
        if byte >= 0x30, byte <= 0x39 { return .numeric }
        return alphanumeric.contains(byte) ? .alphanumeric : .byte
    }

    /// Bits of the character count indicator for `mode` in a symbol of `version`.
    static func countWidth(_ mode: Mode, version: Int) -> Int {
        let group = version < 10 ? 0 : version < 27 ? 1 : 2
        switch mode {
        case .numeric: return [10, 12, 14][group]
        case .alphanumeric: return [9, 11, 13][group]
        case .byte: return [8, 16, 16][group]
        }
    }

    /// Bits of one segment of `count` characters, its mode indicator and count included.
    static func cost(_ mode: Mode, count: Int, version: Int) -> Int {
        let payload: Int
        switch mode {
        case .numeric: payload = count / 3 * 10 + [0, 4, 7][count % 3]
        case .alphanumeric: payload = count / 2 * 11 + count % 2 * 6
        case .byte: payload = count * 8
        }
        return 4 + countWidth(mode, version: version) + payload
    }

    /// The widest class of `runs` when one segment of it is shorter than the runs apart, else nil.
    private static func merged(_ runs: ArraySlice<Segment>, version: Int) -> Mode? {
        guard let first = runs.first, let last = runs.last, let widest = runs.map(\.mode).max() else { return nil }
        let apart = runs.reduce(0) { $0 + cost($1.mode, count: $1.range.count, version: version) }
        return cost(widest, count: last.range.upperBound - first.range.lowerBound, version: version) < apart
            ? widest : nil
    }

    static func segments(_ data: [UInt8], version: Int) -> [Segment] {
        var runs: [Segment] = []
        for (index, byte) in data.enumerated() {
            let mode = mode(of: byte)
            if let last = runs.last, last.mode == mode {
                runs[runs.count - 1].range = last.range.lowerBound..<(index + 1)
            } else {
                runs.append(Segment(mode: mode, range: index..<(index + 1)))
            }
        }
        var index = 0
        while index + 1 < runs.count {
            let end =
                index + 2 < runs.count && runs[index].mode == runs[index + 2].mode
                    && runs[index].mode >= runs[index + 1].mode ? index + 2 : index + 1
            guard let target = merged(runs[index...end], version: version) else {
                index += 1
                continue
            }
            if target == .byte, index + 2 < runs.count, runs[index + 1].mode < .byte, runs[index + 2].mode < .byte,
                let next = merged(runs[(index + 1)...(index + 2)], version: version)
            {
                let joined = Segment(
                    mode: next, range: runs[index + 1].range.lowerBound..<runs[index + 2].range.upperBound)
                runs.replaceSubrange((index + 1)...(index + 2), with: [joined])
                continue
            }
            let joined = Segment(mode: target, range: runs[index].range.lowerBound..<runs[end].range.upperBound)
            runs.replaceSubrange(index...end, with: [joined])
        }
        return runs
    }
}
