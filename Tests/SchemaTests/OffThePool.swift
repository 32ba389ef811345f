import Foundation

/// Runs CPU-heavy test work on a thread of its own, so that it does not hold one of the
/// few threads Swift concurrency shares between all the tests running at once (on a
/// 2-core machine, two such loops would stall every engine test's timeouts).
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try work() })
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
