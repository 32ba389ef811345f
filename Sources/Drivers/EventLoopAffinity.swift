import NIOCore
import NIOPosix

/// Starts the threads of NIO's shared event loop group in the background, unless they run
/// already, and returns at once.
///
/// Starting them takes about a millisecond (the group is handed out only once every thread
/// has set up its epoll instance). A command-line tool calls this first thing, so that
/// they start while it parses its arguments; every session and ``withEventLoopAffinity(_:)``
/// use this group, which starts on first use otherwise.
public func startEventLoopsInBackground() {
    Task.detached { _ = MultiThreadedEventLoopGroup.singleton }
}

/// Runs `body` with its tasks preferring one event loop of NIO's shared group as their
/// executor, so that a session opened inside it does its I/O on the thread the caller's code
/// runs on.
///
/// A statement is then one write and one read on that thread: the reply resumes the caller
/// where it arrived instead of waking a thread of the concurrency pool, which measured a
/// fifth of the time of applying 1,000 small migrations to PostgreSQL. Sessions opened
/// inside pick this loop by themselves (`MultiThreadedEventLoopGroup.singleton.any()`
/// answers the current loop). Actor-isolated code of other actors and blocking work still
/// run where they always do; keep long synchronous work out of `body`, or hand it to
/// another executor, since it holds up the loop's I/O meanwhile.
///
/// Nested calls reuse the loop they run on.
public func withEventLoopAffinity<T>(_ body: () async throws -> T) async rethrows -> T {
    let loop = MultiThreadedEventLoopGroup.singleton.any()
    return try await withTaskExecutorPreference(EventLoopTaskExecutor(loop)) {
        try await body()
    }
}

/// A task executor that runs jobs on one NIO event loop.
final class EventLoopTaskExecutor: TaskExecutor {
    let loop: any EventLoop

    init(_ loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
