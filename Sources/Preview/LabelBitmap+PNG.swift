extension LabelBitmap {
    /// The label as a PNG file. Until the encoder lands this is the PNG signature alone.
    public func png() -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    }
}
