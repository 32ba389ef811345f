import Drivers
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension SQLiteDialect {
    /// An exclusive `flock` on the database file, which the kernel drops when the process
    /// dies. SQLite itself uses POSIX record locks, which `flock` does not touch. The
    /// descriptor stays open until after the SQLite connection is closed, because closing
    /// any descriptor of a file drops the process's POSIX locks on it. A database in
    /// memory is seen by no other process and needs none.
    public func lock(url: DatabaseURL, historyName: String) -> any DatabaseLock {
        url.path == ":memory:" ? NoLock() : SQLiteFileLock(path: url.path)
    }

    /// As ``lock(url:historyName:)``; for a connection that stays open after the run (the
    /// app's own), the lock's descriptor is kept for the next run instead of closed, since
    /// closing a descriptor of the file would drop the POSIX locks SQLite holds on it.
    public func lock(url: DatabaseURL, historyName: String, connectionOutlivesRun: Bool) -> any DatabaseLock {
        url.path == ":memory:" ? NoLock() : SQLiteFileLock(path: url.path, keepsDescriptor: connectionOutlivesRun)
    }
}

/// The descriptor is opened at the first attempt and kept across attempts, and closed
/// when giving up (``finish()``) or after the connection (``HeldFileLock``): closing a
/// descriptor of the database file while the SQLite connection holds its locks would
/// drop them.
final class SQLiteFileLock: DatabaseLock, HeldLock {
    let path: String
    private let descriptor = Mutex<Int32?>(nil)
    /// Whether ``finish()`` returns the descriptor to ``SpareDescriptors`` rather than closing it.
    let keepsDescriptor: Bool

    init(path: String, keepsDescriptor: Bool = false) {
        self.path = path
        self.keepsDescriptor = keepsDescriptor
    }

    var pollInterval: Duration? { .milliseconds(20) }

    func attempt(on connection: any Connection, waitingUpTo wait: Duration) async throws -> LockAttempt {
        let fd = try descriptor.withLock { d -> Int32 in
            if let d { return d }
            if keepsDescriptor, let spare = SpareDescriptors.shared.take(path) {
                d = spare
                return spare
            }
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw DatabaseError(.configuration, "cannot open '\(path)' to lock it: \(String(cString: strerror(errno))); check that the file exists and is readable")
            }
            d = fd
            return fd
        }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            guard errno == EWOULDBLOCK else {
                let reason = String(cString: strerror(errno))
                finish()
                throw DatabaseError(.configuration, "cannot lock '\(path)': \(reason)")
            }
            return .busy(holder: Self.holder(fd: fd))
        }
        return .acquired(self)
    }

    func release(on connection: any Connection) async {
        if let fd = descriptor.withLock({ $0 }) { _ = flock(fd, LOCK_UN) }
    }

    func abandon() { finish() }

    /// Closes the descriptor (after the connection, or when giving up).
    func finish() {
        guard let fd = descriptor.withLock({ d -> Int32? in defer { d = nil }; return d }) else { return }
        if keepsDescriptor {
            _ = flock(fd, LOCK_UN)
            SpareDescriptors.shared.put(fd, path)
        } else {
            close(fd)
        }
    }

    /// The process holding a `flock` on the file, from `/proc/locks`.
    private static func holder(fd: Int32) -> String {
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

/// A small file's text (at most about 1 MiB), or nil when it cannot be opened.
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

/// Descriptors of database files that a lock no longer uses but that cannot be closed
/// while the app's connection to the file is open; the next lock on the same file takes
/// one instead of opening another. Each lock has a descriptor of its own, so two runs in
/// one process still exclude each other.
final class SpareDescriptors: Sendable {
    static let shared = SpareDescriptors()
    private let spare = Mutex<[String: [Int32]]>([:])

    func take(_ path: String) -> Int32? {
        spare.withLock { $0[path]?.popLast() }
    }

    func put(_ fd: Int32, _ path: String) {
        spare.withLock { $0[path, default: []].append(fd) }
    }
}
