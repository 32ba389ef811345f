import Drivers
import Foundation
import Migrations
@testable import Migrator
import StrataTestSupport
import Testing

/// The behaviour suite: one body per behaviour, run on every configured engine.
@Suite struct MigratorBehaviourTests {
    // MARK: - Fixtures

    static let users = """
        -- migrate:up
        CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100) NOT NULL);
        -- migrate:down
        DROP TABLE users;
        """
    static let posts = """
        -- migrate:up
        CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, title VARCHAR(200));
        CREATE INDEX posts_user ON posts (user_id);
        -- migrate:down
        DROP TABLE posts;
        """
    static let addName = """
        -- migrate:up
        ALTER TABLE users ADD COLUMN name VARCHAR(100);
        UPDATE users SET name = 'unknown';
        -- migrate:down
        ALTER TABLE users DROP COLUMN name;
        """

    static func directory(_ files: [String: String]) -> MemoryDirectory {
        MemoryDirectory(files, displayPath: "migrations")
    }

    static var base: [String: String] {
        ["001_users.sql": users, "002_posts.sql": posts, "003_add_name.sql": addName]
    }

    /// Runs `body` with a fresh database, dropped afterwards.
    static func withDatabase(_ engine: TestEngine, _ body: (TestDatabase) async throws -> Void) async throws {
        try await engine.withDatabase(body)
    }

    static func migrator(_ db: TestDatabase, _ files: [String: String], lockTimeout: Duration = .seconds(30)) -> Migrator {
        Migrator(url: db.url, directory: directory(files), options: MigratorOptions(actor: "tester@test", lockTimeout: lockTimeout))
    }

    static func history(_ db: TestDatabase) async throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try await db.query("SELECT version, status FROM strata_migrations") {
            result[row[0].string ?? ""] = row[1].string
        }
        return result
    }

    static func expectError(_ code: MigratorError.Code, _ body: () async throws -> Void) async throws -> MigratorError {
        do {
            try await body()
        } catch let e as MigratorError {
            #expect(e.code == code, "\(e)")
            return e
        }
        Issue.record("expected MigratorError \(code), got success")
        return MigratorError(code, "")
    }

    // MARK: - Up

    /// A history longer than MySQL's default `group_concat_max_len` (1,024 bytes) is read
    /// as one whole text on every engine, and the session's own setting is left alone.
    @Test(arguments: TestEngine.available)
    func aLongHistoryIsReadAsOneText(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db in
            let versions = (1...40).map { String(format: "%03d", $0) }
            var files: [String: String] = [:]
            for v in versions { files["\(v)_step_\(v).sql"] = "-- migrate:up\nSELECT \(Int(v) ?? 0);\n-- migrate:down\nSELECT 0;\n" }
            let m = Self.migrator(db, files)
            #expect(try await m.up().applied.count == 40)
            let connection = try await db.connect()
            do {
                if engine == .mysql {
                    // MySQL's default; MariaDB's is 1 MB.
                    try await connection.execute("SET SESSION group_concat_max_len = 1024")
                }
                let store = HistoryStore(connection: connection, schema: engine == .postgres ? db.name : nil)
                let digest = try #require(try await store.readDigest())
                #expect(digest.text != nil, "read row by row")
                #expect((digest.text?.utf8.count ?? 0) > 2_000)
                #expect(digest.rows()?.map(\.version).sorted() == versions)
                if engine == .mysql {
                    let setting = try await connection.query("SELECT @@SESSION.group_concat_max_len AS n")
                    #expect(try setting.first?.int("n") == 1024)
                }
                // The no-op up over it.
                #expect(try await m.up().applied.isEmpty)
            } catch {
                try? await connection.close()
                throw error
            }
            try await connection.close()
        }
    }

    @Test(arguments: TestEngine.available)
    func upAppliesAllThenIsANoOp(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db in
            let m = Self.migrator(db, Self.base)
            let first = try await m.up()
            #expect(first.applied.map(\.version) == ["001", "002", "003"])
            #expect(first.applied.map(\.statements) == [1, 2, 2])
            #expect(try await db.tableExists("users"))
            #expect(try await db.tableExists("posts"))
            #expect(try await Self.history(db) == ["001": "applied", "002": "applied", "003": "applied"])
            let second = try await m.up()
            #expect(second.applied.isEmpty)
            let log = try await m.history()
            #expect(log.map(\.event.rawValue) == ["up", "up", "up"])
            #expect(log.allSatisfy { $0.actor == "tester@test" })
            let status = try await m.status()
            #expect(status.migrations.map(\.state.rawValue) == ["applied", "applied", "applied"])
            #expect(status.problems.isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func upToTargetStopsThere(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db in
            let m = Self.migrator(db, Self.base)
            let r = try await m.up(UpRequest(target: Version("2")))
            #expect(r.applied.map(\.version) == ["001", "002"])
            let status = try await m.status()
            #expect(status.migrations.map(\.state.rawValue) == ["applied", "applied", "pending"])
            let e = try await Self.expectError(.unknownVersion) { try await m.up(UpRequest(target: Version("7"))) }
            #expect(e.message.contains("7"))
        }
    }

    @Test(arguments: TestEngine.available)
    func dryRunPrintsSQLAndChangesNothing(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db in
            let m = Self.migrator(db, Self.base)
            let r = try await m.up(UpRequest(dryRun: true))
            let sql = try #require(r.dryRunSQL)
            #expect(sql.contains("CREATE TABLE users"))
            #expect(sql.contains("-- migrations/002_posts.sql:3"))
            #expect(try await db.tableExists("users") == false)
            #expect(try await db.tableExists("strata_migrations") == false)
        }
    }

    @Test func dryRunDoesNotCreateTheSQLiteFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("strata-dry-\(UUID().uuidString).db").path
        let m = Migrator(url: try DatabaseURL("sqlite:" + path), directory: Self.directory(Self.base))
        let r = try await m.up(UpRequest(dryRun: true))
        #expect(r.dryRunSQL?.contains("CREATE TABLE users") == true)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test(arguments: TestEngine.available)
    func failingStatementReportsFileAndLine(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db in
            let broken = """
                -- migrate:up
                CREATE TABLE a1 (id INTEGER PRIMARY KEY);
                CREATE TABLE a2 (id INTEGER PRIMARY KEY);
                INSERT INTO no_such_table VALUES (1);
                CREATE TABLE a4 (id INTEGER PRIMARY KEY);
                CREATE TABLE a5 (id INTEGER PRIMARY KEY);
                -- migrate:down
                """
            let m = Self.migrator(db, ["001_users.sql": Self.users, "002_broken.sql": broken])
            let e = try await Self.expectError(.statementFailed) { try await m.up() }
            #expect(e.file == "migrations/002_broken.sql")
            #expect(e.line == 4)
            #expect(e.description.hasPrefix("migrations/002_broken.sql:4: statement 3 of 5 failed"), "\(e)")
            #expect(e.description.contains("no_such_table"), "\(e)")
            // 001 stays applied; 002 left nothing where DDL is transactional.
            let h = try await Self.history(db)
            #expect(h["001"] == "applied")
            if engine == .mysql {
                #expect(h["002"] == "failed")
                #expect(try await db.tableExists("a2"))
            } else {
                #expect(h["002"] == nil)
                #expect(try await db.tableExists("a1") == false)
                #expect(try await db.tableExists("a2") == false)
            }
            #expect(try await db.tableExists("a4") == false)
        }
    }

    @Test(arguments: TestEngine.available)
    func editedAppliedMigrationStopsUpBeforeAnythingRuns(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db in
            var files = Self.base
            files["003_add_name.sql"] = nil
            try await Self.migrator(db, files).up()
            files["001_users.sql"] = Self.users.replacingOccurrences(of: "VARCHAR(100)", with: "VARCHAR(200)")
            files["003_add_name.sql"] = Self.addName
            let m = Self.migrator(db, files)
            let e = try await Self.expectError(.checksumMismatch) { try await m.up() }
            #expect(e.file == "migrations/001_users.sql")
            #expect(e.description.contains("strata repair"))
            #expect(try await Self.history(db)["003"] == nil)
            let status = try await m.status()
            #expect(status.migrations.first?.state == .changed)
            #expect(!status.problems.isEmpty)
            // repair accepts the edit, logged; then up goes on.
            let repaired = try await m.repair()
            #expect(repaired.actions.count == 1)
            try await m.up()
            #expect(try await Self.history(db)["003"] == "applied")
            #expect(try await m.history().contains { $0.event == .repair && $0.version == "001" })
        }
    }

    @Test(arguments: TestEngine.available)
    func cosmeticEditIsLoggedAndUpGoesOn(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db in
            var files = Self.base
            files["003_add_name.sql"] = nil
            try await Self.migrator(db, files).up()
            files["001_users.sql"] = """
                -- migrate:up
                -- The users of the service; email is the login.
                CREATE TABLE users (
                    id INTEGER PRIMARY KEY,
                    email VARCHAR(100) NOT NULL
                );

                -- migrate:down
                DROP TABLE users;
                """
            files["003_add_name.sql"] = Self.addName
            let m = Self.migrator(db, files)
            #expect(try await m.status().migrations.first?.state == .cosmeticChange)
            let r = try await m.up()
            #expect(r.cosmeticChanges == ["001"])
            #expect(r.applied.map(\.version) == ["003"])
            #expect(try await m.history().contains { $0.event == .checksum && $0.version == "001" })
            #expect(try await m.status().migrations.first?.state == .applied)
        }
    }

    @Test(arguments: TestEngine.available)
    func deletedAppliedMigrationStopsUp(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db in
            var files = Self.base
            files["003_add_name.sql"] = nil
            try await Self.migrator(db, files).up()
            files["002_posts.sql"] = nil
            files["003_add_name.sql"] = Self.addName
            let m = Self.migrator(db, files)
            let e = try await Self.expectError(.missingFile) { try await m.up() }
            #expect(e.version == "002")
            #expect(e.description.contains("missing"))
            #expect(try await Self.history(db)["003"] == nil)
            #expect(try await m.status().migrations.map(\.state.rawValue).contains("missing-file"))
        }
    }

    @Test(arguments: TestEngine.available)
    func outOfOrderFileStopsUnlessAllowed(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db in
            var files = Self.base
            files["002_posts.sql"] = nil
            try await Self.migrator(db, files).up()
            files["002_posts.sql"] = Self.posts
            let m = Self.migrator(db, files)
            let e = try await Self.expectError(.outOfOrder) { try await m.up() }
            #expect(e.file == "migrations/002_posts.sql")
            #expect(try await m.status().migrations.map(\.state.rawValue) == ["applied", "out-of-order", "applied"])
            let r = try await m.up(UpRequest(allowOutOfOrder: true))
            #expect(r.applied.map(\.version) == ["002"])
            #expect(r.outOfOrder == ["002"])
        }
    }

    // MARK: - Down

    @Test(arguments: TestEngine.available)
    func downRevertsLatestThenStepsThenTo(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db in
            let m = Self.migrator(db, Self.base)
            try await m.up()
            let one = try await m.down()
            #expect(one.reverted.map(\.version) == ["003"])
            try await m.up()
            let two = try await m.down(DownRequest(steps: 2))
            #expect(two.reverted.map(\.version) == ["003", "002"])
            #expect(try await db.tableExists("posts") == false)
            try await m.up()
            let to = try await m.down(DownRequest(target: Version("001")))
            #expect(to.reverted.map(\.version) == ["003", "002"])
            #expect(try await Self.history(db) == ["001": "applied"])
            let redo = try await m.redo()
            #expect(redo.reverted.reverted.map(\.version) == ["001"])
            #expect(redo.applied.applied.map(\.version) == ["001"])
            #expect(try await m.history().filter { $0.event == .down }.count == 6)
        }
    }

    @Test(arguments: TestEngine.available)
    func downWithoutDownSectionRefusesBeforeRunningAnything(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db in
            var files = Self.base
            files["002_posts.sql"] = "CREATE TABLE posts (id INTEGER PRIMARY KEY);\n"
            let m = Self.migrator(db, files)
            try await m.up()
            let e = try await Self.expectError(.noDownSection) { try await m.down(DownRequest(steps: 2)) }
            #expect(e.file == "migrations/002_posts.sql")
            // 003 was not reverted either.
            #expect(try await Self.history(db).count == 3)
        }
    }

    /// Where the history row travels with the statements (PostgreSQL, MySQL), the server
    /// times the migration; the row, the log and the report all carry the time.
    @Test(arguments: TestEngine.available.filter { $0 != .sqlite })
    func executionTimeIsRecordedWithTheMigration(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db in
            let sleep = engine == .postgres ? "SELECT pg_sleep(0.06);" : "DO SLEEP(0.06);"
            let m = Self.migrator(db, ["001_users.sql": Self.users, "002_wait.sql": "-- migrate:up\n\(sleep)\n"])
            let report = try await m.up()
            #expect(report.applied.map(\.version) == ["001", "002"])
            #expect(report.applied[1].durationMs >= 60, "\(report.applied)")
            let row = try await db.query("SELECT execution_ms FROM strata_migrations WHERE version = '002'")
            #expect((row.first?[0].int ?? 0) >= 60, "\(row)")
            let log = try await db.query("SELECT execution_ms FROM strata_migrations_log WHERE version = '002' AND event = 'up'")
            #expect((log.first?[0].int ?? 0) >= 60, "\(log)")
            #expect((log.first?[0].int ?? 0) < 60_000, "\(log)")
        }
    }

    /// A data-only migration is one transaction on every engine (MySQL too): a failure in
    /// its second statement names that statement and leaves nothing of the first.
    @Test(arguments: TestEngine.available)
    func failingDataMigrationLeavesNothing(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db in
            let data = """
                -- migrate:up
                INSERT INTO users (id, email) VALUES (1, 'a@example.com');
                INSERT INTO users (id, email) VALUES (1, 'duplicate@example.com');
                INSERT INTO users (id, email) VALUES (3, 'c@example.com');
                -- migrate:down
                DELETE FROM users;
                """
            let files = ["001_users.sql": Self.users, "002_data.sql": data]
            let e = try await Self.expectError(.statementFailed) { try await Self.migrator(db, files).up() }
            #expect(e.file == "migrations/002_data.sql")
            #expect(e.line == 3, "\(e)")
            #expect(e.description.contains("statement 2 of 3 failed"), "\(e)")
            #expect(try await db.query("SELECT count(*) FROM users").first?[0].int == 0)
            let h = try await Self.history(db)
            #expect(h["001"] == "applied")
            #expect(h["002"] == nil, "\(h)")
            // The session is usable after the failure: the fixed file applies.
            var fixed = files
            fixed["002_data.sql"] = data.replacingOccurrences(of: "(1, 'duplicate@example.com')", with: "(2, 'b@example.com')")
            let report = try await Self.migrator(db, fixed).up()
            #expect(report.applied.map(\.version) == ["002"])
            #expect(try await db.query("SELECT count(*) FROM users").first?[0].int == 3)
        }
    }

    // MARK: - Transactions

    @Test(arguments: TestEngine.available.filter { $0 != .mysql })
    func singleTransactionRollsBackEverything(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db in
            var files = Self.base
            files["004_broken.sql"] = "-- migrate:up\nCREATE TABLE ok4 (id INTEGER);\nSELECT * FROM nowhere;\n"
            let m = Self.migrator(db, files)
            _ = try await Self.expectError(.statementFailed) { try await m.up(UpRequest(singleTransaction: true)) }
            #expect(try await db.tableExists("users") == false)
            #expect(try await Self.history(db).isEmpty)
            files["004_broken.sql"] = nil
            let ok = try await Self.migrator(db, files).up(UpRequest(singleTransaction: true))
            #expect(ok.applied.count == 3)
        }
    }

    @Test(arguments: TestEngine.available)
    func replacingMigrationCoversOrIsRecorded(engine: TestEngine) async throws {
        let squash = """
            -- strata:replaces 001..003
            -- migrate:up
            CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100) NOT NULL, name VARCHAR(100));
            CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, title VARCHAR(200));
            -- migrate:down
            DROP TABLE posts;
            DROP TABLE users;
            """
        // An old database: everything applied, then the squash arrives and the old files go.
        try await Self.withDatabase(engine) { db in
            try await Self.migrator(db, Self.base).up()
            let r = try await Self.migrator(db, ["004_squash.sql": squash]).up()
            #expect(r.recorded == ["004"])
            #expect(r.applied.isEmpty)
            #expect(try await Self.migrator(db, ["004_squash.sql": squash]).status().problems.isEmpty)
            // Redo reverts what the squash stands for and runs it again: the tables are
            // back, not recorded as present while its down dropped them.
            let redo = try await Self.migrator(db, ["004_squash.sql": squash]).redo()
            #expect(redo.reverted.reverted.map(\.version) == ["004"])
            #expect(redo.applied.applied.map(\.version) == ["004"])
            #expect(try await db.tableExists("users"))
            #expect(try await db.tableExists("posts"))
            #expect(try await Self.history(db) == ["004": "applied"])
        }
        // A fresh database: the squash runs, the old versions are recorded as covered.
        try await Self.withDatabase(engine) { db in
            var files = Self.base
            files["004_squash.sql"] = squash
            let r = try await Self.migrator(db, files).up()
            #expect(r.applied.map(\.version) == ["004"])
            let h = try await Self.history(db)
            #expect(h["004"] == "applied")
            #expect(h["001"] == "covered")
        }
    }

    // MARK: - Concurrency

    @Test(arguments: TestEngine.available)
    func concurrentRunsApplyEachMigrationOnce(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db in
            let files = Self.base
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 {
                    // Each waits for five others on a machine running every suite at once.
                    group.addTask { try await Self.migrator(db, files, lockTimeout: .seconds(120)).up().applied.count }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(counts.reduce(0, +) == 3, "\(counts)")
            #expect(try await Self.migrator(db, files).history().filter { $0.event == .up }.count == 3)
        }
    }

    @Test(arguments: TestEngine.available)
    func lockTimeoutNamesTheHolder(engine: TestEngine) async throws {
        try await Self.withDatabase(engine) { db in
            let m = Self.migrator(db, Self.base, lockTimeout: .milliseconds(300))
            try await m.createHistoryTables()
            // Hold the lock from another session.
            let holder = try await db.connect()
            let store = HistoryStore(connection: holder, schema: engine == .postgres ? db.name : nil)
            let lock = try await RunLock.acquire(store: store, url: db.url, timeout: .seconds(5)) { _ in }
            let e = try await Self.expectError(.lockTimeout) { try await m.up() }
            #expect(e.message.contains("held by"))
            await lock.release()
            try? await holder.close()
            lock.finish()
            #expect(try await m.up().applied.count == 3)
        }
    }
}
