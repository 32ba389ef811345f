#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A migrations directory on disk, read with plain POSIX calls (`opendir`/`readdir`,
/// `open`/`read`): listing and reading a thousand small files takes about a millisecond.
///
/// ```swift
/// let dir = LocalDirectory("migrations")
/// let set = try MigrationSet.load(from: dir, engine: .postgres)
/// try dir.write("004_add_email.sql", contents: "-- migrate:up\n\n-- migrate:down\n")
/// ```
///
/// ## Topics
/// ### Creating
/// - ``init(_:displayPath:)``
/// ### Reading
/// - ``fileNames()``
/// - ``read(_:)``
/// ### Writing
/// - ``create()``
/// - ``write(_:contents:)``
public struct LocalDirectory: MigrationDirectory, Sendable, Hashable {
    /// The path used to open files (relative to the working directory, or absolute).
    public let path: String
    /// The directory as shown in messages; the path as given unless set.
    public let displayPath: String

    /// Creates a directory at `path`; nothing is checked until it is read.
    ///
    /// - Parameters:
    ///   - path: The directory's path; a trailing `/` is ignored.
    ///   - displayPath: How messages show it; defaults to `path`.
    public init(_ path: String, displayPath: String? = nil) {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") {
            trimmed = trimmed.dropLast()
        }
        self.path = String(trimmed)
        self.displayPath = displayPath ?? String(trimmed)
    }

    private func fullPath(_ name: String) -> String {
        path.hasSuffix("/") ? path + name : "\(path)/\(name)"
    }

    /// The names of the entries that are not subdirectories, in directory order.
    ///
    /// - Throws: ``MigrationFileError`` with code ``MigrationFileError/Code/directoryNotFound``
    ///   (`migrations directory 'x' does not exist; create it with `strata init` or pass --dir.`),
    ///   ``MigrationFileError/Code/notADirectory`` or
    ///   ``MigrationFileError/Code/directoryUnreadable``.
    public func fileNames() throws -> [String] {
        guard let stream = opendir(path) else {
            let code = errno
            switch code {
            case ENOENT:
                throw MigrationFileError(
                    .directoryNotFound, file: nil,
                    message: "migrations directory '\(displayPath)' does not exist; create it with `strata init` or pass --dir.")
            case ENOTDIR:
                throw MigrationFileError(
                    .notADirectory, file: nil,
                    message: "migrations directory '\(displayPath)' is not a directory; pass the directory that holds the migration files with --dir.")
            default:
                throw MigrationFileError(
                    .directoryUnreadable, file: nil,
                    message: "migrations directory '\(displayPath)' cannot be read: \(Self.errorText(code)); check its permissions.")
            }
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let type = entry.pointee.d_type
            if type == UInt8(DT_DIR) { continue }
            let name = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                    String(cString: $0)
                }
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        return names
    }

    /// The bytes of the file `name`.
    ///
    /// - Throws: ``MigrationFileError/Code/fileUnreadable`` naming the file and the reason.
    public func read(_ name: String) throws -> [UInt8] {
        let fd = open(fullPath(name), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw unreadable(name, errno) }
        defer { close(fd) }
        // Most migrations are small: one read into a stack buffer reads them whole (a
        // regular file's read returns less than asked only at its end), with no fstat.
        let small = 16 * 1024
        let whole = try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: small) { buffer -> [UInt8]? in
            guard let base = buffer.baseAddress else { return nil }
            while true {
                let got = systemRead(fd, UnsafeMutableRawPointer(base), small)
                if got < 0 {
                    let code = errno
                    if code == EINTR { continue }
                    throw unreadable(name, code)
                }
                return got < small ? Array(buffer[0..<got]) : nil
            }
        }
        if let whole { return whole }
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw unreadable(name, errno) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw unreadable(name, errno) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw unreadable(name, EISDIR) }
        // Ask for one byte more than fstat's size: a regular file's read returns less than
        // asked only at its end, so one read usually does (and a file that grew meanwhile
        // fills the buffer, and is read on until a read returns less than asked).
        var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 4096)))
            }
            let asked = bytes.count - count
            let got = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return systemRead(fd, base + count, asked)
            }
            if got < 0 {
                let code = errno
                if code == EINTR { continue }
                throw unreadable(name, code)
            }
            count += got
            if got < asked { break }
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// Creates the directory (and its missing parents) if it does not exist yet.
    ///
    /// - Throws: ``MigrationFileError/Code/writeFailed`` when it cannot be created.
    public func create() throws(MigrationFileError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0 {
                let code = errno
                if code != EEXIST {
                    throw MigrationFileError(
                        .writeFailed, file: nil,
                        message: "cannot create migrations directory '\(displayPath)': \(Self.errorText(code)).")
                }
            }
            prefix += "/"
        }
    }

    /// Writes a new file `name` with `contents`, refusing to replace an existing file.
    ///
    /// - Parameters:
    ///   - name: A file name without `/`.
    ///   - contents: The file's text, written as UTF-8.
    /// - Throws: ``MigrationFileError/Code/fileExists`` when the file exists (nothing is
    ///   written), ``MigrationFileError/Code/writeFailed`` for any other failure.
    public func write(_ name: String, contents: String) throws(MigrationFileError) {
        let display = displayPath(of: name)
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
            throw MigrationFileError(.writeFailed, file: display, message: "is not a plain file name; give a name without '/'.")
        }
        let fd = open(fullPath(name), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let code = errno
            if code == EEXIST {
                throw MigrationFileError(
                    .fileExists, file: display,
                    message: "already exists; choose another name, or delete the file first.")
            }
            if code == ENOENT {
                throw MigrationFileError(
                    .writeFailed, file: display,
                    message: "cannot be created: migrations directory '\(displayPath)' does not exist; create it with `strata init` or pass --dir.")
            }
            throw MigrationFileError(.writeFailed, file: display, message: "cannot be created: \(Self.errorText(code)).")
        }
        defer { close(fd) }
        var failure: Int32 = 0
        var text = contents
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let wrote = systemWrite(fd, base + offset, buffer.count - offset)
                if wrote < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += wrote
            }
        }
        if failure != 0 {
            unlink(fullPath(name))
            throw MigrationFileError(.writeFailed, file: display, message: "cannot be written: \(Self.errorText(failure)).")
        }
    }

    private func unreadable(_ name: String, _ code: Int32) -> MigrationFileError {
        MigrationFileError(
            .fileUnreadable, file: displayPath(of: name),
            message: "cannot be read: \(Self.errorText(code)); check its permissions.")
    }

    private static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}

// `read` and `write` are shadowed by the methods above; reach the C functions by other names.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
    return Darwin.read(fd, buffer, count)
    #elseif canImport(Musl)
    return Musl.read(fd, buffer, count)
    #else
    return Glibc.read(fd, buffer, count)
    #endif
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
    return Darwin.write(fd, buffer, count)
    #elseif canImport(Musl)
    return Musl.write(fd, buffer, count)
    #else
    return Glibc.write(fd, buffer, count)
    #endif
}
