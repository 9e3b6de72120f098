@testable import Preview

/// Renders `zpl` at 300 dpi on a label of `width` × `height` dots.
func render(_ zpl: String, width: Int = 600, height: Int = 400) -> PreviewDocument {
    ZPLRenderer(options: PreviewOptions(dpi: 300, width: width, height: height)).render(Array(zpl.utf8))
}

/// The smallest rectangle holding every black dot, nil for a white label.
func inkBox(_ bitmap: LabelBitmap) -> DotRect? {
    var minX = Int.max
    var minY = Int.max
    var maxX = -1
    var maxY = -1
    for y in 0..<bitmap.height {
        for x in 0..<bitmap.width where bitmap[x, y] {
            minX = min(minX, x)
            minY = min(minY, y)
            maxX = max(maxX, x)
            maxY = max(maxY, y)
        }
    }
    guard maxX >= 0 else { return nil }
    return DotRect(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
}

/// The ink box of the first label's bitmap.
func labelInk(_ document: PreviewDocument) -> DotRect? {
    document.labels.first?.bitmap.flatMap(inkBox)
}
