/// Rules every submitted job follows, whatever its source.
public enum JobLimits {
    /// Labels in one job, copies included.
    public static let maxLabels = 1_000
    /// Copies of each label.
    public static let maxCopies = 1_000
    /// Bytes of one label's ZPL.
    public static let maxLabelBytes = 256 * 1024
    public static let defaultMaxAttempts = 5
    /// Bytes of a job's `metadata`, as compact JSON.
    public static let maxMetadataBytes = 4096
}
