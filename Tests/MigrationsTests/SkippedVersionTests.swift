import Migrations
import SQLText
import Testing

/// Paired directories as large projects keep them: versions for some engines only,
/// engine files that do nothing, engines Strata does not drive, and the mistakes that
/// stay errors. Every test runs on every engine.
@Suite struct SkippedVersionTests {
    /// Every case that loads, on one engine or on all.
    static let valid: [String: String] = [
        // Generic: a migration everywhere.
        "001_base.up.sql": "CREATE TABLE base (id INT);",
        "001_base.down.sql": "DROP TABLE base;",
        // MySQL only.
        "002_fulltext.mysql.up.sql": "CREATE FULLTEXT INDEX f ON base (id);",
        "002_fulltext.mysql.down.sql": "DROP INDEX f ON base;",
        // PostgreSQL and MySQL (through synonyms), a down for PostgreSQL only.
        "003_ext.pg.up.sql": "CREATE EXTENSION citext;",
        "003_ext.pg.down.sql": "DROP EXTENSION citext;",
        "003_ext.mariadb.up.sql": "SELECT 3;",
        // Empty or comment-only engine files: nothing to do there, still applied.
        "004_noop.up.sql": "CREATE INDEX i ON base (id);",
        "004_noop.sqlite3.up.sql": "",
        "004_noop.mysql.up.sql": "-- nothing to do on MySQL\n",
        // An engine Strata does not drive: ignored, never skipped.
        "005_crdb.cockroach.up.sql": "SELECT 5;",
        "005_crdb.cockroach.down.sql": "SELECT 5;",
        // A generic file beside an engine's own: the others use the generic one.
        "006_partial.up.sql": "generic;",
        "006_partial.postgresql.up.sql": "postgres;",
        // MySQL only, beside a file for an engine Strata does not drive.
        "007_mixed.mysql.up.sql": "SELECT 7;",
        "007_mixed.cockroach.up.sql": "SELECT 7;",
    ]

    /// The versions loaded, with the file of each up script.
    static func expectedLoaded(_ engine: SQLDialect) -> [String] {
        switch engine {
        case .sqlite:
            ["001_base.up.sql", "004_noop.sqlite3.up.sql", "006_partial.up.sql"]
        case .postgres:
            ["001_base.up.sql", "003_ext.pg.up.sql", "004_noop.up.sql", "006_partial.postgresql.up.sql"]
        case .mysql:
            ["001_base.up.sql", "002_fulltext.mysql.up.sql", "003_ext.mariadb.up.sql", "004_noop.mysql.up.sql",
             "006_partial.up.sql", "007_mixed.mysql.up.sql"]
        }
    }

    /// The versions skipped: version, files, reason.
    static func expectedSkipped(_ engine: SQLDialect) -> [(String, [String], String)] {
        let fulltext = ("002", ["002_fulltext.mysql.down.sql", "002_fulltext.mysql.up.sql"], "only for MySQL")
        let ext = ("003", ["003_ext.mariadb.up.sql", "003_ext.pg.down.sql", "003_ext.pg.up.sql"], "only for MySQL, PostgreSQL")
        let mixed = ("007", ["007_mixed.mysql.up.sql"], "only for MySQL")
        switch engine {
        case .sqlite: return [fulltext, ext, mixed]
        case .postgres: return [fulltext, mixed]
        case .mysql: return []
        }
    }

    @Test(arguments: SQLDialect.allCases)
    func engineOnlyVersionsAreSkippedElsewhere(engine: SQLDialect) throws {
        let dir = CountingDirectory(Self.valid)
        let set = try MigrationSet.load(from: dir, engine: engine)
        #expect(set.migrations.map(\.file) == Self.expectedLoaded(engine).map { "migrations/\($0)" })
        let expected = Self.expectedSkipped(engine)
        #expect(set.skipped.map(\.version.text) == expected.map(\.0))
        #expect(set.skipped.map(\.files) == expected.map { $0.1.map { "migrations/\($0)" } })
        #expect(set.skipped.map(\.reason) == expected.map(\.2))
        #expect(set.ignoredFiles == [
            "migrations/005_crdb.cockroach.down.sql", "migrations/005_crdb.cockroach.up.sql",
            "migrations/007_mixed.cockroach.up.sql",
        ])
        // A skipped version's files are not even read.
        let skippedFiles = set.skipped.flatMap(\.files)
        #expect(dir.readFiles.allSatisfy { !skippedFiles.contains("migrations/\($0)") })
        #expect(dir.readFiles.count == set.migrations.count)
    }

    @Test(arguments: SQLDialect.allCases)
    func skippedVersionsKeepTheirDetails(engine: SQLDialect) throws {
        let set = try load(Self.valid, engine: engine)
        if engine == .sqlite {
            let ext = try #require(set.skipped.first { $0.version == v("3") })
            #expect(ext.name == "ext")
            #expect(ext.engines == [.mysql, .postgres])
        }
        // Downs and no-ops where the version is a migration.
        if engine == .postgres {
            #expect(set[v("3")]?.downFile == "migrations/003_ext.pg.down.sql")
        }
        if engine == .mysql {
            #expect(set[v("3")]?.hasDown == false)
            #expect(try set[v("2")]?.down()?.sql == "DROP INDEX f ON base;")
            #expect(try set[v("4")]?.up.statements().isEmpty == true)
        }
        if engine == .sqlite {
            #expect(try set[v("4")]?.up.statements().isEmpty == true)
        }
    }

    /// The cases that stay errors (or become errors on some engines).
    static let broken: [String: String] = [
        // A generic down alone.
        "008_orphan.down.sql": "DROP TABLE x;",
        // Two files for one slot, through synonyms.
        "009_twice.postgres.up.sql": "SELECT 9;",
        "009_twice.postgresql.up.sql": "SELECT 9;",
        // A down for one engine, and no up anywhere.
        "010_only_down.mysql.down.sql": "SELECT 10;",
        // A SQLite down without a SQLite up, beside a PostgreSQL up.
        "011_sqlite_down.sqlite3.down.sql": "SELECT 11;",
        "011_sqlite_down.postgres.up.sql": "SELECT 11;",
        // A generic down beside a MySQL up only.
        "012_generic_down.mysql.up.sql": "SELECT 12;",
        "012_generic_down.down.sql": "SELECT 12;",
    ]

    /// Every error, as `file: message`, in the order reported.
    static func expectedErrors(_ engine: SQLDialect) -> [String] {
        let name = engine.displayName
        let tag = engine == .sqlite ? "sqlite3" : engine.rawValue
        var errors = [
            "migrations/008_orphan.down.sql: version 008 has a down file but no up file; add 008_orphan.up.sql.",
            "migrations/009_twice.postgres.up.sql: migrations/009_twice.postgresql.up.sql is also the PostgreSQL up file of version 009; delete one of them.",
        ]
        if engine == .mysql {
            errors.append("migrations/010_only_down.mysql.down.sql: version 010 has a MySQL down file but no up file for MySQL; add 010_only_down.mysql.up.sql (empty if there is nothing to do on MySQL) or a generic 010_only_down.up.sql.")
        } else {
            errors.append("migrations/010_only_down.mysql.down.sql: version 010 has only a MySQL down file and no up file for any engine; add 010_only_down.mysql.up.sql, or delete the down file.")
        }
        if engine == .sqlite {
            errors.append("migrations/011_sqlite_down.sqlite3.down.sql: version 011 has a SQLite down file but no up file for SQLite; add 011_sqlite_down.sqlite3.up.sql (empty if there is nothing to do on SQLite) or a generic 011_sqlite_down.up.sql.")
        }
        if engine != .mysql {
            errors.append("migrations/012_generic_down.down.sql: version 012 has a generic down file but no up file for \(name); add 012_generic_down.\(tag).up.sql (empty if there is nothing to do on \(name)) or a generic 012_generic_down.up.sql, or rename it 012_generic_down.mysql.down.sql if it is only for MySQL.")
        }
        return errors
    }

    @Test(arguments: SQLDialect.allCases)
    func theMistakesStayErrorsNamingTheFile(engine: SQLDialect) throws {
        let errors = loadErrors(Self.valid.merging(Self.broken) { a, _ in a }, engine: engine)
        #expect(errors.map(\.description) == Self.expectedErrors(engine))
        #expect(errors.first { $0.file == "migrations/009_twice.postgres.up.sql" }?.code == .duplicateVersion)
        #expect(errors.first { $0.file == "migrations/009_twice.postgres.up.sql" }?.otherFile == "migrations/009_twice.postgresql.up.sql")
        #expect(errors.filter { $0.code == .missingUp }.count == errors.count - 1)
        // Every message is one line.
        #expect(errors.allSatisfy { !$0.description.contains("\n") })
    }

    @Test(arguments: SQLDialect.allCases)
    func aGenericDownServingSeveralEnginesSaysSo(engine: SQLDialect) throws {
        let files = [
            "001_x.mysql.up.sql": "SELECT 1;",
            "001_x.postgres.up.sql": "SELECT 1;",
            "001_x.autocommit.down.sql": "SELECT 2;",
        ]
        guard engine == .sqlite else {
            #expect(try load(files, engine: engine).migrations[0].downFile == "migrations/001_x.autocommit.down.sql")
            return
        }
        let error = try #require(loadError(files, engine: engine))
        #expect(error.description == "migrations/001_x.autocommit.down.sql: version 001 has a generic down file but no up file for SQLite; add 001_x.sqlite3.up.sql (empty if there is nothing to do on SQLite) or a generic 001_x.up.sql, or, if it is only for MySQL and PostgreSQL, replace it with 001_x.mysql.autocommit.down.sql and 001_x.postgres.autocommit.down.sql.")
    }

    @Test(arguments: SQLDialect.allCases)
    func downFilesOnlyForSeveralEngines(engine: SQLDialect) throws {
        let files = ["001_x.mysql.down.sql": "SELECT 1;", "001_x.pg.down.sql": "SELECT 1;"]
        let error = try #require(loadError(files, engine: engine))
        #expect(error.code == .missingUp)
        if engine == .sqlite {
            #expect(error.description == "migrations/001_x.mysql.down.sql: version 001 has only down files (for MySQL and PostgreSQL) and no up file for any engine; add 001_x.mysql.up.sql and 001_x.postgres.up.sql, or delete the down files.")
        } else {
            #expect(error.file == (engine == .mysql ? "migrations/001_x.mysql.down.sql" : "migrations/001_x.pg.down.sql"))
        }
    }

    @Test(arguments: SQLDialect.allCases)
    func aDirectoryForOtherEnginesOnlyIsEmptyHere(engine: SQLDialect) throws {
        let files = [
            "001_a.mysql.up.sql": "SELECT 1;",
            "002_b.mysql.up.sql": "SELECT 2;",
            "002_b.postgres.up.sql": "SELECT 2;",
        ]
        switch engine {
        case .mysql:
            #expect(try load(files, engine: engine).migrations.count == 2)
        case .postgres:
            let set = try load(files, engine: engine)
            #expect(set.migrations.map(\.version.text) == ["002"])
            #expect(set.skipped.map(\.reason) == ["only for MySQL"])
        case .sqlite:
            let error = try #require(loadError(files, engine: engine))
            #expect(error.code == .emptyDirectory)
            #expect(error.description == "migrations directory 'migrations' has no migrations for SQLite: all its versions are for other engines (001 only for MySQL, and 1 more); check that the database URL is for the right engine, or add migrations for SQLite.")
            let set = try load(files, engine: engine, allowEmpty: true)
            #expect(set.migrations.isEmpty)
            #expect(set.skipped.map(\.version.text) == ["001", "002"])
        }
    }

    /// Large directories are read on two threads; skipped versions are merged in order.
    @Test(arguments: SQLDialect.allCases)
    func skippedVersionsOfLargeDirectoriesStayInOrder(engine: SQLDialect) throws {
        var files: [String: String] = [:]
        for n in 1...400 {
            let version = String(repeating: "0", count: 4 - String(n).count) + String(n)
            if n.isMultiple(of: 3) {
                files["\(version)_m.mysql.up.sql"] = "SELECT \(n);"
            } else {
                files["\(version)_g.up.sql"] = "SELECT \(n);"
            }
        }
        let set = try load(files, engine: engine)
        let mysqlOnly = (1...400).filter { $0.isMultiple(of: 3) }.count
        #expect(set.migrations.count == (engine == .mysql ? 400 : 400 - mysqlOnly))
        #expect(set.skipped.count == (engine == .mysql ? 0 : mysqlOnly))
        #expect(set.skipped.map(\.version) == set.skipped.map(\.version).sorted())
        #expect(set.migrations.map(\.version) == set.migrations.map(\.version).sorted())
    }
}
