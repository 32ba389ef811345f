import Drivers
import Testing

/// The SQLite session's life cycle.
struct SQLiteSessionTests {
    /// A task cancelled by a sibling's failure still closes its session: sqlite-nio's async
    /// close would skip its work and leave the connection open (which its deinit asserts on).
    @Test func closeInACancelledTaskStillCloses() async throws {
        let session = try await SQLiteSession.open(url: try DatabaseURL("sqlite::memory:"), options: ConnectOptions())
        let closing = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await session.close()
        }
        try await closing.value
        await #expect(throws: (any Error).self) { _ = try await session.query("SELECT 1", []) }
    }
}
