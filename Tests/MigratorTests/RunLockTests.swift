import Dialects
import Drivers
@testable import Migrator
import StrataTestSupport
import Synchronization
import Testing

/// The run lock on every engine: taken, waited for, and given up on with its holder named.
@Suite struct RunLockTests {
    @Test(arguments: TestEngine.available)
    func aBusyLockNamesItsHolderOnceAndTimesOut(engine: TestEngine) async throws {
        let db = try await engine.makeDatabase()
        let first = try await db.connect()
        let second = try await db.connect()
        let schema = engine == .postgres ? db.name : nil
        do {
            let a = HistoryStore(connection: first, schema: schema)
            let b = HistoryStore(connection: second, schema: schema)
            if engine == .postgres { try await first.execute("CREATE SCHEMA IF NOT EXISTS \"\(db.name)\"") }
            let held = try await RunLock.acquire(store: a, url: db.url, timeout: .seconds(5)) { _ in }
            let announced = Mutex<[String]>([])
            let clock = ContinuousClock()
            let start = clock.now
            do {
                // Long enough for the holder's lookup to answer on a loaded machine.
                _ = try await RunLock.acquire(store: b, url: db.url, timeout: .milliseconds(4000)) { holder in
                    announced.withLock { $0.append(holder) }
                }
                Issue.record("a held lock was taken twice")
            } catch let e as MigratorError {
                #expect(e.code == .lockTimeout)
                #expect(e.message.contains("held by"))
                switch engine {
                case .sqlite: #expect(e.message.contains("process "))
                case .postgres: #expect(e.message.contains("PostgreSQL backend pid"))
                case .mysql: #expect(e.message.contains("connection id"))
                }
            }
            #expect(clock.now - start >= .milliseconds(4000))
            let holders = announced.withLock { $0 }
            #expect(holders.count == 1, "the wait is announced once: \(holders)")
            // Released, it is free for the other session at once.
            await held.release()
            let next = try await RunLock.acquire(store: b, url: db.url, timeout: .seconds(5)) { _ in
                Issue.record("a free lock was waited for")
            }
            await next.release()
            try? await first.close()
            try? await second.close()
            held.finish()
            next.finish()
            await db.drop()
        } catch {
            try? await first.close()
            try? await second.close()
            await db.drop()
            throw error
        }
    }
}
