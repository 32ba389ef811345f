import Dialects
import Drivers

/// The database-wide lock a run holds while it changes anything, so that many app
/// instances starting at once apply each migration exactly once.
///
/// The engine's dialect says how the lock is taken and who holds it (``DatabaseLock``);
/// this type waits for it, up to a deadline, and says so once.
struct RunLock: Sendable {
    let held: any HeldLock
    private let connection: any Connection

    /// Takes the lock, waiting up to `timeout`.
    ///
    /// - Parameters:
    ///   - onWait: Called once, when the lock is busy, with who holds it where the engine can tell.
    /// - Throws: ``MigratorError`` `.lockTimeout` naming the holder when the wait times out.
    static func acquire(
        store: HistoryStore, url: DatabaseURL, timeout: Duration, stop: StopSignal? = nil, onWait: @Sendable (String) -> Void
    ) async throws -> RunLock {
        let lock = store.dialect.lock(url: url, historyName: store.lockName, connectionOutlivesRun: store.borrowed)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var announced = false
        var wait = Duration.zero
        while true {
            if let stop, stop.isStopped {
                lock.abandon()
                throw MigratorError.stoppedWaitingForLock
            }
            let attempt: LockAttempt
            do {
                attempt = try await lock.attempt(on: store.connection, waitingUpTo: wait)
            } catch let error as DatabaseError where error.code == .configuration {
                lock.abandon()
                throw MigratorError(.lockTimeout, error.message)
            } catch {
                lock.abandon()
                throw error
            }
            switch attempt {
            case .acquired(let held):
                return RunLock(held: held, connection: store.connection)
            case .busy(let holder):
                let remaining = deadline - clock.now
                if remaining <= .zero {
                    lock.abandon()
                    throw MigratorError.lockTimeout(holder: holder, timeout: timeout)
                }
                if !announced { onWait(holder); announced = true }
                if let interval = lock.pollInterval {
                    do {
                        // A stop signal is looked at every poll; a cancelled task stops too.
                        try await Task.sleep(for: min(interval, remaining))
                    } catch {
                        lock.abandon()
                        throw error
                    }
                } else {
                    // The engine waits on the server; with a stop signal, in slices of a
                    // second, so that a shutdown is seen within one.
                    wait = stop == nil ? remaining : min(remaining, .seconds(1))
                }
            }
        }
    }

    /// Releases the lock; what it keeps open is closed by ``finish()``.
    func release() async {
        await held.release(on: connection)
    }

    /// Closes what the lock kept open; call after the connection is closed.
    func finish() {
        held.finish()
    }
}
