import NIOCore

/// A connection's event loop as the executor of the tasks that serve its requests.
///
/// A request read on an event loop, answered by a handler on another thread and written back on the loop, wakes
/// two threads and switches twice for every request; its database call, answered on a client connection's loop,
/// once more. With the handler on the connection's own loop, reading, handling and writing stay on one thread,
/// and a database answer that arrives on the same loop needs no switch at all. Handlers therefore must not block
/// (they do not: every wait is an `await`).
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
