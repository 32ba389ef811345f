import Drivers

extension MySQLDialect {
    /// `GET_LOCK` on a name derived from the database and the history table; released with
    /// `RELEASE_LOCK` or when the session ends. Names longer than the server's 64
    /// characters are hashed.
    public func lock(url: DatabaseURL, historyName: String) -> any DatabaseLock {
        let full = "strata:" + url.database + "." + historyName
        return MySQLNamedLock(name: full.utf8.count <= 64 ? full : "strata:" + String(fnv1a64(full), radix: 16))
    }
}

struct MySQLNamedLock: DatabaseLock, HeldLock {
    let name: String

    /// `GET_LOCK` waits on the server.
    var pollInterval: Duration? { nil }

    /// Waits on the server for at most 5 s at a time (at least 1 s once a wait is asked
    /// for), so that the caller can tell who holds it and check its deadline in between.
    func attempt(on connection: any Connection, waitingUpTo wait: Duration) async throws -> LockAttempt {
        let seconds = wait <= .zero ? 0 : max(1, min(5, Int(wait.components.seconds)))
        let got = try await connection.query("SELECT GET_LOCK(?, ?)", [.text(name), .int(Int64(seconds))]).first?.values.first?.int
        if got == 1 { return .acquired(self) }
        return .busy(holder: await holder(on: connection))
    }

    func release(on connection: any Connection) async {
        _ = try? await connection.query("SELECT RELEASE_LOCK(?)", [.text(name)])
    }

    func finish() {}

    /// The connection that holds the name, with its user, host and age.
    private func holder(on connection: any Connection) async -> String {
        guard let id = try? await connection.query("SELECT IS_USED_LOCK(?)", [.text(name)]).first?.values.first?.int else {
            return "another session"
        }
        let rows = try? await connection.query(
            "SELECT USER, HOST, TIME FROM information_schema.PROCESSLIST WHERE ID = ?", [.int(id)]
        )
        guard let row = rows?.first, row.values.count >= 3 else { return "connection id \(id)" }
        return "connection id \(id) (user \(row[0]) from \(row[1]), connected \(row[2]) s)"
    }
}
