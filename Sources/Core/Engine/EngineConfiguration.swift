import Foundation

/// How the job engine behaves. Defaults suit a Z230 on a LAN.
public struct EngineConfiguration: Sendable {
    /// Identifies this process in leases and events.
    public var owner: String
    /// Only printers of this site are driven; nil drives all.
    public var site: String?
    /// Labels sent and not yet confirmed, at most. Bounds the labels printed twice after a crash.
    public var window: Int
    /// Within ``window``, the printing time to keep in flight, measured from the printer's own pace: a fast
    /// printer gets the whole window, a slow one what it prints in this time (see ``PrintPace``).
    public var windowDuration: Duration
    public var leaseDuration: Duration
    /// How long a worker whose printer has no more work keeps its lease and its connection, so that a job arriving
    /// meanwhile starts without a new claim, connection or drain (at most a third of the lease; zero releases at
    /// once).
    public var idleHold: Duration
    /// The longest wait between status polls while labels are in flight; they come sooner on a fast printer.
    public var pollInterval: Duration
    /// Status poll or reconnection attempt while a job waits for its printer.
    public var waitInterval: Duration
    /// How often to look for work when no notification arrives.
    public var claimInterval: Duration
    /// A printer that reports itself ready but confirms none of the labels it holds for this long has failed
    /// (it accepts data but does not print): the attempt ends with an error.
    public var stallTimeout: Duration
    /// At shutdown, how long labels in flight may take to be confirmed before the printer is released anyway.
    public var shutdownGrace: Duration
    public var retry: RetryPolicy

    public init(
        owner: String = EngineConfiguration.defaultOwner(),
        site: String? = nil,
        window: Int = 16,
        windowDuration: Duration = .seconds(1),
        leaseDuration: Duration = .seconds(15),
        idleHold: Duration = .seconds(2),
        pollInterval: Duration = .milliseconds(100),
        waitInterval: Duration = .seconds(5),
        claimInterval: Duration = .seconds(2),
        stallTimeout: Duration = .seconds(120),
        shutdownGrace: Duration = .seconds(10),
        retry: RetryPolicy = RetryPolicy()
    ) {
        self.owner = owner
        self.site = site
        self.window = max(1, window)
        self.windowDuration = windowDuration
        self.leaseDuration = leaseDuration
        self.idleHold = idleHold
        self.pollInterval = pollInterval
        self.waitInterval = waitInterval
        self.claimInterval = claimInterval
        self.stallTimeout = stallTimeout
        self.shutdownGrace = shutdownGrace
        self.retry = retry
    }

    public static func defaultOwner() -> String {
        let info = ProcessInfo.processInfo
        return "\(info.hostName)-\(info.processIdentifier)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}
