import Foundation
import Strata
import StrataTestSupport
import Testing

/// The `--json` output of every reporting command is part of the CLI contract: it is locked
/// by golden files `Golden/json-<command>-<case>.json`, made on SQLite. The lifecycle runs
/// on every configured engine against the same files (only the engine's name differs).
/// `STRATA_UPDATE_GOLDEN=1 swift test --filter JSONGoldenTests` rewrites them after an
/// intended change.
@Suite(.enabled(if: CLIRunner.executable != nil, "the strata executable was not built next to the tests"), .serialized)
struct JSONGoldenTests {
    // MARK: - Fixtures

    /// A fresh database and working directory, and `strata` run in it on that database.
    struct Scenario {
        let db: TestDatabase
        let dir: URL
        let golden: JSONGolden

        var migrations: URL { dir.appendingPathComponent("migrations") }

        /// Runs `strata arguments --database-url <db>`.
        func strata(_ arguments: [String]) async throws -> CLIRunner.Result {
            try await Child.start(arguments + ["--database-url", db.urlString], in: dir).wait()
        }

        /// Runs `strata arguments` with no database.
        func strataWithoutDatabase(_ arguments: [String]) async throws -> CLIRunner.Result {
            try await Child.start(arguments, in: dir).wait()
        }

        func write(_ files: [String: String]) throws {
            try CLIRunner.writeMigrations(files, in: dir)
        }

        func remove(_ file: String) throws {
            try FileManager.default.removeItem(at: migrations.appendingPathComponent(file))
        }

        func execute(_ sql: String) async throws {
            let c = try await db.connect()
            do {
                try await c.execute(sql)
                try? await c.close()
            } catch {
                try? await c.close()
                throw error
            }
        }
    }

    static func withScenario(_ engine: TestEngine, _ body: (Scenario) async throws -> Void) async throws {
        try await EngineCLITests.withDatabase(engine) { db, dir in
            let golden = JSONGolden(directory: dir, database: db.url.description, databaseName: db.name)
            try await body(Scenario(db: db, dir: dir, golden: golden))
        }
    }

    static func table(_ name: String, _ columns: String = "id INTEGER PRIMARY KEY") -> String {
        "-- migrate:up\nCREATE TABLE \(name) (\(columns));\n-- migrate:down\nDROP TABLE \(name);\n"
    }

    // MARK: - The normaliser

    /// Placeholders go where values vary from run to run, and nowhere else: a duration that
    /// is not a number, or a timestamp in another format, stays as it is (and so differs).
    @Test func normalizerReplacesOnlyWhatVaries() {
        let g = JSONGolden(directory: URL(fileURLWithPath: "/tmp/strata-cli-1"), database: "postgres://u:***@h/db?schema=t_x9", databaseName: "t_x9")
        let actor = MigratorOptions.defaultActor()
        let text = """
            "database" : "postgres://u:***@h/db?schema=t_x9", "file" : "/tmp/strata-cli-1/migrations/1.sql", "schema" : "t_x9",
            "appliedBy" : "\(actor)", "appliedAt" : "2026-12-01T10:59:24.424Z", "executionMs" : 17, "durationMs" : 0,
            "durationMs" : "17", "occurredAt" : "2026-12-01 10:59:24", "statements" : 3, "actor" : "ops@example"
            """
        #expect(g.normalize(text) == """
            "database" : "<database>", "file" : "<tmp>/migrations/1.sql", "schema" : "<database-name>",
            "appliedBy" : "<actor>", "appliedAt" : "<timestamp>", "executionMs" : "<ms>", "durationMs" : "<ms>",
            "durationMs" : "17", "occurredAt" : "2026-12-01 10:59:24", "statements" : 3, "actor" : "ops@example"
            """)
    }

    // MARK: - status, validate, repair, history: every state at once (SQLite)

    /// One history with every state `status` knows, reached the way users reach them
    /// (a run, an edit, a deleted file, a failure part-way), except `running` (a process
    /// killed mid-migration) and `baseline` (written by a baseline of the database), whose
    /// rows are written directly.
    @Test func everyStateStatusValidateRepairHistory() async throws {
        try await Self.withScenario(.sqlite) { s in
            let g = s.golden
            // 1. Applied: a squash that covers two files, plain migrations, repeatables.
            try s.write([
                "010_accounts.sql": Self.table("accounts"),
                "020_account_emails.sql": "-- migrate:up\nALTER TABLE accounts ADD COLUMN email VARCHAR(100);\n-- migrate:down\nALTER TABLE accounts DROP COLUMN email;\n",
                "030_squash_accounts.sql": "-- strata:replaces 010..020\n" + Self.table("accounts", "id INTEGER PRIMARY KEY, email VARCHAR(100)"),
                "040_users.sql": Self.table("users"),
                "050_posts.sql": Self.table("posts"),
                "060_tags.sql": Self.table("tags"),
                "070_gone.sql": Self.table("gone"),
                "090_comments.sql": Self.table("comments"),
                "R__a_user_ids.sql": "DROP VIEW IF EXISTS user_ids;\nCREATE VIEW user_ids AS SELECT id FROM users;\n",
                "R__b_post_ids.sql": "DROP VIEW IF EXISTS post_ids;\nCREATE VIEW post_ids AS SELECT id FROM posts;\n",
            ])
            try g.expect(try await s.strata(["up", "--json"]), matches: "up-covers-and-repeatables", status: 0)

            // 2. A migration outside a transaction fails at its second statement.
            try s.write(["100_broken.sql": "-- migrate:up transaction:false\nCREATE TABLE broken1 (id INTEGER);\nINSERT INTO missing_table VALUES (1);\nCREATE TABLE broken3 (id INTEGER);\n"])
            try g.expect(try await s.strata(["up", "--json"]), matches: "up-error-statement-failed", status: 1)

            // 3. Everything else: a baseline row, an interrupted run, out-of-order, pending,
            // replaced and new repeatable files, edits and a deleted file.
            try await s.execute("""
                INSERT INTO strata_migrations (version, name, checksum, semantic_checksum, applied_at, applied_by, execution_ms, status, statements_done) \
                VALUES ('000', 'baseline', '', '', '2025-01-02T03:04:05.678Z', 'dba@legacy', 0, 'baseline', 0)
                """)
            try await s.execute("""
                INSERT INTO strata_migrations (version, name, checksum, semantic_checksum, applied_at, applied_by, execution_ms, status, statements_done) \
                VALUES ('110', 'slow', '', '', '2025-01-02T03:04:05.678Z', 'deploy@ci', 0, 'running', 1)
                """)
            try s.write([
                "000_baseline.sql": "-- migrate:up\nCREATE TABLE legacy (id INTEGER PRIMARY KEY);\n",
                "080_late.sql": Self.table("late"),
                "110_slow.sql": "-- migrate:up transaction:false\nCREATE TABLE slow1 (id INTEGER);\nCREATE TABLE slow2 (id INTEGER);\nCREATE TABLE slow3 (id INTEGER);\n",
                "120_audit.sql": Self.table("audit"),
                "130_legacy_notes.sql": Self.table("notes"),
                "140_squash_notes.sql": "-- strata:replaces 130\n" + Self.table("notes", "id INTEGER PRIMARY KEY, body TEXT"),
                "R__c_comment_ids.sql": "DROP VIEW IF EXISTS comment_ids;\nCREATE VIEW comment_ids AS SELECT id FROM comments;\n",
                "050_posts.sql": Self.table("posts").replacingOccurrences(of: "-- migrate:up\n", with: "-- migrate:up\n-- Posts belong to users.\n\n"),
                "060_tags.sql": Self.table("tags", "id INTEGER PRIMARY KEY, label TEXT"),
                "R__b_post_ids.sql": "DROP VIEW IF EXISTS post_ids;\nCREATE VIEW post_ids AS SELECT id FROM posts ORDER BY id;\n",
            ])
            try s.remove("070_gone.sql")

            try g.expect(try await s.strata(["status", "--json"]), matches: "status-every-state", status: 3)
            try g.expect(try await s.strata(["validate", "--json"]), matches: "validate-database-problems", status: 3)
            try g.expect(try await s.strataWithoutDatabase(["validate", "--json"]), matches: "validate-files-only", status: 0)
            try g.expect(try await s.strata(["up", "--json"]), matches: "up-error-changed", status: 1)

            try g.expect(try await s.strata(["repair", "--json", "--actor", "ops@example"]), matches: "repair-every-kind", status: 0)
            try g.expect(try await s.strata(["repair", "--json"]), matches: "repair-nothing", status: 0)
            try g.expect(try await s.strata(["status", "--json"]), matches: "status-after-repair", status: 0)
            try g.expect(try await s.strata(["up", "--json", "--allow-out-of-order"]), matches: "up-after-repair", status: 0)
            try g.expect(try await s.strata(["status", "--json"]), matches: "status-after-up", status: 0)
            try g.expect(try await s.strata(["history", "--json"]), matches: "history-failed-and-repair", status: 0)
            try g.expect(try await s.strata(["history", "--json", "--limit", "2"]), matches: "history-limit", status: 0)
        }
    }

    // MARK: - up, down, redo, history, status: a lifecycle (every engine)

    /// Up to a target, a dry run, out-of-order with a cosmetic edit and a recorded squash,
    /// nothing to do, redo, down and its dry run, then history and status. The same golden
    /// files on every engine, with the engine's name put in.
    @Test(arguments: TestEngine.available)
    func lifecycleUpDownRedoHistory(engine: TestEngine) async throws {
        try await Self.withScenario(engine) { s in
            let g = s.golden
            let write = engine == .sqlite
            let name = engine == .sqlite ? "SQLite" : s.db.url.engine.displayName
            let adjust = { (golden: String) in golden.replacingOccurrences(of: "\"engine\" : \"SQLite\"", with: "\"engine\" : \"\(name)\"") }
            func check(_ r: CLIRunner.Result, _ golden: String, _ status: Int32 = 0, sourceLocation: SourceLocation = #_sourceLocation) throws {
                try g.expect(r, matches: golden, status: status, write: write, adjust: adjust, sourceLocation: sourceLocation)
            }

            try s.write([
                "010_users.sql": Self.table("users", "id INTEGER PRIMARY KEY, email VARCHAR(100)"),
                "020_posts.sql": Self.table("posts"),
                "040_tags.sql": Self.table("tags"),
                "050_comments.sql": Self.table("comments"),
            ])
            // Nothing applied yet (no history tables either).
            try check(try await s.strata(["down", "--json"]), "down-nothing")
            try check(try await s.strata(["redo", "--json"]), "redo-nothing")

            try check(try await s.strata(["up", "--json", "--to", "040"]), "up-to")
            try check(try await s.strata(["up", "--json", "--dry-run"]), "up-dry-run")

            try s.write([
                "010_users.sql": Self.table("users", "id INTEGER PRIMARY KEY, email VARCHAR(100)")
                    .replacingOccurrences(of: "-- migrate:up\n", with: "-- migrate:up\n-- Who can sign in.\n"),
                "030_late.sql": Self.table("late"),
                "045_squash_users_posts.sql": """
                    -- strata:replaces 010..020
                    -- migrate:up
                    CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100));
                    CREATE TABLE posts (id INTEGER PRIMARY KEY);
                    -- migrate:down
                    DROP TABLE posts;
                    DROP TABLE users;

                    """,
            ])
            try check(try await s.strata(["up", "--json", "--allow-out-of-order"]), "up-out-of-order-cosmetic-recorded")
            try check(try await s.strata(["up", "--json"]), "up-nothing")

            try check(try await s.strata(["redo", "--json"]), "redo")
            try check(try await s.strata(["down", "--json"]), "down-latest")
            try check(try await s.strata(["down", "--json", "--dry-run", "--to", "030"]), "down-dry-run")
            try check(try await s.strata(["down", "--json", "--to", "999"]), "down-error-unknown-version", 2)

            try check(try await s.strata(["history", "--json"]), "history-lifecycle")
            try check(try await s.strata(["status", "--json"]), "status-lifecycle")
        }
    }

    // MARK: - Errors, validate of bad files, new

    @Test func errorsInJSON() async throws {
        try await Self.withScenario(.sqlite) { s in
            let g = s.golden
            // No database given: a usage error.
            try g.expect(try await s.strataWithoutDatabase(["status", "--json"]), matches: "status-error-no-database", status: 2)
            // No migrations directory.
            try g.expect(try await s.strata(["status", "--json"]), matches: "status-error-no-directory", status: 1)
            try s.write(["001_users.sql": Self.table("users")])
            // A database in a directory that does not exist.
            try g.expect(
                try await s.strataWithoutDatabase(["up", "--json", "--database-url", "sqlite:no/such/dir/app.db"]),
                matches: "up-error-database-directory", status: 2
            )
            // Files that break the rules: validate lists them; up refuses.
            try s.write([
                "1_again.sql": Self.table("again"),
                "V2_missing_underscore.sql": "SELECT 1;\n",
                "003_down_first.sql": "-- migrate:down\nDROP TABLE x;\n-- migrate:up\nCREATE TABLE x (id INTEGER);\n",
            ])
            try g.expect(try await s.strataWithoutDatabase(["validate", "--json"]), matches: "validate-invalid-files", status: 3)
            try g.expect(try await s.strata(["up", "--json"]), matches: "up-error-invalid-files", status: 1)
        }
    }

    @Test func newInSequentialDirectory() async throws {
        try await Self.withScenario(.sqlite) { s in
            try s.write(["001_users.sql": Self.table("users"), "002_posts.sql": Self.table("posts")])
            try s.golden.expect(try await s.strataWithoutDatabase(["new", "--json", "Add names"]), matches: "new-sequential", status: 0)
        }
    }
}
