import Foundation

/// A job's labels on the worker's connection: where they start in the connection's count, what was sent and what
/// is fetched. The next job's first labels go out while the last labels of the job before it print; that job is
/// still queued then, and its run goes on from here once the worker starts it.
struct SendingJob: Sendable {
    let job: Job
    /// The labels of earlier jobs sent on the connection before this job's first.
    let offset: Int
    /// The job's confirmed count when its labels were fetched; its first label sent is the one after.
    let start: Int
    /// Labels of this job sent.
    var sent = 0
    /// Labels fetched and not yet sent, in order.
    var pending: [LabelDocument] = []
    /// When each label in flight was sent, oldest first.
    var sentAt: [Date] = []

    /// This job's labels confirmed, given the connection's count.
    func confirmed(onConnection confirmed: Int) -> Int { min(sent, max(0, confirmed - offset)) }
}
