/// Text laid out in its field's frame: lines of characters with their pen positions and baselines.
struct TextRun: Sendable {
    struct Line: Sendable {
        var scalars: [UInt32]
        var positions: [Int]
        /// Left edge of the line in the frame.
        var x: Int
        /// Baseline row in the frame.
        var baseline: Int
    }

    var font: FontSpec
    var lines: [Line]
}
