/// `^POI`: the whole label printed upside down.
extension LabelBitmap {
    func turnedHalfWay() -> LabelBitmap {
        var turned = LabelBitmap(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width where self[x, y] {
                let tx = width - 1 - x
                let ty = height - 1 - y
                turned.bits[ty * rowBytes + tx >> 3] |= 0x80 >> UInt8(tx & 7)
            }
        }
        return turned
    }
}

extension DrawnElement {
    func turnedHalfWay(_ width: Int, _ height: Int) -> DrawnElement {
        func turn(_ rect: DotRect) -> DotRect {
            DotRect(x: width - rect.maxX, y: height - rect.maxY, width: rect.width, height: rect.height)
        }
        var turned = self
        turned.box = turn(box)
        turned.quietZone = quietZone.map(turn)
        return turned
    }
}
