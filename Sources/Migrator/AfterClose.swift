import Synchronization

/// Closures run once the session's connection is closed (closing a lock's descriptor).
final class AfterClose: Sendable {
    private let actions = Mutex<[@Sendable () -> Void]>([])

    func add(_ action: @escaping @Sendable () -> Void) {
        actions.withLock { $0.append(action) }
    }

    func run() {
        let pending = actions.withLock { a in
            let taken = a
            a.removeAll()
            return taken
        }
        for action in pending { action() }
    }
}
