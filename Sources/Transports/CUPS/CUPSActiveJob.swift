import CCUPS

/// One unfinished CUPS job on a queue, as `Get-Jobs` lists it.
public struct CUPSActiveJob: Sendable, Hashable {
    public var id: Int
    public var state: CUPSJobState
    /// `job-name`.
    public var title: String

    /// True when the title is one the transport gives its jobs (`label N` or `label N of job ID`).
    public var isLabelJob: Bool { CUPSJobName.labelNumber(inJobName: title) != nil }
}
