/// A field's orientation: `N` normal, `R` turned 90° clockwise, `I` 180°, `B` 270° (read bottom to top).
enum Rotation: Sendable, Hashable {
    case normal, rotated, inverted, bottomUp

    init?(letter: UInt8?) {
        switch letter {
        case UInt8(ascii: "N"): self = .normal
        case UInt8(ascii: "R"): self = .rotated
        case UInt8(ascii: "I"): self = .inverted
        case UInt8(ascii: "B"): self = .bottomUp
        default: return nil
        }
    }

    var turnsSideways: Bool { self == .rotated || self == .bottomUp }
}
