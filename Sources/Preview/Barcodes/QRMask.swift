/// The data mask the printer chooses for a QR symbol, applied to libqrencode's modules.
///
/// libqrencode picks its mask by the penalty rules of ISO/IEC 18004 §8.8.2; the printer evaluates them
/// differently (measured on a ZD621, zplkit's qr-mask-selection captures): it ranks the eight masks by their 2×2
/// blocks (3 each) and keeps the first three, ties in mask order; of those it takes the lowest total of the block
/// penalty, runs of five or more modules of one colour (`n` − 2 each), 1:1:3:1:1 finder-like patterns with four
/// light modules on one side (40 each, exterior light counted as long), and the dark share in steps of 5 %
/// (10 each), where the dark count leaves out each row's last dark run and the area is divided by 100 first.
struct QRMask {
    /// libqrencode's module bytes: bit 0 dark, bit 7 set on function patterns (not masked).
    var modules: [UInt8]
    var size: Int
    var level: Int

    static func applies(_ mask: Int, x: Int, y: Int) -> Bool {
        switch mask {
        case 0: (x + y) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (x + y) % 3 == 0
        case 4: (x / 3 + y / 2) % 2 == 0
        case 5: x * y % 2 + x * y % 3 == 0
        case 6: (x * y % 2 + x * y % 3) % 2 == 0
        default: ((x + y) % 2 + x * y % 3) % 2 == 0
        }
    }

    /// The 15 format bits (BCH code of the level and the mask, XOR 0x5412); levels L, M, Q, H are 0…3.
    static func formatBits(level: Int, mask: Int) -> Int {
        let data = ([1, 0, 3, 2][level] << 3) | mask
        var remainder = data << 10
        for bit in stride(from: 14, through: 10, by: -1) where remainder & (1 << bit) != 0 {
            remainder ^= 0x537 << (bit - 10)
        }
        return ((data << 10) | remainder) ^ 0x5412
    }

    /// The module positions of format bits 0…14, both copies (libqrencode's placement, ISO/IEC 18004 §8.9).
    func formatPositions(_ bit: Int) -> [(x: Int, y: Int)] {
        if bit < 8 { return [(size - 1 - bit, 8), bit < 6 ? (8, bit) : (8, bit + 1)] }
        let index = bit - 8
        return [(8, size - 7 + index), index == 0 ? (7, 8) : (6 - index, 8)]
    }

    func dark(_ x: Int, _ y: Int) -> Bool { modules[y * size + x] & 1 != 0 }

    /// The mask whose format bits the symbol carries, or nil.
    var currentMask: Int? {
        (0..<8).first { mask in
            let bits = Self.formatBits(level: level, mask: mask)
            return (0..<15).allSatisfy { bit in
                formatPositions(bit).allSatisfy { dark($0.x, $0.y) == (bits >> bit & 1 != 0) }
            }
        }
    }

    /// The symbol with `mask` in place of `current`.
    func remasked(from current: Int, to mask: Int) -> QRMask {
        var copy = self
        for y in 0..<size {
            for x in 0..<size where modules[y * size + x] & 0x80 == 0 {
                if Self.applies(current, x: x, y: y) != Self.applies(mask, x: x, y: y) {
                    copy.modules[y * size + x] ^= 1
                }
            }
        }
        let bits = Self.formatBits(level: level, mask: mask)
        for bit in 0..<15 {
            for position in formatPositions(bit) {
                let index = position.y * size + position.x
                copy.modules[index] = (copy.modules[index] & ~1) | UInt8(bits >> bit & 1)
            }
        }
        return copy
    }

    /// The symbol with the mask the printer chooses.
    func printerChoice() -> QRMask {
        guard let current = currentMask else { return self }
        let candidates = (0..<8).map { remasked(from: current, to: $0) }
        let blocks = candidates.map { $0.blockPenalty }
        let ranked = (0..<8).sorted { blocks[$0] < blocks[$1] || (blocks[$0] == blocks[$1] && $0 < $1) }
        var best = ranked[0]
        var bestPenalty = Int.max
        for mask in ranked.prefix(3) {
            let penalty = blocks[mask] + candidates[mask].remainingPenalty
            if penalty < bestPenalty {
                best = mask
                bestPenalty = penalty
            }
        }
        return candidates[best]
    }

    var blockPenalty: Int {
        var penalty = 0
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let colour = dark(x, y)
                if colour == dark(x + 1, y), colour == dark(x, y + 1), colour == dark(x + 1, y + 1) { penalty += 3 }
            }
        }
        return penalty
    }

    var remainingPenalty: Int {
        var penalty = 0
        var darkCount = 0
        for vertical in [false, true] {
            for line in 0..<size {
                // Runs alternate from light; a line starting dark has an empty light run first.
                var runs = [0]
                var isDark = false
                for index in 0..<size {
                    if (vertical ? dark(line, index) : dark(index, line)) != isDark {
                        if isDark, !vertical { darkCount += runs[runs.count - 1] }
                        runs.append(0)
                        isDark.toggle()
                    }
                    runs[runs.count - 1] += 1
                }
                penalty += runs.filter { $0 >= 5 }.reduce(0) { $0 + $1 - 2 }
                if isDark { runs.append(0) }
                runs[0] = 127
                runs[runs.count - 1] = 127
                var index = 1
                while index + 5 < runs.count {
                    let n = runs[index]
                    if runs[index + 1] == n, runs[index + 2] == 3 * n, runs[index + 3] == n, runs[index + 4] == n,
                        runs[index - 1] >= 4 * n || runs[index + 5] >= 4 * n
                    {
                        penalty += 40
                    }
                    index += 2
                }
            }
        }
        let percent = darkCount / max(1, size * size / 100)
        return penalty + abs(percent - 50) / 5 * 10
    }
}
