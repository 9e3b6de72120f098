/// The `^GB` rounded box, `^GC`/`^GE` ellipse and `^GD` diagonal, as horizontal spans per row.
extension Canvas {
    mutating func drawBox(_ rect: DotRect, thickness: Int, rounding: Int, _ paint: Paint) {
        let t = max(1, thickness)
        // Zebra: the corner radius is rounding / 8 of half the shorter side (Zebra Programming Guide, ^GB).
        let radius = rounding * min(rect.width, rect.height) / 16
        guard radius > 0 else {
            if 2 * t >= rect.width || 2 * t >= rect.height {
                fill(rect, paint)
            } else {
                fill(DotRect(x: rect.x, y: rect.y, width: rect.width, height: t), paint)
                fill(DotRect(x: rect.x, y: rect.maxY - t, width: rect.width, height: t), paint)
                fill(DotRect(x: rect.x, y: rect.y + t, width: t, height: rect.height - 2 * t), paint)
                fill(DotRect(x: rect.maxX - t, y: rect.y + t, width: t, height: rect.height - 2 * t), paint)
            }
            return
        }
        let inner = DotRect(x: rect.x + t, y: rect.y + t, width: rect.width - 2 * t, height: rect.height - 2 * t)
        let innerRadius = max(0, radius - t)
        for row in max(0, rect.y)..<min(bitmap.height, rect.maxY) {
            let (outerStart, outerEnd) = Self.roundedSpan(rect, radius: radius, row: row)
            if inner.width > 0, inner.height > 0, row >= inner.y, row < inner.maxY {
                let (innerStart, innerEnd) = Self.roundedSpan(inner, radius: innerRadius, row: row)
                fill(DotRect(x: outerStart, y: row, width: innerStart - outerStart, height: 1), paint)
                fill(DotRect(x: innerEnd, y: row, width: outerEnd - innerEnd, height: 1), paint)
            } else {
                fill(DotRect(x: outerStart, y: row, width: outerEnd - outerStart, height: 1), paint)
            }
        }
    }

    private static func roundedSpan(_ rect: DotRect, radius: Int, row: Int) -> (Int, Int) {
        let r = min(radius, rect.width / 2, rect.height / 2)
        guard r > 0 else { return (rect.x, rect.maxX) }
        let dy: Double
        if row < rect.y + r {
            dy = Double(rect.y + r - row) - 0.5
        } else if row >= rect.maxY - r {
            dy = Double(row - (rect.maxY - r)) + 0.5
        } else {
            return (rect.x, rect.maxX)
        }
        let dx = Double(r) - (Double(r * r) - min(dy * dy, Double(r * r))).squareRoot()
        let inset = Int(dx.rounded())
        return (rect.x + inset, rect.maxX - inset)
    }

    mutating func drawEllipse(_ rect: DotRect, thickness: Int, _ paint: Paint) {
        guard rect.width > 0, rect.height > 0 else { return }
        let a = Double(rect.width) / 2
        let b = Double(rect.height) / 2
        let t = Double(max(1, thickness))
        let ia = a - t
        let ib = b - t
        let cx = Double(rect.x) + a
        for row in max(0, rect.y)..<min(bitmap.height, rect.maxY) {
            let dy = Double(row - rect.y) + 0.5 - b
            let outer = a * (1 - min(1, dy * dy / (b * b))).squareRoot()
            let x0 = Int((cx - outer).rounded())
            let x1 = Int((cx + outer).rounded())
            if ia > 0, ib > 0, abs(dy) < ib {
                let inner = ia * (1 - dy * dy / (ib * ib)).squareRoot()
                let i0 = Int((cx - inner).rounded())
                let i1 = Int((cx + inner).rounded())
                fill(DotRect(x: x0, y: row, width: i0 - x0, height: 1), paint)
                fill(DotRect(x: i1, y: row, width: x1 - i1, height: 1), paint)
            } else {
                fill(DotRect(x: x0, y: row, width: x1 - x0, height: 1), paint)
            }
        }
    }

    /// A `^GD` line across `rect`: each row holds `thickness` dots, moving across the box from one corner to the
    /// opposite (right-leaning: bottom left to top right).
    mutating func drawDiagonal(_ rect: DotRect, thickness: Int, leansRight: Bool, _ paint: Paint) {
        guard rect.height > 0, rect.width > 0 else { return }
        let t = max(1, min(thickness, rect.width))
        let travel = rect.width - t
        for row in max(0, rect.y)..<min(bitmap.height, rect.maxY) {
            let step = rect.height > 1 ? (row - rect.y) * travel / (rect.height - 1) : 0
            let x = leansRight ? rect.x + travel - step : rect.x + step
            fill(DotRect(x: x, y: row, width: t, height: 1), paint)
        }
    }
}
