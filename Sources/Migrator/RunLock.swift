import Drivers
import SQLText

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The database-wide lock a run holds while it changes anything, so that many app
/// instances starting at once apply each migration exactly once.
///
/// - PostgreSQL: a session advisory lock on a key derived from the history table's
///   schema-qualified name; released by `pg_advisory_unlock`, or by the server when the
///   session ends (a killed process never leaves it behind).
/// - MySQL/MariaDB: `GET_LOCK` on a name derived from the database and table; likewise
///   released with the session.
/// - SQLite: an exclusive `flock` on the database file, which the kernel drops when the
///   process dies; SQLite itself uses POSIX record locks, which `flock` does not touch.
///   The descriptor stays open until after the SQLite connection is closed, because closing
///   any descriptor of a file drops the process's POSIX locks on it.
final class RunLock: Sendable {
    enum Kind: Sendable {
        case none
        case postgres(key: Int64)
        case mysql(name: String)
        case file(descriptor: Int32)
    }

    let kind: Kind
    private let store: HistoryStore

    private init(kind: Kind, store: HistoryStore) {
        self.kind = kind
        self.store = store
    }

    /// Takes the lock, waiting up to `timeout`.
    ///
    /// - Parameters:
    ///   - onWait: Called once, when the lock is busy, with who holds it where the engine can tell.
    /// - Throws: ``MigratorError`` `.lockTimeout` naming the holder when the wait times out.
    static func acquire(
        store: HistoryStore, url: DatabaseURL, timeout: Duration, onWait: @Sendable (String) -> Void
    ) async throws -> RunLock {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        switch store.dialect {
        case .postgres:
            let key = Int64(bitPattern: fnv1a64("strata:" + store.lockName))
            var announced = false
            while true {
                let got = try await store.connection.query("SELECT pg_try_advisory_lock($1)", [.int(key)]).first?[0]
                if got == .text("t") || got == .text("true") || got == .int(1) {
                    return RunLock(kind: .postgres(key: key), store: store)
                }
                let holder = try await postgresHolder(store: store, key: key)
                if clock.now >= deadline { throw MigratorError.lockTimeout(holder: holder, timeout: timeout) }
                if !announced { onWait(holder); announced = true }
                try await Task.sleep(for: .milliseconds(100))
            }
        case .mysql:
            let name = mysqlLockName(store: store, database: url.database)
            var announced = false
            var wait = 0
            while true {
                let got = try await store.connection.query("SELECT GET_LOCK(?, ?)", [.text(name), .int(Int64(wait))]).first?[0].int
                if got == 1 { return RunLock(kind: .mysql(name: name), store: store) }
                let holder = try await mysqlHolder(store: store, name: name)
                let remaining = deadline - clock.now
                if remaining <= .zero { throw MigratorError.lockTimeout(holder: holder, timeout: timeout) }
                if !announced { onWait(holder); announced = true }
                wait = max(1, min(5, Int(remaining.components.seconds)))
            }
        case .sqlite:
            let path = url.path
            if path == ":memory:" { return RunLock(kind: .none, store: store) }
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw MigratorError(.lockTimeout, "cannot open '\(path)' to lock it: \(String(cString: strerror(errno)))")
            }
            var announced = false
            while flock(fd, LOCK_EX | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK || errno == EINTR else {
                    let reason = String(cString: strerror(errno))
                    close(fd)
                    throw MigratorError(.lockTimeout, "cannot lock '\(path)': \(reason)")
                }
                let holder = fileLockHolder(fd: fd, path: path)
                if clock.now >= deadline {
                    close(fd)
                    throw MigratorError.lockTimeout(holder: holder, timeout: timeout)
                }
                if !announced { onWait(holder); announced = true }
                try await Task.sleep(for: .milliseconds(20))
            }
            return RunLock(kind: .file(descriptor: fd), store: store)
        }
    }

    /// Releases the lock. For SQLite the descriptor stays open until ``finish()``.
    func release() async {
        switch kind {
        case .none: break
        case .postgres(let key):
            _ = try? await store.connection.query("SELECT pg_advisory_unlock($1)", [.int(key)])
        case .mysql(let name):
            _ = try? await store.connection.query("SELECT RELEASE_LOCK(?)", [.text(name)])
        case .file(let fd):
            _ = flock(fd, LOCK_UN)
        }
    }

    /// Closes what the lock kept open; call after the connection is closed.
    func finish() {
        if case .file(let fd) = kind { close(fd) }
    }

    // MARK: - Who holds it

    private static func postgresHolder(store: HistoryStore, key: Int64) async throws -> String {
        let bits = UInt64(bitPattern: key)
        let rows = try? await store.connection.query(
            """
            SELECT a.pid, a.usename, a.application_name, coalesce(host(a.client_addr), 'local socket'), to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = $1 AND l.objid::bigint = $2 AND l.objsubid = 1
            """,
            [.int(Int64(bits >> 32)), .int(Int64(bits & 0xFFFF_FFFF))]
        )
        guard let row = rows?.first else { return "another session (not visible to this user)" }
        let app = row[2].string.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown application"
        return "PostgreSQL backend pid \(row[0]) (user \(row[1]), \(app), from \(row[3]), connected since \(row[4]))"
    }

    private static func mysqlLockName(store: HistoryStore, database: String) -> String {
        let full = "strata:" + database + "." + HistoryStore.tableName
        if full.utf8.count <= 64 { return full }
        return "strata:" + String(fnv1a64(full), radix: 16)
    }

    private static func mysqlHolder(store: HistoryStore, name: String) async throws -> String {
        guard let id = try? await store.connection.query("SELECT IS_USED_LOCK(?)", [.text(name)]).first?[0].int else {
            return "another session"
        }
        let rows = try? await store.connection.query(
            "SELECT USER, HOST, TIME FROM information_schema.PROCESSLIST WHERE ID = ?", [.int(id)]
        )
        guard let row = rows?.first else { return "connection id \(id)" }
        return "connection id \(id) (user \(row[0]) from \(row[1]), connected \(row[2]) s)"
    }

    private static func fileLockHolder(fd: Int32, path: String) -> String {
        var st = stat()
        guard fstat(fd, &st) == 0, let text = readSmallFile("/proc/locks") else { return "another process" }
        let inode = String(st.st_ino)
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            // "1: FLOCK  ADVISORY  WRITE 12345 fd:01:1234567 0 EOF"
            guard fields.count >= 6, fields[1] == "FLOCK", fields[3] == "WRITE",
                  fields[5].split(separator: ":").last.map(String.init) == inode else { continue }
            let pid = String(fields[4])
            let command = readSmallFile("/proc/\(pid)/cmdline")?
                .split(separator: "\0").prefix(3).joined(separator: " ") ?? "?"
            return "process \(pid) (\(command))"
        }
        return "another process"
    }
}

func readSmallFile(_ path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 16384)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        bytes.append(contentsOf: buffer[0..<n])
        if bytes.count > 1 << 20 { break }
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// FNV-1a, 64 bits: a stable hash for lock keys (the same in every process and version).
func fnv1a64(_ s: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in s.utf8 {
        h ^= UInt64(b)
        h = h &* 0x100_0000_01b3
    }
    return h
}
