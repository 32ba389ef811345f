import Dialects
import Drivers
import Foundation
import Migrations
@testable import Migrator
import SQLText
import StrataTestSupport
import Testing

/// `lint` on every engine against real servers: a corpus in which every rule fires, each
/// named with its file and line, a clean migration without findings, numbers from the
/// live database, and `-- strata:lint-ignore`.
@Suite struct LintTests {
    typealias Lifecycle = SchemaLifecycleTests

    static let base = """
        -- migrate:up
        CREATE TABLE accounts (
            id INTEGER PRIMARY KEY, email VARCHAR(200), name VARCHAR(100), bio VARCHAR(500),
            age INTEGER, score INTEGER, amount INTEGER
        );
        CREATE TABLE sessions (id INTEGER PRIMARY KEY, token VARCHAR(64));
        CREATE TABLE audit (id INTEGER PRIMARY KEY, note VARCHAR(100));
        CREATE INDEX accounts_name ON accounts (name);
        """

    static let rows = """
        INSERT INTO accounts (id, email, name, bio, age, score, amount) VALUES (1, 'a@example.com', 'Ann', 'x', 30, 1, 10);
        INSERT INTO accounts (id, email, name, bio, age, score, amount) VALUES (2, 'b@example.com', 'Bob', 'y', 40, 2, 20);
        INSERT INTO accounts (id, email, name) VALUES (3, 'c@example.com', 'Cy');
        INSERT INTO sessions (id, token) VALUES (1, 't');
        INSERT INTO audit (id, note) VALUES (1, 'n'), (2, 'm')
        """

    /// SQLite changes a column's type or nullability by rebuilding the table by hand.
    static func sqliteRebuild(_ columns: String) -> String {
        """
        CREATE TABLE accounts_new (\(columns));
        INSERT INTO accounts_new SELECT * FROM accounts;
        DROP TABLE accounts;
        ALTER TABLE accounts_new RENAME TO accounts;
        """
    }

    /// The pending files, each with the rule it must raise, at the line of its first
    /// statement (of `DROP TABLE accounts` for a SQLite rebuild, line 4; of the foreign
    /// key in 012, line 3).
    static func corpus(_ engine: TestEngine) -> [(file: String, sql: String, rule: String)] {
        let columns = "id INTEGER PRIMARY KEY, email VARCHAR(200), name VARCHAR(100), bio VARCHAR(500), age INTEGER, score INTEGER, amount INTEGER"
        var files: [(String, String, String)] = [
            ("002_drop_table.sql", "DROP TABLE audit;", "drop-table"),
            ("003_drop_column.sql", "ALTER TABLE accounts DROP COLUMN age;", "drop-column"),
            ("004_drop_index.sql", engine == .mysql ? "DROP INDEX accounts_name ON accounts;" : "DROP INDEX accounts_name;", "drop-index"),
        ]
        let after = columns.replacingOccurrences(of: "age INTEGER, ", with: "")
        switch engine {
        case .sqlite:
            files += [
                ("005_narrow.sql", sqliteRebuild(after.replacingOccurrences(of: "bio VARCHAR(500)", with: "bio VARCHAR(50)")), "narrow-type"),
                ("006_change_type.sql", sqliteRebuild(after.replacingOccurrences(of: "bio VARCHAR(500)", with: "bio VARCHAR(50)").replacingOccurrences(of: "score INTEGER", with: "score VARCHAR(20)")), "sqlite-rebuild"),
            ]
        case .postgres:
            files += [
                ("005_narrow.sql", "ALTER TABLE accounts ALTER COLUMN bio TYPE VARCHAR(50);", "narrow-type"),
                ("006_change_type.sql", "ALTER TABLE accounts ALTER COLUMN score TYPE VARCHAR(20);", "change-type"),
            ]
        case .mysql:
            files += [
                ("005_narrow.sql", "ALTER TABLE accounts MODIFY bio VARCHAR(50);", "narrow-type"),
                ("006_change_type.sql", "ALTER TABLE accounts MODIFY score VARCHAR(20);", "mysql-copy-algorithm"),
            ]
        }
        files += [
            ("007_rename_column.sql", "ALTER TABLE accounts RENAME COLUMN name TO display_name;", "rename-column"),
            ("008_rename_table.sql", engine == .mysql ? "RENAME TABLE sessions TO user_sessions;" : "ALTER TABLE sessions RENAME TO user_sessions;", "rename-table"),
        ]
        let renamed = after.replacingOccurrences(of: "bio VARCHAR(500)", with: "bio VARCHAR(50)").replacingOccurrences(of: "score INTEGER", with: "score VARCHAR(20)")
            .replacingOccurrences(of: "name VARCHAR(100)", with: "display_name VARCHAR(100)")
        switch engine {
        case .sqlite:
            files.append(("009_not_null.sql", sqliteRebuild(renamed.replacingOccurrences(of: "email VARCHAR(200)", with: "email VARCHAR(200) NOT NULL")), "add-not-null"))
        case .postgres:
            files.append(("009_not_null.sql", "ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;", "pg-set-not-null"))
        case .mysql:
            files.append(("009_not_null.sql", "ALTER TABLE accounts MODIFY email VARCHAR(200) NOT NULL;", "mysql-table-rebuild"))
        }
        files.append(("010_unique.sql", "CREATE UNIQUE INDEX accounts_email ON accounts (email);", "add-unique-index"))
        if engine == .postgres {
            files += [
                ("011_index.sql", "CREATE INDEX accounts_bio ON accounts (bio);", "pg-index-not-concurrent"),
                ("012_foreign_key.sql", "ALTER TABLE user_sessions ADD COLUMN account_id INTEGER;\nALTER TABLE user_sessions ADD CONSTRAINT user_sessions_account FOREIGN KEY (account_id) REFERENCES accounts (id);", "pg-constraint-validation"),
                ("013_rewrite.sql", "ALTER TABLE accounts ALTER COLUMN amount TYPE NUMERIC(12, 2);", "pg-type-rewrite"),
                ("014_concurrently.sql", "CREATE INDEX CONCURRENTLY accounts_amount ON accounts (amount);", "pg-concurrently-in-transaction"),
                ("015_drop_index.sql", "DROP INDEX accounts_bio;", "pg-drop-index-not-concurrent"),
            ]
        }
        if engine != .mysql {
            // Strata runs the file in a transaction already (MySQL runs DDL outside one).
            files.append(("016_nested.sql", "BEGIN;\nCREATE TABLE notes (id INTEGER PRIMARY KEY);\nCOMMIT;", "transaction-nesting"))
        }
        return files.map { ($0.0, "-- migrate:up\n" + $0.1 + "\n", $0.2) }
    }

    @Test(arguments: TestEngine.available)
    func everyRuleFiresWithItsFileAndLine(engine: TestEngine) async throws {
        let db = try await engine.makeDatabase()
        defer { Task { await db.drop() } }
        try await Lifecycle.runByHand("SELECT 1", on: db)
        let corpus = Self.corpus(engine)
        var files = ["001_base.sql": Self.base]
        for entry in corpus { files[entry.file] = entry.sql }
        try await Lifecycle.withDirectory(files) { dir in
            let migrator = Lifecycle.migrator(db, dir)
            _ = try await migrator.up(UpRequest(target: Version("001")))
            try await Lifecycle.runByHand(Self.rows, on: db)
            let report = try await migrator.lint()
            #expect(report.linted == corpus.map { String($0.file.prefix(3)) })
            #expect(!report.passed)
            for entry in corpus {
                let mine = report.findings.filter { $0.file.hasSuffix(entry.file) }
                let line = entry.sql.contains("accounts_new") ? 4 : entry.file.hasPrefix("012") ? 3 : 2
                #expect(mine.contains { $0.rule == entry.rule && $0.line == line }, "\(engine) \(entry.file): \(mine.map { "\($0.rule)@\($0.line)" })")
            }
            // Numbers from the live database.
            let dropped = report.findings.first { $0.rule == "drop-column" }
            #expect(dropped?.message.contains("holds 2 non-null values") == true, "\(dropped?.message ?? "")")
            let table = report.findings.first { $0.rule == "drop-table" }
            #expect(table?.message.contains("2 rows") == true, "\(table?.message ?? "")")
            // Nothing ran on the database.
            #expect(try await Lifecycle.count("audit", in: db) == 2)
        }
    }

    @Test(arguments: TestEngine.available)
    func aCleanMigrationHasNoFinding(engine: TestEngine) async throws {
        let db = try await engine.makeDatabase()
        defer { Task { await db.drop() } }
        try await Lifecycle.runByHand("SELECT 1", on: db)
        let clean = """
            -- migrate:up
            CREATE TABLE tags (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, label VARCHAR(40) NOT NULL);
            CREATE INDEX tags_label ON tags (label);
            CREATE UNIQUE INDEX tags_account_label ON tags (account_id, label);
            ALTER TABLE accounts ADD COLUMN nickname VARCHAR(40);
            """
        try await Lifecycle.withDirectory(["001_base.sql": Self.base, "002_tags.sql": clean]) { dir in
            let migrator = Lifecycle.migrator(db, dir)
            _ = try await migrator.up(UpRequest(target: Version("001")))
            try await Lifecycle.runByHand(Self.rows, on: db)
            let report = try await migrator.lint()
            #expect(report.linted == ["002"])
            #expect(report.findings.isEmpty, "\(engine): \(report.findings.map(\.description))")
            #expect(report.passed)
        }
    }

    @Test(arguments: TestEngine.available)
    func aCheckOnlyOnANewColumnWithADefaultDependsOnNoData(engine: TestEngine) async throws {
        let db = try await engine.makeDatabase()
        defer { Task { await db.drop() } }
        try await Lifecycle.runByHand("SELECT 1", on: db)
        let file = "-- migrate:up\nALTER TABLE accounts ADD COLUMN rollout INTEGER NOT NULL DEFAULT 100 CHECK (rollout >= 1 AND rollout <= 100);\n"
        try await Lifecycle.withDirectory(["001_base.sql": Self.base, "002_rollout.sql": file]) { dir in
            let migrator = Lifecycle.migrator(db, dir)
            _ = try await migrator.up(UpRequest(target: Version("001")))
            try await Lifecycle.runByHand(Self.rows, on: db)
            let rules = try await migrator.lint().findings.map(\.rule)
            #expect(!rules.contains("add-check") && !rules.contains("sqlite-rebuild"), "\(engine): \(rules)")
        }
    }

    @Test(arguments: TestEngine.available)
    func lintIgnoreSilencesTheRuleThereAndAllowPasses(engine: TestEngine) async throws {
        let db = try await engine.makeDatabase()
        defer { Task { await db.drop() } }
        try await Lifecycle.runByHand("SELECT 1", on: db)
        let file = """
            -- migrate:up
            -- the audit table moved to the log service
            -- strata:lint-ignore drop-table
            DROP TABLE audit;
            ALTER TABLE accounts DROP COLUMN age; -- strata:lint-ignore drop-column
            ALTER TABLE accounts DROP COLUMN bio;
            """
        try await Lifecycle.withDirectory(["001_base.sql": Self.base, "002_cleanup.sql": file]) { dir in
            let migrator = Lifecycle.migrator(db, dir)
            _ = try await migrator.up(UpRequest(target: Version("001")))
            var report = try await migrator.lint()
            #expect(report.ignored.map(\.rule).sorted() == ["drop-column", "drop-table"])
            #expect(report.findings.map { "\($0.rule)@\($0.line)" } == ["drop-column@6"])
            report = try await migrator.lint(LintRequest(allow: ["drop-column"]))
            #expect(report.passed && report.findings.count == 1 && report.findings[0].allowed)
        }
    }

    @Test func postgresSafePatternsHaveNoFinding() async throws {
        let db = try await TestEngine.postgres.makeDatabase()
        defer { Task { await db.drop() } }
        try await Lifecycle.runByHand("SELECT 1", on: db)
        let safe = """
            -- migrate:up transaction:false
            CREATE INDEX CONCURRENTLY accounts_bio ON accounts (bio);
            ALTER TABLE accounts ADD CONSTRAINT accounts_email_present CHECK (email IS NOT NULL) NOT VALID;
            ALTER TABLE accounts VALIDATE CONSTRAINT accounts_email_present;
            ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
            ALTER TABLE sessions ADD COLUMN account_id INTEGER;
            ALTER TABLE sessions ADD CONSTRAINT sessions_account FOREIGN KEY (account_id) REFERENCES accounts (id) NOT VALID;
            """
        try await Lifecycle.withDirectory(["001_base.sql": Self.base, "002_safe.sql": safe]) { dir in
            let migrator = Lifecycle.migrator(db, dir)
            _ = try await migrator.up(UpRequest(target: Version("001")))
            try await Lifecycle.runByHand(Self.rows, on: db)
            let report = try await migrator.lint()
            // SET NOT NULL is still data-dependent (add-not-null), but it does not scan: the
            // validated check answers pg-set-not-null; NOT VALID answers the foreign key's scan.
            let rules = report.findings.map(\.rule)
            #expect(!rules.contains("pg-index-not-concurrent") && !rules.contains("pg-set-not-null")
                    && !rules.contains("pg-constraint-validation") && !rules.contains("pg-concurrently-in-transaction"), "\(report.findings.map(\.description))")
        }
    }

    @Test func withoutADatabaseEveryFileIsLintedOnAnEmptySchema() async throws {
        let db = try await TestEngine.sqlite.makeDatabase()
        defer { Task { await db.drop() } }
        try await Lifecycle.withDirectory(["001_base.sql": Self.base, "002_drop.sql": "-- migrate:up\nDROP TABLE audit;\n"]) { dir in
            let report = try await Lifecycle.migrator(db, dir).lint(LintRequest(useDatabase: false))
            #expect(report.linted == ["001", "002"])
            #expect(report.findings.map(\.rule) == ["drop-table"])
        }
    }

    @Test func markersAndCounts() {
        let lines = ["-- migrate:up", "-- why", "-- strata:lint-ignore drop-table, drop-index", "DROP TABLE t;", "", "DROP TABLE u; -- strata:lint-ignore drop-table"]
            .map { Substring($0) }
        let t = SQLStatement(text: "DROP TABLE t", line: 4, column: 1)
        let u = SQLStatement(text: "DROP TABLE u", line: 6, column: 1)
        #expect(LintMarkers.ignoredRules(for: t, lines: lines) == ["drop-table", "drop-index"])
        #expect(LintMarkers.ignoredRules(for: u, lines: lines) == ["drop-table"])
        #expect(LintMarkers.count(12_304) == "12,304")
        #expect(LintMarkers.count(3_140_000) == "3.1 M")
        #expect(LintMarkers.count(7) == "7")
        let words = LintMarkers.words(SQLStatement(text: "ALTER TABLE t ADD CONSTRAINT c CHECK (x <> 'NOT VALID') NOT VALID", line: 1, column: 1), dialect: .postgres)
        #expect(words.containsRun(["NOT", "VALID"]))
        #expect(!LintMarkers.words(SQLStatement(text: "SELECT 'NOT VALID'", line: 1, column: 1), dialect: .postgres).containsRun(["NOT", "VALID"]))
    }
}
