/// Where a field's own frame (`width` × `height` dots, text or bars laid out left to right) lands on the label:
/// the frame is turned by `rotation` and its turned box has its top left corner at `x`, `y`.
struct Placement: Sendable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int
    var rotation: Rotation

    /// A frame whose top left corner, after turning, is at `x`, `y` (the `^FO` rule).
    init(x: Int, y: Int, width: Int, height: Int, rotation: Rotation) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.rotation = rotation
    }

    /// A frame placed so that the frame point `anchor` lands on `point` (the `^FT` rule: the text's baseline
    /// start, a bar code's bottom left corner).
    init(anchor: (u: Int, v: Int), at point: (x: Int, y: Int), width: Int, height: Int, rotation: Rotation) {
        self.init(x: 0, y: 0, width: width, height: height, rotation: rotation)
        let mapped = map(anchor.u, anchor.v)
        x = point.x - mapped.x
        y = point.y - mapped.y
    }

    /// The label dot for frame dot `u`, `v`.
    func map(_ u: Int, _ v: Int) -> (x: Int, y: Int) {
        switch rotation {
        case .normal: (x + u, y + v)
        case .rotated: (x + height - 1 - v, y + u)
        case .inverted: (x + width - 1 - u, y + height - 1 - v)
        case .bottomUp: (x + v, y + width - 1 - u)
        }
    }

    /// The label rectangle covered by the frame rectangle `rect`.
    func map(_ rect: DotRect) -> DotRect {
        guard rect.width > 0, rect.height > 0 else {
            return DotRect(x: map(rect.x, rect.y).x, y: 0, width: 0, height: 0)
        }
        let a = map(rect.x, rect.y)
        let b = map(rect.maxX - 1, rect.maxY - 1)
        return DotRect(x: min(a.x, b.x), y: min(a.y, b.y), width: abs(a.x - b.x) + 1, height: abs(a.y - b.y) + 1)
    }

    /// The whole frame on the label.
    var box: DotRect {
        rotation.turnsSideways
            ? DotRect(x: x, y: y, width: height, height: width) : DotRect(x: x, y: y, width: width, height: height)
    }
}
