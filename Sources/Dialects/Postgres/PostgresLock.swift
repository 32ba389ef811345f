import Drivers

extension PostgresDialect {
    /// A session advisory lock on a key derived from the history table's schema-qualified
    /// name: released by `pg_advisory_unlock`, or by the server when the session ends (a
    /// killed process never leaves it behind).
    public func lock(url: DatabaseURL, historyName: String) -> any DatabaseLock {
        PostgresAdvisoryLock(key: Int64(bitPattern: fnv1a64("strata:" + historyName)))
    }
}

struct PostgresAdvisoryLock: DatabaseLock, HeldLock {
    let key: Int64

    var pollInterval: Duration? { .milliseconds(100) }

    func attempt(on connection: any Connection, waitingUpTo wait: Duration) async throws -> LockAttempt {
        let got = try await connection.query("SELECT pg_try_advisory_lock($1)", [.int(key)]).first?.values.first
        if got?.bool == true { return .acquired(self) }
        return .busy(holder: await holder(on: connection))
    }

    func release(on connection: any Connection) async {
        _ = try? await connection.query("SELECT pg_advisory_unlock($1)", [.int(key)])
    }

    func finish() {}

    /// Who holds the key: the backend, its user, application, address and start.
    private func holder(on connection: any Connection) async -> String {
        let bits = UInt64(bitPattern: key)
        let rows = try? await connection.query(
            """
            SELECT a.pid, a.usename, a.application_name, coalesce(host(a.client_addr), 'local socket'), to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = $1 AND l.objid::bigint = $2 AND l.objsubid = 1
            """,
            [.int(Int64(bits >> 32)), .int(Int64(bits & 0xFFFF_FFFF))]
        )
        guard let row = rows?.first, row.values.count >= 5 else { return "another session (not visible to this user)" }
        let app = row[2].string.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown application"
        return "PostgreSQL backend pid \(row[0]) (user \(row[1]), \(app), from \(row[3]), connected since \(row[4]))"
    }
}
