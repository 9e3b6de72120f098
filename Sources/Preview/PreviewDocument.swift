/// What a ZPL stream renders to: its labels, and the warnings about what could not be drawn.
public struct PreviewDocument: Sendable, Hashable {
    public var labels: [RenderedLabel]
    public var warnings: [PreviewWarning]

    public init(labels: [RenderedLabel], warnings: [PreviewWarning]) {
        self.labels = labels
        self.warnings = warnings
    }
}
