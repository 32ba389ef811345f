import Dialects
import Drivers
import Foundation
import Migrations
@testable import Migrator
import Schema
import SQLText
import StrataTestSupport
import Testing

/// Baseline, squash and drift on real databases of every engine.
@Suite struct SchemaLifecycleTests {
    // MARK: - Helpers

    /// A migrations directory on disk, removed afterwards.
    static func withDirectory(_ files: [String: String], _ body: (String) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("strata-lifecycle-\(UInt64.random(in: 0...UInt64.max))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8) }
        do {
            try await body(path)
            try? FileManager.default.removeItem(atPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }

    static func migrator(_ db: TestDatabase, _ dir: String, environment: String = "development") -> Migrator {
        Migrator(url: db.url, directory: LocalDirectory(dir), options: MigratorOptions(actor: "tester@test", environment: environment))
    }

    /// The database's dump text (Strata's tables left out).
    static func dump(_ db: TestDatabase) async throws -> String {
        let (inspection, dialect) = try await Migrator(url: db.url, directory: MemoryDirectory([:])).inspectLive()
        return SchemaScript.text(SchemaScript.creating(inspection.schema, with: dialect.renderer), dialect: dialect)
    }

    /// Runs a script's statements by hand, as the engine's own client would.
    static func runByHand(_ script: String, on db: TestDatabase) async throws {
        let connection = try await db.connect()
        do {
            if db.engine == .postgres {
                // A test database is a schema, created on first use.
                try await connection.execute("CREATE SCHEMA IF NOT EXISTS \"\(db.name)\"")
            }
            for statement in try SQLSplitter(dialect: db.engine.dialect).split(script) {
                try await connection.execute(statement.text)
            }
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The up section of a sectioned file.
    static func upSection(_ file: String) -> String {
        let afterUp = file.components(separatedBy: "-- migrate:up").last ?? file
        return afterUp.components(separatedBy: "-- migrate:down").first ?? afterUp
    }

    static func count(_ table: String, in db: TestDatabase) async throws -> Int64 {
        try await db.query("SELECT count(*) FROM \(table)").first?[0].int ?? -1
    }

    // MARK: - Fixtures

    static func ormTables(_ engine: TestEngine) -> String {
        """
        CREATE TABLE accounts (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL);
        CREATE TABLE users (
            id INTEGER NOT NULL PRIMARY KEY,
            account_id INTEGER,
            email VARCHAR(200) NOT NULL,
            CONSTRAINT users_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
        );
        CREATE UNIQUE INDEX users_email ON users (email);
        INSERT INTO accounts (id, name) VALUES (1, 'acme'), (2, 'globex');
        INSERT INTO users (id, account_id, email) VALUES (1, 1, 'a@acme.test'), (2, 1, 'b@acme.test'), (3, 2, 'c@globex.test');
        """
    }

    static let handRunFiles = [
        "001_add_created_at.sql": """
            -- migrate:up
            ALTER TABLE users ADD COLUMN created_at VARCHAR(32);
            -- migrate:down
            ALTER TABLE users DROP COLUMN created_at;
            """,
        "002_create_orders.sql": """
            -- migrate:up
            CREATE TABLE orders (
                id INTEGER NOT NULL PRIMARY KEY,
                user_id INTEGER NOT NULL,
                total DECIMAL(10,2) NOT NULL DEFAULT 0,
                CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
            );
            CREATE INDEX orders_user ON orders (user_id);
            -- migrate:down
            DROP TABLE orders;
            """,
        "003_backfill_created_at.sql": """
            -- migrate:up
            UPDATE users SET created_at = '2020-01-01T00:00:00Z' WHERE created_at IS NULL;
            -- migrate:down
            UPDATE users SET created_at = NULL;
            """,
    ]

    static let flagMigration = """
        -- migrate:up
        ALTER TABLE users ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0;
        -- migrate:down
        ALTER TABLE users DROP COLUMN flagged;
        """

    // MARK: - Baseline

    /// The messy story: tables from an ORM's sync, then numbered files run by hand, no history.
    @Test(arguments: TestEngine.available)
    func baselineTakesOverAHandGrownDatabase(engine: TestEngine) async throws {
        let live = try await engine.makeDatabase()
        let fresh = try await engine.makeDatabase()
        defer { Task { await live.drop(); await fresh.drop() } }
        try await Self.runByHand(Self.ormTables(engine), on: live)
        for name in Self.handRunFiles.keys.sorted() {
            try await Self.runByHand(Self.upSection(Self.handRunFiles[name]!), on: live)
        }
        let before = try await Self.dump(live)
        let users = try await Self.count("users", in: live)

        try await Self.withDirectory(Self.handRunFiles) { dir in
            let report = try await Self.migrator(live, dir).baseline()
            #expect(report.replaces == ["001", "002", "003"])
            #expect(report.file.hasSuffix("000_initial_schema.sql"))
            let text = try String(contentsOfFile: dir + "/000_initial_schema.sql", encoding: .utf8)
            #expect(text.contains("-- strata:replaces 001..003"), "\(text)")

            // (a) The live database is untouched, and up in production runs nothing.
            #expect(try await Self.dump(live) == before)
            #expect(try await Self.count("users", in: live) == users)
            let prodUp = try await Self.migrator(live, dir, environment: "production").up()
            #expect(prodUp.applied.isEmpty && prodUp.recorded.isEmpty)
            let status = try await Self.migrator(live, dir).status()
            #expect(status.problems.isEmpty, "\(status.problems)")
            #expect(status.drift?.hasDrift == false)

            // (b) An empty database is built from the baseline alone, identically.
            let freshUp = try await Self.migrator(fresh, dir).up()
            #expect(freshUp.applied.map(\.version) == ["000"])
            #expect(try await Self.dump(fresh) == before)

            // (c) A new migration applies to both, and its down returns both exactly.
            try Self.flagMigration.write(toFile: dir + "/004_flag_users.sql", atomically: true, encoding: .utf8)
            for db in [live, fresh] {
                let up = try await Self.migrator(db, dir).up()
                #expect(up.applied.map(\.version) == ["004"])
            }
            let after = try await Self.dump(live)
            #expect(after != before)
            #expect(try await Self.dump(fresh) == after)
            for db in [live, fresh] {
                _ = try await Self.migrator(db, dir).down()
                #expect(try await Self.dump(db) == before)
            }
            #expect(try await Self.count("users", in: live) == users)

            // A second baseline is refused, and says what to do.
            do {
                _ = try await Self.migrator(live, dir).baseline(BaselineRequest(version: "0000"))
                Issue.record("a second baseline was not refused")
            } catch let error as MigratorError {
                #expect(error.code == .notAllowed && error.message.contains("already has Strata history") && error.message.contains("--allow-existing-history"))
            }
        }
    }

    /// `--through` replaces only the files that ran; the later one stays pending.
    @Test(arguments: TestEngine.available)
    func baselineThroughLeavesLaterFilesPending(engine: TestEngine) async throws {
        try await engine.withDatabase { live in
            try await Self.runByHand(Self.ormTables(engine), on: live)
            try await Self.runByHand(Self.upSection(Self.handRunFiles["001_add_created_at.sql"]!), on: live)
            try await Self.withDirectory(Self.handRunFiles) { dir in
                let report = try await Self.migrator(live, dir).baseline(BaselineRequest(through: Version("001")))
                #expect(report.replaces == ["001"] && report.pending == ["002", "003"])
                let up = try await Self.migrator(live, dir).up()
                #expect(up.applied.map(\.version) == ["002", "003"])
                #expect(try await live.tableExists("orders"))
            }
        }
    }

    // MARK: - Drift

    @Test(arguments: TestEngine.available)
    func upStopsOnDriftNamingTheChangedObjects(engine: TestEngine) async throws {
        try await engine.withDatabase { db in
            var files = ["001_users.sql": "-- migrate:up\nCREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(100));\n-- migrate:down\nDROP TABLE users;\n"]
            try await Self.withDirectory(files) { dir in
                _ = try await Self.migrator(db, dir).up()
                let recorded = try await db.query("SELECT schema_fingerprint FROM strata_migrations WHERE version = '001'")
                #expect(recorded.first?[0].string?.count == 64)

                // Someone adds a column by hand.
                try await Self.runByHand("ALTER TABLE users ADD COLUMN nickname VARCHAR(50)", on: db)
                // Nothing pending: the no-op up does not look.
                #expect(try await Self.migrator(db, dir).up().applied.isEmpty)
                let status = try await Self.migrator(db, dir).status()
                #expect(status.drift?.differences.map(\.description) == ["column users.nickname added"])
                #expect(status.problems.contains { $0.contains("users.nickname") })

                files["002_posts.sql"] = "-- migrate:up\nCREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY);\n-- migrate:down\nDROP TABLE posts;\n"
                try files["002_posts.sql"]!.write(toFile: dir + "/002_posts.sql", atomically: true, encoding: .utf8)
                do {
                    _ = try await Self.migrator(db, dir).up()
                    Issue.record("up went on despite drift")
                } catch let error as MigratorError {
                    #expect(error.code == .drift)
                    #expect(error.message.contains("column users.nickname added") && error.message.contains("--allow-drift"), "\(error.message)")
                }
                #expect(!(try await db.tableExists("posts")))

                let accepted = try await Self.migrator(db, dir).up(UpRequest(allowDrift: true))
                #expect(accepted.applied.map(\.version) == ["002"])
                #expect(accepted.acceptedDrift.map(\.name) == ["users.nickname"])
                let log = try await db.query("SELECT detail FROM strata_migrations_log WHERE event = 'drift'")
                #expect(log.count == 1 && log.first?[0].string?.contains("users.nickname") == true)
                // The schema after that run is the new reference: no drift left.
                #expect(try await Self.migrator(db, dir).status().drift?.hasDrift == false)
                // A down is Strata's own change, recorded too.
                _ = try await Self.migrator(db, dir).down()
                #expect(try await Self.migrator(db, dir).status().drift?.hasDrift == false)
            }
        }
    }

    // MARK: - Squash

    static let squashFiles = [
        "001_users.sql": "-- migrate:up\nCREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(100) NOT NULL);\n-- migrate:down\nDROP TABLE users;\n",
        "002_posts.sql": "-- migrate:up\nCREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY, user_id INTEGER NOT NULL, CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id));\nCREATE INDEX posts_user ON posts (user_id);\n-- migrate:down\nDROP TABLE posts;\n",
        "003_email_index.sql": "-- migrate:up\nCREATE UNIQUE INDEX users_email ON users (email);\n-- migrate:down\nDROP INDEX users_email;\n",
        "004_titles.sql": "-- migrate:up\nALTER TABLE posts ADD COLUMN title VARCHAR(200);\n-- migrate:down\nALTER TABLE posts DROP COLUMN title;\n",
    ]

    static func squashFixture(_ engine: TestEngine) -> [String: String] {
        var files = squashFiles
        if engine == .mysql {
            files["003_email_index.sql"] = "-- migrate:up\nCREATE UNIQUE INDEX users_email ON users (email);\n-- migrate:down\nDROP INDEX users_email ON users;\n"
        }
        return files
    }

    @Test(arguments: TestEngine.available)
    func squashReplacesARangeOnOldAndFreshDatabases(engine: TestEngine) async throws {
        let old = try await engine.makeDatabase()
        let fresh = try await engine.makeDatabase()
        let partial = try await engine.makeDatabase()
        defer { Task { await old.drop(); await fresh.drop(); await partial.drop() } }
        try await Self.withDirectory(Self.squashFixture(engine)) { dir in
            _ = try await Self.migrator(old, dir).up()
            _ = try await Self.migrator(partial, dir).up(UpRequest(target: Version("002")))
            let expected = try await Self.dump(old)

            // A target that applied part of the range is explained, not guessed.
            do {
                _ = try await Self.migrator(partial, dir).squash(SquashRequest(to: Version("003")!))
                Issue.record("a squash over a partly applied range was not refused")
            } catch let error as MigratorError {
                #expect(error.code == .replaceConflict && error.message.contains("strata up --to 003"), "\(error.message)")
            }

            let report = try await Self.migrator(old, dir).squash(SquashRequest(to: Version("003")!, name: "squash"))
            #expect(report.version == "000" && report.replaces == ["001", "002", "003"] && report.method == "schema" && report.hasDown)
            let text = try String(contentsOfFile: dir + "/000_squash.sql", encoding: .utf8)
            #expect(text.contains("-- strata:replaces 001..003"))

            // Where the range ran, the squash is only recorded.
            let oldUp = try await Self.migrator(old, dir).up()
            #expect(oldUp.applied.isEmpty && oldUp.recorded == ["000"])
            #expect(try await Self.migrator(old, dir).status().problems.isEmpty)
            // On a fresh database it runs instead of the range.
            let freshUp = try await Self.migrator(fresh, dir).up()
            #expect(freshUp.applied.map(\.version) == ["000", "004"])
            #expect(try await Self.dump(fresh) == expected)
            // The partly migrated one is stopped with the explanation.
            do {
                _ = try await Self.migrator(partial, dir).up()
                Issue.record("up ran a squash over a partly applied range")
            } catch let error as MigratorError {
                #expect(error.code == .replaceConflict)
            }
        }
    }
}
