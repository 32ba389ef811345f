import Migrations
import SQLText
import Foundation
import Testing

/// A directory that records which files were read.
///
/// `@unchecked Sendable`: its only mutable state, `reads`, is guarded by `lock`.
final class CountingDirectory: MigrationDirectory, @unchecked Sendable {
    let inner: MemoryDirectory
    private let lock = NSLock()
    private var reads: [String] = []

    init(_ files: [String: String]) { inner = MemoryDirectory(files) }

    var displayPath: String { inner.displayPath }
    func fileNames() throws -> [String] { try inner.fileNames() }
    func read(_ name: String) throws -> [UInt8] {
        lock.withLock { reads.append(name) }
        return try inner.read(name)
    }
    var readFiles: [String] { lock.withLock { reads.sorted() } }
}

/// `VERSION_name.up.sql` / `.down.sql`, per engine, `.autocommit.`.
@Suite struct PairedFormatTests {
    @Test func readsUpAndLazilyDown() throws {
        let dir = CountingDirectory([
            "001_users.up.sql": "CREATE TABLE users (id INT);\n",
            "001_users.down.sql": "DROP TABLE users;\n",
        ])
        let set = try MigrationSet.load(from: dir, engine: .postgres)
        let migration = try #require(set.migrations.first)
        #expect(migration.format == .paired)
        #expect(migration.name == "users")
        #expect(migration.file == "migrations/001_users.up.sql")
        #expect(migration.downFile == "migrations/001_users.down.sql")
        #expect(migration.up.sql == "CREATE TABLE users (id INT);\n")
        #expect(migration.up.dialect == .postgres)
        #expect(dir.readFiles == ["001_users.up.sql"])
        let down = try #require(try migration.down())
        #expect(down.sql == "DROP TABLE users;\n")
        #expect(down.file == "migrations/001_users.down.sql")
        #expect(down.firstLine == 1)
        #expect(dir.readFiles == ["001_users.down.sql", "001_users.up.sql"])
    }

    @Test func upWithoutDown() throws {
        let set = try load(["001_users.up.sql": "SELECT 1;"])
        #expect(set.migrations[0].hasDown == false)
        #expect(try set.migrations[0].down() == nil)
    }

    static let fourEngines: [String: String] = [
        "001_t.up.sql": "generic;",
        "001_t.down.sql": "generic down;",
        "001_t.sqlite3.up.sql": "sqlite;",
        "001_t.sqlite3.down.sql": "sqlite down;",
        "001_t.postgresql.up.sql": "postgres;",
        "001_t.mariadb.up.sql": "mysql;",
        "001_t.mariadb.down.sql": "mysql down;",
        "001_t.cockroach.up.sql": "cockroach;",
    ]

    @Test(arguments: [
        (SQLDialect.sqlite, "sqlite;", "sqlite down;", "001_t.sqlite3.up.sql"),
        (.postgres, "postgres;", "generic down;", "001_t.postgresql.up.sql"),
        (.mysql, "mysql;", "mysql down;", "001_t.mariadb.up.sql"),
    ])
    func engineSpecificFileWinsWithSynonyms(engine: SQLDialect, up: String, down: String, file: String) throws {
        let dir = CountingDirectory(Self.fourEngines)
        let set = try MigrationSet.load(from: dir, engine: engine)
        let migration = try #require(set.migrations.first)
        #expect(migration.up.sql == up)
        #expect(try migration.down()?.sql == down)
        #expect(migration.file == "migrations/\(file)")
        #expect(set.ignoredFiles == ["migrations/001_t.cockroach.up.sql"])
        // Only the files this engine needs were read.
        #expect(dir.readFiles.count == 2)
        #expect(dir.readFiles.contains(file))
    }

    @Test func genericServesEnginesWithoutTheirOwnFile() throws {
        let files = ["001_t.up.sql": "generic;", "001_t.postgres.up.sql": "postgres;"]
        #expect(try load(files, engine: .sqlite).migrations[0].up.sql == "generic;")
        #expect(try load(files, engine: .mysql).migrations[0].up.sql == "generic;")
        #expect(try load(files, engine: .postgres).migrations[0].up.sql == "postgres;")
    }

    @Test func emptyOrCommentOnlyEngineFileIsANoOp() throws {
        let files = [
            "001_t.up.sql": "CREATE EXTENSION x;",
            "001_t.sqlite.up.sql": "",
            "001_t.mysql.up.sql": "-- nothing to do on MySQL\n",
        ]
        let sqlite = try load(files, engine: .sqlite).migrations[0]
        #expect(try sqlite.up.statements().isEmpty)
        #expect(sqlite.up.sql == "")
        let mysql = try load(files, engine: .mysql).migrations[0]
        #expect(try mysql.up.statements().isEmpty)
        #expect(mysql.file == "migrations/001_t.mysql.up.sql")
    }

    @Test func autocommitMeansNoTransaction() throws {
        let set = try load([
            "001_a.autocommit.up.sql": "CREATE INDEX CONCURRENTLY i ON t (x);",
            "001_a.down.sql": "DROP INDEX i;",
            "002_b.postgres.autocommit.up.sql": "SELECT 1;",
            "002_b.autocommit.postgres.down.sql": "SELECT 2;",
            "003_c.up.sql": "SELECT 3;",
        ], engine: .postgres)
        #expect(set.migrations.map(\.transactional) == [false, false, true])
        #expect(try set.migrations[0].down()?.transactional == true)
        #expect(try set.migrations[1].down()?.transactional == false)
    }

    @Test func unknownEnginesAreIgnored() throws {
        let set = try load([
            "001_a.up.sql": "SELECT 1;",
            "002_b.cockroach.up.sql": "SELECT 2;",
            "002_b.cockroach.down.sql": "SELECT 2;",
        ])
        #expect(set.migrations.map(\.version.text) == ["001"])
        #expect(set.ignoredFiles == ["migrations/002_b.cockroach.down.sql", "migrations/002_b.cockroach.up.sql"])
    }

    @Test func downWithoutUpIsAnError() throws {
        let error = try #require(loadError(["001_users.down.sql": "DROP TABLE users;"]))
        #expect(error.code == .missingUp)
        #expect(error.description == "migrations/001_users.down.sql: version 001 has a down file but no up file; add 001_users.up.sql.")
    }

    @Test func engineDownWithOnlyOtherEnginesUp() throws {
        let error = try #require(loadError([
            "001_t.postgres.up.sql": "SELECT 1;",
            "001_t.sqlite3.down.sql": "SELECT 2;",
        ]))
        #expect(error.code == .missingUp)
        // Named at the down file that cannot run (on the other engines, see SkippedVersionTests).
        #expect(error.description == "migrations/001_t.sqlite3.down.sql: version 001 has a SQLite down file but no up file for SQLite; add 001_t.sqlite3.up.sql (empty if there is nothing to do on SQLite) or a generic 001_t.up.sql.")
    }

    @Test func sameEngineTwiceThroughSynonyms() throws {
        let error = try #require(loadError([
            "001_t.pg.up.sql": "SELECT 1;",
            "001_t.postgres.up.sql": "SELECT 1;",
        ]))
        #expect(error.code == .duplicateVersion)
        #expect(error.file == "migrations/001_t.pg.up.sql")
        #expect(error.otherFile == "migrations/001_t.postgres.up.sql")
        #expect(error.description == "migrations/001_t.pg.up.sql: migrations/001_t.postgres.up.sql is also the PostgreSQL up file of version 001; delete one of them.")
    }

    @Test func autocommitAndPlainUpForOneVersion() throws {
        let error = try #require(loadError(["001_t.up.sql": "", "001_t.autocommit.up.sql": ""]))
        #expect(error.code == .duplicateVersion)
    }

    @Test func differentDescriptionsForOneVersion() throws {
        let error = try #require(loadError(["001_a.up.sql": "", "001_b.down.sql": ""]))
        #expect(error.code == .duplicateVersion)
        #expect(error.description == "migrations/001_a.up.sql: version 001 is also used by migrations/001_b.down.sql; give one of them another version.")
    }
}

/// A directory whose reads fail with an error of its own.
struct FailingDirectory: MigrationDirectory {
    struct Boom: Error, CustomStringConvertible {
        var description: String { "disk on fire" }
    }
    var displayPath: String { "embedded" }
    func fileNames() throws -> [String] { ["001_a.sql", "002_b.up.sql", "002_b.down.sql"] }
    func read(_ name: String) throws -> [UInt8] {
        if name == "002_b.up.sql" { return Array("SELECT 1;".utf8) }
        throw Boom()
    }
}

@Suite struct ForeignDirectoryTests {
    @Test func foreignReadErrorsAreCollectedWithTheFile() throws {
        do {
            _ = try MigrationSet.load(from: FailingDirectory(), engine: .sqlite)
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.map(\.description) == ["embedded/001_a.sql: cannot be read: disk on fire."])
        }
    }

    @Test func lazyDownReadErrorsNameTheFile() throws {
        struct OnlyB: MigrationDirectory {
            var displayPath: String { "embedded" }
            func fileNames() throws -> [String] { ["002_b.up.sql", "002_b.down.sql"] }
            func read(_ name: String) throws -> [UInt8] {
                if name == "002_b.up.sql" { return Array("SELECT 1;".utf8) }
                throw FailingDirectory.Boom()
            }
        }
        let set = try MigrationSet.load(from: OnlyB(), engine: .sqlite)
        #expect(throws: MigrationFileError.self) { try set.migrations[0].down() }
        do {
            _ = try set.migrations[0].down()
        } catch {
            #expect(error.description == "embedded/002_b.down.sql: cannot be read: disk on fire.")
        }
    }
}
