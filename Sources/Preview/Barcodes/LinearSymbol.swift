/// A one-dimensional symbol as drawn: bar and space widths in dots (bar first), what its interpretation line
/// says, what a scanner reads from it, and its quiet zones.
struct LinearSymbol: Sendable, Hashable {
    /// Alternating bars and spaces, in dots, starting with a bar.
    var widths: [Int]
    /// Indices into `widths` of bars that reach below the others (EAN/UPC guard bars).
    var guardBars: Set<Int> = []
    var interpretation: String
    /// The data a scanner reports: FNC1 in first position left out, later FNC1 as GS (0x1D).
    var data: String
    /// Quiet zone in dots on the left and the right.
    var quietLeft: Int
    var quietRight: Int

    var width: Int { widths.reduce(0, +) }
}
