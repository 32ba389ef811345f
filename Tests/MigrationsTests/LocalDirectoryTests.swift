#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Migrations
import Testing

/// The on-disk directory, against a temporary directory.
@Suite struct LocalDirectoryTests {
    /// A fresh temporary directory, removed after `body`.
    static func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
        var template = Array("/tmp/strata-migrations-XXXXXX".utf8CString)
        let path = try template.withUnsafeMutableBufferPointer { buffer -> String in
            let base = try #require(buffer.baseAddress)
            let made = try #require(mkdtemp(base))
            return String(cString: made)
        }
        defer { _ = system("rm -rf '\(path)'") }
        try body(path)
    }

    static func write(_ path: String, _ text: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        defer { close(fd) }
        _ = text.withCString { Glibc.write(fd, $0, strlen($0)) }
    }

    @Test func missingDirectory() throws {
        let dir = LocalDirectory("/tmp/strata-does-not-exist-\(getpid())/migrations/", displayPath: "migrations")
        do {
            _ = try MigrationSet.load(from: dir, engine: .sqlite)
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.count == 1)
            #expect(error.errors[0].code == .directoryNotFound)
            #expect(error.description == "migrations directory 'migrations' does not exist; create it with `strata init` or pass --dir.")
        }
    }

    @Test func pathThatIsAFile() throws {
        try Self.withTemporaryDirectory { path in
            try Self.write("\(path)/file", "x")
            #expect(throws: MigrationFileError.self) { try LocalDirectory("\(path)/file").fileNames() }
            do {
                _ = try LocalDirectory("\(path)/file", displayPath: "m").fileNames()
            } catch let error as MigrationFileError {
                #expect(error.code == .notADirectory)
            }
        }
    }

    @Test func emptyDirectoryIsADifferentError() throws {
        try Self.withTemporaryDirectory { path in
            do {
                _ = try MigrationSet.load(from: LocalDirectory(path, displayPath: "db/migrations"), engine: .sqlite)
                Issue.record("expected an error")
            } catch let error as MigrationDirectoryError {
                #expect(error.errors.map(\.code) == [.emptyDirectory])
                #expect(error.description == "migrations directory 'db/migrations' contains no migrations; create one with `strata new NAME`.")
            }
        }
    }

    @Test func readsFilesSkipsSubdirectories() throws {
        try Self.withTemporaryDirectory { path in
            try Self.write("\(path)/001_a.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n")
            try Self.write("\(path)/002_b.up.sql", "SELECT 3;")
            try Self.write("\(path)/002_b.down.sql", "SELECT 4;")
            mkdir("\(path)/003_dir.sql", 0o755)
            let dir = LocalDirectory(path + "/", displayPath: "migrations")
            #expect(try dir.fileNames().sorted() == ["001_a.sql", "002_b.down.sql", "002_b.up.sql"])
            let set = try MigrationSet.load(from: dir, engine: .sqlite)
            #expect(set.migrations.map(\.file) == ["migrations/001_a.sql", "migrations/002_b.up.sql"])
            #expect(try set.migrations[1].down()?.sql == "SELECT 4;")
            // A directory where a file is expected cannot be read, even by root.
            do {
                _ = try dir.read("003_dir.sql")
                Issue.record("expected an error")
            } catch let error as MigrationFileError {
                #expect(error.code == .fileUnreadable)
                #expect(error.description == "migrations/003_dir.sql: cannot be read: Is a directory; check its permissions.")
            }
        }
    }

    @Test func readsLargeFiles() throws {
        try Self.withTemporaryDirectory { path in
            let big = String(repeating: "SELECT 1;\n", count: 100_000)
            try Self.write("\(path)/001_big.sql", big)
            #expect(try LocalDirectory(path).read("001_big.sql").count == big.utf8.count)
        }
    }

    @Test(.enabled(if: geteuid() != 0, "runs as root, and chmod 000 does not stop root from reading"))
    func unreadableFile() throws {
        try Self.withTemporaryDirectory { path in
            try Self.write("\(path)/001_a.sql", "SELECT 1;")
            chmod("\(path)/001_a.sql", 0)
            do {
                _ = try MigrationSet.load(from: LocalDirectory(path, displayPath: "migrations"), engine: .sqlite)
                Issue.record("expected an error")
            } catch let error as MigrationDirectoryError {
                #expect(error.errors.map(\.description) == ["migrations/001_a.sql: cannot be read: Permission denied; check its permissions."])
            }
        }
    }

    @Test func readingADeletedFileNamesIt() throws {
        try Self.withTemporaryDirectory { path in
            let dir = LocalDirectory(path, displayPath: "migrations")
            do {
                _ = try dir.read("001_gone.sql")
                Issue.record("expected an error")
            } catch let error as MigrationFileError {
                #expect(error.code == .fileUnreadable)
                #expect(error.description == "migrations/001_gone.sql: cannot be read: No such file or directory; check its permissions.")
            }
        }
    }

    @Test func writeRefusesToOverwrite() throws {
        try Self.withTemporaryDirectory { path in
            let dir = LocalDirectory(path, displayPath: "migrations")
            try dir.write("001_a.sql", contents: "-- migrate:up\n\n-- migrate:down\n")
            #expect(try dir.read("001_a.sql") == Array("-- migrate:up\n\n-- migrate:down\n".utf8))
            do {
                try dir.write("001_a.sql", contents: "other")
                Issue.record("expected an error")
            } catch let error as MigrationFileError {
                #expect(error.code == .fileExists)
                #expect(error.description == "migrations/001_a.sql: already exists; choose another name, or delete the file first.")
            }
            #expect(try dir.read("001_a.sql") == Array("-- migrate:up\n\n-- migrate:down\n".utf8))
            #expect(throws: MigrationFileError.self) { try dir.write("../escape.sql", contents: "") }
        }
    }

    @Test func writeIntoAMissingDirectoryThenCreate() throws {
        try Self.withTemporaryDirectory { path in
            let dir = LocalDirectory("\(path)/db/migrations", displayPath: "db/migrations")
            do {
                try dir.write("001_a.sql", contents: "x")
                Issue.record("expected an error")
            } catch let error as MigrationFileError {
                #expect(error.code == .writeFailed)
                #expect(error.description == "db/migrations/001_a.sql: cannot be created: migrations directory 'db/migrations' does not exist; create it with `strata init` or pass --dir.")
            }
            try dir.create()
            try dir.create()
            try dir.write("001_a.sql", contents: "SELECT 1;")
            #expect(try MigrationSet.load(from: dir, engine: .sqlite).migrations.count == 1)
        }
    }

    @Test func memoryDirectoryWriteRefusesToOverwrite() throws {
        var dir = MemoryDirectory([:])
        try dir.write("001_a.sql", contents: "SELECT 1;")
        #expect(throws: MigrationFileError.self) { try dir.write("001_a.sql", contents: "SELECT 2;") }
        #expect(try dir.read("001_a.sql") == Array("SELECT 1;".utf8))
    }
}
