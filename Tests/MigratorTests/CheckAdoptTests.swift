import Drivers
import Foundation
import Migrations
@testable import Migrator
import Schema
import StrataTestSupport
import Testing

/// `check` and `adopt` on every engine, against real servers: downs proven or named,
/// drift named, and a hand-migrated database taken over with exactly the files it ran.
@Suite struct CheckAdoptTests {
    typealias Lifecycle = SchemaLifecycleTests

    /// Five portable migrations: tables, a seed row (a data-only file), a foreign key,
    /// a column, a view; every down right.
    static let files: [String: String] = [
        "001_accounts.sql": """
            -- migrate:up
            CREATE TABLE accounts (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL);
            CREATE UNIQUE INDEX accounts_email ON accounts (email);
            -- migrate:down
            DROP TABLE accounts;
            """,
        "002_seed_admin.sql": """
            -- migrate:up
            INSERT INTO accounts (id, email) VALUES (1, 'admin@example.com');
            -- migrate:down
            DELETE FROM accounts WHERE id = 1;
            """,
        "003_devices.sql": """
            -- migrate:up
            CREATE TABLE devices (
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL,
                serial VARCHAR(64) NOT NULL,
                FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
            );
            CREATE INDEX devices_account ON devices (account_id);
            -- migrate:down
            DROP TABLE devices;
            """,
        "004_nickname.sql": """
            -- migrate:up
            ALTER TABLE accounts ADD COLUMN nickname VARCHAR(40);
            -- migrate:down
            ALTER TABLE accounts DROP COLUMN nickname;
            """,
        "005_device_owners.sql": """
            -- migrate:up
            CREATE VIEW device_owners AS SELECT d.id, a.email FROM devices d JOIN accounts a ON a.id = d.account_id;
            -- migrate:down
            DROP VIEW device_owners;
            """,
    ]

    static var versions: [String] { files.keys.sorted().map { String($0.prefix(3)) } }

    /// Runs the up sections of the first `k` files with the engine's own client (or, where
    /// it is not installed, statement by statement over a connection).
    static func runFirst(_ k: Int, on db: TestDatabase) async throws {
        let script = files.keys.sorted().prefix(k).map { Lifecycle.upSection(files[$0] ?? "") }.joined(separator: "\n")
        if db.clientPath != nil {
            try db.runWithClient(script.isEmpty ? "SELECT 1;" : script)
        } else {
            try await Lifecycle.runByHand(script.isEmpty ? "SELECT 1" : script, on: db)
        }
    }

    // MARK: - check

    @Test(arguments: TestEngine.available)
    func checkProvesEveryDownAndNamesTheBrokenOne(engine: TestEngine) async throws {
        let db = try await engine.makeDatabase()
        defer { Task { await db.drop() } }
        try await Lifecycle.runByHand("SELECT 1", on: db)
        try await Lifecycle.withDirectory(Self.files) { dir in
            let report = try await Lifecycle.migrator(db, dir).check(CheckRequest())
            #expect(report.passed, "\(report.problems)")
            #expect(report.replayed == 5)
            #expect(report.downsProven == Self.versions)
        }
        var broken = Self.files
        broken["004_nickname.sql"] = """
            -- migrate:up
            ALTER TABLE accounts ADD COLUMN nickname VARCHAR(40);
            -- migrate:down
            SELECT 1;
            """
        try await Lifecycle.withDirectory(broken) { dir in
            let report = try await Lifecycle.migrator(db, dir).check(CheckRequest())
            #expect(!report.passed)
            let problem = try #require(report.problems.first)
            #expect(report.problems.count == 1, "\(report.problems)")
            #expect(problem.rule == "down-not-inverse")
            #expect(problem.version == "004")
            #expect(problem.file?.hasSuffix("004_nickname.sql") == true)
            #expect(problem.differences.map(\.name) == ["accounts.nickname"])
            // The replay went on from the state the files give: 005 was proven too.
            #expect(report.downsProven == ["001", "002", "003", "005"])
        }
    }

    @Test(arguments: TestEngine.available)
    func checkComparesTheDesiredSchemaAndTheLiveDatabase(engine: TestEngine) async throws {
        let db = try await engine.makeDatabase()
        defer { Task { await db.drop() } }
        try await Lifecycle.runByHand("SELECT 1", on: db)
        try await Lifecycle.withDirectory(Self.files) { dir in
            let migrator = Lifecycle.migrator(db, dir)
            _ = try await migrator.up(UpRequest(target: Version("003")))
            // At 003 per its history, the database holds what the files give up to 003.
            var report = try await migrator.check(CheckRequest(compareDatabase: true))
            #expect(report.passed, "\(report.problems)")
            #expect(report.databaseAt == "003")
            // A column added by hand is drift, by name.
            try await Lifecycle.runByHand("ALTER TABLE devices ADD COLUMN hand_made INTEGER", on: db)
            report = try await migrator.check(CheckRequest(compareDatabase: true))
            #expect(report.problems.map(\.rule) == ["database-differs"])
            #expect(report.problems.first?.differences.map(\.name) == ["devices.hand_made"])
            // The desired schema: the files' own final result passes, another one is named.
            let final = try await SchemaSource.directory(dir).load(like: db.url)
            report = try await migrator.check(CheckRequest(schema: .model(final.schema, renames: [], name: "final")))
            #expect(report.passed, "\(report.problems)")
            var desired = final.schema
            desired.tables = desired.tables.filter { $0.name != "devices" }
            desired.views = []
            report = try await migrator.check(CheckRequest(schema: .model(desired, renames: [], name: "smaller")))
            #expect(report.problems.map(\.rule) == ["schema-differs"])
            #expect(report.problems.first?.differences.contains { $0.name == "devices" } == true)
        }
    }

    @Test(arguments: TestEngine.available)
    func aDownThatAddsAColumnBackAtTheEndPassesWithANote(engine: TestEngine) async throws {
        let db = try await engine.makeDatabase()
        defer { Task { await db.drop() } }
        try await Lifecycle.runByHand("SELECT 1", on: db)
        let files = [
            "001_t.sql": "-- migrate:up\nCREATE TABLE t (a INTEGER PRIMARY KEY, b INTEGER, c INTEGER);\n-- migrate:down\nDROP TABLE t;\n",
            "002_drop_b.sql": "-- migrate:up\nALTER TABLE t DROP COLUMN b;\n-- migrate:down\nALTER TABLE t ADD COLUMN b INTEGER;\n",
        ]
        try await Lifecycle.withDirectory(files) { dir in
            let report = try await Lifecycle.migrator(db, dir).check(CheckRequest())
            #expect(report.passed, "\(report.problems)")
            #expect(report.downsProven == ["001", "002"])
            if engine == .sqlite {
                // The differ reorders columns only on SQLite (a rebuild); elsewhere the order
                // is no difference at all.
                #expect(report.notes.contains { $0.contains("002") && $0.contains("another order") }, "\(report.notes)")
            }
        }
    }

    @Test func checkNamesAnUpThatFailsOnAFreshDatabase() async throws {
        let db = try await TestEngine.sqlite.makeDatabase()
        defer { Task { await db.drop() } }
        var files = Self.files
        files["006_broken.sql"] = "-- migrate:up\nALTER TABLE nowhere ADD COLUMN x INTEGER;\n-- migrate:down\nSELECT 1;\n"
        try await Lifecycle.withDirectory(files) { dir in
            let report = try await Lifecycle.migrator(db, dir).check(CheckRequest())
            let problem = try #require(report.problems.first)
            #expect(problem.rule == "up-failed")
            #expect(problem.version == "006")
            #expect(problem.file?.hasSuffix("006_broken.sql") == true && problem.line == 2)
        }
    }

    @Test func checkOnPostgreSQLRunsDownsInADatabaseOfItsOwn() async throws {
        let db = try await TestEngine.postgres.makeDatabase()
        defer { Task { await db.drop() } }
        try await Lifecycle.runByHand("SELECT 1", on: db)
        // The target's database has the extension (one no other test uses, in a schema of
        // its own, out of the other tests' way); a down that drops it must not drop it there.
        try await Lifecycle.runByHand("CREATE SCHEMA IF NOT EXISTS strata_ext_test; CREATE EXTENSION IF NOT EXISTS seg SCHEMA strata_ext_test", on: db)
        let files = ["001_ranges.sql": """
            -- migrate:up
            CREATE EXTENSION IF NOT EXISTS seg;
            CREATE TABLE ranges (id INTEGER PRIMARY KEY, span seg);
            -- migrate:down
            DROP TABLE ranges;
            DROP EXTENSION IF EXISTS seg;
            """]
        try await Lifecycle.withDirectory(files) { dir in
            let report = try await Lifecycle.migrator(db, dir).check(CheckRequest())
            #expect(report.passed, "\(report.problems)")
            #expect(report.downsProven == ["001"])
            #expect(report.notes.isEmpty, "\(report.notes)")
        }
        #expect(try await db.query("SELECT count(*) FROM pg_extension WHERE extname = 'seg'").first?[0].int == 1)
    }

    // MARK: - adopt

    @Test(arguments: TestEngine.available)
    func adoptRecordsExactlyTheFilesThatRanByHand(engine: TestEngine) async throws {
        for k in [0, 1, 2, 3, 5] {
            let db = try await engine.makeDatabase()
            defer { Task { await db.drop() } }
            try await Self.runFirst(k, on: db)
            try await Lifecycle.withDirectory(Self.files) { dir in
                let migrator = Lifecycle.migrator(db, dir)
                let report = try await migrator.adopt()
                #expect(report.suggestion == nil, "k=\(k): \(report.suggestion ?? "")")
                #expect(report.adopted == Array(Self.versions.prefix(k)), "k=\(k): \(report.evidence)")
                #expect(report.pending == Array(Self.versions.dropFirst(k)), "k=\(k)")
                let status = try await migrator.status()
                #expect(status.migrations.filter { $0.state == .adopted }.count == k, "k=\(k)")
                let log = try await migrator.history()
                #expect(log.filter { $0.event == .adopt }.count == k, "k=\(k)")
                // The rest runs with up; the seed row exists once.
                _ = try await migrator.up()
                #expect(try await Lifecycle.count("accounts", in: db) == 1, "k=\(k)")
                #expect(try await migrator.status().problems.isEmpty, "k=\(k)")
                // A second adopt has nothing to do.
                #expect(try await migrator.adopt().adopted.isEmpty, "k=\(k)")
            }
        }
    }

    @Test func baselineThroughItsOwnVersionReplacesNoFile() async throws {
        let db = try await TestEngine.sqlite.makeDatabase()
        defer { Task { await db.drop() } }
        try await Lifecycle.runByHand("CREATE TABLE orm_sessions (id INTEGER PRIMARY KEY, token VARCHAR(64))", on: db)
        try await Lifecycle.withDirectory(Self.files) { dir in
            let migrator = Lifecycle.migrator(db, dir)
            let adopt = try await migrator.adopt()
            #expect(adopt.suggestion?.contains("--version 000 --through 000") == true, "\(adopt.suggestion ?? "")")
            let baseline = try await migrator.baseline(BaselineRequest(through: Version("000")))
            #expect(baseline.replaces.isEmpty && baseline.pending == Self.versions)
            #expect(try await migrator.up().applied.count == 5)
        }
    }

    @Test(arguments: TestEngine.available)
    func adoptFindsFlywayFilesWithTheirRepeatableMigrations(engine: TestEngine) async throws {
        let files = [
            "V1__accounts.sql": "CREATE TABLE accounts (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL);\n",
            "V2__devices.sql": "CREATE TABLE devices (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, serial VARCHAR(64));\n",
            "V3__nickname.sql": "ALTER TABLE accounts ADD COLUMN nickname VARCHAR(40);\n",
            "R__device_owners.sql": "DROP VIEW IF EXISTS device_owners;\nCREATE VIEW device_owners AS SELECT d.id, a.email FROM devices d JOIN accounts a ON a.id = d.account_id;\n",
        ]
        let db = try await engine.makeDatabase()
        defer { Task { await db.drop() } }
        let byHand = ["V1__accounts.sql", "V2__devices.sql", "R__device_owners.sql"].compactMap { files[$0] }.joined(separator: "\n")
        if db.clientPath != nil { try db.runWithClient(byHand) } else { try await Lifecycle.runByHand(byHand, on: db) }
        try await Lifecycle.withDirectory(files) { dir in
            let migrator = Lifecycle.migrator(db, dir)
            let report = try await migrator.adopt()
            #expect(report.suggestion == nil, "\(report.suggestion ?? "")")
            #expect(report.adopted == ["1", "2", "R:device_owners"], "\(report.adopted) \(report.evidence)")
            #expect(report.pending == ["3"])
            let applied = try await migrator.up()
            #expect(applied.applied.map(\.version) == ["3"])
        }
    }

    @Test(arguments: TestEngine.available)
    func adoptRecordsNothingOnDriftAndNamesTheColumn(engine: TestEngine) async throws {
        let db = try await engine.makeDatabase()
        defer { Task { await db.drop() } }
        try await Self.runFirst(3, on: db)
        try await Lifecycle.runByHand("ALTER TABLE devices ADD COLUMN hand_made INTEGER", on: db)
        try await Lifecycle.withDirectory(Self.files) { dir in
            let migrator = Lifecycle.migrator(db, dir)
            let report = try await migrator.adopt()
            #expect(report.suggestion != nil)
            #expect(!report.recorded && report.adopted.isEmpty)
            #expect(report.closestThrough == "003")
            #expect(report.differences.map(\.name) == ["devices.hand_made"])
            #expect(try await migrator.history().isEmpty)
            // --through records anyway, as told.
            let forced = try await migrator.adopt(AdoptRequest(through: Version("003")))
            #expect(forced.adopted == ["001", "002", "003"] && forced.recorded)
        }
    }

    @Test(arguments: TestEngine.available)
    func adoptNamesTablesNoFileCreatesAndSuggestsBaseline(engine: TestEngine) async throws {
        let db = try await engine.makeDatabase()
        defer { Task { await db.drop() } }
        try await Self.runFirst(1, on: db)
        try await Lifecycle.runByHand("CREATE TABLE orm_sessions (id INTEGER PRIMARY KEY, token VARCHAR(64))", on: db)
        try await Lifecycle.withDirectory(Self.files) { dir in
            let migrator = Lifecycle.migrator(db, dir)
            let report = try await migrator.adopt()
            #expect(report.untrackedTables == ["orm_sessions"])
            #expect(report.suggestion?.contains("strata baseline --through 001") == true, "\(report.suggestion ?? "")")
            #expect(!report.recorded)
            // The two work together: the baseline takes the ORM's table and 001 over, up
            // runs the rest.
            _ = try await migrator.baseline(BaselineRequest(through: Version("001")))
            #expect(try await migrator.up().applied.map(\.version) == ["002", "003", "004", "005"])
            #expect(try await migrator.status().problems.isEmpty)
            #expect(try await Lifecycle.count("accounts", in: db) == 1)
        }
    }
}
