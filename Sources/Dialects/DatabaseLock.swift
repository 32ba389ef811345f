import Drivers

/// The database-wide lock of one history, as an engine provides it. The waiting, the
/// deadline and the messages are the migrator's; the engine tries once and says who is
/// in the way.
public protocol DatabaseLock: Sendable {
    /// How long to sleep between two attempts; nil when ``attempt(on:waitingUpTo:)``
    /// waits on the server itself.
    var pollInterval: Duration? { get }

    /// Tries to take the lock once, waiting up to `wait` where the engine can wait.
    func attempt(on connection: any Connection, waitingUpTo wait: Duration) async throws -> LockAttempt

    /// Closes what the attempts kept open, when giving up without the lock.
    func abandon()
}

extension DatabaseLock {
    /// Does nothing: for locks whose attempts keep nothing open between tries (a server-side
    /// lock held by the session itself).
    public func abandon() {}
}

/// The outcome of one ``DatabaseLock/attempt(on:waitingUpTo:)``.
public enum LockAttempt: Sendable {
    /// The lock is held now.
    case acquired(any HeldLock)
    /// Someone else holds it: a description of who, where the engine can tell.
    case busy(holder: String)
}

/// A lock this session holds.
public protocol HeldLock: Sendable {
    /// Gives the lock back (errors are ignored: the session's end releases it anyway).
    func release(on connection: any Connection) async
    /// Closes what the lock kept open; called after the connection is closed.
    func finish()
}

/// The lock of a database that no other process can see (SQLite in memory).
struct NoLock: DatabaseLock, HeldLock {
    var pollInterval: Duration? { nil }
    func attempt(on connection: any Connection, waitingUpTo wait: Duration) async throws -> LockAttempt { .acquired(self) }
    func release(on connection: any Connection) async {}
    func finish() {}
}

/// FNV-1a, 64 bits: a stable hash for lock keys (the same in every process and version).
package func fnv1a64(_ s: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in s.utf8 {
        h ^= UInt64(b)
        h = h &* 0x100_0000_01b3
    }
    return h
}
